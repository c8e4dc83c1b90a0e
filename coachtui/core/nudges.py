"""Nudges: rules kept as data watch the live tags and offer the coach one question at a time.

Pure and fed live: the meeting screen gives the watcher each tagged turn and the clock's reading;
the watcher says when a rule fires, when a later tag takes the nudge up, and when it lapses.
Time is the meeting clock in seconds, always given by the caller.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from coachtui.core.analysis import DEFENCE, TalkAnalysis
from coachtui.core.model import GROW_ORDER, GrowPhase, NudgeRecord, Turn, format_clock
from coachtui.core.parsing import toml_data
from coachtui.errors import PackError
from coachtui.text import clean_text

# Each pattern and the parameters it needs.
PATTERNS: dict[str, tuple[str, ...]] = {
    "quiet_challenge": ("minutes", "min_turns"),
    "defence_only": ("challenges",),
    "no_future_late": ("minutes_left",),
    "coach_led_run": ("initiations",),
    "critical_moment_unused": ("minutes",),
}
# Counts are whole numbers of turns, challenges or initiations: 0 would make a rule fire at once.
COUNTS = ("min_turns", "challenges", "initiations")
MAX_COUNT = 100
# Minutes of meeting clock; more than two hours is a slip (seconds typed for minutes, say).
MAX_MINUTES = 120
TAKE_UP_DIMENSIONS = {"function": "function", "time": "time", "initiation": "initiation", "scale": "scale",
                      "stimulus": "stimulus", "speaker": "speaker"}


@dataclass(frozen=True)
class TakeUp:
    """Which following tag counts as the coach taking the nudge up, and within how many turns."""

    values: dict[str, tuple[str, ...]]
    within_turns: int = 6

    def matches(self, turn: Turn) -> bool:
        return any(getattr(turn, dimension) in wanted for dimension, wanted in self.values.items())


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    pattern: str
    params: dict[str, float]
    taken_up: TakeUp
    questions: dict[GrowPhase, str]
    pack_questions: dict[str, dict[GrowPhase, str]] = field(default_factory=dict)
    enabled: bool = True

    def question(self, phase: GrowPhase, pack: str) -> str:
        """The pack's own question for this phase where it has one, else the rule's."""
        return self.pack_questions.get(pack, {}).get(phase) or self.questions[phase]


@dataclass(frozen=True)
class Nudge:
    rule_id: str
    title: str
    question: str
    fired_at: float
    phase: GrowPhase


@dataclass(frozen=True)
class TakenUp:
    rule_id: str
    fired_at: float
    turn_t: float


class NudgeWatcher:
    """Fires at most one nudge at a time; a dismissed rule stays quiet for the rest of the meeting.

    A rule fires when its pattern starts to hold. It does not fire again while the pattern keeps
    holding: after it is taken up or lapses, it waits for the pattern to stop holding first.
    """

    def __init__(self, rules: Sequence[Rule], *, planned_seconds: float, pack: str,
                 critical_incidents: int = 0, analysis: TalkAnalysis | None = None) -> None:
        """With `analysis`, the watcher reads the talk its owner counts (the meeting's one analysis, which the
        indicators show too) and `add_turn` only settles the nudge; without, it counts the turns itself."""
        self.rules = [rule for rule in rules if rule.enabled]
        self._owns_analysis = analysis is None
        self.analysis = analysis if analysis is not None else TalkAnalysis()
        self.planned_seconds = planned_seconds
        self.pack = pack
        self.critical_incidents = critical_incidents
        self.active: Nudge | None = None
        self.lapsed: list[Nudge] = []  # shown, then not taken up within their window
        self._armed = {rule.id: True for rule in self.rules}
        self._dismissed: set[str] = set()
        self._turns_since_fired = 0

    def add_turn(self, turn: Turn) -> TakenUp | None:
        """A tagged turn (counted here unless the owner's analysis counts it); when it takes up the nudge on show,
        say so and clear it."""
        if self._owns_analysis:
            self.analysis.add(turn)
        if self.active is None:
            return None
        rule = self._rule(self.active.rule_id)
        if rule.taken_up.matches(turn):
            taken = TakenUp(rule.id, self.active.fired_at, turn.t)
            self.active = None
            return taken
        self._turns_since_fired += 1
        if self._turns_since_fired >= rule.taken_up.within_turns:
            self.lapsed.append(self.active)
            self.active = None
        return None

    def tick(self, elapsed: float, phase: GrowPhase) -> Nudge | None:
        """Evaluate every rule at this clock reading; return a nudge that fires now, if any."""
        fired = None
        for rule in self.rules:
            if not self.holds(rule, elapsed):
                self._armed[rule.id] = True
                continue
            if fired or self.active is not None or rule.id in self._dismissed or not self._armed[rule.id]:
                continue
            self._armed[rule.id] = False
            fired = Nudge(rule.id, rule.title, rule.question(phase, self.pack), elapsed, phase)
            self.active = fired
            self._turns_since_fired = 0
        return fired

    def dismiss(self) -> Nudge | None:
        """Clear the nudge on show; its rule does not fire again in this meeting."""
        dismissed, self.active = self.active, None
        if dismissed is not None:
            self._dismissed.add(dismissed.rule_id)
        return dismissed

    def recall(self, rule_id: str, outcome: str, fired_at: float, phase: GrowPhase, *, turns_since: int = 0) -> None:
        """Take back a nudge logged earlier in this meeting, when its screen is opened again.

        A dismissed rule stays quiet; a nudge still on show when the screen closed is on show again;
        any other waits, as after a lapse, for its pattern to stop holding before it can fire again.
        """
        rule = next((rule for rule in self.rules if rule.id == rule_id), None)
        if rule is None:  # switched off or removed from the rules file since
            return
        self._armed[rule_id] = False
        if outcome == "dismissed":
            self._dismissed.add(rule_id)
        elif outcome == "shown":
            self.active = Nudge(rule.id, rule.title, rule.question(phase, self.pack), fired_at, phase)
            self._turns_since_fired = turns_since

    def question_now(self, phase: GrowPhase) -> str:
        """The question of the nudge on show for the phase and pack as they are now ("" when none shows)."""
        if self.active is None:
            return ""
        return self._rule(self.active.rule_id).question(phase, self.pack)

    def rebuild(self, analysis: TalkAnalysis) -> None:
        """Read a recounted talk after an edit or delete; what has fired or been dismissed is kept."""
        self.analysis = analysis

    def holds(self, rule: Rule, elapsed: float) -> bool:
        analysis, talk, params = self.analysis, self.analysis.live, rule.params
        if rule.pattern == "quiet_challenge":
            since = talk.last_challenge_t if talk.last_challenge_t is not None else analysis.first_t
            return (analysis.turns >= params["min_turns"] and since is not None
                    and elapsed - since >= params["minutes"] * 60)
        if rule.pattern == "defence_only":
            count = int(params["challenges"])
            recent = talk.responses[-count:]
            return len(recent) == count and all(r == DEFENCE for r in recent) and not talk.opened_since_response
        if rule.pattern == "no_future_late":
            return (analysis.turns > 0 and not talk.future_seen
                    and self.planned_seconds - elapsed <= params["minutes_left"] * 60)
        if rule.pattern == "coach_led_run":
            return talk.coach_initiation_run >= params["initiations"]
        if rule.pattern == "critical_moment_unused":
            return (self.critical_incidents > 0 and analysis.turns > 0 and not talk.critical_seen
                    and elapsed >= params["minutes"] * 60)
        return False

    def _rule(self, rule_id: str) -> Rule:
        return next(rule for rule in self.rules if rule.id == rule_id)


OUTCOME_WORDS = {"taken up": "taken up by a tag at {at}", "dismissed": "dismissed at {at}",
                 "expired": "not taken up by the tags that followed", "shown": "no tag has taken it up yet"}


def describe_log(records: Sequence[NudgeRecord], rules: Sequence[Rule]) -> list[str]:
    """One line per logged nudge, for the pair looking back: when, in which phase, which, and what became of it."""
    titles = {rule.id: rule.title for rule in rules}
    lines = []
    for record in records:
        try:
            phase = GrowPhase(record.phase).label
        except ValueError:
            phase = record.phase
        at = format_clock(record.outcome_at) if record.outcome_at is not None else ""
        outcome = OUTCOME_WORDS.get(record.outcome, record.outcome).format(at=at)
        lines.append(f"{format_clock(record.fired_at)} {phase} · {titles.get(record.rule, record.rule)}: {outcome}")
    return lines


# -- the rules file ----------------------------------------------------------------------------


def parse_rules(data: dict[str, Any], origin: str, shipped: dict[str, Rule] | None = None) -> list[Rule]:
    """Rules from parsed TOML. With `shipped`, a rule may leave out what the shipped rule of its id has."""
    from coachtui.core.vocabulary import vocabulary

    shipped = shipped or {}
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list) or not all(isinstance(r, dict) for r in raw_rules):
        raise PackError(f"{origin}: each rule must be a [[rule]] table.")
    rules: list[Rule] = []
    for raw in raw_rules:
        rule_id = raw.get("id")
        if not isinstance(rule_id, str) or not rule_id.strip():
            raise PackError(f"{origin}: a rule has no id.")
        if any(rule.id == rule_id for rule in rules):
            raise PackError(f"{origin}: the rule id '{rule_id}' is used twice.")
        base = shipped.get(rule_id)
        where = f"{origin}, rule '{rule_id}'"
        pattern = raw.get("pattern", base.pattern if base else None)
        if pattern not in PATTERNS:
            raise PackError(f"{where}: unknown pattern {pattern!r}; use one of {', '.join(PATTERNS)}.")
        params = dict(base.params) if base and base.pattern == pattern else {}
        for name in PATTERNS[pattern]:
            if name in raw:
                params[name] = _param(name, raw[name], where)
            elif name not in params:  # neither given here nor kept from the shipped rule
                raise PackError(f"{where}: the {pattern} pattern needs '{name}' (a number).")
        questions = dict(base.questions) if base else {}
        questions.update(_phases(raw.get("questions", {}), where))
        missing = [phase.value for phase in GROW_ORDER if phase not in questions]
        if missing:
            raise PackError(f"{where}: no question for {', '.join(missing)}.")
        packs = dict(base.pack_questions) if base else {}
        raw_packs = raw.get("packs", {})
        if not isinstance(raw_packs, dict):
            raise PackError(f"{where}: 'packs' must be tables of questions by pack.")
        for pack, table in raw_packs.items():
            packs[pack] = {**packs.get(pack, {}), **_phases(table, f"{where}, pack '{pack}'")}
        title = raw.get("title", base.title if base else rule_id)
        if not isinstance(title, str) or not title.strip():
            raise PackError(f"{where}: 'title' must be text.")
        enabled = raw.get("enabled", True)
        if not isinstance(enabled, bool):  # "false" in quotes would be true
            raise PackError(f"{where}: 'enabled' must be true or false, without quotes.")
        rules.append(Rule(rule_id, clean_text(title), pattern, params,
                          _take_up(raw.get("taken_up"), base.taken_up if base else None, where, vocabulary()),
                          questions, packs, enabled))
    return rules


def _param(name: str, value: Any, where: str) -> float:
    """A pattern's number: a count from 1 up, or minutes from 0 up, finite and within reason."""
    number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
    if name in COUNTS:
        if not isinstance(number, int) or not 1 <= number <= MAX_COUNT:
            raise PackError(f"{where}: '{name}' must be a whole number from 1 to {MAX_COUNT}.")
    elif number is None or not math.isfinite(number) or not 0 <= number <= MAX_MINUTES:
        raise PackError(f"{where}: '{name}' must be a number of minutes from 0 to {MAX_MINUTES}.")
    return float(value)


def _phases(table: Any, where: str) -> dict[GrowPhase, str]:
    if not isinstance(table, dict):
        raise PackError(f"{where}: questions must be a table keyed by goal, reality, options, way_forward.")
    found = {}
    for key, text in table.items():
        try:
            phase = GrowPhase(key)
        except ValueError:
            raise PackError(f"{where}: '{key}' is not a GROW phase.") from None
        if not isinstance(text, str) or not text.strip():
            raise PackError(f"{where}: the {key} question is empty.")
        found[phase] = clean_text(text).strip()
    return found


def _take_up(raw: Any, base: TakeUp | None, where: str, vocab: Any) -> TakeUp:
    if raw is None and base is not None:
        return base
    if not isinstance(raw, dict):
        raise PackError(f"{where}: 'taken_up' must say which following tag takes the nudge up.")
    within = raw.get("within_turns", 6)
    if isinstance(within, bool) or not isinstance(within, int) or within < 1:
        raise PackError(f"{where}: 'within_turns' must be a whole number of one or more.")
    values = {}
    for key, wanted in raw.items():
        if key == "within_turns":
            continue
        if key not in TAKE_UP_DIMENSIONS:
            raise PackError(f"{where}: 'taken_up' names an unknown dimension '{key}'.")
        if not isinstance(wanted, list) or not wanted:
            raise PackError(f"{where}: 'taken_up.{key}' must list values.")
        unknown = [v for v in wanted if v not in vocab.values(key)]
        if unknown:
            raise PackError(f"{where}: '{unknown[0]}' is not a {key} value.")
        values[TAKE_UP_DIMENSIONS[key]] = tuple(wanted)
    if not values:
        raise PackError(f"{where}: 'taken_up' lists no tag values.")
    return TakeUp(values, within)


def shipped_rules() -> list[Rule]:
    text = (resources.files("coachtui") / "data" / "nudges.toml").read_text(encoding="utf-8")
    return parse_rules(tomllib.loads(text), "the shipped nudges file")


def _check_shape(data: dict[str, Any], user_file: Path) -> None:
    """What parse_rules lets through: a misspelt key (`minuts`, `taken_upp`) would be dropped in silence."""
    from coachtui.core.schemas import checked
    from coachtui.core.schemas.rules_file import NudgesFile

    checked(data, NudgesFile, lambda problem: PackError(f"{user_file}: {problem}."))


def load_rules(user_file: Path | None = None) -> tuple[list[Rule], list[str]]:
    """Shipped rules, with the user's replacing or adding by id; a bad user file is reported and skipped."""
    rules = shipped_rules()
    from coachtui.locations import is_file

    if user_file is None or not is_file(user_file):
        return rules, []
    try:
        data = toml_data(user_file.read_text(encoding="utf-8"))
        mine = parse_rules(data, str(user_file), {rule.id: rule for rule in rules})
        _check_shape(data, user_file)
    except (OSError, UnicodeDecodeError) as error:
        return rules, [f"Cannot read {user_file} ({error}); the shipped nudges are used."]
    except tomllib.TOMLDecodeError as error:
        return rules, [f"{user_file} is not valid TOML ({error}); the shipped nudges are used."]
    except PackError as error:
        return rules, [f"{error} The shipped nudges are used."]
    by_id = {rule.id: rule for rule in rules}
    by_id.update({rule.id: rule for rule in mine})
    return list(by_id.values()), []
