"""The round bundle: one role-play round from a triad's laptop, as a JSON file for the coordinator.

It carries codes, timings and the observers' tags. Free text (a turn's subject and note, the
observers' notes) travels only when the triad ticks to include it; otherwise it is blanked before
the file is written, and a file that says it holds no text but does is refused on import.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

from coachtui.core.codes import PARTICIPANT_CODE, SCENARIO_KEY, SESSION_CODE
from coachtui.core.model import Turn
from coachtui.core.parsing import BadJson, json_data
from coachtui.core.rotation import MAX_GROUPS, MAX_ROUNDS
from coachtui.errors import DataFileError
from coachtui.text import clean_text

FORMAT, VERSION = "coachtui-round", 1
SUFFIX = ".coachround.json"
MAX_TURNS = 20_000
MAX_BYTES = 20_000_000
TURN_FIELDS = ("t", "speaker", "function", "initiation", "stimulus", "scale", "tone", "time", "co_construction")
TEXT_FIELDS = ("subject", "note")


@dataclass(frozen=True)
class RoundBundle:
    session: str
    group: int
    round: int
    scenario: str
    stage: int  # 2 pre-lesson or 4 post-lesson: which meeting the round played
    coach: str
    coachee: str
    observers: tuple[str, ...]
    planned_minutes: int
    elapsed_seconds: float
    played_on: str  # ISO date
    turns: dict[str, tuple[Turn, ...]] = field(default_factory=dict)  # observer code -> their turns
    includes_text: bool = False
    notes: str = ""  # the observers' notes, only when the triad chose to include text

    def file_name(self) -> str:
        return f"{self.session}-group{self.group}-round{self.round}{SUFFIX}"


def without_text(bundle: RoundBundle) -> RoundBundle:
    """The same round with every free-text field blanked."""
    turns = {code: tuple(replace(t, subject="", note="") for t in tagged) for code, tagged in bundle.turns.items()}
    return replace(bundle, turns=turns, includes_text=False, notes="")


def bundle_to_json(bundle: RoundBundle) -> str:
    data = {"format": FORMAT, "version": VERSION, **asdict(bundle)}
    data["observers"] = list(bundle.observers)
    data["turns"] = {code: [_turn_data(t, bundle.includes_text) for t in tagged]
                     for code, tagged in bundle.turns.items()}
    if not bundle.includes_text:
        del data["notes"]
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def _turn_data(turn: Turn, with_text: bool) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(turn, name) for name in TURN_FIELDS}
    data["co_construction"] = int(turn.co_construction)
    if with_text:
        data.update(subject=turn.subject, note=turn.note)
    return data


def bundle_from_json(text: str, origin: str) -> RoundBundle:
    """Check every field of a bundle file; DataFileError names the file and the first problem."""
    def bad(problem: str) -> DataFileError:
        return DataFileError(f"{origin} is not a usable round bundle: {problem}.")

    try:
        data = json_data(text)
    except json.JSONDecodeError as error:
        raise bad(f"it is not valid JSON (line {error.lineno})") from None
    except BadJson as error:
        raise bad(str(error)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise bad("it is not a coachtui round file")
    if data.get("version") != VERSION:
        raise bad(f"it is version {data.get('version')!r}; this coachtui reads version {VERSION}")
    get = Fields(data, bad)
    session = get.matching("session", SESSION_CODE)
    group, number = get.whole("group", 1, MAX_GROUPS), get.whole("round", 1, MAX_ROUNDS)
    scenario = get.matching("scenario", SCENARIO_KEY)
    stage = get.whole("stage", 2, 4)
    if stage == 3:
        raise bad("'stage' must be 2 (pre-lesson) or 4 (post-lesson)")
    coach, coachee = get.matching("coach", PARTICIPANT_CODE), get.matching("coachee", PARTICIPANT_CODE)
    observers = get.codes("observers")
    planned = get.whole("planned_minutes", 1, 60)
    elapsed = get.number("elapsed_seconds", 0, 6 * 3600)
    played_on = get.text("played_on")
    try:
        date.fromisoformat(played_on)
    except ValueError:
        raise bad(f"'played_on' is not a date: {played_on!r}") from None
    includes_text = data.get("includes_text")
    if not isinstance(includes_text, bool):
        raise bad("'includes_text' must be true or false")
    notes = data.get("notes", "")
    if not isinstance(notes, str) or (notes and not includes_text):
        raise bad("it holds notes although it says it carries no free text")
    if len({coach, coachee, *observers}) != 2 + len(observers):
        raise bad("someone plays two roles in the same round")
    turns = _turns(data.get("turns"), includes_text, bad)
    strangers = sorted(set(turns) - set(observers))
    if strangers:
        raise bad(f"turns were tagged by {strangers[0]}, who is not one of the round's observers")
    _check_shape(data, bad)
    return RoundBundle(session, group, number, scenario, stage, coach, coachee, observers, planned, elapsed,
                       played_on, turns, includes_text, clean_text(notes))


def _check_shape(data: dict[str, Any], bad: Callable[[str], DataFileError]) -> None:
    """What the checks above let through: unknown fields, and a value of the wrong type that Python would
    take anyway (`"t": true` or `"t": "1e2"`, refused as the turns importer refuses them)."""
    from coachtui.core.schemas import checked
    from coachtui.core.schemas.round_file import RoundFile

    checked(data, RoundFile, bad)


def _turns(raw: Any, includes_text: bool, bad: Any) -> dict[str, tuple[Turn, ...]]:
    from coachtui.core.vocabulary import turn_problems

    if not isinstance(raw, dict):
        raise bad("'turns' must map each observer's code to their turns")
    if sum(len(v) for v in raw.values() if isinstance(v, list)) > MAX_TURNS:
        raise bad(f"it holds more than {MAX_TURNS} turns")
    turns: dict[str, tuple[Turn, ...]] = {}
    for code, tagged in raw.items():
        if not isinstance(code, str) or not PARTICIPANT_CODE.fullmatch(code) or not isinstance(tagged, list):
            raise bad(f"the turns of {code!r} are not a list under a participant code")
        parsed = []
        for index, item in enumerate(tagged, 1):
            where = f"turn {index} of {code}"
            if not isinstance(item, dict):
                raise bad(f"{where} is not an object")
            text = {name: item.get(name, "") for name in TEXT_FIELDS}
            if any(not isinstance(v, str) for v in text.values()) or (any(text.values()) and not includes_text):
                raise bad(f"{where} holds free text although the file says it carries none")
            unknown = set(item) - set(TURN_FIELDS) - set(TEXT_FIELDS)
            if unknown:
                raise bad(f"{where} has an unknown field '{sorted(unknown)[0]}'")
            try:
                turn = Turn(t=float(item["t"]), speaker=str(item["speaker"]), function=str(item["function"]),
                            initiation=str(item.get("initiation", "")), stimulus=str(item.get("stimulus", "none")),
                            scale=str(item.get("scale", "")), tone=str(item.get("tone", "neutral")),
                            time=str(item.get("time", "")), co_construction=item.get("co_construction", 0) in (1, True),
                            observer=code, subject=clean_text(text["subject"]), note=clean_text(text["note"]))
            except (KeyError, TypeError, ValueError) as error:
                raise bad(f"{where} is missing or has a malformed field ({error})") from None
            if not 0 <= turn.t <= 6 * 3600 or item.get("co_construction", 0) not in (0, 1, True, False):
                raise bad(f"{where} has a time or co-construction value out of range")
            problems = turn_problems(turn)
            if problems:
                raise bad(f"{where}: {problems[0]}")
            parsed.append(turn)
        turns[code] = tuple(parsed)
    return turns


class Fields:
    """Typed reads of one JSON object's fields, each failing through `bad` with the field's name.

    Shared by the round bundle and the training plan, so both files are held to the same rules.
    """

    def __init__(self, data: dict[str, Any], bad: Callable[[str], Exception]) -> None:
        self.data, self.bad = data, bad

    def text(self, name: str, *, limit: int | None = None, optional: bool = False) -> str:
        """The field's text without control characters (a name or title from a file is never an escape
        sequence for the terminal); with `optional`, "" when it is absent or null."""
        return clean_text(self._string(name, limit=limit, optional=optional))

    def _string(self, name: str, *, limit: int | None = None, optional: bool = False) -> str:
        value = self.data.get(name)
        if optional and value is None:
            return ""
        if limit is not None and (not isinstance(value, str) or len(value) > limit):
            raise self.bad(f"'{name}' must be text of at most {limit} characters")
        if not isinstance(value, str):
            raise self.bad(f"'{name}' is missing or is not text")
        return value

    def matching(self, name: str, pattern: re.Pattern[str]) -> str:
        value = self._string(name)  # a code as written: a stray character in it is refused, not dropped
        if not pattern.fullmatch(value):
            raise self.bad(f"'{name}' is not a valid code: {value!r}")
        return value

    def whole(self, name: str, low: int, high: int) -> int:
        value = self.data.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise self.bad(f"'{name}' must be a whole number from {low} to {high}")
        return value

    def number(self, name: str, low: float, high: float) -> float:
        value = self.data.get(name)
        if not isinstance(value, int | float) or isinstance(value, bool) or not low <= value <= high:
            raise self.bad(f"'{name}' must be a number from {low:g} to {high:g}")
        return float(value)

    def codes(self, name: str) -> tuple[str, ...]:
        value = self.data.get(name)
        if not isinstance(value, list) or not value or not all(
                isinstance(c, str) and PARTICIPANT_CODE.fullmatch(c) for c in value):
            raise self.bad(f"'{name}' must list one or more participant codes")
        return tuple(value)

    def tables(self, name: str) -> list[dict[str, Any]]:
        value = self.data.get(name)
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.bad(f"'{name}' is missing or not a list, one table of fields per item")
        return value

    def table(self, name: str) -> dict[str, Any]:
        value = self.data.get(name)
        if not isinstance(value, dict):
            raise self.bad(f"'{name}' is missing or not a table of fields")
        return value
