"""The command palette (Ctrl+P) offers what the screen on top can do: every cycle of the partnership on the
cycle screen, ending a meeting, a summary's export and sharing log; and home says how to quit."""

from __future__ import annotations

from typing import Any

from textual.widgets import OptionList

from coachtui.core.model import Stage
from coachtui.screens.confirm import ConfirmScreen
from coachtui.screens.cycle import CycleScreen
from coachtui.screens.meeting import MeetingScreen
from coachtui.screens.sharing_log import SharingLogScreen
from coachtui.screens.summary import SummaryScreen
from coachtui.store import Store
from tests.helpers import footer_once_built, screen_text


async def run_from_palette(pilot: Any, words: str) -> str:
    """Open the palette, type `words`, and run the first entry found; what the palette listed is returned."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*words)
    await pilot.pause(0.3)
    listed = screen_text(pilot.app)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return listed


def two_cycles(store: Store) -> int:
    """A partnership whose first cycle ended in a post-lesson meeting, now in its second cycle."""
    partnership = store.partnerships.create("Ana", "Sam", "wait time")
    cycle = store.cycles.current(partnership.id)
    meeting = store.meetings.open(cycle.id, Stage.POST_LESSON)
    store.meetings.end(meeting.id, 600.0)
    store.cycles.open_next(cycle.id)
    return partnership.id


async def test_an_earlier_cycle_is_reached_from_the_palette_and_is_read_only(app_factory, store: Store) -> None:
    partnership_id = two_cycles(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(CycleScreen(partnership_id))
        await pilot.pause()
        listed = await run_from_palette(pilot, "cycle 1")
        assert "Go to cycle 1 (closed)" in listed
        screen = app.screen
        assert isinstance(screen, CycleScreen) and screen.closed and screen.cycle is not None
        assert screen.cycle.number == 1
        assert "cycle 1 of 2 · closed, read only" in screen_text(app)
        listed = await run_from_palette(pilot, "cycle 2")
        assert "Go to cycle 2 (current)" in listed
        assert isinstance(app.screen, CycleScreen) and not app.screen.closed


async def test_a_meeting_can_be_ended_from_the_palette(app_factory, store: Store) -> None:
    partnership = store.partnerships.create("Ana", "Sam", "wait time")
    meeting = store.meetings.open(store.cycles.current(partnership.id).id, Stage.PRE_LESSON)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(MeetingScreen(meeting.id))
        await pilot.pause()
        await run_from_palette(pilot, "End the meeting")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question.startswith("End the meeting at")


async def test_the_summary_offers_its_sharing_log_in_the_palette(app_factory, store: Store) -> None:
    partnership = store.partnerships.create("Ana", "Sam", "wait time")
    meeting = store.meetings.open(store.cycles.current(partnership.id).id, Stage.PRE_LESSON)
    store.meetings.end(meeting.id, 300.0)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SummaryScreen(meeting.id))
        await pilot.pause()
        listed = await run_from_palette(pilot, "Sharing log")
        assert "Export the summary" not in listed  # the query narrows the list
        assert isinstance(app.screen, SharingLogScreen)


async def test_palette_names_are_literal_text_never_markup(app_factory, store: Store) -> None:
    store.partnerships.create("[b]Kit[/b]", "Mo [red]", "x")
    app = app_factory()
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Kit")
        await pilot.pause(0.3)
        assert "Open [b]Kit[/b] & Mo [red]" in screen_text(app)


async def test_q_on_home_says_how_to_quit(app_factory, store: Store) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running
        assert any("Ctrl+Q" in str(note.message) for note in app._notifications)


async def test_home_offers_no_open_without_a_partnership_and_shows_the_coordinator_key(
        app_factory, store: Store) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = await footer_once_built(app, pilot, showing="C Coordinator")
        assert "Open" not in footer and "C Coordinator" in footer
        store.partnerships.create("Ana", "Sam", "wait time")
        app.screen.refresh_rows()  # type: ignore[attr-defined]
        await pilot.pause()
        footer = await footer_once_built(app, pilot, showing="E Erase")
        assert "E Erase" in footer and "C Coordinator" in footer and "? Help" in footer


async def test_the_cycle_screen_moves_on_once_the_pre_lesson_meeting_ends(app_factory, store: Store) -> None:
    partnership = store.partnerships.create("Ana", "Sam", "wait time")
    cycle = store.cycles.current(partnership.id)
    meeting = store.meetings.open(cycle.id, Stage.PRE_LESSON)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(CycleScreen(partnership.id))
        await pilot.pause()
        assert "▶ 2 Pre-lesson" in screen_text(app)
        store.meetings.end(meeting.id, 300.0)
        app.screen.refresh_cycle()  # type: ignore[attr-defined]
        await pilot.pause()
        text = screen_text(app)
        assert "✓ 2 Pre-lesson" in text and "▶ 3 Lesson" in text
        assert app.screen.query_one("#stages", OptionList).highlighted is not None


async def test_the_summary_exports_and_shows_its_log_from_the_palette_while_a_text_box_has_the_focus(
        app_factory, store: Store) -> None:
    from textual.widgets import TextArea

    from coachtui.screens.export import ExportScreen

    partnership = store.partnerships.create("Ana", "Sam", "wait time")
    meeting = store.meetings.open(store.cycles.current(partnership.id).id, Stage.PRE_LESSON)
    store.meetings.end(meeting.id, 300.0)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SummaryScreen(meeting.id))
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        store.summaries.approve(summary.summary.id, "SR", summary.current_text())
        summary.summary = store.summaries.get(meeting.id)
        summary.query_one("#text-focus", TextArea).focus()  # the pair were just reading or typing there
        await pilot.pause()
        await run_from_palette(pilot, "Export the summary")
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is summary and isinstance(summary.focused, TextArea)
        await run_from_palette(pilot, "Sharing log")
        assert isinstance(app.screen, SharingLogScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("x")  # in the text box, x is still a letter typed
        await pilot.pause()
        assert app.screen is summary and summary.query_one("#text-focus", TextArea).text.startswith("x")
