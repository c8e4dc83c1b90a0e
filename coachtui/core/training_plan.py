"""Planning a coach-training session, and the plan file that carries it to each triad's laptop.

Pure functions, no Textual: the set-up form parses what the coordinator typed into participants,
groups and a rotation; the plan file lets every laptop in the room hold the same session, so the
round bundles they send back line up by session code, group and round.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coachtui.core.bundle import Fields
from coachtui.core.codes import PARTICIPANT_CODE, SCENARIO_KEY, SESSION_CODE
from coachtui.core.model import Participant
from coachtui.core.parsing import BadJson, json_data
from coachtui.core.rotation import (
    MAX_GROUPS,
    MAX_ROUNDS,
    Assignment,
    check_groups,
    form_groups,
    plan_problems,
    plan_rotation,
)
from coachtui.errors import CoachError, DataFileError
from coachtui.text import clean_text

PLAN_FORMAT = "coachtui-training-plan"
PLAN_VERSION = 1
PLAN_SUFFIX = ".coachplan.json"
MAX_PLAN_BYTES = 1_000_000
NAME_LIMIT = 80
TITLE_LIMIT = 80  # as the set-up form's title field allows
ROUND_MINUTES, DEBRIEF_MINUTES = (1, 60), (0, 60)  # the shortest and longest
# Said to participants in the plan and before each round's briefs: the terms on which rounds are counted.
ROLE_PLAY_FIGURES = ("Role-play rounds are exercises, not anyone's own practice: their tags count in the school's "
                     "anonymous figures on these terms, never with a name and never for fewer than five people.")
# A line written as "T07 = Sam Reed" gives both a code and a name.
CODE_AND_NAME = re.compile(r"^\s*(?P<code>[^=\s]+)\s*=\s*(?P<name>.*)$")


@dataclass(frozen=True)
class TrainingPlan:
    """Everything needed to create the session: who, in which group, and who plays what each round."""

    code: str
    title: str
    round_minutes: int
    debrief_minutes: int
    participants: tuple[Participant, ...]
    groups: tuple[tuple[str, ...], ...]
    assignments: tuple[Assignment, ...]
    scenarios: dict[int, str]  # round number -> scenario id, the same for every group
    problems: tuple[str, ...] = ()  # what the numbers do not allow, shown before starting

    @property
    def rounds(self) -> int:
        return max((played.round for played in self.assignments), default=0)

    def rows(self) -> list[tuple[int, int, str, str, tuple[str, ...]]]:
        """The plan as the store takes it: (group, round, coach, coachee, observers)."""
        return [(a.group, a.round, a.coach, a.coachee, a.observers) for a in self.assignments]

    def name_of(self, code: str) -> str:
        return next((person.name for person in self.participants if person.code == code), "")


def who(code: str, names: Mapping[str, str]) -> str:
    """A participant as the room knows them: 'P1 Ana Lopez', or the code alone when no name was typed."""
    name = names.get(code, "")
    return f"{code} {name}" if name else code


def parse_participants(text: str) -> list[list[tuple[str, str]]]:
    """Blocks of (code, name) as typed, one person a line, a blank line between blocks.

    A line is `CODE = Name`, a code alone (letters and at least one digit, such as T07), or a name,
    which is given a code later. Names stay on this laptop; bundles and figures carry codes.
    """
    blocks: list[list[tuple[str, str]]] = [[]]
    for number, raw in enumerate(text.splitlines(), 1):
        line = " ".join(clean_text(raw).split())
        if not line:
            if blocks[-1]:
                blocks.append([])
            continue
        match = CODE_AND_NAME.match(line)
        if match:
            code, name = match["code"], match["name"].strip()
            if not PARTICIPANT_CODE.fullmatch(code):
                raise CoachError(f"Line {number}: '{code}' cannot be a code: use up to 16 letters, digits, "
                                 "'-' or '_'.")
        elif PARTICIPANT_CODE.fullmatch(line) and any(ch.isdigit() for ch in line):
            code, name = line, ""
        else:
            code, name = "", line
        if len(name) > NAME_LIMIT:
            raise CoachError(f"Line {number}: a name can be at most {NAME_LIMIT} characters.")
        blocks[-1].append((code, name))
    return [block for block in blocks if block]


def assign_codes(blocks: Sequence[Sequence[tuple[str, str]]]) -> list[list[tuple[str, str]]]:
    """Give every name without a code the next free P1, P2, …"""
    taken = {code.lower() for block in blocks for code, _ in block if code}
    counter = 0
    out = []
    for block in blocks:
        coded = []
        for code, name in block:
            if not code:
                counter += 1
                while f"p{counter}" in taken:
                    counter += 1
                code = f"P{counter}"
                taken.add(code.lower())
            coded.append((code, name))
        out.append(coded)
    return out


def choose_scenarios(available: Sequence[tuple[str, str]], rounds: int, chosen: Sequence[str] = ()) -> dict[int, str]:
    """Which scenario each round plays: the chosen ones in order, repeated if there are more rounds;
    with none chosen, a different theme each round while themes last. `available` is (id, theme)."""
    if not available and not chosen:
        raise CoachError("There are no scenarios to play; add one to the scenarios folder.")
    if chosen:
        return {number: chosen[(number - 1) % len(chosen)] for number in range(1, rounds + 1)}
    by_theme: dict[str, list[str]] = {}
    for scenario_id, theme in available:
        by_theme.setdefault(theme, []).append(scenario_id)
    spread: list[str] = []
    while len(spread) < len(available):
        for ids in by_theme.values():
            taken = sum(1 for item in spread if item in ids)
            if taken < len(ids):
                spread.append(ids[taken])
    return {number: spread[(number - 1) % len(spread)] for number in range(1, rounds + 1)}


def make_plan(*, code: str, title: str, people: str, by_hand: bool, rounds: int, round_minutes: int,
              debrief_minutes: int, scenarios: dict[int, str]) -> TrainingPlan:
    """The whole plan from the form's fields; CoachError says what to change."""
    blocks = assign_codes(parse_participants(people))
    everyone = [person for block in blocks for person in block]
    codes = [person_code for person_code, _ in everyone]
    if by_hand:
        groups = [tuple(person_code for person_code, _ in block) for block in blocks]
        check_groups(groups, codes)
    else:
        groups = form_groups(codes)
    group_of = {person_code: number for number, group in enumerate(groups, 1) for person_code in group}
    names = dict(everyone)
    participants = tuple(Participant(person_code, group_of[person_code], names[person_code]) for person_code in codes)
    if not ROUND_MINUTES[0] <= round_minutes <= ROUND_MINUTES[1]:
        raise CoachError(f"A round lasts {ROUND_MINUTES[0]} to {ROUND_MINUTES[1]} minutes.")
    if not DEBRIEF_MINUTES[0] <= debrief_minutes <= DEBRIEF_MINUTES[1]:
        raise CoachError(f"A debrief lasts {DEBRIEF_MINUTES[0]} to {DEBRIEF_MINUTES[1]} minutes.")
    assignments = plan_rotation(groups, rounds)
    return TrainingPlan(code=code.strip(), title=" ".join(clean_text(title).split()), round_minutes=round_minutes,
                        debrief_minutes=debrief_minutes, participants=participants,
                        groups=tuple(tuple(group) for group in groups), assignments=tuple(assignments),
                        scenarios=dict(scenarios), problems=tuple(plan_problems(assignments, groups)))


# -- the plan file ---------------------------------------------------------------------

def plan_to_json(plan: TrainingPlan) -> str:
    data = {
        "format": PLAN_FORMAT, "version": PLAN_VERSION, "code": plan.code, "title": plan.title,
        "round_minutes": plan.round_minutes, "debrief_minutes": plan.debrief_minutes,
        "participants": [{"code": p.code, "name": p.name, "group": p.group} for p in plan.participants],
        "scenarios": {str(number): scenario for number, scenario in sorted(plan.scenarios.items())},
        "rounds": [{"group": a.group, "round": a.round, "coach": a.coach, "coachee": a.coachee,
                    "observers": list(a.observers)} for a in plan.assignments],
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def plan_from_json(text: str, origin: str) -> TrainingPlan:
    """A plan from its file's text, checked field by field as a round bundle is: every group numbered
    1 to n plays every round 1 to the last exactly once. DataFileError names the file, the field and
    the first problem."""
    try:
        data = json_data(text)
    except json.JSONDecodeError as error:
        raise DataFileError(f"{origin} is not a training plan: not JSON (line {error.lineno}).") from None
    except BadJson as error:
        raise DataFileError(f"{origin} is not a usable training plan: {error}.") from None
    if not isinstance(data, dict) or data.get("format") != PLAN_FORMAT:
        raise DataFileError(f"{origin} is not a coachtui training plan.")
    if data.get("version") != PLAN_VERSION:
        raise DataFileError(f"{origin} is a plan of version {data.get('version')!r}; this coachtui reads version "
                            f"{PLAN_VERSION}. Update coachtui on this laptop.")

    def bad(where: str = "") -> Callable[[str], DataFileError]:
        return lambda problem: DataFileError(f"{origin}: {where}{problem}.")

    refuse = bad()
    get = Fields(data, refuse)
    code, title = get.matching("code", SESSION_CODE), get.text("title", limit=TITLE_LIMIT, optional=True)
    round_minutes = get.whole("round_minutes", *ROUND_MINUTES)
    debrief_minutes = get.whole("debrief_minutes", *DEBRIEF_MINUTES)
    participants = tuple(_participant(Fields(person, bad(f"entry {index} of 'participants': ")))
                         for index, person in enumerate(get.tables("participants"), 1))
    group_numbers = {person.group for person in participants}
    gap = next((number for number in range(1, len(group_numbers) + 1) if number not in group_numbers), None)
    if gap is not None:
        raise refuse(f"the groups must be numbered from 1 with none left out: no one is in group {gap}")
    groups = [tuple(person.code for person in participants if person.group == number)
              for number in range(1, len(group_numbers) + 1)]
    try:
        check_groups(groups, [person.code for person in participants])
    except CoachError as error:
        raise DataFileError(f"{origin}: {error}") from None
    scenarios = _scenarios(get.table("scenarios"), refuse)
    assignments: list[Assignment] = []
    planned: set[tuple[int, int]] = set()  # (group, round)
    for index, row in enumerate(get.tables("rounds"), 1):
        fields = Fields(row, bad(f"entry {index} of 'rounds': "))
        played = Assignment(fields.whole("group", 1, len(groups)), fields.whole("round", 1, MAX_ROUNDS),
                            fields.matching("coach", PARTICIPANT_CODE), fields.matching("coachee", PARTICIPANT_CODE),
                            fields.codes("observers"))
        if sorted((played.coach, played.coachee, *played.observers)) != sorted(groups[played.group - 1]):
            raise refuse(f"round {played.round} of group {played.group} does not give each member of that group "
                         "exactly one role")
        if played.round not in scenarios:
            raise refuse(f"round {played.round} has no scenario")
        if (played.group, played.round) in planned:
            raise refuse(f"round {played.round} of group {played.group} is listed twice")
        planned.add((played.group, played.round))
        assignments.append(played)
    if not assignments:
        raise DataFileError(f"{origin} plans no rounds.")
    rounds = max(played.round for played in assignments)
    for group in range(1, len(groups) + 1):
        missing = next((number for number in range(1, rounds + 1) if (group, number) not in planned), None)
        if missing is not None:
            raise refuse(f"group {group} has no round {missing} (every group plays rounds 1 to {rounds})")
    unplayed = sorted(set(scenarios) - set(range(1, rounds + 1)))
    if unplayed:
        raise refuse(f"it names a scenario for round {unplayed[0]}, which no group plays")
    # What the checks above let through: unknown (often misspelt) fields, and values of the wrong type.
    from coachtui.core.schemas import checked
    from coachtui.core.schemas.plan_file import PlanFile

    checked(data, PlanFile, refuse)
    return TrainingPlan(code=code, title=title, round_minutes=round_minutes, debrief_minutes=debrief_minutes,
                        participants=participants, groups=tuple(groups), assignments=tuple(assignments),
                        scenarios=scenarios)


def _participant(fields: Fields) -> Participant:
    return Participant(fields.matching("code", PARTICIPANT_CODE), fields.whole("group", 1, MAX_GROUPS),
                       fields.text("name", limit=NAME_LIMIT, optional=True))


def _scenarios(table: dict[str, Any], bad: Callable[[str], DataFileError]) -> dict[int, str]:
    """Round number -> scenario id; the keys are round numbers as JSON writes them ("1", not "01")."""
    scenarios = {}
    for key, scenario in table.items():
        if not (key.isascii() and key.isdigit() and key == str(int(key)) and 1 <= int(key) <= MAX_ROUNDS):
            raise bad(f"the scenarios must be listed by round number, 1 to {MAX_ROUNDS}, not {key!r}")
        if not isinstance(scenario, str) or not SCENARIO_KEY.fullmatch(scenario):
            raise bad(f"the scenario for round {key} is not a valid scenario id: {scenario!r}")
        scenarios[int(key)] = scenario
    return scenarios
