"""Defaults that never surprise the coach: Esc in a meeting steps back before it leaves, destructive questions
start on the safe answer, erasing a partnership needs its coachee's name, typed text is never replaced by one key."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Select

from coachtui.screens.meeting import MeetingScreen
from coachtui.store import Store
from tests.helpers import FakeTicker, post_lesson_meeting, rows, scalar, screen_text, type_text


async def test_escape_closes_the_pack_drop_down_then_steps_back_and_only_then_leaves(
        app_factory, store: Store, ticker: FakeTicker, db_path: Path) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(MeetingScreen(meeting_id))
        await pilot.pause()
        await pilot.press("space")  # the clock runs
        ticker.advance(75)
        await pilot.press("p", "enter")  # the pack's drop-down opens
        await pilot.pause()
        select = app.screen.query_one("#pack-select", Select)
        assert select.expanded
        await pilot.press("escape")  # closes the drop-down only
        await pilot.pause()
        assert not select.expanded and isinstance(app.screen, MeetingScreen)
        await pilot.press("escape")  # steps back to the phase tabs: still in the meeting
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert app.screen.focused is app.screen.query_one("#phase-tabs")
        assert app.screen.clock.running
        await pilot.press("escape")  # and now leaves, saying plainly that the clock is paused
        await pilot.pause()
        assert not isinstance(app.screen, MeetingScreen)
        said = [n.message for n in app._notifications]
        assert any("clock is paused at 01:15" in message for message in said), said
    assert rows(db_path, "SELECT clock_elapsed FROM meeting") == [{"clock_elapsed": 75.0}]


async def test_escape_in_the_notes_steps_back_first_and_what_was_typed_stays(
        app_factory, store: Store, db_path: Path) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(MeetingScreen(meeting_id))
        await pilot.pause()
        await pilot.press("n")
        await type_text(pilot, "Sam asked for more wait time")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("a", "escape")  # a new action's form, closed: back in the meeting
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, MeetingScreen)
        assert not any("clock is paused" in n.message for n in app._notifications)  # it never ran
    assert rows(db_path, "SELECT text FROM grow_note") == [{"text": "Sam asked for more wait time"}]


async def test_erasing_a_partnership_needs_the_coachees_name_and_enter_alone_keeps_it(
        app_factory, store: Store, db_path: Path) -> None:
    from textual.widgets import Button, Input

    from coachtui.screens.confirm import ConfirmScreen
    from coachtui.screens.home import HomeScreen

    store.partnerships.create("Ana Lopez", "Sam Reed", "wait time")
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("E")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        assert "type the coachee's name, Sam Reed (or SR)" in screen_text(app)
        assert isinstance(dialog.focused, Input)
        await pilot.press("y", "enter")  # neither y nor Enter erases
        await pilot.pause()
        assert app.screen is dialog and dialog.query_one("#yes", Button).disabled
        await pilot.click("#yes")
        await pilot.pause()
        assert app.screen is dialog
        dialog.query_one(Input).value = ""
        await type_text(pilot, "sam  reed")  # case and spacing do not matter
        await pilot.pause()
        assert not dialog.query_one("#yes", Button).disabled
        await pilot.press("escape")  # still kept
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert scalar(db_path, "SELECT count(*) FROM partnership") == 1
        await pilot.press("E")
        await type_text(pilot, "Sam Reed")
        await pilot.press("enter")
        await pilot.pause()
    assert scalar(db_path, "SELECT count(*) FROM partnership") == 0


async def test_every_destructive_question_starts_on_the_safe_answer(app_factory, store: Store) -> None:
    from textual.widgets import Button

    from coachtui.screens.confirm import ConfirmScreen

    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(MeetingScreen(meeting_id))
        await pilot.pause()
        await pilot.press("x")  # end the meeting?
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        focused = app.screen.focused
        assert isinstance(focused, Button) and focused.id == "no"
        await pilot.press("enter")  # Enter takes the safe answer
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
    assert store.meetings.get(meeting_id).ended_at is None


async def test_tab_into_a_filled_field_keeps_its_text_and_ctrl_z_undoes_within_it(
        app_factory, store: Store, db_path: Path) -> None:
    from textual.widgets import Input

    from coachtui.screens.action_form import ActionForm

    meeting_id = post_lesson_meeting(store)
    meeting = store.meetings.get(meeting_id)
    action = store.actions.add(meeting.cycle_id, meeting_id, "try mini whiteboards", "coachee")
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ActionForm(action.id))
        await pilot.pause()
        await pilot.press("tab", "shift+tab")  # away and back into the filled field
        field = app.screen.query_one("#text", Input)
        assert app.screen.focused is field and field.selected_text == ""
        await type_text(pilot, " daily")  # one key never replaces the text
        await pilot.pause()
        assert field.value == "try mini whiteboards daily"
        assert scalar(db_path, "SELECT text FROM action") == "try mini whiteboards daily"
        await pilot.press("ctrl+z")  # a word at a time
        await pilot.pause()
        assert field.value == "try mini whiteboards"
        assert scalar(db_path, "SELECT text FROM action") == "try mini whiteboards"
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert field.value == "try mini whiteboards daily"


async def test_an_invalid_due_date_keeps_the_action_form_open_with_done_in_sight(
        app_factory, store: Store, db_path: Path) -> None:
    from textual.widgets import Input

    from coachtui.screens.action_form import ActionForm

    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(MeetingScreen(meeting_id))
        await pilot.pause()
        await pilot.press("a")
        await type_text(pilot, "observe Jo's lesson")
        await pilot.press("tab", "tab")
        await type_text(pilot, "2026-02-31")
        await pilot.press("escape")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ActionForm)  # not dropped
        text = screen_text(app)
        assert "not a real date" in text and "clear it to close without one" in text
        assert "Done (esc)" in text  # the button is still on screen at 80x24
        assert form.focused is form.query_one("#due", Input)
        form.query_one("#due", Input).value = "2026-02-28"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
    assert rows(db_path, "SELECT text, due FROM action") == [{"text": "observe Jo's lesson", "due": "2026-02-28"}]
