"""Groups for coach-training role-plays and the rotation of roles over the rounds.

Pure functions: participants are codes, a group is a tuple of codes, and a plan lists who coaches,
who is coached and who observes in each group's every round.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coachtui.core.codes import PARTICIPANT_CODE
from coachtui.errors import CoachError

MIN_PEOPLE, MAX_PEOPLE = 3, 60
MAX_ROUNDS = 12
MAX_GROUPS = MAX_PEOPLE // MIN_PEOPLE
ROLES = ("coach", "coachee", "observer")


@dataclass(frozen=True)
class Assignment:
    group: int  # 1-based
    round: int  # 1-based
    coach: str
    coachee: str
    observers: tuple[str, ...]

    def role_of(self, code: str) -> str:
        if code == self.coach:
            return "coach"
        return "coachee" if code == self.coachee else "observer"


def check_codes(codes: Sequence[str]) -> None:
    """Raise CoachError unless the codes are valid, distinct, and enough for a triad."""
    for code in codes:
        if not PARTICIPANT_CODE.fullmatch(code):
            raise CoachError(f"'{code}' cannot be a participant code: use up to 16 letters, digits, '-' or '_', "
                             "starting with a letter or digit.")
    seen: dict[str, str] = {}
    for code in codes:
        if code.lower() in seen:
            raise CoachError(f"The code '{code}' is used twice (codes ignore upper and lower case).")
        seen[code.lower()] = code
    if len(codes) < MIN_PEOPLE:
        raise CoachError(f"Role-plays need at least {MIN_PEOPLE} people: a coach, a coachee and an observer.")
    if len(codes) > MAX_PEOPLE:
        raise CoachError(f"One training session takes at most {MAX_PEOPLE} people; split the group.")


def group_sizes(count: int) -> list[int]:
    """Threes where possible; a four takes an extra observer; five people make one group of five."""
    if count == 5:
        return [5]
    fours = count % 3  # one four for a remainder of one, two fours for a remainder of two
    return [3] * ((count - 4 * fours) // 3) + [4] * fours


def form_groups(codes: Sequence[str]) -> list[tuple[str, ...]]:
    """Split participants, in the order given, into groups of three (or four, or one of five)."""
    check_codes(codes)
    groups, start = [], 0
    for size in group_sizes(len(codes)):
        groups.append(tuple(codes[start:start + size]))
        start += size
    return groups


def check_groups(groups: Sequence[Sequence[str]], codes: Sequence[str]) -> None:
    """Groups made by hand: everyone in exactly one group, and every group at least three people."""
    check_codes(codes)
    placed = [code for group in groups for code in group]
    for code in codes:
        if placed.count(code) == 0:
            raise CoachError(f"{code} is not in any group.")
        if placed.count(code) > 1:
            raise CoachError(f"{code} is in more than one group.")
    strangers = sorted(set(placed) - set(codes))
    if strangers:
        raise CoachError(f"{strangers[0]} is in a group but not among the participants.")
    for number, group in enumerate(groups, 1):
        if len(group) < MIN_PEOPLE:
            raise CoachError(f"Group {number} has {len(group)} people; a role-play needs at least three.")


def plan_rotation(groups: Sequence[Sequence[str]], rounds: int) -> list[Assignment]:
    """Who plays which role in each group's rounds.

    Each member coaches once before anyone coaches twice; the coachee is the member `offset` places
    on, and the offset changes after each full turn round the group, so a pairing repeats only
    once every other pairing has been played.
    """
    if not 1 <= rounds <= MAX_ROUNDS:
        raise CoachError(f"Choose between 1 and {MAX_ROUNDS} rounds.")
    plan = []
    for number, group in enumerate(groups, 1):
        size = len(group)
        for index in range(rounds):
            offset = 1 + (index // size) % (size - 1)
            coach = group[index % size]
            coachee = group[(index % size + offset) % size]
            observers = tuple(code for code in group if code not in (coach, coachee))
            plan.append(Assignment(number, index + 1, coach, coachee, observers))
    return plan


def role_counts(plan: Sequence[Assignment]) -> dict[str, dict[str, int]]:
    """How often each participant plays each role."""
    counts: dict[str, dict[str, int]] = {}
    for played in plan:
        for code in (played.coach, played.coachee, *played.observers):
            counts.setdefault(code, dict.fromkeys(ROLES, 0))[played.role_of(code)] += 1
    return counts


def plan_problems(plan: Sequence[Assignment], groups: Sequence[Sequence[str]]) -> list[str]:
    """Sentences for whatever the numbers do not allow: someone who never coaches or is never coached."""
    counts = role_counts(plan)
    problems = []
    rounds = max((played.round for played in plan), default=0)
    for group in groups:
        for code in group:
            played = counts.get(code, dict.fromkeys(ROLES, 0))
            missing = [role for role in ("coach", "coachee") if not played[role]]
            if missing:
                problems.append(f"With {rounds} round{'s' if rounds != 1 else ''}, {code} is never "
                                f"{' or '.join('the ' + role for role in missing)}.")
    return problems
