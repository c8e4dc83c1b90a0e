"""What the summary says follows what happened and what was agreed: the talk paragraph reads the observer who
tagged most turns (and the pair can choose another), done actions say so, the confidentiality line matches the
arrangements, and an export that cannot be written keeps the dialog with what was typed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Input, Static, TextArea

from coachtui.core.model import ActionStatus, GrowPhase, PerformanceLink, Stage
from coachtui.core.summary import CONFIDENTIAL
from coachtui.screens.export import ExportScreen
from coachtui.screens.summary import SummaryScreen
from coachtui.store import Store
from tests.helpers import EMERGING, co_constructive, rows, screen_text


def meeting_with_two_observers(store: Store) -> int:
    """Lee tagged first but only four turns; Priya tagged the whole conversation."""
    partnership = store.partnerships.create("Ana Lopez", "Sam Reed", "wait time")
    cycle = store.cycles.current(partnership.id)
    meeting = store.meetings.open(cycle.id, Stage.POST_LESSON)
    store.meetings.save_note(meeting.id, GrowPhase.GOAL, "every pupil answers")
    store.turns.add_many(meeting.id, [replace(t, observer="Lee") for t in EMERGING[:4]])
    store.turns.add_many(meeting.id, [replace(t, observer="Priya") for t in co_constructive()])
    store.meetings.end(meeting.id, 600)
    return meeting.id


def approved_summary(store: Store, link: PerformanceLink, *, done: bool = True) -> int:
    partnership = store.partnerships.create("Ana Lopez", "Sam Reed", "wait time")
    cycle = store.cycles.current(partnership.id)
    store.cycles.save_arrangement(cycle.id, performance_link=link, confidentiality_agreed=True)
    meeting = store.meetings.open(cycle.id, Stage.POST_LESSON)
    store.meetings.save_note(meeting.id, GrowPhase.GOAL, "every pupil answers")
    finished = store.actions.add(cycle.id, meeting.id, "try mini whiteboards", "coachee")
    if done:
        store.actions.update(finished.id, status=ActionStatus.DONE)
    store.actions.add(cycle.id, meeting.id, "film the hinge question", "coach")
    store.meetings.end(meeting.id, 600)
    return meeting.id


async def open_summary(app, pilot, meeting_id: int) -> SummaryScreen:
    app.push_screen(SummaryScreen(meeting_id))
    await pilot.pause()
    assert isinstance(app.screen, SummaryScreen)
    return app.screen


async def approve(app, pilot) -> None:
    await pilot.press("a")
    await pilot.pause()
    app.screen.query_one(Input).value = "SR"
    await pilot.press("enter")
    await pilot.pause()


async def test_the_talk_paragraph_reads_the_observer_who_tagged_most_and_the_pair_can_choose_another(
        app_factory, store: Store, db_path: Path) -> None:
    meeting_id = meeting_with_two_observers(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_summary(app, pilot, meeting_id)
        talk = screen.query_one("#text-talk", TextArea)
        turns = len(co_constructive())
        assert talk.text.startswith(f"From Priya's tags ({turns} turns; Lee also tagged this meeting): level")
        await pilot.press("o")
        await pilot.pause()
        assert talk.text.startswith("From Lee's tags (4 turns; Priya also tagged this meeting): level 1")
        assert "now reads Lee's tags" in list(app._notifications)[-1].message
        await pilot.press("o")
        await pilot.pause()
        assert talk.text.startswith("From Priya's tags")
    saved = rows(db_path, "SELECT sections FROM summary")[0]["sections"]
    assert "From Priya's tags" in saved


async def test_done_actions_say_so_in_the_draft_and_the_export(app_factory, store: Store, tmp_path: Path) -> None:
    meeting_id = approved_summary(store, PerformanceLink.UNRELATED)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_summary(app, pilot, meeting_id)
        assert screen.query_one("#text-actions", TextArea).text == (
            "- Done: try mini whiteboards (coachee)\n- film the hinge question (coach)")
        await approve(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        target = tmp_path / "out.md"
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.click("#as-markdown")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert "- Done: try mini whiteboards (coachee)" in target.read_text()


@pytest.mark.parametrize("link", list(PerformanceLink))
async def test_the_confidentiality_line_follows_the_arrangements(
        app_factory, store: Store, tmp_path: Path, link: PerformanceLink) -> None:
    meeting_id = approved_summary(store, link)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_summary(app, pilot, meeting_id)
        await approve(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        await pilot.click("#as-clipboard")
        await pilot.pause()
        copied = app.clipboard
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "summary.txt")
        await pilot.click("#as-text")
        await app.workers.wait_for_complete()
        await pilot.pause()
    for document in (copied, (tmp_path / "summary.txt").read_text()):
        first = document.splitlines()[0]
        assert first.startswith("CONFIDENTIAL: shared with the coachee's approval.")
        if link is PerformanceLink.UNRELATED:
            assert first == CONFIDENTIAL
        else:
            assert "Not for performance management" not in document
        if link is PerformanceLink.COACHEE_BRINGS_EVIDENCE:
            assert "the coachee may choose to bring it to their own performance review" in first


async def test_an_export_that_cannot_be_written_keeps_the_dialog_and_the_folder_used_last_is_remembered(
        app_factory, store: Store, tmp_path: Path) -> None:
    meeting_id = approved_summary(store, PerformanceLink.UNRELATED)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_summary(app, pilot, meeting_id)
        await approve(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        nowhere = str(tmp_path / "no-such-folder" / "summary.md")
        app.screen.query_one("#export-path", Input).value = nowhere
        await pilot.click("#as-markdown")
        await app.workers.wait_for_complete()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        assert dialog.query_one("#export-path", Input).value == nowhere
        problem = str(dialog.query_one("#export-problem", Static).render())
        assert "Cannot write" in problem or "no-such-folder" in problem, problem
        assert "No such file or directory." in screen_text(app)
        folder = tmp_path / "exports"
        folder.mkdir()
        dialog.query_one("#export-path", Input).value = str(folder / "summary.md")
        await pilot.click("#as-markdown")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert (folder / "summary.md").exists()
        await pilot.press("x")  # the next export starts in the folder used last
        await pilot.pause()
        assert Path(app.screen.query_one("#export-path", Input).value).parent == folder


async def test_a_path_typed_in_the_export_dialog_goes_into_the_path(app_factory, store: Store,
                                                                    tmp_path: Path) -> None:
    """The dialog opens in its path box: what is typed goes there, and Enter exports to what was typed."""
    partnership = store.partnerships.create("Ana", "Sam", "wait time")
    meeting = store.meetings.open(store.cycles.current(partnership.id).id, Stage.PRE_LESSON)
    store.meetings.end(meeting.id, 300.0)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SummaryScreen(meeting.id))
        await pilot.pause()
        await pilot.press("a", *"SR", "enter")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("ctrl+u", *str(tmp_path / "typed.md"), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert (tmp_path / "typed.md").exists()
