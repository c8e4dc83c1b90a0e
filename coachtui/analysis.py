"""What the tagged talk looks like: indicators, an estimated level of practice, and observer agreement.

Pure functions and one incremental accumulator over lists of `Turn`; no SQLite, no Textual.
The live pane feeds `TalkAnalysis.add` one turn at a time; reports and the coordinator view
build one from a list. Function and dimension values are the canonical names from
`coachtui/data/dimensions.toml`; the handful this module reads meaning into are named below.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from coachtui.model import Turn

COACH, COACHEE = "coach", "coachee"
PAIR = (COACH, COACHEE)
CHALLENGE, DISSONANCE = "challenge", "dissonance"
# A challenge asks for a response; these are the three the guide names.
RESPONSES = ("defence", "acceptance", "dissonance")
# Dissonance is worked through when the talk moves on to generalise or to plan something new.
RESOLVES_DISSONANCE = ("generalisation", "new idea", "suggestion")
DISSONANCE_WINDOW = 6
REASONING = ("justification", "clarification")
EVIDENCE_STIMULI = ("video extract", "lesson plan", "pupils' work", "observation notes", "other artefact")
FUTURE, PAST = "future specific lessons", "past"


@dataclass
class ChallengeResponse:
    """A challenge and what it drew from the other person."""

    t: float
    by: str
    response: str = ""  # defence, acceptance, dissonance, another function, or "" while unanswered

    @property
    def answered(self) -> bool:
        return self.response in RESPONSES


@dataclass
class _Run:
    length: int = 0
    speakers: set[str] = field(default_factory=set)

    @property
    def is_joint(self) -> bool:
        return self.length >= 2 and set(PAIR) <= self.speakers


class TalkAnalysis:
    """Indicators of one observer's turns, updated in constant time per added turn.

    Turns are expected in time order; after an edit or a delete, build a new one from the list.
    """

    def __init__(self, turns: Iterable[Turn] = ()) -> None:
        self.turns = 0
        self.functions: Counter[str] = Counter()
        self.by_speaker: Counter[str] = Counter()
        self.speaker_functions: Counter[tuple[str, str]] = Counter()
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.initiations: Counter[str] = Counter()
        self.stimuli: Counter[str] = Counter()
        self.scales: Counter[str] = Counter()
        self.scale_links: Counter[tuple[str, str]] = Counter()
        self.time_frames: Counter[str] = Counter()
        self.challenges: list[ChallengeResponse] = []
        self.dissonances = 0
        self.dissonances_resolved = 0
        self.co_construction_turns = 0
        self.co_runs: list[int] = []
        self.first_t: float | None = None
        self.last_t: float | None = None
        self._last: Turn | None = None
        self._last_scale = ""
        self._run = _Run()
        self._open_dissonances: list[int] = []  # turns left in each open dissonance's window
        self._waiting: list[ChallengeResponse] = []  # challenges no one else has answered yet
        for turn in turns:
            self.add(turn)

    def add(self, turn: Turn) -> None:
        """Count one more turn."""
        previous = self._last
        if previous is not None:
            self.seconds[previous.speaker] += max(0.0, turn.t - previous.t)
        self.turns += 1
        self.functions[turn.function] += 1
        self.by_speaker[turn.speaker] += 1
        self.speaker_functions[turn.speaker, turn.function] += 1
        if turn.initiation:
            self.initiations[turn.initiation] += 1
        if turn.stimulus and turn.stimulus != "none":
            self.stimuli[turn.stimulus] += 1
        if turn.time:
            self.time_frames[turn.time] += 1
        self._add_scale(turn.scale)
        self._add_challenge_response(turn)
        self._add_dissonance(turn)
        self._add_co_construction(turn)
        if self.first_t is None:
            self.first_t = turn.t
        self.last_t = turn.t
        self._last = turn

    def _add_scale(self, scale: str) -> None:
        if not scale:
            return
        self.scales[scale] += 1
        if self._last_scale and self._last_scale != scale:
            self.scale_links[tuple(sorted((self._last_scale, scale)))] += 1  # type: ignore[index]
        self._last_scale = scale

    def _add_challenge_response(self, turn: Turn) -> None:
        # Every challenge still waiting is answered by the first later turn of someone else.
        still_waiting = []
        for challenge in self._waiting:
            if challenge.by != turn.speaker:
                challenge.response = turn.function
            else:
                still_waiting.append(challenge)
        self._waiting = still_waiting
        if turn.function == CHALLENGE:
            challenge = ChallengeResponse(turn.t, turn.speaker)
            self.challenges.append(challenge)
            self._waiting.append(challenge)

    def _add_dissonance(self, turn: Turn) -> None:
        if self._open_dissonances and turn.function in RESOLVES_DISSONANCE:
            self.dissonances_resolved += len(self._open_dissonances)
            self._open_dissonances = []
        self._open_dissonances = [left - 1 for left in self._open_dissonances if left > 1]
        if turn.function == DISSONANCE:
            self.dissonances += 1
            self._open_dissonances.append(DISSONANCE_WINDOW)

    def _add_co_construction(self, turn: Turn) -> None:
        if turn.co_construction:
            self.co_construction_turns += 1
            if self._run.is_joint:
                self.co_runs.pop()  # the run grows: replace its recorded length
            self._run.length += 1
            self._run.speakers.add(turn.speaker)
            if self._run.is_joint:
                self.co_runs.append(self._run.length)
        else:
            self._run = _Run()

    # -- derived figures ------------------------------------------------------------------

    def share(self, part: float, whole: float) -> float:
        return part / whole if whole else 0.0

    def talk_share(self, speaker: str) -> float:
        """Share of the coach-and-coachee talk by time (by turns until time has passed)."""
        pair_seconds = sum(self.seconds[s] for s in PAIR)
        if pair_seconds > 0:
            return self.seconds[speaker] / pair_seconds
        return self.share(self.by_speaker[speaker], sum(self.by_speaker[s] for s in PAIR))

    def _minutes(self) -> float:
        return ((self.last_t or 0.0) - (self.first_t or 0.0)) / 60

    def indicators(self) -> dict[str, float]:
        """Named figures the level rubric and the reports read."""
        initiations = self.initiations[COACH] + self.initiations[COACHEE]
        scale_turns = sum(self.scales.values())
        return {
            "turns": self.turns,
            "minutes": round(((self.last_t or 0.0) - (self.first_t or 0.0)) / 60, 1),
            "coach_turns": self.by_speaker[COACH],
            "coachee_turns": self.by_speaker[COACHEE],
            "coach_talk_share": round(self.talk_share(COACH), 3),
            "coachee_talk_share": round(self.talk_share(COACHEE), 3),
            "initiations": initiations,
            "coach_initiations": self.initiations[COACH],
            "coachee_initiations": self.initiations[COACHEE],
            "coachee_initiation_share": round(self.share(self.initiations[COACHEE], initiations), 3),
            "questions": self.functions["question"],
            "coach_question_share": round(self.share(self.speaker_functions[COACH, "question"],
                                                     self.by_speaker[COACH]), 3),
            "challenges": len(self.challenges),
            "challenges_per_10_minutes": round(len(self.challenges) / max(1.0, self._minutes()) * 10, 2),
            "challenges_answered": sum(c.answered for c in self.challenges),
            "coachee_reasoning": sum(self.speaker_functions[COACHEE, f] for f in REASONING),
            "suggestions": self.functions["suggestion"],
            "new_ideas": self.functions["new idea"],
            "generalisations": self.functions["generalisation"],
            "dissonances": self.dissonances,
            "dissonances_resolved": self.dissonances_resolved,
            "evidence_share": round(self.share(sum(self.stimuli[s] for s in EVIDENCE_STIMULI), self.turns), 3),
            "recall_share": round(self.share(self.stimuli["recall"], self.turns), 3),
            "scales_touched": len(self.scales),
            "scale_links": len(self.scale_links),
            "scale_tagged_share": round(self.share(scale_turns, self.turns), 3),
            "past_share": round(self.share(self.time_frames[PAST], self.turns), 3),
            "future_share": round(self.share(self.time_frames[FUTURE], self.turns), 3),
            "co_construction_turns": self.co_construction_turns,
            "co_construction_runs": len(self.co_runs),
            "longest_co_construction_run": max(self.co_runs, default=0),
        }


# -- the level of coaching practice -----------------------------------------------------


@dataclass(frozen=True)
class Sign:
    """One observable sign of a level, read from an indicator."""

    indicator: str
    at_least: float
    says: str
    looks_for: str
    required: bool = False

    def met(self, figures: dict[str, float]) -> bool:
        return figures.get(self.indicator, 0) >= self.at_least

    def sentence(self, figures: dict[str, float]) -> str:
        return self.says.format(value=format_figure(self.indicator, figures.get(self.indicator, 0)))


@dataclass(frozen=True)
class Level:
    number: int
    name: str
    summary: str
    need: int = 0
    signs: tuple[Sign, ...] = ()


@dataclass(frozen=True)
class Rubric:
    min_turns: int
    levels: tuple[Level, ...]
    caveat: str


@dataclass(frozen=True)
class LevelEstimate:
    number: int
    name: str
    summary: str
    reasons: tuple[str, ...]
    next_steps: tuple[str, ...]
    caveat: str


def format_figure(indicator: str, value: float) -> str:
    if indicator.endswith("_share"):
        return f"{value:.0%}"
    return f"{value:g}"


def parse_rubric(data: dict[str, Any]) -> Rubric:
    """Build a rubric from parsed TOML; raise PackError naming the fault."""
    from coachtui.errors import PackError

    known = set(TalkAnalysis().indicators())
    try:
        levels = []
        for raw in data["level"]:
            if not isinstance(raw, dict):
                raise PackError(f"Each level in the rubric must be a table, not {raw!r}.")
            signs = tuple(Sign(str(s["indicator"]), float(s["at_least"]), str(s["says"]), str(s["looks_for"]),
                               bool(s.get("required", False))) for s in raw.get("sign", []))
            for sign in signs:
                if sign.indicator not in known:
                    raise PackError(f"The level rubric names an unknown indicator '{sign.indicator}'.")
            levels.append(Level(int(raw["number"]), str(raw["name"]), str(raw["summary"]),
                                int(raw.get("need", len(signs))), signs))
        rubric = Rubric(int(data.get("min_turns", 0)), tuple(sorted(levels, key=lambda lv: lv.number)),
                        str(data.get("caveat", "")))
    except (KeyError, TypeError, ValueError) as error:
        raise PackError(f"The level rubric is missing or has a malformed entry ({error}).") from None
    if [lv.number for lv in rubric.levels] != [1, 2, 3, 4]:
        raise PackError("The level rubric must describe levels 1 to 4.")
    return rubric


def load_rubric() -> Rubric:
    import tomllib
    from importlib import resources

    text = (resources.files("coachtui") / "data" / "levels.toml").read_text(encoding="utf-8")
    return parse_rubric(tomllib.loads(text))


def estimate_level(figures: dict[str, float], rubric: Rubric) -> LevelEstimate:
    """The highest level whose signs are seen, each level resting on the one below it.

    The reasons name the tagged evidence behind the estimate: the signs seen at each level
    reached, and how far the talk got towards the next one.
    """
    reached = rubric.levels[0]
    reasons: list[str] = []
    next_steps: list[str] = []
    turns = figures.get("turns", 0)
    if turns < rubric.min_turns:
        reasons.append(f"Only {turns:g} turns were tagged; at least {rubric.min_turns} are needed before the "
                       "tags say much, so the estimate stays at the first level.")
        return LevelEstimate(reached.number, reached.name, reached.summary, tuple(reasons), (), rubric.caveat)
    for level in rubric.levels[1:]:
        met = [s for s in level.signs if s.met(figures)]
        missing_required = [s for s in level.signs if s.required and not s.met(figures)]
        if len(met) >= level.need and not missing_required:
            reached = level
            # The highest level's signs lead: they are what the estimate rests on.
            reasons[:0] = [s.sentence(figures) for s in met]
            continue
        if missing_required and len(met) >= level.need:
            required = " and ".join(s.looks_for.removesuffix(" (required)") for s in missing_required)
            reasons.append(f"{level.name} (level {level.number}) also requires {required}; "
                           f"{len(met)} of its other signs were seen:")
        else:
            reasons.append(f"{len(met)} of the {level.need} signs needed for {level.name} (level {level.number}) "
                           "were seen" + (":" if met else "."))
        reasons.extend(f"  {s.sentence(figures)}" for s in met)
        next_steps.extend(f"Not yet seen: {s.looks_for}" for s in level.signs if not s.met(figures))
        break
    return LevelEstimate(reached.number, reached.name, reached.summary, tuple(reasons), tuple(next_steps),
                         rubric.caveat)


def report(turns: Sequence[Turn], rubric: Rubric | None = None,
           bands: Sequence[Band] | None = None) -> dict[str, Any]:
    """Everything the tags say about one observer's view of a meeting, ready for JSON."""
    analysis = TalkAnalysis(sorted(turns, key=lambda turn: turn.t))
    figures = analysis.indicators()
    estimate = estimate_level(figures, rubric or load_rubric())
    from coachtui.vocabulary import vocabulary

    return {
        "level": estimate.number,
        "level_name": estimate.name,
        "reasons": list(estimate.reasons),
        "next_steps": list(estimate.next_steps),
        "caveat": estimate.caveat,
        "counts": {name: analysis.functions[name] for name in vocabulary().functions},
        "indicators": figures,
        "talk_share": {s: round(analysis.talk_share(s), 3) for s in PAIR},
        "initiation": {s: analysis.initiations[s] for s in PAIR},
        "challenges": [{"t": c.t, "by": c.by, "response": c.response} for c in analysis.challenges],
        "stimulus": dict(sorted(analysis.stimuli.items())),
        "scales": dict(sorted(analysis.scales.items())),
        "scale_links": [[a, b, n] for (a, b), n in sorted(analysis.scale_links.items())],
        "time": dict(sorted(analysis.time_frames.items())),
        "co_construction_runs": list(analysis.co_runs),
        "observations": observations(analysis),
        "bands": [placement.as_dict() for placement in place_all(figures, load_bands() if bands is None else bands)],
    }


# -- plain observations for the pair's feedback ------------------------------------------


def observations(analysis: TalkAnalysis, limit: int = 4) -> list[str]:
    """Three or four plain sentences for the debrief, most telling first."""
    if analysis.turns == 0:
        return ["No turns were tagged in this meeting, so there is nothing to read yet."]
    figures = analysis.indicators()
    minutes = figures["minutes"]
    found: list[str] = []
    if not analysis.challenges:
        span = f"in {minutes:g} minutes of talk" if minutes >= 1 else "in this conversation"
        found.append(f"There was no challenge {span}. One question that tests an assumption can open the talk up.")
    elif analysis.challenges and all(c.response == "defence" for c in analysis.challenges):
        found.append("Every challenge was met with defence. Asking what evidence would change the view can help.")
    if figures["initiations"] >= 2 and figures["coachee_initiations"] == 0:
        found.append("The coach opened every new strand of the talk. Inviting the coachee to choose the next "
                     "one shares the thinking.")
    if figures["evidence_share"] == 0:
        found.append("No evidence (observation notes, video, pupils' work) came into the talk; it rested on "
                     "memory.")
    if figures["future_share"] < 0.1:
        found.append(f"Only {figures['future_share']:.0%} of turns looked ahead to future lessons.")
    if figures["co_construction_runs"]:
        found.append(f"Coach and coachee built on each other's ideas {figures['co_construction_runs']:g} "
                     f"time{'s' if figures['co_construction_runs'] != 1 else ''}: the rarest and most useful "
                     "pattern.")
    if figures["coach_talk_share"] > 0.6:
        found.append(f"The coach did {figures['coach_talk_share']:.0%} of the talking.")
    if figures["dissonances_resolved"]:
        found.append("A moment of dissonance was worked through into a wider idea or a plan.")
    if figures["scales_touched"] >= 3:
        found.append(f"The talk moved across {figures['scales_touched']:g} scales, from single moments to "
                     "wider themes.")
    return found[:limit]


# -- two observers of one meeting ------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    pairs: tuple[tuple[Turn | None, Turn | None], ...]
    kappa: float | None
    agreement: float | None

    @property
    def matched(self) -> list[tuple[Turn, Turn]]:
        return [(a, b) for a, b in self.pairs if a is not None and b is not None]

    @property
    def disagreements(self) -> list[tuple[Turn | None, Turn | None]]:
        """Turns to talk through: a different function, or tagged by only one observer."""
        return [(a, b) for a, b in self.pairs if a is None or b is None or a.function != b.function]


def align(first: Sequence[Turn], second: Sequence[Turn], tolerance: float = 3.0
          ) -> list[tuple[Turn | None, Turn | None]]:
    """Pair two observers' turns in time order, never crossing: as many pairs as possible within
    `tolerance` seconds of each other, and among those the closest; turns left over stand alone."""
    a = sorted(first, key=lambda turn: turn.t)
    b = sorted(second, key=lambda turn: turn.t)
    n, m = len(a), len(b)
    # score[i][j]: best over a[:i] and b[:j]. One more pair is worth more than any total of gaps
    # (each gap is at most `tolerance`), so the most pairs win first, then the closest.
    weight = tolerance * (n + m) + 1
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, above, t = score[i], score[i - 1], a[i - 1].t
        for j in range(1, m + 1):
            best = above[j] if above[j] > row[j - 1] else row[j - 1]
            gap = abs(b[j - 1].t - t)
            if gap <= tolerance and above[j - 1] + weight - gap > best:
                best = above[j - 1] + weight - gap
            row[j] = best
    pairs: list[tuple[Turn | None, Turn | None]] = []
    i, j = n, m
    while i > 0 and j > 0:
        gap = abs(b[j - 1].t - a[i - 1].t)
        if gap <= tolerance and score[i][j] == score[i - 1][j - 1] + weight - gap:
            pairs.append((a[i - 1], b[j - 1]))
            i, j = i - 1, j - 1
        elif score[i][j] == score[i - 1][j]:
            pairs.append((a[i - 1], None))
            i -= 1
        else:
            pairs.append((None, b[j - 1]))
            j -= 1
    pairs.extend((a[k], None) for k in range(i - 1, -1, -1))
    pairs.extend((None, b[k]) for k in range(j - 1, -1, -1))
    pairs.reverse()
    # Leftovers met while walking back sit out of order among themselves; pairs never cross.
    pairs.sort(key=lambda pair: pair[0].t if pair[0] is not None else pair[1].t)  # type: ignore[union-attr]
    return pairs


def cohen_kappa(labels: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa for pairs of category labels; None when there is nothing to compare."""
    n = len(labels)
    if n == 0:
        return None
    observed = sum(x == y for x, y in labels) / n
    first = Counter(x for x, _ in labels)
    second = Counter(y for _, y in labels)
    expected = sum(first[c] * second[c] for c in first) / (n * n)
    if expected == 1:
        return 1.0 if observed == 1 else 0.0
    return (observed - expected) / (1 - expected)


def compare(first: Sequence[Turn], second: Sequence[Turn], tolerance: float = 3.0) -> Comparison:
    """Align two observers' turns and measure agreement on the interaction function."""
    pairs = align(first, second, tolerance)
    labels = [(a.function, b.function) for a, b in pairs if a is not None and b is not None]
    agreement = sum(x == y for x, y in labels) / len(labels) if labels else None
    return Comparison(tuple(pairs), cohen_kappa(labels), agreement)


def function_chart(turns: Sequence[Turn], functions: Sequence[str], columns: int
                   ) -> dict[str, list[frozenset[str]]]:
    """For each function, which speakers used it in each of `columns` equal slices of the meeting."""
    chart: dict[str, list[set[str]]] = {f: [set() for _ in range(columns)] for f in functions}
    if not turns or columns <= 0:
        return {f: [frozenset(c) for c in cells] for f, cells in chart.items()}
    start = min(turn.t for turn in turns)
    span = max(turn.t for turn in turns) - start or 1.0
    for turn in turns:
        if turn.function in chart:
            column = min(columns - 1, int((turn.t - start) / span * columns))
            chart[turn.function][column].add(turn.speaker)
    return {f: [frozenset(c) for c in cells] for f, cells in chart.items()}


# -- reference bands ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """Where an indicator usually falls in a 10-15 minute meeting, and why we think so."""

    indicator: str
    label: str
    low: float
    high: float
    toward: str  # "higher" or "lower": the direction of co-constructive coaching
    source: str
    reasoning: str


@dataclass(frozen=True)
class Placement:
    band: Band
    value: float
    place: str  # below, within, above

    @property
    def sentence(self) -> str:
        low, high = (format_figure(self.band.indicator, v) for v in (self.band.low, self.band.high))
        where = {"below": "below", "within": "within", "above": "above"}[self.place]
        return (f"{self.band.label}: {format_figure(self.band.indicator, self.value)}, {where} the usual "
                f"range ({low} to {high})")

    def as_dict(self) -> dict[str, Any]:
        return {"indicator": self.band.indicator, "label": self.band.label, "value": self.value,
                "low": self.band.low, "high": self.band.high, "place": self.place, "toward": self.band.toward}


def place(value: float, band: Band) -> Placement:
    """Below `low`, above `high`, otherwise within (the edges count as within)."""
    where = "below" if value < band.low else "above" if value > band.high else "within"
    return Placement(band, value, where)


def place_all(figures: dict[str, float], bands: Sequence[Band]) -> list[Placement]:
    return [place(figures.get(band.indicator, 0.0), band) for band in bands]


def parse_bands(data: dict[str, Any], origin: str = "the bands file") -> list[Band]:
    """Bands from parsed TOML; PackError names the band and what is wrong with it."""
    from coachtui.errors import PackError

    known = set(TalkAnalysis().indicators())
    bands = []
    for number, raw in enumerate(data.get("band", []), start=1):
        if not isinstance(raw, dict):
            raise PackError(f"Band {number} in {origin} is not a table.")
        name = raw.get("indicator", f"band {number}")
        try:
            band = Band(str(raw["indicator"]), str(raw["label"]), float(raw["low"]), float(raw["high"]),
                        str(raw.get("toward", "higher")), str(raw["source"]), str(raw["reasoning"]).strip())
        except KeyError as missing:
            raise PackError(f"The band for {name} in {origin} has no {missing.args[0]}.") from None
        except (TypeError, ValueError):
            raise PackError(f"The band for {name} in {origin} needs numbers for low and high.") from None
        if band.indicator not in known:
            raise PackError(f"{origin} has a band for an unknown indicator '{band.indicator}'.")
        if band.low > band.high:
            raise PackError(f"The band for {band.indicator} in {origin} has low above high.")
        if band.toward not in ("higher", "lower"):
            raise PackError(f"The band for {band.indicator} in {origin}: toward must be higher or lower.")
        bands.append(band)
    return bands


def load_bands(user_file: Any = None) -> list[Band]:
    """The shipped bands, with any the coordinator set in their own file in their place.

    A malformed user file raises PackError; the caller reports it and keeps the shipped bands.
    """
    import tomllib
    from importlib import resources

    shipped = parse_bands(tomllib.loads((resources.files("coachtui") / "data" / "bands.toml")
                                        .read_text(encoding="utf-8")), "the shipped bands")
    if user_file is None or not user_file.is_file():
        return shipped
    from coachtui.errors import PackError

    try:
        data = tomllib.loads(user_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise PackError(f"Could not read {user_file}: {error}.") from None
    mine = {band.indicator: band for band in parse_bands(data, str(user_file))}
    return [mine.pop(band.indicator, band) for band in shipped] + list(mine.values())
