"""Every meeting stays within reach: a new cycle never strands an open meeting, and earlier cycles can be read."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static, TextArea

from coachtui.core.model import GrowPhase, Stage
from coachtui.screens.confirm import ConfirmScreen
from coachtui.screens.cycle import CycleScreen
from coachtui.screens.summary import SummaryScreen
from coachtui.store import Store
from tests.helpers import FakeTicker, footer_once_built, rows, screen_text


def text_of(screen: CycleScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_starting_a_new_cycle_with_a_meeting_open_says_so_ends_it_and_opens_its_summary(
        app_factory, store: Store, db_path: Path, ticker: FakeTicker) -> None:
    partnership = store.partnerships.create("Ana", "Sam", "wait time")
    cycle = store.cycles.current(partnership.id)
    meeting = store.meetings.open(cycle.id, Stage.POST_LESSON)
    store.meetings.save_clock(meeting.id, 65.0)
    store.meetings.save_note(meeting.id, GrowPhase.REALITY, "Three pupils never answered")
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(CycleScreen(partnership.id))
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "The post-lesson meeting (01:05 on its clock) is still open" in app.screen.question
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen) and app.screen.meeting_id == meeting.id
        assert "Three pupils never answered" in app.screen.current_text()
    assert rows(db_path, "SELECT ended_at IS NOT NULL AS ended, clock_elapsed FROM meeting") == [
        {"ended": 1, "clock_elapsed": 65.0}]
    assert [c.number for c in store.cycles.of_partnership(partnership.id)] == [1, 2]


async def test_not_now_leaves_the_meeting_open_and_the_cycle_as_it_was(
        app_factory, store: Store, db_path: Path) -> None:
    partnership = store.partnerships.create("Ana", "Sam", "wait time")
    store.meetings.open(store.cycles.current(partnership.id).id, Stage.PRE_LESSON)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(CycleScreen(partnership.id))
        await pilot.pause()
        await pilot.press("c", "n")
        await pilot.pause()
    assert rows(db_path, "SELECT ended_at FROM meeting") == [{"ended_at": None}]
    assert len(store.cycles.of_partnership(partnership.id)) == 1


async def test_an_earlier_cycle_can_be_read_with_its_summaries_but_not_changed(
        app_factory, store: Store, db_path: Path) -> None:
    partnership = store.partnerships.create("Ana", "Sam", "wait time")
    first = store.cycles.current(partnership.id)
    meeting = store.meetings.open(first.id, Stage.POST_LESSON)
    store.meetings.save_note(meeting.id, GrowPhase.GOAL, "Wait five seconds after a question")
    store.meetings.end(meeting.id, 600.0)
    store.cycles.open_next(first.id)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(CycleScreen(partnership.id))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CycleScreen)
        title = text_of(screen, "#cycle-title")
        assert "cycle 2" in title and "[ for earlier cycles" in title
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert "cycle 1 of 2 · closed, read only" in text_of(screen, "#cycle-title")
        assert "Post-lesson meeting: 12 min, ended" in text_of(screen, "#cycle-meetings")
        await pilot.press("2")  # no new meeting in a closed cycle
        await pilot.pause()
        assert len(store.meetings.of_cycle(first.id)) == 1
        await pilot.press("s")
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen) and summary.read_only
        assert all(area.read_only for area in summary.query(TextArea))
        await pilot.press("a")  # approving is a change: refused with a word
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert any("is closed" in str(n.message) for n in app._notifications)
        await pilot.press("escape")
        await pilot.pause()
        assert "summary in draft" in text_of(screen, "#cycle-meetings")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "closed" not in text_of(screen, "#cycle-title")
    assert rows(db_path, "SELECT count(*) AS n FROM approval") == [{"n": 0}]


async def test_a_closed_cycle_shows_no_next_stage_and_its_summary_offers_no_approval(
        app_factory, store: Store) -> None:
    partnership = store.partnerships.create("Ana", "Sam", "wait time")
    cycle = store.cycles.current(partnership.id)
    meeting = store.meetings.open(cycle.id, Stage.PRE_LESSON)
    store.meetings.end(meeting.id, 300.0)
    store.cycles.open_next(cycle.id)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(CycleScreen(partnership.id))
        await pilot.pause()
        footer = await footer_once_built(app, pilot, showing="[ Earlier cycle")
        assert "[ Earlier cycle" in footer and "] Later" not in footer
        await pilot.press("left_square_bracket")
        await pilot.pause()
        footer = await footer_once_built(app, pilot, showing="] Later cycle")
        text = screen_text(app)
        assert "▶" not in text and "✓ 2 Pre-lesson" in text
        assert "] Later cycle" in footer and "? Help" in footer
        assert "c Next cycle" not in footer
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen) and app.screen.read_only
        footer = await footer_once_built(app, pilot, showing="x Export")
        assert "Approve" not in footer and "x Export" in footer and "l Sharing log" in footer
