"""A pair's figures count in the school's figures only while coach and coachee both agree, and no breakdown
of fewer than five partnerships (or role-play participants) is ever shown."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest

from coachtui.app import CoachApp, make_app
from coachtui.core.model import Participant, Stage
from coachtui.core.vocabulary import vocabulary
from coachtui.screens.arrangements import ArrangementsScreen
from coachtui.screens.coordinator import CoordinatorScreen
from coachtui.services.figure_tables import as_csv, build_tables
from coachtui.services.figures import Overview, as_text, build_overview, refresh_talk
from coachtui.store import Store
from tests.helpers import DEVELOPING, click_visible, school_of_three_coaches

FUNCTIONS = vocabulary().functions


def overview(store: Store) -> Overview:
    refresh_talk(store)
    return build_overview(store, FUNCTIONS)


def cached_partnerships(store: Store) -> set[str]:
    return {talk.group for talk in store.figures.meeting_talk()}


def test_figures_count_only_once_both_partners_agree_and_stop_the_moment_either_withdraws(store: Store) -> None:
    ids = school_of_three_coaches(store, 5, agree=False)
    # Nobody agreed: nothing is even cached.
    assert overview(store).counts is None and store.figures.meeting_talk() == []
    for pid in ids:
        store.partnerships.set_figures_consent(pid, coach=True)
    assert overview(store).counts is None and store.figures.meeting_talk() == []  # the coaches alone are not enough
    for pid in ids:
        agreed = store.partnerships.set_figures_consent(pid, coachee=True)
        assert agreed.figures_counted
    counts = overview(store).counts
    assert counts is not None and (counts["partnerships"], counts["meetings_tagged"]) == (5, 5)

    first_agreed = store.partnerships.get(ids[0]).figures_coach_agreed_at
    withdrawn = store.partnerships.set_figures_consent(ids[0], coachee=False)
    assert not withdrawn.figures_counted and withdrawn.figures_coach_agreed_at == first_agreed
    # The cache follows at once, before any refresh: the partnership's past meetings are gone from it.
    assert f"p{ids[0]}" not in cached_partnerships(store) and len(store.figures.meeting_talk()) == 4
    assert overview(store).counts is None  # four left: too few to show
    assert len(store.figures.meeting_talk()) == 4  # and a refresh does not bring them back

    store.partnerships.set_figures_consent(ids[0], coachee=True)
    assert overview(store).counts is not None and len(store.figures.meeting_talk()) == 5


@pytest.mark.parametrize(("partnerships", "shown"), [(1, False), (4, False), (5, True)])
def test_a_breakdown_of_fewer_than_five_partnerships_is_too_few_to_show(
        store: Store, partnerships: int, shown: bool) -> None:
    school_of_three_coaches(store, partnerships)  # three coaches share them
    figures = overview(store)
    text, table = as_text(figures, {}), as_csv(build_tables(store, FUNCTIONS))
    if not shown:
        assert figures == Overview(None, None, None, None, None, None, None)
        assert "too few to show" in text and f"partnerships: {partnerships}" not in text
        # Every table and breakdown is one row saying so: no month, level or count.
        rows = list(csv.DictReader(io.StringIO(table)))
        assert {row["note"] for row in rows} == {"too few to show"}
        assert {row["month"] + row["level"] + row["meetings"] for row in rows} == {""}
        return
    assert figures.counts is not None and figures.counts["partnerships"] == 5
    assert figures.time_use is not None and figures.time_use["meeting_minutes"] == 50.0
    assert figures.functions is not None and sum(figures.functions.values()) == 5 * len(DEVELOPING)
    assert figures.levels_by_cycle == {"cycle 1": {1: 0, 2: 5, 3: 0, 4: 0}}
    assert figures.levels_by_month == {"2026-11": {1: 0, 2: 5, 3: 0, 4: 0}}
    at_level_2 = [row for row in csv.DictReader(io.StringIO(table))
                  if (row["breakdown"], row["cycle"], row["level"]) == ("cycle level", "1", "2")]
    assert [row["meetings"] for row in at_level_2] == ["5"]  # five meetings at level 2 in cycle 1
    # The role-play sections have no rounds at all: still not shown, rather than shown as nothing.
    assert figures.role_play is None and "too few to show" in text


def role_plays(store: Store, coaches: int) -> None:
    """A training session in which `coaches` different participants each coach one tagged round."""
    people = [Participant(f"P{n}", 1, "") for n in range(1, coaches + 2)]
    plan = [(1, n, f"P{n}", f"P{n + 1}", ()) for n in range(1, coaches + 1)]
    session = store.training.create_session("SPR", title="", round_minutes=10, debrief_minutes=5,
                                            participants=people, plan=plan,
                                            scenarios={n: "a4l-exit-tickets" for n in range(1, coaches + 1)})
    for played in store.training.rounds(session.id):
        meeting_id = store.training.start_round(played.id, stage=Stage.PRE_LESSON, theme="a4l", focus="")
        store.turns.add_many(meeting_id, [replace(turn, observer="P9") for turn in DEVELOPING])
        store.meetings.end(meeting_id, 600)


@pytest.mark.parametrize(("coaches", "shown"), [(4, False), (5, True)])
def test_role_play_rounds_count_without_consent_but_only_for_five_participants_or_more(
        store: Store, coaches: int, shown: bool) -> None:
    role_plays(store, coaches)
    figures = overview(store)
    assert figures.counts is None  # no coaching partnership is counted
    if shown:
        assert figures.role_play == {"rounds_played": 5, "rounds_tagged": 5, "turns_tagged": 5 * len(DEVELOPING)}
        assert figures.role_play_levels_by_month == {"2026-11": {1: 0, 2: 5, 3: 0, 4: 0}}
    else:
        assert figures.role_play is None and figures.role_play_levels_by_month is None


# -- the pair decide on the arrangements screen; the coordinator's view follows ----------------------------


async def open_arrangements(app: CoachApp, pilot: object, partnership_id: int) -> ArrangementsScreen:
    app.open_partnership(partnership_id)
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press("1")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, ArrangementsScreen)
    return app.screen


async def coordinator_counts(app: CoachApp, pilot: object) -> dict[str, int] | None:
    """Open the coordinator's view from home and read what it counts; back home afterwards."""
    while len(app.screen_stack) > 1:
        app.pop_screen()
    await pilot.press("C")  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
    screen = app.screen
    assert isinstance(screen, CoordinatorScreen) and screen.overview is not None
    await pilot.press("escape")  # type: ignore[attr-defined]
    return screen.overview.counts


@pytest.mark.parametrize("who", ["both", "coach only", "coachee only"])
async def test_the_pair_agree_on_the_arrangements_screen_and_their_figures_appear_only_if_both_did(
        store: Store, db_path: Path, app_factory: type, who: str) -> None:
    *others, ours = school_of_three_coaches(store, 5)
    store.partnerships.set_figures_consent(ours, coach=False, coachee=False)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        assert await coordinator_counts(app, pilot) is None  # four partnerships: too few to show
        screen = await open_arrangements(app, pilot, ours)
        assert "Not counted" in str(screen.query_one("#figures-state").render())
        if who != "coachee only":
            await click_visible(pilot, "#figures_coach")
        if who != "coach only":
            await click_visible(pilot, "#figures_coachee")
        await pilot.pause()
        state = str(screen.query_one("#figures-state").render())
        counts = await coordinator_counts(app, pilot)
    if who == "both":
        assert state.startswith("Counted")
        assert counts is not None and (counts["partnerships"], counts["meetings_tagged"]) == (5, 5)
    else:  # withheld: the partnership's figures never reach the cache, so never the coordinator
        assert state.startswith("Not counted")
        assert counts is None and f"p{ours}" not in cached_partnerships(store)
    assert len(others) == 4


async def test_withdrawing_on_the_arrangements_screen_takes_every_past_meeting_out_at_once(
        store: Store, app_factory: type) -> None:
    *_, ours = school_of_three_coaches(store, 5)
    second = store.cycles.open_next(store.cycles.current(ours).id)  # an earlier cycle's meeting goes too
    meeting = store.meetings.open(second.id, Stage.POST_LESSON)
    store.turns.add_many(meeting.id, DEVELOPING)
    store.meetings.end(meeting.id, 600)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        counts = await coordinator_counts(app, pilot)
        assert counts is not None and counts["meetings_tagged"] == 6
        screen = await open_arrangements(app, pilot, ours)  # the arrangements of the partnership's second cycle
        await click_visible(pilot, "#figures_coachee")  # the coachee withdraws
        await pilot.pause()
        assert str(screen.query_one("#figures-state").render()).startswith("Not counted")
        assert f"p{ours}" not in cached_partnerships(store)  # before the coordinator even looks
        assert await coordinator_counts(app, pilot) is None  # four left: the figures disappear
    reopened = make_app(store.path)
    assert not reopened.store.partnerships.get(ours).figures_counted  # the withdrawal is saved
    reopened.store.close()
