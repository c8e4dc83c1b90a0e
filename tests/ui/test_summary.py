"""The summary the coachee approves: draft, include or leave out, approve with initials, export,
edit voids, restore, withdraw; and only an approved summary ever leaves."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, Static, TextArea

from coachtui.core.model import GrowPhase, Stage
from coachtui.core.summary import fingerprint, sections_from_json
from coachtui.screens.approve import ApproveScreen
from coachtui.screens.export import ExportScreen
from coachtui.screens.meeting import MeetingScreen
from coachtui.screens.sharing_log import SharingLogScreen
from coachtui.screens.summary import SummaryScreen
from coachtui.store import Store
from tests.helpers import rows, scalar, type_text


def ended_meeting(store: Store) -> int:
    partnership = store.partnerships.create("Ana Lopez", "Sam Reed", "wait time")
    cycle = store.cycles.current(partnership.id)
    meeting = store.meetings.open(cycle.id, Stage.PRE_LESSON)
    store.meetings.save_note(meeting.id, GrowPhase.GOAL, "every pupil answers")
    store.meetings.save_note(meeting.id, GrowPhase.REALITY, "private worry about Year 9")
    store.actions.add(cycle.id, meeting.id, "try mini whiteboards", "coachee")
    return meeting.id


async def open_summary(app, pilot, meeting_id: int) -> SummaryScreen:
    app.push_screen(SummaryScreen(meeting_id))
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SummaryScreen)
    return screen


def state_line(screen: SummaryScreen) -> str:
    return str(screen.query_one("#summary-state", Static).render())


async def approve(pilot, initials: str = "SR") -> None:
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ApproveScreen)
    await type_text(pilot, initials)
    await pilot.press("enter")
    await pilot.pause()


async def test_ending_a_meeting_drafts_its_summary(app_factory, store: Store) -> None:
    meeting_id = ended_meeting(store)
    app = app_factory()
    async with app.run_test(size=(100, 36)) as pilot:
        app.push_screen(MeetingScreen(meeting_id))
        await pilot.pause()
        await pilot.press("x", "y")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        assert screen.query_one("#text-goal", TextArea).text == "every pupil answers"
        assert screen.query_one("#text-actions", TextArea).text == "- try mini whiteboards (coachee)"
        assert "Draft" in state_line(screen)


async def test_approve_export_edit_restore_withdraw(app_factory, store: Store, db_path: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    meeting_id = ended_meeting(store)
    app = app_factory()
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await open_summary(app, pilot, meeting_id)
        # Nothing leaves before approval.
        await pilot.press("x")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)

        # The coachee leaves the reality notes out, then approves exactly what remains.
        screen.query_one("#include-reality", Checkbox).value = False
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        shown = str(app.screen.query_one("#approve-text Static", Static).render())
        assert "every pupil answers" in shown and "private worry" not in shown
        await pilot.press("enter")  # no initials: refused
        await pilot.pause()
        assert isinstance(app.screen, ApproveScreen)
        await type_text(pilot, "SR")
        await pilot.press("enter")
        await pilot.pause()
        assert "Approved and shareable" in state_line(screen) and "SR" in state_line(screen)
        approval = rows(db_path, "SELECT version, initials, text_hash, text FROM approval")
        assert len(approval) == 1 and approval[0]["initials"] == "SR"
        assert approval[0]["text_hash"] == fingerprint(approval[0]["text"]) == fingerprint(screen.current_text())

        # Export to Markdown: private, marked confidential, with the approval line and only what was approved.
        target = tmp_path / "summary.md"
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#export-path", Input).value = str(target)
        app.screen.query_one("#export-path", Input).focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        document = target.read_text()
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert "CONFIDENTIAL" in document and "## Goal" in document and "every pupil answers" in document
        assert "private worry" not in document
        assert f"sha256 {approval[0]['text_hash'][:16]}" in document and "Approved by SR" in document

        # The clipboard: always the terminal's; with no clipboard on this computer, the user is told so.
        import pyperclip

        def no_clipboard(text: str) -> None:
            raise pyperclip.PyperclipException("no clipboard here")

        monkeypatch.setattr(pyperclip, "copy", no_clipboard)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("tab", "tab", "tab", "enter")  # from the path along the buttons to Clipboard
        await pilot.pause()
        assert "every pupil answers" in app.clipboard and "CONFIDENTIAL" in app.clipboard
        assert any(n.message.startswith("Sent to your terminal's clipboard (this computer has no clipboard")
                   for n in app._notifications)
        assert [r["destination"] for r in rows(db_path, "SELECT destination FROM export_log ORDER BY id")] == [
            str(target.resolve()), "clipboard (terminal)"]

        # An edit voids the approval, and export is refused until it is restored or re-approved.
        area = screen.query_one("#text-goal", TextArea)
        area.focus()
        await type_text(pilot, "!")
        await pilot.pause()
        assert scalar(db_path, "SELECT state FROM summary") == "void"
        assert "no longer holds" in state_line(screen)
        await pilot.press("escape", "x")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
        await pilot.press("u")
        await pilot.pause()
        assert scalar(db_path, "SELECT state FROM summary") == "approved"
        assert area.text == "every pupil answers"

        # Approve again (version 2), then the coachee withdraws it.
        await approve(pilot)
        assert scalar(db_path, "SELECT max(version) FROM approval") == 2
        await pilot.press("w", "y")
        await pilot.pause()
        assert scalar(db_path, "SELECT state FROM summary") == "withdrawn"
        await pilot.press("x")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)

        # The sharing log shows both exports.
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, SharingLogScreen)
        assert app.screen.query_one("#sharing-log").row_count == 2


async def test_erasing_from_the_home_screen_asks_first_and_leaves_no_trace(app_factory, store: Store,
                                                                           db_path: Path) -> None:
    from coachtui.screens.confirm import ConfirmScreen
    from coachtui.screens.home import HomeScreen

    marker = "QUOKKA-5521-MARKER"
    store.partnerships.create("Kim Ng", "Lee Park")
    gone = store.partnerships.create(f"Ana {marker}", "Sam Reed", marker)
    store.meetings.save_note(store.meetings.open(store.cycles.current(gone.id).id, Stage.PRE_LESSON).id, GrowPhase.GOAL,
                             marker * 20)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#partnerships")
        table.move_cursor(row=table.get_row_index(str(gone.id)))
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # kept
        await pilot.pause()
        assert scalar(db_path, "SELECT count(*) FROM partnership") == 2
        await pilot.press("E", "S", "R", "enter")  # the coachee's initials
        await pilot.pause()
        assert table.row_count == 1
    assert rows(db_path, "SELECT coach FROM partnership") == [{"coach": "Kim Ng"}]
    for path in (db_path, db_path.with_name(db_path.name + "-wal")):
        if path.exists():
            assert marker.encode() not in path.read_bytes()


async def test_the_cycle_screen_reopens_the_latest_summary(app_factory, store: Store) -> None:
    from coachtui.screens.cycle import CycleScreen

    meeting_id = ended_meeting(store)
    store.meetings.end(meeting_id, 600)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(CycleScreen(store.cycles.get(store.meetings.get(meeting_id).cycle_id).partnership_id))
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen) and app.screen.meeting_id == meeting_id


async def save_a_copy(pilot, path: Path) -> str:
    """Ctrl+G, the path typed into its prompt, and the file's content once the worker has written it."""
    await pilot.press("ctrl+g")
    await pilot.pause()
    pilot.app.screen.query_one(Input).value = str(path)
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return path.read_text(encoding="utf-8")


async def test_a_copy_of_a_draft_summary_is_marked_not_for_sharing_and_logged(app_factory, store: Store,
                                                                              tmp_path: Path) -> None:
    meeting_id = ended_meeting(store)
    app = app_factory()
    async with app.run_test(size=(100, 36)) as pilot:
        await open_summary(app, pilot, meeting_id)
        target = tmp_path / "copy.txt"
        copied = await save_a_copy(pilot, target)
        assert copied.splitlines()[0] == "NOT APPROVED: NOT FOR SHARING."
        assert "Sam Reed has not approved" in copied and "every pupil answers" in copied
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        partnership_id = store.partnerships.all()[0].id
        [logged] = store.sharing.of_partnership(partnership_id)
        assert logged["destination"] == str(target) and "not approved" in logged["what"]
        assert any("marked not for sharing" in n.message for n in app._notifications)


async def test_a_copy_of_an_approved_summary_holds_only_the_approved_text(app_factory, store: Store,
                                                                          tmp_path: Path) -> None:
    meeting_id = ended_meeting(store)
    app = app_factory()
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await open_summary(app, pilot, meeting_id)
        screen.query_one("#include-reality", Checkbox).value = False  # the coachee leaves the worry out
        await pilot.pause()
        await approve(pilot)
        copied = await save_a_copy(pilot, tmp_path / "copy.txt")
        assert "every pupil answers" in copied and "private worry" not in copied
        assert "NOT FOR SHARING" not in copied
        [logged] = store.sharing.of_partnership(store.partnerships.all()[0].id)
        assert logged["what"].startswith("summary v1 (approved")


async def test_a_copy_of_a_draft_is_still_saved_when_the_sharing_log_cannot_be_written(
        app_factory, store: Store, db_path: Path, tmp_path: Path) -> None:
    import sqlite3

    meeting_id = ended_meeting(store)
    app = app_factory()
    async with app.run_test(size=(100, 36)) as pilot:
        await open_summary(app, pilot, meeting_id)
        # Every write fails from here, as on a disk gone read-only: the reason to save a copy at all.
        app.store.db.conn = read_only = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, isolation_level=None)
        read_only.row_factory = sqlite3.Row
        copied = await save_a_copy(pilot, tmp_path / "copy.txt")
        assert copied.startswith("NOT APPROVED: NOT FOR SHARING.")
        assert "could not be recorded in the sharing log" in copied and "tell Sam Reed" in copied
        assert "every pupil answers" in copied
        assert any("could not be recorded" in n.message for n in app._notifications)
        read_only.close()
    assert scalar(db_path, "SELECT count(*) FROM export_log") == 0


async def test_an_empty_section_starts_left_out_until_words_are_typed_into_it(app_factory, store: Store,
                                                                                   db_path: Path) -> None:
    meeting_id = ended_meeting(store)  # goal and reality notes and an action; no options or way forward notes
    store.meetings.end(meeting_id, 600)
    app = app_factory()
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await open_summary(app, pilot, meeting_id)
        ticked = {box.id.removeprefix("include-"): box.value for box in screen.query(Checkbox) if box.id}
        assert ticked["goal"] and ticked["reality"] and ticked["actions"] and ticked["focus"]
        assert not ticked["options"] and not ticked["way_forward"]
        assert "Options · left out" in str(screen.query_one("#include-options", Checkbox).label)
        screen.query_one("#text-options", TextArea).focus()
        await type_text(pilot, "lolly sticks")  # words where there were none: the section is wanted
        await pilot.pause()
        assert screen.query_one("#include-options", Checkbox).value
        assert str(screen.query_one("#include-options", Checkbox).label) == "Options"
        assert not screen.query_one("#include-way_forward", Checkbox).value
        way_forward = screen.query_one("#include-way_forward", Checkbox)
        way_forward.value = True  # the pair tick it, then leave it out after all: their choice stands
        await pilot.pause()
        way_forward.value = False
        await pilot.pause()
        screen.query_one("#text-way_forward", TextArea).focus()
        await type_text(pilot, "not for sharing yet")
        await pilot.pause()
        assert not way_forward.value
    [row] = rows(db_path, "SELECT sections FROM summary")
    saved = {section.key: section.included for section in sections_from_json(row["sections"])}
    assert saved["options"] is True and saved["way_forward"] is False and saved["goal"] is True
