"""Role rotation for training sessions: groups, plans for 3 to 12 people, and what they guarantee."""

from __future__ import annotations

from collections import Counter

import pytest

from coachtui.core.rotation import (
    Assignment,
    check_groups,
    form_groups,
    group_sizes,
    plan_problems,
    plan_rotation,
    role_counts,
)
from coachtui.errors import CoachError


def codes(count: int) -> list[str]:
    return [f"P{n}" for n in range(1, count + 1)]


@pytest.mark.parametrize(("count", "sizes"), [
    (3, [3]), (4, [4]), (5, [5]), (6, [3, 3]), (7, [3, 4]), (8, [4, 4]), (9, [3, 3, 3]), (10, [3, 3, 4]),
    (11, [3, 4, 4]), (12, [3, 3, 3, 3]),
])
def test_groups_are_threes_with_fours_for_the_remainder(count: int, sizes: list[int]) -> None:
    assert group_sizes(count) == sizes
    groups = form_groups(codes(count))
    assert [len(g) for g in groups] == sizes
    assert [c for g in groups for c in g] == codes(count)  # everyone once, in the order given


def test_a_triad_over_three_rounds_plays_each_role_once() -> None:
    plan = plan_rotation([("A", "B", "C")], 3)
    assert plan == [Assignment(1, 1, "A", "B", ("C",)), Assignment(1, 2, "B", "C", ("A",)),
                    Assignment(1, 3, "C", "A", ("B",))]
    assert role_counts(plan) == {code: {"coach": 1, "coachee": 1, "observer": 1} for code in "ABC"}


def test_a_four_over_four_rounds_coaches_and_is_coached_once_and_observes_twice() -> None:
    plan = plan_rotation([("A", "B", "C", "D")], 4)
    assert [(p.coach, p.coachee, p.observers) for p in plan] == [
        ("A", "B", ("C", "D")), ("B", "C", ("A", "D")), ("C", "D", ("A", "B")), ("D", "A", ("B", "C"))]


def test_a_second_turn_round_the_triad_pairs_people_the_other_way() -> None:
    plan = plan_rotation([("A", "B", "C")], 6)
    pairs = [(p.coach, p.coachee) for p in plan]
    assert len(set(pairs)) == 6  # all six ordered pairings, none repeated
    assert pairs[3:] == [("A", "C"), ("B", "A"), ("C", "B")]


def check_plan(groups: list[tuple[str, ...]], plan: list[Assignment], rounds: int) -> None:
    """Every rule a plan must keep, checked independently of the planner's own code."""
    assert len(plan) == len(groups) * rounds
    for played in plan:
        group = groups[played.group - 1]
        roles = [played.coach, played.coachee, *played.observers]
        assert sorted(roles) == sorted(group)  # each member exactly one role
        assert played.coach != played.coachee
        assert played.coach not in played.observers and played.coachee not in played.observers
    for number, group in enumerate(groups, 1):
        mine = [p for p in plan if p.group == number]
        for role in ("coach", "coachee"):
            seen: Counter[str] = Counter()
            for played in mine:
                person = getattr(played, role)
                # Only someone among the fewest turns in this role may take it next.
                assert seen[person] == min(seen[m] for m in group), f"{person} is {role} again too soon"
                seen[person] += 1
            if rounds >= len(group):
                assert set(seen) == set(group)
        pairs = [(p.coach, p.coachee) for p in mine]
        distinct_possible = len(group) * (len(group) - 1)
        assert len(set(pairs)) == min(len(pairs), distinct_possible)


@pytest.mark.parametrize("count", range(3, 13))
@pytest.mark.parametrize("rounds", [1, 2, 3, 4, 5, 6])
def test_every_plan_for_3_to_12_people_keeps_the_rules(count: int, rounds: int) -> None:
    groups = form_groups(codes(count))
    plan = plan_rotation(groups, rounds)
    check_plan(groups, plan, rounds)
    problems = plan_problems(plan, groups)
    if rounds >= max(len(g) for g in groups):
        assert problems == []
    assert all(code in " ".join(problems) for g in groups for code in g
               if rounds < len(g) and code == g[-1])


def test_problems_name_who_never_coaches_when_rounds_are_few() -> None:
    plan = plan_rotation([("A", "B", "C")], 2)
    assert plan_problems(plan, [("A", "B", "C")]) == [
        "With 2 rounds, A is never the coachee.", "With 2 rounds, C is never the coach."]
    plan = plan_rotation([("A", "B", "C")], 1)
    assert plan_problems(plan, [("A", "B", "C")]) == [
        "With 1 round, A is never the coachee.", "With 1 round, B is never the coach.",
        "With 1 round, C is never the coach or the coachee."]


@pytest.mark.parametrize(("given", "message"), [
    (["P1", "P2"], "at least 3 people"),
    (["P1", "P2", "p1"], "'p1' is used twice"),
    (["P1", "P2", "Ana Lopez"], "'Ana Lopez' cannot be a participant code"),
    (["P1", "P2", ""], "'' cannot be a participant code"),
    (["P1", "P2", "P3\n"], "'P3\n' cannot be a participant code"),
    ([f"P{n}" for n in range(61)], "at most 60 people"),
])
def test_bad_participant_lists_are_refused_with_a_reason(given: list[str], message: str) -> None:
    with pytest.raises(CoachError, match=message.replace("(", r"\(")):
        form_groups(given)


@pytest.mark.parametrize(("groups", "message"), [
    ([("P1", "P2", "P3"), ("P4",)], "P5 is not in any group"),
    ([("P1", "P2", "P3"), ("P3", "P4", "P5")], "P3 is in more than one group"),
    ([("P1", "P2", "P3", "P4", "P5", "P9")], "P9 is in a group but not among the participants"),
    ([("P1", "P2"), ("P3", "P4", "P5")], "Group 1 has 2 people"),
])
def test_groups_made_by_hand_are_checked(groups: list[tuple[str, ...]], message: str) -> None:
    with pytest.raises(CoachError, match=message):
        check_groups(groups, codes(5))


def test_rounds_are_between_one_and_twelve() -> None:
    with pytest.raises(CoachError, match="between 1 and 12 rounds"):
        plan_rotation([("A", "B", "C")], 13)
    with pytest.raises(CoachError, match="between 1 and 12 rounds"):
        plan_rotation([("A", "B", "C")], 0)
