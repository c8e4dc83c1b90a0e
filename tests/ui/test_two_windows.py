"""Two coachtui windows on one database, both with the same meeting's notes open (issue 15): what one saves
is never overwritten without a word by the other. Two apps in one test stand for the two processes, each with
its own connection to the file (tests/terminal/test_terminal.py runs two real ones)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from coachtui.core.model import GrowPhase
from coachtui.screens.meeting import MeetingScreen
from coachtui.services.kept_text import kept_both
from coachtui.store import Store
from tests.helpers import post_lesson_meeting, type_text

MARKER = re.compile(r"\n\n— also typed in another window at \d\d:\d\d —\n")


async def open_meeting(app: Any, pilot: Any, meeting_id: int) -> MeetingScreen:
    """Build the screen inside its own app's task: with two apps running, the test's context belongs to neither."""
    app.call_later(lambda: app.push_screen(MeetingScreen(meeting_id)))
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, MeetingScreen)
    return app.screen


def goal_box(screen: MeetingScreen) -> str:
    return screen.query_one("#notes-goal").text  # type: ignore[attr-defined, no-any-return]


def notices(app: Any) -> list[str]:
    return [n.message for n in app._notifications]


def test_a_note_saved_over_a_version_it_did_not_load_is_refused_and_nothing_changes(store: Store) -> None:
    meeting_id = post_lesson_meeting(store)
    first = store.meetings.save_note(meeting_id, GrowPhase.GOAL, "one window", version=0)
    assert first == 1
    assert store.meetings.save_note(meeting_id, GrowPhase.GOAL, "the other window", version=0) is None
    assert store.meetings.grow_notes(meeting_id)[GrowPhase.GOAL].text == "one window"
    assert store.meetings.save_note(meeting_id, GrowPhase.GOAL, "one window, more", version=1) == 2
    assert store.meetings.note_versions(meeting_id)[GrowPhase.GOAL] == 2


def test_both_texts_are_kept_with_only_what_was_added_here_below_the_marker() -> None:
    at = datetime(2025, 3, 4, 14, 5)
    marker = "— also typed in another window at 14:05 —"
    assert kept_both("Wait time\nSam: more", "Wait time", "Wait time\nPriya: less", at) == (
        f"Wait time\nSam: more\n\n{marker}\nPriya: less")
    assert kept_both("rewritten there", "old", "new here", at) == f"rewritten there\n\n{marker}\nnew here"
    assert kept_both("theirs", "mine and more", "mine", at) == "theirs", "a deletion here gives way"
    assert kept_both("", "", "typed here", at) == "typed here"


async def test_typing_in_two_windows_at_once_keeps_both_texts_and_says_so(app_factory: Any, store: Store) -> None:
    meeting_id = post_lesson_meeting(store)
    first_app, second_app = app_factory(), app_factory()
    async with first_app.run_test(size=(120, 40)) as first, second_app.run_test(size=(120, 40)) as second:
        one = await open_meeting(first_app, first, meeting_id)
        two = await open_meeting(second_app, second, meeting_id)
        await first.press("n")
        await second.press("n")  # both windows have the Goal notes box open with the same (empty) text
        await type_text(first, "Sam wants every pupil to answer")
        two.follow()  # the second window's box has the focus: its text stays as the coach left it
        await second.pause()
        assert goal_box(two) == ""
        await type_text(second, "Priya")
        await second.pause()

        saved = store.meetings.grow_notes(meeting_id)[GrowPhase.GOAL].text
        assert MARKER.split(saved) == ["Sam wants every pupil to answer", "Priya"]
        assert goal_box(two) == saved, "the window that found the change shows both texts"
        assert any("Both are kept" in notice for notice in notices(second_app))
        await type_text(second, " agrees")
        await second.pause()
        assert MARKER.split(store.meetings.grow_notes(meeting_id)[GrowPhase.GOAL].text)[-1] == "Priya agrees"

        await first.press("escape")  # the focus leaves the first window's notes box, which then shows both
        one.follow()
        await first.pause()
        assert goal_box(one) == store.meetings.grow_notes(meeting_id)[GrowPhase.GOAL].text


async def test_notes_saved_in_another_window_show_where_nobody_is_typing_and_carry_on_from_there(
        app_factory: Any, store: Store) -> None:
    meeting_id = post_lesson_meeting(store)
    first_app, second_app = app_factory(), app_factory()
    async with first_app.run_test(size=(120, 40)) as first, second_app.run_test(size=(120, 40)) as second:
        await open_meeting(first_app, first, meeting_id)
        two = await open_meeting(second_app, second, meeting_id)
        await first.press("n")
        await type_text(first, "Sam wants")
        two.follow()
        await second.pause()
        assert goal_box(two) == "Sam wants"
        await second.press("n")
        await type_text(second, " more wait time")
        await second.pause()
        assert store.meetings.grow_notes(meeting_id)[GrowPhase.GOAL].text == "Sam wants more wait time"
        assert not any("another window" in notice for notice in notices(second_app))
        assert not any("another window" in notice for notice in notices(first_app))


async def test_the_first_key_typed_after_another_windows_notes_is_kept_though_their_text_holds_it(
        app_factory: Any, store: Store) -> None:
    meeting_id = post_lesson_meeting(store)
    first_app, second_app = app_factory(), app_factory()
    async with first_app.run_test(size=(120, 40)) as first, second_app.run_test(size=(120, 40)) as second:
        await open_meeting(first_app, first, meeting_id)
        await open_meeting(second_app, second, meeting_id)
        await first.press("n")
        await second.press("n")
        await type_text(first, "Sam wants answers")
        await type_text(second, "and more")  # its "a" is in the first window's text, and is still the user's
        await second.pause()
        saved = store.meetings.grow_notes(meeting_id)[GrowPhase.GOAL].text
        assert MARKER.split(saved) == ["Sam wants answers", "and more"]


# -- the other texts: an action's, the arrangements', an evidence note ----------------------------------------

ONE_LINE = re.compile(r" — also typed in another window at \d\d:\d\d — ")


async def open_screen(app: Any, pilot: Any, screen: Any) -> Any:
    app.call_later(lambda: app.push_screen(screen))
    await pilot.pause()
    await pilot.pause()
    assert app.screen is screen
    return screen


async def focus(pilot: Any, screen: Any, selector: str) -> None:
    pilot.app.call_later(screen.query_one(selector).focus)
    await pilot.pause()


async def test_two_windows_typing_the_same_action_keep_both_texts_and_say_so(app_factory: Any,
                                                                             store: Store) -> None:
    from coachtui.screens.action_form import ActionForm

    meeting_id = post_lesson_meeting(store)
    action_id = store.actions.add(store.meetings.get(meeting_id).cycle_id, meeting_id, "").id
    first_app, second_app = app_factory(), app_factory()
    async with first_app.run_test(size=(120, 40)) as first, second_app.run_test(size=(120, 40)) as second:
        await open_screen(first_app, first, ActionForm(action_id))
        two = await open_screen(second_app, second, ActionForm(action_id))
        await type_text(first, "try wait time")
        await first.pause()
        await type_text(second, "ask three pupils")
        await second.pause()

        saved = store.actions.get(action_id).text
        assert ONE_LINE.split(saved) == ["try wait time", "ask three pupils"]
        assert two.query_one("#text").value == saved, "the window that found the change shows both texts"
        assert any("Both are kept" in notice for notice in notices(second_app))
        assert not notices(first_app)


async def test_two_windows_typing_the_same_arrangements_keep_both_texts_and_say_so(app_factory: Any,
                                                                                   store: Store) -> None:
    from coachtui.screens.arrangements import ArrangementsScreen

    cycle_id = store.cycles.current(store.partnerships.create("Ana", "Sam", "wait time").id).id
    first_app, second_app = app_factory(), app_factory()
    async with first_app.run_test(size=(120, 40)) as first, second_app.run_test(size=(120, 40)) as second:
        one = await open_screen(first_app, first, ArrangementsScreen(cycle_id))
        two = await open_screen(second_app, second, ArrangementsScreen(cycle_id))
        for pilot, screen in ((first, one), (second, two)):
            await focus(pilot, screen, "#schedule")
        await type_text(first, "Tuesdays")
        await first.pause()
        await type_text(second, "Fridays")
        await second.pause()
        schedule = store.cycles.arrangement(cycle_id).schedule
        assert ONE_LINE.split(schedule) == ["Tuesdays", "Fridays"]
        assert two.query_one("#schedule").value == schedule
        assert any("Both are kept" in notice for notice in notices(second_app))

        # The first window's focus text goes on from what it loaded: the schedule is another text.
        await focus(first, one, "#focus")
        await type_text(first, " after questions")
        await first.pause()
        assert store.cycles.get(cycle_id).focus == "wait time after questions"
        assert not notices(first_app)


async def test_two_windows_typing_the_same_evidence_note_keep_both_texts_and_say_so(app_factory: Any,
                                                                                    store: Store) -> None:
    from coachtui.core.model import EvidenceKind
    from coachtui.screens.lesson import LessonScreen

    cycle_id = store.cycles.current(store.partnerships.create("Ana", "Sam", "wait time").id).id
    evidence_id = store.lessons.add_evidence(cycle_id, 65.0, EvidenceKind.NOTE, "Hands up").id
    first_app, second_app = app_factory(), app_factory()
    async with first_app.run_test(size=(120, 40)) as first, second_app.run_test(size=(120, 40)) as second:
        await open_screen(first_app, first, LessonScreen(cycle_id))
        two = await open_screen(second_app, second, LessonScreen(cycle_id))
        for pilot in (first, second):
            await pilot.press("enter")  # opens the note under the table's cursor for writing
            await pilot.pause()
        await type_text(first, " from four pupils")
        await first.pause()
        await type_text(second, ", then silence")
        await second.pause()
        text = store.lessons.evidence_item(evidence_id).text
        assert ONE_LINE.split(text) == ["Hands up from four pupils", ", then silence"]
        assert two.query_one("#entry-text").value == text
        assert any("Both are kept" in notice for notice in notices(second_app))
