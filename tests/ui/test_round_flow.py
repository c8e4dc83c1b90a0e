"""A role-play round on the triad's laptop: the meeting, the observer's tags, then the debrief."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static, TextArea

from coachtui.app import make_app
from coachtui.core.model import Participant, Stage
from coachtui.screens.debrief import DebriefScreen
from coachtui.screens.meeting import MeetingScreen
from coachtui.store import Store
from tests.helpers import FakeTicker, tag_then_end_meeting, type_text


def training_round(db: Path) -> tuple[int, int]:
    store = Store.open(db)
    session = store.training.create_session(
        "AUT1", round_minutes=8, debrief_minutes=5,
        participants=[Participant(code, 1) for code in ("P1", "P2", "P3")],
        plan=[(1, 1, "P1", "P2", ("P3",))], scenarios={1: "a4l-exit-tickets"})
    round_id = store.training.rounds(session.id)[0].id
    meeting_id = store.training.start_round(round_id, stage=Stage.POST_LESSON, theme="a4l", focus="Exit tickets")
    store.close()
    return round_id, meeting_id


async def test_a_round_is_tagged_then_ends_in_the_debrief_with_notes_saved(tmp_path: Path) -> None:
    db = tmp_path / "triad.db"
    round_id, meeting_id = training_round(db)
    ticker = FakeTicker()
    app = make_app(db, ticker=ticker)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(MeetingScreen(meeting_id))
        await pilot.pause()
        await tag_then_end_meeting(pilot, ticker, ("q", "x", "c", "f"), 20)
        screen = app.screen
        assert isinstance(screen, DebriefScreen)
        assert any("Coach P1 · coachee P2 · observing P3" in str(w.render()) for w in screen.query(Static))
        notes = screen.query_one("#debrief-notes", TextArea)
        notes.focus()
        await type_text(pilot, "One challenge, defended")
        await pilot.pause()
    store = Store.open(db)
    assert store.training.round(round_id).notes == "One challenge, defended"
    functions = [t.function for t in store.turns.of_meeting(meeting_id)]
    assert functions == ["question", "explanation", "challenge", "defence"]
    assert store.meetings.get(meeting_id).ended_at is not None
    assert store.summaries.get(meeting_id) is None  # a role-play round has no confidential summary
