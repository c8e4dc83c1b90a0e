"""The estimated level of coaching practice (Table 1 of the guide), and how firmly it stands.

Pure functions over the indicators of `coachtui.core.analysis`; the rubric itself is data
(`coachtui/data/levels.toml`), each sign and cap saying where it comes from. A level is reached
when its required signs and enough of its others are seen, and only on top of the level below;
a cap then holds talk that looks like mentoring or the routine below Refining, whatever else it
touches. The margin tries every single-tag change to the tallies and says which would move it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from coachtui.core.analysis import INDICATORS, figures_from, format_figure


@dataclass(frozen=True)
class Condition:
    """An indicator at least, or at most, a value."""

    indicator: str
    at_least: float | None = None
    at_most: float | None = None

    def holds(self, figures: dict[str, float]) -> bool:
        value = figures.get(self.indicator, 0)
        return ((self.at_least is None or value >= self.at_least)
                and (self.at_most is None or value <= self.at_most))


@dataclass(frozen=True)
class Sign:
    """One observable sign of a level, read from an indicator."""

    indicator: str
    at_least: float
    says: str
    looks_for: str
    required: bool = False
    source: str = ""
    reasoning: str = ""
    number_from: str = "ours"  # who set the threshold: "guide" or "ours"

    def met(self, figures: dict[str, float]) -> bool:
        return figures.get(self.indicator, 0) >= self.at_least

    def sentence(self, figures: dict[str, float]) -> str:
        value = figures.get(self.indicator, 0)
        return self.says.format(value=format_figure(self.indicator, value), s="" if value == 1 else "s")


@dataclass(frozen=True)
class Cap:
    """A pattern that holds the estimate at `level` or below while all its conditions hold."""

    pattern: str  # "mentoring" or "routine": the observations name the pattern in plain words
    level: int
    when: tuple[Condition, ...]
    says: str
    lifts_when: str  # what would have to change, for the next steps
    source: str = ""
    reasoning: str = ""

    def applies(self, figures: dict[str, float]) -> bool:
        return all(condition.holds(figures) for condition in self.when)

    def sentence(self, figures: dict[str, float]) -> str:
        values = {c.indicator: format_figure(c.indicator, figures.get(c.indicator, 0)) for c in self.when}
        return self.says.format(value=values[self.when[0].indicator], **values)


@dataclass(frozen=True)
class Level:
    number: int
    name: str
    summary: str
    need: int = 0
    signs: tuple[Sign, ...] = ()


@dataclass(frozen=True)
class Rubric:
    version: int
    min_turns: int
    levels: tuple[Level, ...]
    caps: tuple[Cap, ...]
    caveat: str


@dataclass(frozen=True)
class LevelEstimate:
    number: int
    name: str
    summary: str
    reasons: tuple[str, ...]
    next_steps: tuple[str, ...]
    caveat: str
    patterns: tuple[str, ...] = ()  # caps that hold it down: "mentoring", "routine"
    uncapped: int = 0  # the level the signs alone reach


# -- reading the rubric file ----------------------------------------------------------------------


def parse_rubric(data: dict[str, Any]) -> Rubric:
    """Build a rubric from parsed TOML; raise PackError naming the fault."""
    from coachtui.errors import PackError

    known = set(INDICATORS)

    def indicator(raw: dict[str, Any]) -> str:
        name = str(raw["indicator"])
        if name not in known:
            raise PackError(f"The level rubric names an unknown indicator '{name}'.")
        return name

    try:
        levels = []
        for raw in data["level"]:
            if not isinstance(raw, dict):
                raise PackError(f"Each level in the rubric must be a table, not {raw!r}.")
            signs = tuple(Sign(indicator(s), float(s["at_least"]), str(s["says"]), str(s["looks_for"]),
                               bool(s.get("required", False)), str(s.get("source", "")),
                               " ".join(str(s.get("reasoning", "")).split()), str(s.get("number_from", "ours")))
                          for s in raw.get("sign", []))
            levels.append(Level(int(raw["number"]), str(raw["name"]), str(raw["summary"]),
                                int(raw.get("need", len(signs))), signs))
        caps = []
        for raw in data.get("cap", []):
            when = tuple(Condition(indicator(c), _optional(c.get("at_least")), _optional(c.get("at_most")))
                         for c in raw["when"])
            if not when:
                raise PackError(f"The rubric's cap '{raw.get('pattern', '?')}' has no conditions.")
            caps.append(Cap(str(raw["pattern"]), int(raw["level"]), when, str(raw["says"]), str(raw["lifts_when"]),
                            str(raw.get("source", "")), " ".join(str(raw.get("reasoning", "")).split())))
        rubric = Rubric(int(data.get("version", 1)), int(data.get("min_turns", 0)),
                        tuple(sorted(levels, key=lambda lv: lv.number)), tuple(caps), str(data.get("caveat", "")))
    except (KeyError, TypeError, ValueError) as error:
        raise PackError(f"The level rubric is missing or has a malformed entry ({error}).") from None
    if [lv.number for lv in rubric.levels] != [1, 2, 3, 4]:
        raise PackError("The level rubric must describe levels 1 to 4.")
    return rubric


def _optional(value: Any) -> float | None:
    return None if value is None else float(value)


def load_rubric() -> Rubric:
    import tomllib
    from importlib import resources

    text = (resources.files("coachtui") / "data" / "levels.toml").read_text(encoding="utf-8")
    return parse_rubric(tomllib.loads(text))


# -- the estimate ------------------------------------------------------------------------------


def level_number(figures: dict[str, float], rubric: Rubric) -> int:
    """Just the level: what `estimate_level` reaches, without its sentences (the margin calls it often)."""
    if figures.get("turns", 0) < rubric.min_turns:
        return 1
    reached = 1
    for level in rubric.levels[1:]:
        if not _reached(level, figures):
            break
        reached = level.number
    for cap in rubric.caps:
        if reached > cap.level and cap.applies(figures):
            reached = cap.level
    return reached


def _reached(level: Level, figures: dict[str, float]) -> bool:
    met = 0
    for sign in level.signs:
        if sign.met(figures):
            met += 1
        elif sign.required:
            return False
    return met >= level.need


def estimate_level(figures: dict[str, float], rubric: Rubric) -> LevelEstimate:
    """The highest level whose signs are seen, each level resting on the one below it, then capped.

    The reasons name the tagged evidence behind the estimate: any cap that holds it down, the
    signs seen at each level reached, and how far the talk got towards the next one.
    """
    turns = figures.get("turns", 0)
    first = rubric.levels[0]
    if turns < rubric.min_turns:
        reason = (f"Only {turns:g} turns were tagged; at least {rubric.min_turns} are needed before the tags "
                  "say much, so the estimate stays at the first level.")
        return LevelEstimate(first.number, first.name, first.summary, (reason,), (), rubric.caveat, (), 1)
    reached = first
    reasons: list[str] = []
    next_steps: list[str] = []
    for level in rubric.levels[1:]:
        met = [s for s in level.signs if s.met(figures)]
        missing_required = [s for s in level.signs if s.required and not s.met(figures)]
        if len(met) >= level.need and not missing_required:
            reached = level
            # The highest level's signs lead: they are what the estimate rests on.
            reasons[:0] = [s.sentence(figures) for s in met]
            continue
        if missing_required:
            required = " and ".join(s.looks_for for s in missing_required)
            reasons.append(f"{level.name} (level {level.number}) requires {required}; "
                           f"{len(met)} of its signs {_were(len(met))} seen" + (":" if met else "."))
        else:
            reasons.append(f"{len(met)} of the {level.need} signs needed for {level.name} (level {level.number}) "
                           f"{_were(len(met))} seen" + (":" if met else "."))
        reasons.extend(f"  {s.sentence(figures)}" for s in met)
        next_steps.extend(f"Not yet seen: {s.looks_for}" + (" (required)" if s.required else "")
                          for s in level.signs if not s.met(figures))
        break
    uncapped = reached.number
    holding = [cap for cap in rubric.caps if cap.applies(figures)]
    patterns = tuple(dict.fromkeys(cap.pattern for cap in holding))
    lowest = min((cap.level for cap in holding), default=uncapped)
    if lowest < uncapped:
        reached = rubric.levels[lowest - 1]
        said = [cap.sentence(figures) for cap in holding if cap.level < uncapped]
        reasons[:0] = [f"Held at {reached.name} (level {reached.number}): {' '.join(said)}"]
        next_steps[:0] = [f"To go further: {cap.lifts_when}" for cap in holding if cap.level < uncapped]
    return LevelEstimate(reached.number, reached.name, reached.summary, tuple(reasons), tuple(next_steps),
                         rubric.caveat, patterns, uncapped)


def _were(count: int) -> str:
    return "was" if count == 1 else "were"


# -- how firmly it stands ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One tag more or less, as it would show in the tallies."""

    says: str  # "one more strand opened by the coachee"
    apply: Callable[[dict[str, float]], dict[str, float] | None]  # None when the change is impossible here


def _more(name: str, says: str, limit: str | None = None, ceiling: float | None = None) -> Change:
    def apply(tally: dict[str, float]) -> dict[str, float] | None:
        if (limit is not None and tally[name] >= tally[limit]) or (ceiling is not None and tally[name] >= ceiling):
            return None
        return {**tally, name: tally[name] + 1}
    return Change(f"one more {says}", apply)


def _fewer(name: str, says: str, only_if: str | None = None) -> Change:
    def apply(tally: dict[str, float]) -> dict[str, float] | None:
        if tally[name] <= 0 or (only_if is not None and tally[only_if] <= 0):
            return None
        return {**tally, name: tally[name] - 1}
    return Change(f"one fewer {says}", apply)


def _moved(source: str, target: str, says: str) -> Change:
    def apply(tally: dict[str, float]) -> dict[str, float] | None:
        if tally[source] <= 0:
            return None
        return {**tally, source: tally[source] - 1, target: tally[target] + 1}
    return Change(says, apply)


def _run_broken(tally: dict[str, float]) -> dict[str, float] | None:
    # One flag taken off a run of five turns or fewer leaves no three alternating turns in it.
    if tally["co_construction_runs"] <= 0 or tally["shortest_co_construction_run"] > 5:
        return None
    return {**tally, "co_construction_runs": tally["co_construction_runs"] - 1}


# Each is what one tag on one turn can do: mark or unmark it, or give it another value.
CHANGES: tuple[Change, ...] = (
    _more("coachee_initiations", "strand opened by the coachee", limit="coachee_turns"),
    _fewer("coachee_initiations", "strand opened by the coachee"),
    _moved("coach_initiations", "coachee_initiations", "one strand opened by the coachee instead of the coach"),
    _moved("coachee_initiations", "coach_initiations", "one strand opened by the coach instead of the coachee"),
    _more("coach_initiations", "strand opened by the coach", limit="coach_turns"),
    _fewer("coach_initiations", "strand opened by the coach"),
    _more("coachee_reasoning", "justification or clarification by the coachee", limit="coachee_turns"),
    _fewer("coachee_reasoning", "justification or clarification by the coachee"),
    _more("coachee_reflection_on_evidence", "coachee turn reasoning about evidence", limit="coachee_turns"),
    _fewer("coachee_reflection_on_evidence", "coachee turn reasoning about evidence"),
    _more("evidence_turns", "turn drawing on evidence", limit="turns"),
    _fewer("evidence_turns", "turn drawing on evidence"),
    _more("evidence_kinds", "kind of evidence", limit="evidence_turns", ceiling=5),
    _fewer("evidence_kinds", "kind of evidence", only_if="evidence_kinds_seen_once"),
    _more("coachee_acceptances", "acceptance by the coachee", limit="coachee_turns"),
    _fewer("coachee_acceptances", "acceptance by the coachee"),
    _more("challenges_answered", "challenge answered", limit="challenges"),
    _fewer("challenges_answered", "challenge answered"),
    _more("coachee_generalisations", "generalisation by the coachee"),
    _fewer("coachee_generalisations", "generalisation by the coachee"),
    _more("coachee_proposals", "new idea or suggestion by the coachee"),
    _fewer("coachee_proposals", "new idea or suggestion by the coachee"),
    _more("suggestions", "suggestion"),
    _fewer("suggestions", "suggestion"),
    _more("dissonances_resolved", "dissonance worked through", limit="dissonances"),
    _fewer("dissonances_resolved", "dissonance worked through"),
    _more("specific_turns", "turn about a specific moment or episode", limit="turns"),
    _fewer("specific_turns", "turn about a specific moment or episode"),
    _more("scales_touched", "scale", ceiling=5),
    _fewer("scales_touched", "scale", only_if="scales_seen_once"),
    _more("scale_links", "link between scales in a strand", ceiling=10),
    _fewer("scale_links", "link between scales in a strand"),
    _more("past_turns", "turn about earlier lessons", limit="turns"),
    _fewer("past_turns", "turn about earlier lessons"),
    _more("future_turns", "turn about future lessons", limit="turns"),
    _fewer("future_turns", "turn about future lessons"),
    _more("grounded_future_turns", "turn planning ahead after reflecting on evidence", limit="future_turns"),
    _fewer("grounded_future_turns", "turn planning ahead after reflecting on evidence"),
    _more("routine_turns", "turn in the ask-recount-evaluate routine", limit="turns"),
    _fewer("routine_turns", "turn in the ask-recount-evaluate routine"),
    Change("one turn fewer flagged in a run of building together", _run_broken),
)


@dataclass(frozen=True)
class Margin:
    """How firmly a level stands: which single tag changes would move it, and what the next level needs."""

    level: int
    up: int | None  # the next level up, or None at the top
    down: int | None  # the next level down, or None at the bottom
    raised_by: tuple[str, ...]  # single changes that would reach `up` or beyond
    lowered_by: tuple[str, ...]  # single changes that would drop to `down` or below
    needs: tuple[str, ...]  # what `up` still needs, from the rubric
    rests_on: str = ""  # a plain account when the level hangs on one thing

    @property
    def firm(self) -> bool:
        return not self.raised_by and not self.lowered_by

    def sentences(self, limit: int = 3) -> list[str]:
        """Two or three plain lines for the screens."""
        said: list[str] = []
        if self.rests_on:
            said.append(self.rests_on)
        if self.lowered_by:
            said.append(f"{_capital(_either(self.lowered_by, limit))} would bring it down to level {self.down}.")
        if self.raised_by:
            said.append(f"{_capital(_either(self.raised_by, limit))} would reach level {self.up}.")
        if not said:
            said.append("Firm: no single tag more or less would move it.")
        return said

    def as_dict(self) -> dict[str, Any]:
        return {
            "firm": self.firm,
            "rests_on": self.rests_on,
            "up": None if self.up is None else {"level": self.up, "one_tag": list(self.raised_by),
                                                 "needs": list(self.needs)},
            "down": None if self.down is None else {"level": self.down, "one_tag": list(self.lowered_by)},
        }


def _either(changes: tuple[str, ...], limit: int) -> str:
    shown = list(changes[:limit])
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def margin(tally: dict[str, float], rubric: Rubric, estimate: LevelEstimate | None = None) -> Margin:
    """Try every single-tag change to the tallies and report the ones that would move the level."""
    figures = figures_from(tally)
    level = estimate.number if estimate is not None else level_number(figures, rubric)
    raised: list[str] = []
    lowered: list[str] = []
    for change in CHANGES:
        changed = change.apply(tally)
        if changed is None:
            continue
        moved = level_number(figures_from(changed), rubric)
        if moved > level:
            raised.append(change.says)
        elif moved < level:
            lowered.append(change.says)
    up = level + 1 if level < len(rubric.levels) else None
    down = level - 1 if level > 1 else None
    needs: list[str] = []
    if up is not None:
        target = rubric.levels[up - 1]
        needs = [s.looks_for for s in target.signs if s.required and not s.met(figures)]
        missing = [s.looks_for for s in target.signs if not s.required and not s.met(figures)]
        short = target.need - sum(1 for s in target.signs if s.met(figures))
        if short > 0:
            needs.append(f"{short} more of: " + "; ".join(missing))
        needs.extend(cap.lifts_when for cap in rubric.caps if cap.level < up and cap.applies(figures))
    rests_on = ""
    if level == 4 and tally["co_construction_runs"] == 1 and any("run of building" in s for s in lowered):
        rests_on = (f"Level 4 rests on a single run of {tally['longest_co_construction_run']:g} turns "
                    "building an idea together.")
    return Margin(level, up, down, tuple(raised), tuple(lowered), tuple(needs), rests_on)
