"""The review pass: once the talk has stopped, an observer sets the dimensions the live pass left untagged,
a turn or a stretch at a time, and marks the review complete; until then the level is called provisional."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Static

from coachtui.core.model import Turn
from coachtui.screens.feedback import FeedbackScreen
from coachtui.screens.observer_console import ObserverConsole
from coachtui.screens.review import ReviewScreen
from coachtui.store import Store
from coachtui.widgets.tagging.indicators import IndicatorsPanel
from coachtui.widgets.tagging.review_table import layout
from tests.helpers import post_lesson_meeting, rows

FUTURE = "future specific lessons"
REVIEWED_COLUMNS = "stimulus, scale, tone, time_frame"


def live_pass(store: Store, observer: str = "Jo", times: tuple[float, ...] = (10, 20, 30, 40),
              meeting_id: int | None = None) -> int:
    """A meeting tagged live by `observer`: speaker and function only, every reviewed dimension untagged."""
    meeting_id = meeting_id if meeting_id is not None else post_lesson_meeting(store)
    functions = ("question", "explanation", "challenge", "dissonance")
    store.turns.add_many(meeting_id, [
        Turn(t=t, speaker=("coach", "coachee")[i % 2], function=functions[i % 4], stimulus="", tone="",
             observer=observer) for i, t in enumerate(times)])
    return meeting_id


def reviewed_tags(db_path: Path, meeting_id: int, observer: str = "Jo") -> list[tuple[str, ...]]:
    """The reviewed dimensions of an observer's turns, read through a fresh connection to the file."""
    found = rows(db_path, f"SELECT {REVIEWED_COLUMNS} FROM turn JOIN observer ON observer.id = turn.observer_id "
                 "WHERE turn.meeting_id = ? AND observer.code = ? ORDER BY t", (meeting_id, observer))
    return [tuple(row.values()) for row in found]


def status(app: Any, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_review(app: Any, pilot: Any, meeting_id: int, observer: str = "Jo") -> ReviewScreen:
    """The observer console for `observer`, then V: the review over their turns."""
    app.push_screen(ObserverConsole(meeting_id, observer=observer))
    await pilot.pause()
    await pilot.press("V")
    await pilot.pause()
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


def cursor(app: Any) -> int:
    return app.screen.query_one(DataTable).cursor_row


async def test_review_pass_tags_a_small_meeting_completely(app_factory, store: Store, db_path: Path) -> None:
    meeting_id = live_pass(store)
    store.meetings.end(meeting_id, 60)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        review = await open_review(app, pilot, meeting_id)
        assert review.dimension == "stimulus" and cursor(app) == 0
        # Each number sets the value on the turn under the cursor and moves to the next turn.
        await pilot.press("2", "2", "6", "1")
        await pilot.press("c", "n", "1", "2", "2", "3")
        await pilot.press("y", "n", "3", "4", "3", "3")
        await pilot.press("w", "n", "2", "2", "1", "3")
        assert "time 4/4 ✓" in status(app, "#review-progress")
        await pilot.press("d")  # nothing is missing, so nothing to confirm
        await pilot.pause()
        assert "review marked complete" in status(app, "#review-status")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ObserverConsole)
    assert reviewed_tags(db_path, meeting_id) == [
        ("recall", "critical moment", "neutral", "the lesson itself"),
        ("recall", "episode", "positive", "the lesson itself"),
        ("observation notes", "episode", "neutral", "past"),
        ("none", "lesson as a whole", "neutral", FUTURE),
    ]
    assert store.turns.reviewed(meeting_id, "Jo")


async def test_a_stretch_takes_one_value_in_one_transaction(app_factory, store: Store, db_path: Path) -> None:
    meeting_id = live_pass(store, times=(10, 20, 30, 40, 50, 60))
    store.meetings.end(meeting_id, 70)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(app, pilot, meeting_id)
        calls: list[list[int]] = []
        update_turns = app.store.turns.update_many

        def spy(turn_ids: Any, **fields: Any) -> Any:
            calls.append(list(turn_ids))
            return update_turns(calls[-1], **fields)

        app.store.turns.update_many = spy
        # A planning stretch by shift+arrows: turns 2 to 4 look to future lessons.
        await pilot.press("w", "down", "shift+down", "shift+down")
        assert "Stretch of 3 turns" in status(app, "#review-status")
        await pilot.press("3")
        assert len(calls) == 1 and len(calls[0]) == 3
        assert cursor(app) == 4, "the cursor moves on past the stretch"
        # A plain move ends a shift-selected stretch: the next number sets one turn only.
        await pilot.press("shift+down", "down", "1")
        # The mark key starts a stretch and ends it; moving in between extends it.
        await pilot.press("c", "n", "v", "down", "v", "2")
    times = [row[3] for row in reviewed_tags(db_path, meeting_id)]
    scales = [row[1] for row in reviewed_tags(db_path, meeting_id)]
    assert times == ["", FUTURE, FUTURE, FUTURE, "", "past"]
    assert scales == ["episode", "episode", "", "", "", ""]


async def test_a_stretch_never_touches_another_observers_turns(app_factory, store: Store, db_path: Path) -> None:
    # Jo and Priya tagged the same talk, their turns interleaved in time.
    meeting_id = live_pass(store, "Jo", times=(10, 20, 30, 40))
    live_pass(store, "Priya", times=(11, 21, 31, 41), meeting_id=meeting_id)
    store.meetings.end(meeting_id, 50)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(app, pilot, meeting_id, "Jo")
        assert app.screen.query_one(DataTable).row_count == 4, "only Jo's turns are listed"
        await pilot.press("w", "shift+down", "shift+down", "shift+down", "shift+down", "3")
        await pilot.press("m", "v", "up", "up", "up", "v", "5")
        await pilot.press("d", "y")  # scale and tone still missing: confirm
        await pilot.pause()
    assert [row[3] for row in reviewed_tags(db_path, meeting_id, "Jo")] == [FUTURE] * 4
    assert [row[0] for row in reviewed_tags(db_path, meeting_id, "Jo")] == ["pupils' work"] * 4
    assert reviewed_tags(db_path, meeting_id, "Priya") == [("", "", "", "")] * 4
    assert store.turns.reviewed(meeting_id, "Jo") and not store.turns.reviewed(meeting_id, "Priya")


async def test_next_missing_jumps_to_the_next_untagged_turn_and_wraps(app_factory, store: Store) -> None:
    meeting_id = live_pass(store, times=(10, 20, 30, 40, 50))
    for turn in store.turns.of_meeting(meeting_id, "Jo"):
        if turn.t in (10, 30, 50):
            store.turns.update(turn.id, stimulus="recall")
    store.meetings.end(meeting_id, 60)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        review = await open_review(app, pilot, meeting_id)
        assert cursor(app) == 0 and review.dimension == "scale", "the first turn misses scale, tone and time"
        assert "stimulus 3/5" in status(app, "#review-progress")
        await pilot.press("m", "n")
        assert cursor(app) == 1
        await pilot.press("n")
        assert cursor(app) == 3
        await pilot.press("n")
        assert cursor(app) == 1, "past the last turn it starts again from the top"
        await pilot.press("2", "n")  # turn 2 gets recall; turn 4 is the only one left
        assert cursor(app) == 3
        await pilot.press("2", "n")
        assert "stimulus 5/5 ✓" in status(app, "#review-progress")
        assert cursor(app) == 4, "with nothing missing, the cursor stays where it is"


async def test_a_review_with_no_turns_says_so_and_nothing_breaks(app_factory, store: Store) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        review = await open_review(app, pilot, meeting_id, "Jo")
        assert "Jo has not tagged any turns" in status(app, "#review-empty")
        await pilot.press("1", "0", "shift+down", "v", "n", "w", "9", "d")
        await pilot.pause()
        assert not review.changed
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ObserverConsole)
    assert store.turns.of_meeting(meeting_id) == []


async def test_a_review_left_half_done_keeps_what_was_set(app_factory, store: Store, db_path: Path) -> None:
    meeting_id = live_pass(store)
    store.meetings.end(meeting_id, 60)
    first = app_factory()
    async with first.run_test(size=(80, 24)) as pilot:
        await open_review(first, pilot, meeting_id)
        await pilot.press("2", "4")
        # Already on disk while the app still runs, as it would be if it were killed now.
        assert [row[0] for row in reviewed_tags(db_path, meeting_id)] == ["recall", "lesson plan", "", ""]
    fresh = app_factory()
    async with fresh.run_test(size=(80, 24)) as pilot:
        review = await open_review(fresh, pilot, meeting_id)
        assert "stimulus 2/4" in status(fresh, "#review-progress")
        assert cursor(fresh) == 0 and review.dimension == "scale", "the first turn still misses its scale"
        assert [turn.stimulus for turn in review.turns] == ["recall", "lesson plan", "", ""]


async def test_the_review_waits_for_the_clock_to_stop(app_factory, store: Store, ticker) -> None:
    meeting_id = live_pass(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ObserverConsole(meeting_id, observer="Jo"))
        await pilot.pause()
        await pilot.press("space")  # the clock runs: the talk goes on
        await pilot.press("V")
        await pilot.pause()
        await pilot.press("n")  # keep tagging
        await pilot.pause()
        assert isinstance(app.screen, ObserverConsole) and app.screen.clock.running
        await pilot.press("v")  # the feedback view, over the running meeting, says why not
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("V", "y")  # pause and review
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert not app.screen_stack[-2].clock.running


async def test_provisional_until_the_review_is_marked_on_console_and_feedback(app_factory, store: Store) -> None:
    meeting_id = live_pass(store)
    store.meetings.end(meeting_id, 60)
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        app.push_screen(ObserverConsole(meeting_id, observer="Jo"))
        await pilot.pause()
        panel = app.screen.query_one(IndicatorsPanel)
        assert panel.plain_text.startswith("Provisional level 1")
        await pilot.press("V", "d", "y")  # marked complete with dimensions still untagged, after asking
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one(IndicatorsPanel).plain_text.startswith("Level 1")

        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        assert "provisional" not in status(app, "#feedback-level").lower()
        await pilot.press("r", "d", "escape")  # reopened: provisional again, and the feedback says whose review
        await pilot.pause()
        level = status(app, "#feedback-level")
        assert "provisional" in level.splitlines()[0]
        assert "Provisional until Jo marks their review complete" in level
        assert app.screen.query_one(IndicatorsPanel).plain_text.startswith("Provisional level")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one(IndicatorsPanel).plain_text.startswith("Provisional level")
    assert not store.turns.reviewed(meeting_id, "Jo")


async def test_marking_with_gaps_asks_first_and_names_them(app_factory, store: Store) -> None:
    meeting_id = live_pass(store)
    store.meetings.end(meeting_id, 60)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(app, pilot, meeting_id)
        await pilot.press("d")
        await pilot.pause()
        question = str(app.screen.query_one(".dialog-text", Static).render())
        assert "stimulus on 4 turns" in question and "time on 4 turns" in question
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    assert not store.turns.reviewed(meeting_id, "Jo")


def test_at_80_columns_the_dimension_under_review_is_shown_in_full() -> None:
    longest = {"at": 5, "speaker": 8, "function": 14, "initiation": 7, "stimulus": 17, "scale": 24, "tone": 13,
               "time": 22}
    for dimension in ("stimulus", "scale", "tone", "time"):
        narrow = layout(80, dimension, longest)
        assert narrow.widths[dimension] == longest[dimension]
        assert sum(width + 1 for width in narrow.widths.values()) <= 80
        wide = layout(120, dimension, longest)
        assert not wide.coded and sum(width + 1 for width in wide.widths.values()) <= 120


async def test_the_summary_calls_the_level_provisional_until_the_review_is_marked(app_factory, store: Store) -> None:
    from coachtui.screens.summary import SummaryScreen

    meeting_id = live_pass(store)
    store.meetings.end(meeting_id, 60)
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        app.push_screen(SummaryScreen(meeting_id))
        await pilot.pause()
        drafted = app.store.summaries.get(meeting_id)
        assert drafted is not None
        talk = drafted.sections[-1]
        assert talk.key == "talk" and "provisional until Jo marks the review" in talk.text
        app.store.turns.mark_reviewed(meeting_id, "Jo")
        app.push_screen(SummaryScreen(meeting_id))  # opened again after the review: a redraft is offered
        await pilot.pause()
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    redrafted = store.summaries.get(meeting_id)
    assert redrafted is not None
    talk = redrafted.sections[-1]
    assert talk.text.startswith("From Jo's tags (4 turns): level 1 (Emerging); an estimate")
    assert "provisional" not in talk.text


async def test_the_talk_tab_drops_provisional_once_the_review_from_its_feedback_is_marked(
        app_factory, store: Store) -> None:
    from tests.helpers import open_talk_tab

    meeting_id = live_pass(store)
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_talk_tab(app, pilot, meeting_id)
        panel = app.screen.query_one("#talk-indicators", IndicatorsPanel)
        assert panel.plain_text.startswith("Provisional level 1")
        await pilot.press("escape", "f", "r", "d", "y")  # leave the timeline, feedback, review, mark it
        await pilot.pause()
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert app.screen.query_one("#talk-indicators", IndicatorsPanel).plain_text.startswith("Level 1")
