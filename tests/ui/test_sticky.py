"""Sticky tags that cannot mislabel turns silently: a third speaker for one turn only, values flagged when
held long, state kept per meeting and observer, and an undo that gives back the speaker and the clock."""

from __future__ import annotations

from pathlib import Path

from coachtui.core.model import Turn
from coachtui.core.tagging import LONG_HELD, StickyTags
from coachtui.screens.confirm import ConfirmScreen
from coachtui.store import Store
from coachtui.widgets.tagging.pane import TaggingPane
from coachtui.widgets.tagging.sticky_bar import describe
from tests.helpers import FakeTicker, answer_prompt, open_console, post_lesson_meeting, press_at, rows

SPEAKERS = "SELECT speaker, function FROM turn ORDER BY t, id"

# -- the pure state ---------------------------------------------------------------------------------


def commit(tags: StickyTags, function: str = "question", t: float = 0.0) -> tuple[Turn, StickyTags]:
    return tags.turn(function, t), tags.after_commit()


def test_the_observer_speaks_for_one_turn_and_the_alternation_carries_on() -> None:
    tags = StickyTags()
    first, tags = commit(tags)  # coach
    tags = tags.third_speaker()
    second, tags = commit(tags, "context")  # the observer, once
    third, tags = commit(tags, "explanation")  # the coachee was due before the observer spoke
    fourth, _ = commit(tags)
    assert [t.speaker for t in (first, second, third, fourth)] == ["coach", "observer", "coachee", "coach"]
    assert tags.third_speaker().third_speaker() == tags  # pressed twice: cancelled


def test_w_swaps_coach_and_coachee_and_never_lands_on_the_observer() -> None:
    tags = StickyTags()
    seen = set()
    for _ in range(5):
        tags = tags.next_speaker()
        seen.add(tags.next_speaker_name)
    assert seen == {"coach", "coachee"}


def test_a_value_held_for_many_turns_is_flagged_and_a_new_value_starts_the_count_again() -> None:
    tags = StickyTags().set("stimulus", "video extract").toggle("scale", "episode")
    for _ in range(LONG_HELD):
        _, tags = commit(tags)
    assert tags.held_for("stimulus") == LONG_HELD and sorted(tags.long_held()) == ["scale", "stimulus"]
    tags = tags.step("stimulus", 1)  # video extract -> lesson plan
    assert tags.held_for("stimulus") == 0 and tags.long_held() == ["scale"]
    assert tags.toggle("scale", "episode").long_held() == []  # cleared: nothing held
    text = " ".join(line.plain for line in describe(tags.step("stimulus", -1), 36))
    assert f"⚠{LONG_HELD} turns" in text


def test_fresh_tags_for_an_observer_follow_on_from_their_last_turn() -> None:
    turns = [Turn(t=1, speaker="coach", function="question"), Turn(t=5, speaker="coachee", function="explanation"),
             Turn(t=7, speaker="observer", function="context")]
    assert StickyTags.for_turns(turns, "Jo").speaker == "coach"  # the coachee spoke last of the pair
    assert StickyTags.for_turns(turns[:1], "Jo").speaker == "coachee"
    assert StickyTags.for_turns([], "Jo") == StickyTags(observer="Jo")


def test_undo_makes_the_undone_turns_speaker_due_again_with_its_opening() -> None:
    tags = StickyTags(initiation_armed=True)
    turn, tags = commit(tags)
    assert tags.speaker == "coachee" and not tags.initiation_armed
    back = tags.undone(turn)
    assert back.next_speaker_name == "coach" and back.initiation_armed


def test_every_sticky_value_is_shown_in_full_beside_the_timeline_at_80_columns() -> None:
    tags = StickyTags(observer="Priya", subject="wait time").set("scale", "school or societal issue") \
        .set("time", "future specific lessons").set("stimulus", "observation notes").set("tone", "very negative")
    for width in (34, 40, 78):
        lines = describe(tags, width)
        assert all(line.cell_len <= width for line in lines), width
        text = " ".join(line.plain for line in lines)
        for shown in ("school/society", "future lessons", "notes", "very negative", "wait time", "Priya"):
            assert shown in text, (width, shown)


# -- in the app -----------------------------------------------------------------------------------------


async def test_leaving_and_reopening_the_console_keeps_the_next_speaker_and_the_sticky_tags(
        app_factory, store: Store, db_path: Path, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_console(app, pilot, meeting_id)
        await pilot.press("2", "q")  # episode; the coach asks
        await pilot.press("escape")  # back to the meeting
        await pilot.pause()
        await pilot.press("c")  # the console again
        await pilot.pause()
        pane = app.screen.query_one(TaggingPane)
        assert pane.sticky.scale == "episode" and pane.sticky.speaker == "coachee"
        await press_at(pilot, ticker, 4, "x")
        await pilot.pause()
    assert rows(db_path, SPEAKERS) == [{"speaker": "coach", "function": "question"},
                                       {"speaker": "coachee", "function": "explanation"}]
    assert [r["scale"] for r in rows(db_path, "SELECT scale FROM turn ORDER BY id")] == ["episode", "episode"]


async def test_after_a_restart_the_next_speaker_follows_the_last_turn(
        app_factory, store: Store, db_path: Path, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    async with app_factory().run_test(size=(80, 24)) as pilot:
        await open_console(pilot.app, pilot, meeting_id)
        await pilot.press("q")
        await pilot.pause()
    async with app_factory().run_test(size=(80, 24)) as pilot:  # a new app: nothing kept in memory
        await open_console(pilot.app, pilot, meeting_id)
        await press_at(pilot, ticker, 5, "x")
        await pilot.pause()
    assert [r["speaker"] for r in rows(db_path, SPEAKERS)] == ["coach", "coachee"]


async def test_another_observer_starts_with_their_own_sticky_tags_and_the_first_gets_theirs_back(
        app_factory, store: Store, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        console = await open_console(app, pilot, meeting_id)
        first = console.query_one(TaggingPane).sticky.observer
        await pilot.press("m", "3", "q")  # video extract, then a question
        await pilot.press("p")
        await answer_prompt(pilot, "Lee")
        pane = console.query_one(TaggingPane)
        assert (pane.sticky.observer, pane.sticky.stimulus, pane.sticky.speaker) == ("Lee", "", "coach")
        await pilot.press("p")
        await answer_prompt(pilot, first)
        assert (pane.sticky.observer, pane.sticky.stimulus, pane.sticky.speaker) == (first, "video extract",
                                                                                     "coachee")


async def test_undoing_the_tag_that_started_the_clock_offers_to_stop_it_and_gives_the_speaker_back(
        app_factory, store: Store, db_path: Path, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        console = await open_console(app, pilot, meeting_id)
        await pilot.press("q")  # meant to quit: it tagged a question and started the clock
        await pilot.pause()
        assert console.clock.running
        ticker.advance(6)
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is console and not console.clock.running and console.clock.elapsed == 0
        assert console.query_one(TaggingPane).sticky.speaker == "coach"
    assert rows(db_path, "SELECT count(*) AS n FROM turn") == [{"n": 0}]
    assert rows(db_path, "SELECT clock_elapsed FROM meeting WHERE id = ?", (meeting_id,)) == [{"clock_elapsed": 0}]


async def test_undoing_a_later_turn_leaves_the_clock_alone(app_factory, store: Store, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        console = await open_console(app, pilot, meeting_id)
        await pilot.press("q")
        await press_at(pilot, ticker, 5, "x")
        await pilot.press("z")
        await pilot.pause()
        assert app.screen is console and console.clock.running
        assert console.query_one(TaggingPane).sticky.speaker == "coachee"


async def test_stamping_at_the_start_ends_each_turn_with_the_next_press(
        app_factory, store: Store, db_path: Path, ticker: FakeTicker) -> None:
    from dataclasses import replace as with_settings

    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    app.settings = with_settings(app.settings, stamp="start")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_console(app, pilot, meeting_id)
        await pilot.press("space")  # the clock runs from 0
        await press_at(pilot, ticker, 2, "q")  # the coach starts asking at 2 s
        await press_at(pilot, ticker, 6, "x")  # the coachee starts at 8 s: the question ended then
        await press_at(pilot, ticker, 20, "q")  # and the coach again at 28 s
        await pilot.pause()
    # Each stored stamp is its turn's end; the last turn's end is not known yet, so it keeps its start.
    assert [r["t"] for r in rows(db_path, "SELECT t FROM turn ORDER BY id")] == [8.0, 28.0, 28.0]
