"""My practice over time: a coach's (or a coachee's) own levels and what moved, meeting by meeting, on their
own laptop, whatever the partnership agreed about the school's figures, and never in the coordinator's."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import DataTable, Static

from coachtui.app import CoachApp
from coachtui.core.model import Stage
from coachtui.core.rubric import load_rubric
from coachtui.core.vocabulary import vocabulary
from coachtui.screens.choose import ChoiceScreen
from coachtui.screens.practice import PracticeScreen
from coachtui.services.figures import as_text, build_overview, refresh_talk
from coachtui.services.practice import moves, practice_over_time
from coachtui.store import Store
from tests.helpers import DEVELOPING, EMERGING, co_constructive, screen_text


async def open_practice(app: CoachApp, pilot: object, who: str) -> PracticeScreen:
    """From home: P, pick `who` from the names in the database, and wait for the meetings to be read."""
    await pilot.press("P")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    chooser = app.screen
    assert isinstance(chooser, ChoiceScreen) and chooser.question == "Whose practice?"
    names = [label for label, _ in chooser.choices]
    assert names == sorted(names, key=str.lower)
    for _ in range(names.index(who)):
        await pilot.press("down")  # type: ignore[attr-defined]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, PracticeScreen)
    return app.screen


async def test_the_coach_sees_their_own_practice_over_time_from_the_demo(demo_app: CoachApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await open_practice(demo_app, pilot, "Ana Lopez")
        practice = screen.practice
        assert practice is not None and practice.as_coachee == ()
        assert [(m.partner, m.stage, m.level, m.reviewed) for m in practice.as_coach] == [
            ("Sam Reed", Stage.PRE_LESSON, 2, False), ("Sam Reed", Stage.POST_LESSON, 1, False)]
        assert practice.as_coach[0].moved == ()
        assert [move.indicator for move in practice.as_coach[1].moved] == [
            "coachee_initiation_share", "future_share", "evidence_share"]
        shown = screen_text(demo_app)
        assert "My practice over time: Ana Lopez" in shown
        assert "As coach: 2 tagged meetings" in shown and "As coachee: no tagged meetings" in shown
        assert "1 Emerging*" in shown and "2 Developing*" in shown
        # The latest meeting is under the cursor, with what moved since the one before.
        detail = str(screen.query_one("#practice-moved", Static).render())
        assert "post-lesson: Emerging (level 1), provisional until Jo" in detail
        assert "coachee opens strands 33% → 50% ↑" in detail
        await pilot.press("up")
        await pilot.pause()
        assert "nothing to compare yet" in str(screen.query_one("#practice-moved", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(demo_app.screen, PracticeScreen)
    # The demo pair never agreed to be counted: none of this is in the coordinator's figures.
    refresh_talk(demo_app.store)
    assert build_overview(demo_app.store, vocabulary().functions).counts is None


async def test_the_coachee_has_the_same_view_of_the_meetings_in_which_they_were_coached(
        demo_app: CoachApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await open_practice(demo_app, pilot, "Sam Reed")
        practice = screen.practice
        assert practice is not None and practice.as_coach == ()
        assert [(m.partner, m.level) for m in practice.as_coachee] == [("Ana Lopez", 2), ("Ana Lopez", 1)]
        assert not screen.query_one("#practice-coach", DataTable).display
        assert screen.query_one("#practice-coachee", DataTable).row_count == 2


async def test_the_command_palette_opens_whose_practice(demo_app: CoachApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"My practice")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(demo_app.screen, ChoiceScreen)
        assert [label for label, _ in demo_app.screen.choices] == ["Ana Lopez", "Priya Shah", "Sam Reed",
                                                                   "Tom Okafor"]


async def test_a_person_with_no_tagged_meeting_is_told_so(demo_app: CoachApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await open_practice(demo_app, pilot, "Tom Okafor")
        assert "No tagged meetings yet" in str(screen.query_one("#practice-moved", Static).render())


def test_one_coach_across_partnerships_and_one_person_in_both_roles(store: Store) -> None:
    """Kit coaches Lee, then Mo; Mo coaches Kit too. Names match exactly as stored, brackets and all."""
    kit = "[b]Kit"
    first = store.partnerships.create(kit, "Lee")
    second = store.partnerships.create(kit, "Mo")
    back = store.partnerships.create("Mo", kit)
    for partnership, turns in ((first, EMERGING), (second, DEVELOPING), (back, co_constructive()), (first, [])):
        meeting = store.meetings.open(store.cycles.current(partnership.id).id, Stage.POST_LESSON)
        store.turns.add_many(meeting.id, [replace(turn, observer="Jo") for turn in turns])
        store.meetings.end(meeting.id, 600)
    practice = practice_over_time(store, kit, load_rubric())
    assert [(m.partner, m.level) for m in practice.as_coach] == [("Lee", 1), ("Mo", 2)]  # the untagged one left out
    assert [(m.partner, m.level) for m in practice.as_coachee] == [("Mo", 4)]
    assert practice.as_coachee[0].moved == ()  # the first in that role: nothing to compare with
    assert practice_over_time(store, "[b]kit", load_rubric()).as_coach == ()
    assert store.practice.people() == ["[b]Kit", "Lee", "Mo"]
    # Not one of these partnerships agreed to be counted: the coordinator's figures know nothing of them.
    refresh_talk(store)
    assert store.figures.meeting_talk() == []
    assert kit not in as_text(build_overview(store, vocabulary().functions), {})


def test_only_indicators_that_really_moved_are_listed() -> None:
    before = {"challenges": 1.0, "coachee_talk_share": 0.40, "future_share": 0.30}
    after = {"challenges": 1.0, "coachee_talk_share": 0.43, "future_share": 0.50, "dissonances": 2.0}
    assert [(m.indicator, m.arrow, m.describe()) for m in moves(before, after)] == [
        ("dissonances", "↑", "dissonance 0 → 2 ↑"), ("future_share", "↑", "future lessons 30% → 50% ↑")]


async def test_names_are_shown_as_written_never_read_as_markup(store: Store, app_factory: type) -> None:
    coach = store.partnerships.create("[b]Kit", "[/x]Lee")
    meeting = store.meetings.open(store.cycles.current(coach.id).id, Stage.PRE_LESSON)
    store.turns.add_many(meeting.id, EMERGING)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_practice(app, pilot, "[b]Kit")
        shown = screen_text(app)
        assert "My practice over time: [b]Kit" in shown and "[/x]Lee" in shown
        assert "with [/x]Lee" in str(screen.query_one("#practice-moved", Static).render())
