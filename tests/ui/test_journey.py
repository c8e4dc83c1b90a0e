"""The coach's whole journey through a cycle, driven by keys on the real app and database file."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from coachtui.screens.arrangements import ArrangementsScreen
from coachtui.screens.cycle import CycleScreen
from coachtui.screens.evidence_view import EvidenceView
from coachtui.screens.home import HomeScreen
from coachtui.screens.lesson import LessonScreen
from coachtui.screens.meeting import MeetingScreen
from coachtui.screens.summary import SummaryScreen
from coachtui.widgets.lesson.evidence_table import EvidenceTable
from coachtui.widgets.meeting.actions_panel import ActionsPanel
from coachtui.widgets.meeting.timer_bar import TimerBar
from tests.helpers import FakeTicker, click_visible, rows, scalar, type_text


async def test_whole_cycle_from_partnership_to_next_cycle(app_factory, db_path: Path, ticker: FakeTicker) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        assert isinstance(app.screen, HomeScreen)

        # A new partnership.
        await pilot.press("n")
        await type_text(pilot, "Ana Lopez")
        await pilot.press("enter")
        await type_text(pilot, "Sam Reed")
        await pilot.press("enter")
        await type_text(pilot, "wait time")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CycleScreen)
        assert rows(db_path, "SELECT coach, coachee, focus FROM partnership") == [
            {"coach": "Ana Lopez", "coachee": "Sam Reed", "focus": "wait time"}]
        assert scalar(db_path, "SELECT stage FROM cycle") == 1

        # Stage 1: arrangements, saved as they are chosen.
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, ArrangementsScreen)
        app.screen.query_one("#schedule").focus()
        await type_text(pilot, "Tuesdays")
        app.screen.query_one("#next_meeting").focus()
        await type_text(pilot, "2026-02-30")
        await pilot.pause()
        assert "not a real date" in str(app.screen.query_one("#date-error", Static).render())
        assert scalar(db_path, "SELECT next_meeting FROM arrangement") is None
        await pilot.press(*["backspace"] * 2)
        await type_text(pilot, "28")
        await click_visible(pilot, "#manager_led")
        await click_visible(pilot, "#confidentiality_agreed")
        await pilot.pause()
        assert app.screen.query_one("#manager-warning").display
        assert rows(db_path, "SELECT schedule, next_meeting, performance_link, confidentiality_agreed"
                             " FROM arrangement") == [{"schedule": "Tuesdays", "next_meeting": "2026-02-28",
                                                        "performance_link": "manager_led",
                                                        "confidentiality_agreed": 1}]
        await click_visible(pilot, "#unrelated")
        await pilot.pause()
        assert not app.screen.query_one("#manager-warning").display
        await pilot.press("escape")

        # Stage 2: the pre-lesson meeting with its clock, notes and an action.
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert scalar(db_path, "SELECT stage FROM cycle") == 2
        await pilot.press("space")
        await pilot.press("n")
        await type_text(pilot, "more hands up")
        await pilot.press("escape")
        await pilot.press("right_square_bracket")
        await pilot.press("n")
        await type_text(pilot, "three pupils answer")
        await pilot.press("escape")
        await pilot.press("w")
        await pilot.press("a")
        await type_text(pilot, "try lolly sticks")
        await pilot.press("tab", "tab")
        await type_text(pilot, "2026-12-01")
        await pilot.press("enter")
        await pilot.pause()
        assert rows(db_path, "SELECT phase, text FROM grow_note ORDER BY phase") == [
            {"phase": "goal", "text": "more hands up"}, {"phase": "reality", "text": "three pupils answer"}]
        assert scalar(db_path, "SELECT phase FROM meeting") == "way_forward"
        assert rows(db_path, "SELECT text, owner, due, status FROM action") == [
            {"text": "try lolly sticks", "owner": "coachee", "due": "2026-12-01", "status": "open"}]
        assert app.screen.query_one(ActionsPanel).option_count == 1

        meeting = app.screen
        assert isinstance(meeting, MeetingScreen)
        ticker.advance(10 * 60 + 5)
        meeting.tick()
        await pilot.pause()
        timer = meeting.query_one(TimerBar)
        assert timer.has_class("-warning")
        ticker.advance(150)
        meeting.tick()
        await pilot.pause()
        assert timer.has_class("-over")
        assert "over the 12:00 planned" in str(timer.render())
        await pilot.press("x", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen), "ending a meeting opens its summary"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CycleScreen)
        assert rows(db_path, "SELECT clock_elapsed, ended_at IS NOT NULL AS ended FROM meeting") == [
            {"clock_elapsed": 755.0, "ended": 1}]

        # Stage 3: the lesson, with timestamped evidence and feature timings.
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        await pilot.press("space")
        ticker.advance(95)
        await pilot.press("n")
        await type_text(pilot, "slow start")
        await pilot.press("enter")
        await pilot.press("2")
        ticker.advance(60)
        await pilot.press("c")
        await type_text(pilot, "nine boards wrong")
        await pilot.press("enter")
        await pilot.press("0")
        await pilot.press("v")
        await pilot.press("enter")
        await pilot.pause()
        assert rows(db_path, "SELECT t, kind, text, critical, video_ref FROM evidence ORDER BY id") == [
            {"t": 95.0, "kind": "note", "text": "slow start", "critical": 0, "video_ref": ""},
            {"t": 155.0, "kind": "note", "text": "nine boards wrong", "critical": 1, "video_ref": ""},
            {"t": 155.0, "kind": "video moment", "text": "", "critical": 0, "video_ref": "02:35"},
        ]
        assert rows(db_path, "SELECT feature, start, end FROM feature_span") == [
            {"feature": "group work", "start": 95.0, "end": 155.0}]
        assert scalar(db_path, "SELECT stage FROM cycle") == 3
        await pilot.press("escape")

        # Stage 4: the post-lesson meeting, evidence one key away, open action carried in.
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        actions = app.screen.query_one(ActionsPanel)
        assert str(actions.get_option_at_index(0).prompt).startswith("☐ try lolly sticks")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EvidenceView)
        assert app.screen.query_one(EvidenceTable).row_count == 3
        await pilot.press("escape")
        await pilot.press("x", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # start the next cycle
        await pilot.pause()
        assert isinstance(app.screen, CycleScreen)
        assert rows(db_path, "SELECT number, stage, focus, closed_at IS NULL AS open FROM cycle ORDER BY number") == [
            {"number": 1, "stage": 4, "focus": "wait time", "open": 0},
            {"number": 2, "stage": 1, "focus": "wait time", "open": 1},
        ]
        assert "try lolly sticks" in str(app.screen.query_one("#cycle-actions", Static).render())
        assert "cycle 2" in str(app.screen.query_one("#cycle-title", Static).render())
