"""An observer tags a live conversation by keys: the exact rows reach the file, the picture updates."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Select, Static

from coachtui.core.model import Turn
from coachtui.screens.comparison import ComparisonScreen
from coachtui.screens.feedback import FeedbackScreen
from coachtui.screens.meeting import MeetingScreen
from coachtui.screens.observer_console import ObserverConsole
from coachtui.screens.turn_editor import TurnEditor
from coachtui.store import Store
from coachtui.widgets.tagging.indicators import IndicatorsPanel
from coachtui.widgets.tagging.pane import TaggingPane
from coachtui.widgets.tagging.sticky_bar import StickyBar
from coachtui.widgets.tagging.timeline import TurnTimeline, marks
from tests.helpers import FakeTicker, open_talk_tab, post_lesson_meeting, press_at, rows, scalar, type_text

TURN_SQL = ("SELECT t, speaker, function, initiation, subject, stimulus, scale, tone, time_frame, co_construction,"
            " note, observer.code AS observer FROM turn JOIN observer ON observer.id = turn.observer_id"
            " ORDER BY turn.id")


def panel_text(app, selector: str = "#talk-indicators") -> str:
    # Wrapped lines joined back into sentences.
    return app.screen.query_one(selector, IndicatorsPanel).plain_text.replace("\n", " ")


async def test_a_tagging_sequence_commits_exact_rows_and_updates_the_picture(
        app_factory, store: Store, db_path: Path, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_talk_tab(app, pilot, meeting_id)
        # Coach opens a strand at the episode scale about the lesson itself: a question (starts the clock).
        await pilot.press("i", "2", "7", "q")
        await press_at(pilot, ticker, 20, "x")  # coachee explains (speaker alternates)
        await press_at(pilot, ticker, 15, "c")  # coach challenges
        await press_at(pilot, ticker, 10, "f")  # coachee defends
        # Building together, looking at future lessons, with the lesson plan on the table.
        await press_at(pilot, ticker, 5, "b", "8", "m", "3", "n")  # coach: new idea
        await press_at(pilot, ticker, 5, "u")  # coachee: suggestion
        await pilot.pause()

        assert rows(db_path, TURN_SQL) == [
            {"t": 0.0, "speaker": "coach", "function": "question", "initiation": "coach", "subject": "wait time",
             "stimulus": "", "scale": "episode", "tone": "", "time_frame": "the lesson itself",
             "co_construction": 0, "note": "", "observer": "observer"},
            {"t": 20.0, "speaker": "coachee", "function": "explanation", "initiation": "", "subject": "wait time",
             "stimulus": "", "scale": "episode", "tone": "", "time_frame": "the lesson itself",
             "co_construction": 0, "note": "", "observer": "observer"},
            {"t": 35.0, "speaker": "coach", "function": "challenge", "initiation": "", "subject": "wait time",
             "stimulus": "", "scale": "episode", "tone": "", "time_frame": "the lesson itself",
             "co_construction": 0, "note": "", "observer": "observer"},
            {"t": 45.0, "speaker": "coachee", "function": "defence", "initiation": "", "subject": "wait time",
             "stimulus": "", "scale": "episode", "tone": "", "time_frame": "the lesson itself",
             "co_construction": 0, "note": "", "observer": "observer"},
            {"t": 50.0, "speaker": "coach", "function": "new idea", "initiation": "", "subject": "wait time",
             "stimulus": "video extract", "scale": "episode", "tone": "",
             "time_frame": "future specific lessons", "co_construction": 1, "note": "", "observer": "observer"},
            {"t": 55.0, "speaker": "coachee", "function": "suggestion", "initiation": "", "subject": "wait time",
             "stimulus": "video extract", "scale": "episode", "tone": "",
             "time_frame": "future specific lessons", "co_construction": 1, "note": "", "observer": "observer"},
        ]
        text = panel_text(app)
        assert "Turns 6" in text
        assert "challenged → defence" in text
        # Two flagged turns are a question and an answer: a run of building together needs three.
        assert "co-construction runs 0 (longest 0)" in text
        assert "Future practice 33% of turns" in text  # 2 of 6
        # Each stamp ends its turn: the coach spoke 0 + 15 + 5 = 20 s, the coachee 20 + 10 + 5 = 35 s.
        assert "talk coach 36% / coachee 64%" in text
        assert app.screen.query_one(TurnTimeline).row_count == 6


async def test_undo_removes_the_last_turn_from_file_and_picture(
        app_factory, store: Store, db_path: Path, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_talk_tab(app, pilot, meeting_id)
        await pilot.press("q")
        await press_at(pilot, ticker, 3, "c")
        await pilot.pause()
        assert "challenges 1" in panel_text(app)
        await pilot.press("backspace")
        await pilot.pause()
        assert rows(db_path, "SELECT function FROM turn") == [{"function": "question"}]
        assert "challenges 0" in panel_text(app)
        assert app.screen.query_one(TurnTimeline).row_count == 1
        # The undone turn's speaker is due again: the coachee, after the coach's question.
        assert app.screen.query_one(TaggingPane).sticky.speaker == "coachee"


async def test_edit_note_and_delete_any_turn_from_the_timeline(
        app_factory, store: Store, db_path: Path, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_talk_tab(app, pilot, meeting_id)
        await pilot.press("q")
        await press_at(pilot, ticker, 4, "e")
        await press_at(pilot, ticker, 4, "s")
        await pilot.pause()
        # Edit the first turn: it was really a challenge, by the coach, about a critical moment.
        await pilot.press("up", "up", "enter")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, TurnEditor)
        editor.query_one("#edit-function", Select).value = "challenge"
        editor.query_one("#edit-scale", Select).value = "critical moment"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert rows(db_path, "SELECT function, scale FROM turn ORDER BY id LIMIT 1") == [
            {"function": "challenge", "scale": "critical moment"}]
        assert "challenged → evaluation" in panel_text(app)
        timeline = app.screen.query_one(TurnTimeline)
        assert timeline.turn_at(0).function == "challenge"
        assert "◆" in str(marks(timeline.turn_at(0)))

        # A short note on the second turn.
        await pilot.press("down", "r")
        await pilot.pause()
        await type_text(pilot, "pupils cited")
        await pilot.press("enter")
        await pilot.pause()
        assert scalar(db_path, "SELECT note FROM turn WHERE function = 'evaluation'") == "pupils cited"

        # Delete the last, after confirming.
        await pilot.press("down", "delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert rows(db_path, "SELECT function FROM turn ORDER BY t") == [
            {"function": "challenge"}, {"function": "evaluation"}]
        assert timeline.row_count == 2


async def test_escape_leaves_the_tagging_pane_not_the_meeting(app_factory, store: Store) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_talk_tab(app, pilot, meeting_id)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        # Outside the pane, the meeting's own keys work again: g is the Goal phase, not a generalisation.
        await pilot.press("r")
        await pilot.pause()
        assert scalar(app.store.path, "SELECT phase FROM meeting") == "reality"
        assert scalar(app.store.path, "SELECT count(*) FROM turn") == 0


async def test_observer_console_tags_with_the_observers_name_on_the_shared_clock(
        app_factory, store: Store, db_path: Path, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(MeetingScreen(meeting_id))
        await pilot.pause()
        await pilot.press("space")  # the coach starts the meeting
        ticker.advance(30)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ObserverConsole)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "Jo")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("q", "x")
        await pilot.pause()
        assert rows(db_path, TURN_SQL.replace("t, speaker", "t, observer.code AS who, speaker")
                    .replace(", note, observer.code AS observer", "")) == [
            {"t": 30.0, "who": "Jo", "speaker": "coach", "function": "question", "initiation": "",
             "subject": "wait time", "stimulus": "", "scale": "", "tone": "", "time_frame": "",
             "co_construction": 0},
            {"t": 30.0, "who": "Jo", "speaker": "coachee", "function": "explanation", "initiation": "",
             "subject": "wait time", "stimulus": "", "scale": "", "tone": "", "time_frame": "",
             "co_construction": 0},
        ]
        assert "Turns 2" in panel_text(app, "#console-indicators")
        await pilot.press("escape")
        await pilot.pause()
        # Back in the meeting, the Talk tab shows Jo's turns.
        assert isinstance(app.screen, MeetingScreen)
        assert app.screen.query_one(TurnTimeline).row_count == 2


def two_observers(store: Store) -> int:
    """Ten turns each, five seconds apart; the second observer is a second late and reads two differently."""
    meeting_id = post_lesson_meeting(store)
    first = "question question question question evaluation evaluation summary summary challenge challenge"
    second = "question question question evaluation evaluation evaluation summary summary challenge summary"
    for observer, functions, delay in (("Jo", first, 0.0), ("Priya", second, 1.0)):
        store.turns.add_many(meeting_id, [Turn(t=i * 5.0 + delay, speaker=("coach", "coachee")[i % 2], function=f,
                                               observer=observer) for i, f in enumerate(functions.split())])
    return meeting_id


async def test_feedback_and_observer_comparison_for_the_debrief(app_factory, store: Store) -> None:
    meeting_id = two_observers(store)
    app = app_factory()
    async with app.run_test(size=(220, 40)) as pilot:
        app.push_screen(FeedbackScreen(meeting_id))
        await pilot.pause()
        level = str(app.screen.query_one("#feedback-level", Static).render())
        assert "Estimated level 1" in level and "not a grade" in level
        said = str(app.screen.query_one("#feedback-observations", Static).render())
        assert "defence" not in said and "The coach opened every" not in said
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, ComparisonScreen)
        summary = str(app.screen.query_one("#comparison-summary", Static).render())
        # po = 8/10; pe = (Priya q3 e3 s3 c1 · Jo q4 e2 s2 c2) = (12 + 6 + 6 + 2) / 100 = 0.26;
        # kappa = (0.8 - 0.26) / 0.74 = 0.7297...
        assert "10 turns matched" in summary
        assert "Agreement on function 80%" in summary
        assert "Cohen's kappa 0.73" in summary
        table = app.screen.query_one("#disagreements", DataTable)
        assert table.row_count == 2
        # Feedback opens on the observer who tagged last (Priya), so she is the first column.
        assert [str(c) for c in table.get_row_at(0)] == ["00:16", "coachee evaluation", "coachee question"]
        assert [str(c) for c in table.get_row_at(1)] == ["00:46", "coachee summary", "coachee challenge"]


async def test_a_failing_disk_commits_nothing_and_says_so(
        app_factory, store: Store, db_path: Path, ticker: FakeTicker) -> None:
    import sqlite3

    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_talk_tab(app, pilot, meeting_id)
        await pilot.press("q")
        await pilot.pause()
        # From here on every write fails, as on a disk gone read-only.
        app.store.db.conn = read_only = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, isolation_level=None)
        read_only.row_factory = sqlite3.Row  # as the store's own connection reads rows
        app.store.db.conn.row_factory = sqlite3.Row
        await press_at(pilot, ticker, 2, "x")
        await pilot.pause()
        assert [turn.function for turn in pane.turns] == ["question"]
        assert pane.sticky.speaker == "coachee", "the unsaved turn must not move the speaker on"
        assert any("read-only" in n.message for n in app._notifications)
    assert rows(db_path, "SELECT function FROM turn") == [{"function": "question"}]


async def test_an_impossible_time_in_the_editor_is_explained_and_nothing_changes(
        app_factory, store: Store, db_path: Path) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_talk_tab(app, pilot, meeting_id)
        await pilot.press("q", "enter")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, TurnEditor)
        time_box = editor.query_one("#edit-t")
        time_box.focus()
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "7:99")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is editor
        assert "60 or more" in str(editor.query_one("#edit-error", Static).render())
        await pilot.press("escape")
        await pilot.pause()
    assert rows(db_path, "SELECT t, function FROM turn") == [{"t": 0.0, "function": "question"}]


async def test_markup_in_notes_and_names_is_shown_as_typed(app_factory, store: Store) -> None:
    meeting_id = post_lesson_meeting(store)
    store.turns.add(meeting_id, Turn(t=3, speaker="coach", function="question", observer="[b]Jo[/b]",
                                     note="[red]x[/red]"))
    app = app_factory()
    async with app.run_test(size=(220, 40)) as pilot:
        app.push_screen(FeedbackScreen(meeting_id))
        await pilot.pause()
        app.push_screen(ObserverConsole(meeting_id))
        await pilot.pause()
        timeline = app.screen.query_one(TurnTimeline)
        assert timeline.turn_at(0).note == "[red]x[/red]"
        assert app.screen.query_one(TaggingPane).sticky.observer == "[b]Jo[/b]"
        rendered = "".join(segment.text for segment in timeline.render_line(0))
        assert "[red]x[/red]" in rendered
        sticky = "".join(segment.text for segment in app.screen.query_one(StickyBar).render_line(0))
        assert "[b]Jo[/b]" in sticky
