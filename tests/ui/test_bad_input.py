"""Bad input in the app: huge pastes, emoji and right-to-left text, impossible values, failing disks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual.widgets import Input, Static, TextArea

from coachtui.core.model import EvidenceKind, Stage
from coachtui.screens.action_form import ActionForm
from coachtui.screens.arrangements import ArrangementsScreen
from coachtui.screens.cycle import CycleScreen
from coachtui.screens.length import LengthScreen
from coachtui.screens.lesson import LessonScreen
from coachtui.screens.meeting import MeetingScreen
from coachtui.screens.observer_console import ObserverConsole
from coachtui.screens.partnership_form import PartnershipForm
from coachtui.screens.summary import SummaryScreen
from coachtui.store import Store
from tests.helpers import rows, scalar, type_text

MEGABYTE = ("Pupils 🙂 talked; التقييم من أجل التعلم ✓ " * 30_000)[:1_000_000]


def seed(db_path: Path) -> int:
    store = Store.open(db_path)
    partnership = store.partnerships.create("Ana", "Sam", "wait time")
    store.close()
    return partnership.id


async def open_meeting(pilot) -> MeetingScreen:
    await pilot.press("enter", "2")
    await pilot.pause()
    assert isinstance(pilot.app.screen, MeetingScreen)
    return pilot.app.screen


async def test_a_megabyte_paste_into_notes_is_saved_whole(app_factory, db_path: Path) -> None:
    seed(db_path)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(pilot)
        area = screen.query_one("#notes-goal", TextArea)
        area.focus()
        area.insert(MEGABYTE)
        await pilot.pause()
        assert scalar(db_path, "SELECT length(text) FROM grow_note WHERE phase = 'goal'") == 1_000_000
        assert scalar(db_path, "SELECT text FROM grow_note WHERE phase = 'goal'") == MEGABYTE


async def test_emoji_and_right_to_left_names(app_factory, db_path: Path) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, PartnershipForm)
        app.screen.query_one("#coach", Input).insert_text_at_cursor("Zoë 🍎")
        app.screen.query_one("#coachee", Input).insert_text_at_cursor("مريم")
        app.screen.query_one("#focus", Input).insert_text_at_cursor("הערכה 📝")
        await pilot.click("#create")
        await pilot.pause()
        assert isinstance(app.screen, CycleScreen)
    assert rows(db_path, "SELECT coach, coachee, focus FROM partnership") == [
        {"coach": "Zoë 🍎", "coachee": "مريم", "focus": "הערכה 📝"}]


async def test_empty_names_are_refused_with_a_message(app_factory, db_path: Path) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await type_text(pilot, "Ana")
        await pilot.click("#create")
        await pilot.pause()
        assert isinstance(app.screen, PartnershipForm)
        assert "Both a coach and a coachee" in str(app.screen.query_one("#form-error", Static).render())
        assert app.screen.query_one("#coach", Input).value == "Ana"
    assert scalar(db_path, "SELECT count(*) FROM partnership") == 0


async def test_impossible_action_date_is_explained_and_the_rest_kept(app_factory, db_path: Path) -> None:
    seed(db_path)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meeting(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, ActionForm)
        await type_text(pilot, "observe Jo's lesson")
        await pilot.press("tab", "tab")
        await type_text(pilot, "2026-02-31")
        await pilot.pause()
        assert "not a real date" in str(app.screen.query_one("#due-error", Static).render())
        assert rows(db_path, "SELECT text, due FROM action") == [{"text": "observe Jo's lesson", "due": None}]


async def test_an_empty_new_action_is_not_kept(app_factory, db_path: Path) -> None:
    seed(db_path)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meeting(pilot)
        await pilot.press("a")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
    assert scalar(db_path, "SELECT count(*) FROM action") == 0


async def test_meeting_length_accepts_presets_and_any_length_but_not_nonsense(app_factory, db_path: Path) -> None:
    seed(db_path)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meeting(pilot)
        await pilot.press("l")
        assert isinstance(app.screen, LengthScreen)
        await pilot.click("#preset-15")
        await pilot.pause()
        assert scalar(db_path, "SELECT planned_minutes FROM meeting") == 15
        for bad in ("abc", "0", "9999"):
            await pilot.press("l")
            app.screen.query_one("#minutes", Input).focus()
            await type_text(pilot, bad)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, LengthScreen), bad
            assert str(app.screen.query_one("#minutes-error", Static).render())
            await pilot.press("escape")
        await pilot.press("l")
        app.screen.query_one("#minutes", Input).focus()
        await type_text(pilot, "20")
        await pilot.press("enter")
        await pilot.pause()
        assert scalar(db_path, "SELECT planned_minutes FROM meeting") == 20


async def test_resizing_never_loses_what_was_typed(app_factory, db_path: Path) -> None:
    seed(db_path)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(pilot)
        await pilot.press("n")
        await type_text(pilot, "before resize")
        await pilot.resize_terminal(30, 10)
        await pilot.pause()
        await type_text(pilot, " small")
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        assert screen.query_one("#notes-goal", TextArea).text == "before resize small"
    assert scalar(db_path, "SELECT text FROM grow_note") == "before resize small"


async def test_quitting_mid_meeting_keeps_notes_and_the_clock(app_factory, db_path: Path, ticker) -> None:
    seed(db_path)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        meeting = await open_meeting(pilot)
        await pilot.press("space", "n")
        await type_text(pilot, "half a thought")
        ticker.advance(200)
        meeting.tick()
        await pilot.pause()
        await pilot.press("ctrl+q")
    again = app_factory()
    async with again.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(pilot)
        assert screen.query_one("#notes-goal", TextArea).text == "half a thought"
        assert 195 <= screen.clock.elapsed <= 200
        assert not screen.clock.running, "a resumed meeting waits for the coach to restart the clock"


async def test_a_failing_disk_is_reported_and_the_text_stays(app_factory, db_path: Path) -> None:
    seed(db_path)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(pilot)
        await pilot.press("n")
        await type_text(pilot, "saved")
        # From here on every write fails, as on a disk gone read-only.
        app.store.db.conn = read_only = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, isolation_level=None)
        read_only.row_factory = sqlite3.Row  # as the store's own connection reads rows
        await type_text(pilot, " lost?")
        await pilot.pause()
        assert screen.query_one("#notes-goal", TextArea).text == "saved lost?"
        messages = [n.message for n in app._notifications]
        assert any("read-only" in m and "still on screen" in m for m in messages)
    assert scalar(db_path, "SELECT text FROM grow_note") == "saved"


MARKUP = "[/] [bold]x[/bold] [link=x]"


async def test_text_that_looks_like_markup_is_shown_as_typed_on_every_screen(app_factory, db_path: Path) -> None:
    store = Store.open(db_path)
    partnership = store.partnerships.create(MARKUP, MARKUP, MARKUP)
    cycle = store.cycles.current(partnership.id)
    meeting = store.meetings.open(cycle.id, Stage.PRE_LESSON)
    store.actions.add(cycle.id, meeting.id, MARKUP)
    store.lessons.add_evidence(cycle.id, 5, EvidenceKind.NOTE, MARKUP, critical=True)
    store.close()
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        for keys in (["enter"], ["1"], ["escape", "2"], ["w"], ["e"], ["escape", "escape", "3"]):
            await pilot.press(*keys)
            await pilot.pause()
        assert type(app.screen).__name__ == "LessonScreen"
        await pilot.press("n")
        await type_text(pilot, "[/]")
        await pilot.press("escape", "escape", "1")
        app.screen.query_one("#next_meeting").focus()
        await type_text(pilot, "[/]")
        await pilot.pause()
        assert "[/]" in str(app.screen.query_one("#date-error", Static).render())
    assert scalar(db_path, "SELECT count(*) FROM evidence WHERE text = '[/]'") == 1


async def test_when_saving_fails_the_text_on_screen_can_be_saved_elsewhere(app_factory, db_path: Path,
                                                                           tmp_path: Path) -> None:
    import stat

    from coachtui.screens.text_prompt import TextPrompt

    seed(db_path)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_meeting(pilot)
        await pilot.press("n")
        # Every write fails from here, as on a disk gone read-only.
        app.store.db.conn = read_only = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, isolation_level=None)
        read_only.row_factory = sqlite3.Row  # as the store's own connection reads rows
        await type_text(pilot, "only on screen")
        await pilot.pause()
        assert any("Ctrl+G" in n.message for n in app._notifications)
        await pilot.press("ctrl+g")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, TextPrompt)
        assert prompt.query_one(Input).value.endswith(".txt")
        rescue = tmp_path / "rescued.txt"
        prompt.query_one(Input).value = str(rescue)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "only on screen" in rescue.read_text()
        assert stat.S_IMODE(rescue.stat().st_mode) == 0o600
        assert any("Saved a copy to" in n.message for n in app._notifications)
        # A second copy never replaces the first.
        await pilot.press("ctrl+g")
        await pilot.pause()
        app.screen.query_one(Input).value = str(rescue)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("already exists" in n.message for n in app._notifications)


OPENING = {"meeting": (MeetingScreen, "the meeting", "There is no meeting"),
           "console": (ObserverConsole, "the observer's console", "There is no meeting"),
           "summary": (SummaryScreen, "the summary", "There is no meeting"),
           "lesson": (LessonScreen, "the lesson", "There is no cycle"),
           "arrangements": (ArrangementsScreen, "the arrangements", "There is no cycle")}


@pytest.mark.parametrize("opening", list(OPENING))
async def test_a_meeting_that_cannot_be_read_is_said_and_its_screen_closes(app_factory, store: Store,
                                                                          opening: str) -> None:
    partnership = store.partnerships.create("Ana", "Sam", "wait time")
    cycle_id = store.cycles.current(partnership.id).id
    meeting_id = store.meetings.open(cycle_id, Stage.PRE_LESSON).id
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(CycleScreen(partnership.id))
        await pilot.pause()
        store.erasing.partnership(partnership.id)  # erased in another window before the meeting opened
        screen, what, why = OPENING[opening]
        app.push_screen(screen(cycle_id if opening in ("lesson", "arrangements") else meeting_id))
        await pilot.pause()
        assert isinstance(app.screen, CycleScreen), "the screen closed"
        notes = [str(note.message) for note in app._notifications]
        assert any(note.startswith(f"Could not open {what}: {why}") for note in notes), notes
        assert app.is_running
