"""What the tagged talk looks like: indicators, an estimated level of practice, and observer agreement.

Pure functions and one incremental accumulator over lists of `Turn`; no SQLite, no Textual.
The live pane feeds `TalkAnalysis.add` one turn at a time; reports and the coordinator view
build one from a list. Function and dimension values are the canonical names from
`coachtui/data/dimensions.toml`; the values and groups this module reads meaning into are named below,
read from that file and checked against it.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from coachtui.core.model import Turn
from coachtui.core.vocabulary import vocabulary

_V = vocabulary()
COACH, COACHEE = _V.named("speaker", "coach"), _V.named("speaker", "coachee")
PAIR = (COACH, COACHEE)
QUESTION, EVALUATION, ACCEPTANCE = (_V.named("function", f) for f in ("question", "evaluation", "acceptance"))
CHALLENGE, DISSONANCE, DEFENCE = (_V.named("function", f) for f in ("challenge", "dissonance", "defence"))
GENERALISATION, NEW_IDEA, SUGGESTION = (_V.named("function", f) for f in ("generalisation", "new idea", "suggestion"))
# A challenge asks for a response; these are the three the guide names (7.3), weakest first: a
# defence that later turns into acceptance or dissonance in the same strand is reported as the latter.
RESPONSES = _V.group("function", "responses")
OPENS_UP = _V.group("function", "opens_up")
REASONING = _V.group("function", "reasoning")
# The coachee making sense of the lesson aloud: reasoning about their decisions, explaining, evaluating.
REFLECTING = _V.group("function", "reflecting")
# Generalising and proposing: what the coachee does at levels 3 and 4 (Table 1).
IDEAS = _V.group("function", "ideas")
PROPOSALS = _V.group("function", "proposals")
# What the coachee does in the guide's routine (7.2): explain, justify, clarify, evaluate.
RECOUNT = _V.group("function", "recount")
NO_STIMULUS, RECALL = _V.named("stimulus", "none"), _V.named("stimulus", "recall")
EVIDENCE_STIMULI = _V.group("stimulus", "evidence")
CRITICAL_MOMENT = _V.named("scale", "critical moment")
SPECIFIC_SCALES = _V.group("scale", "specific")
FUTURE, PAST = _V.named("time", "future specific lessons"), _V.named("time", "past")
NEGATIVE, POSITIVE = _V.group("tone", "negative"), _V.group("tone", "positive")
# Ours: building together happens in "characteristically short" turns (7.4); we call a turn short
# at 20 seconds or less, and a run needs three of them, alternating between coach and coachee.
SHORT_TURN_SECONDS = 20.0
RUN_TURNS = 3
# A turn is stamped as it ends; the first one is counted from the clock's start, at most this long.
FIRST_TURN_SECONDS = 60.0


@dataclass
class ChallengeResponse:
    """A challenge and what it drew from the other person over the rest of its strand."""

    t: float
    by: str
    response: str = ""  # defence, acceptance, dissonance, another function, or "" while unanswered
    first_response: str = ""  # what the other person said first, before the strand moved on

    @property
    def answered(self) -> bool:
        return self.response in RESPONSES

    @property
    def turned(self) -> bool:
        """A first defence that later gave way to acceptance or dissonance."""
        return self.first_response == DEFENCE and self.response in OPENS_UP


@dataclass
class LiveTalk:
    """What the nudges read as the talk goes: facts that change with every turn, in constant time per turn.

    A challenge's response here is simply the next turn by someone else (a nudge must act at once), where
    the indicators judge it over its strand.
    """

    last_challenge_t: float | None = None
    waiting_challenger: str | None = None
    responses: list[str] = field(default_factory=list)
    opened_since_response: bool = False
    future_seen: bool = False
    critical_seen: bool = False
    coach_initiation_run: int = 0

    def add(self, turn: Turn) -> None:
        if self.waiting_challenger is not None and turn.speaker != self.waiting_challenger:
            self.responses.append(turn.function)
            self.waiting_challenger = None
            self.opened_since_response = False
        elif turn.function in OPENS_UP:
            self.opened_since_response = True
        if turn.function == CHALLENGE:
            self.waiting_challenger = turn.speaker
            self.last_challenge_t = turn.t
        self.future_seen = self.future_seen or turn.time == FUTURE
        self.critical_seen = self.critical_seen or turn.scale == CRITICAL_MOMENT
        if turn.initiation == COACH:
            self.coach_initiation_run += 1
        elif turn.initiation == COACHEE:
            self.coach_initiation_run = 0


class TalkAnalysis:
    """Indicators of one observer's turns, updated in constant time per added turn.

    Turns given to the constructor are put in talk order (`in_talk_order`); turns given to `add`
    are expected to follow on. Each is stamped as it ends. After an edit or a delete, build a new
    one from the list. A strand is the talk from one opening (a turn with an initiation)
    to the next; with no openings tagged the whole meeting is one strand.
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
        self.scale_links: Counter[tuple[str, str]] = Counter()  # pairs of scales met in one strand
        self.time_frames: Counter[str] = Counter()
        self.challenges: list[ChallengeResponse] = []
        self.dissonances = 0
        self.dissonances_resolved = 0
        self.co_construction_turns = 0
        self.co_runs: list[int] = []
        self.coachee_reasoning_on_evidence = 0
        self.coachee_reflection_on_evidence = 0
        self.coachee_generalisations = 0  # by the coachee, or by either inside a run of building together
        self.coachee_proposals = 0  # new ideas and suggestions, counted the same way
        self.coach_ideas = 0  # the coach's generalisations, new ideas and suggestions outside such runs
        self.grounded_future = 0  # future turns after the coachee has reflected on evidence
        self.routine_exchanges = 0
        self.routine_turns = 0
        self.balanced_negatives = 0
        self.first_t: float | None = None
        self.last_t: float | None = None
        self.live = LiveTalk()
        self._last: Turn | None = None
        self._reflected_on_evidence = False
        self._strand_scales: set[str] = set()
        self._strand_challenges: list[ChallengeResponse] = []
        self._strand_dissonances = 0
        self._run_length = 0
        self._run_speaker = ""
        self._run_pending: list[str] = []  # the coach's ideas in a run not yet long enough to count
        self._routine_turns = 0  # turns in the routine exchange under way; 0 when none is
        self._routine_recounted = False
        for turn in in_talk_order(turns):
            self.add(turn)

    def add(self, turn: Turn) -> None:
        """Count one more turn."""
        self.live.add(turn)
        previous = self._last
        duration = turn.t - previous.t if previous is not None else min(turn.t, FIRST_TURN_SECONDS)
        duration = max(0.0, duration)
        self.seconds[turn.speaker] += duration
        self.turns += 1
        self.functions[turn.function] += 1
        self.by_speaker[turn.speaker] += 1
        self.speaker_functions[turn.speaker, turn.function] += 1
        if turn.initiation:
            self.initiations[turn.initiation] += 1
            self._new_strand()
        evidence = turn.stimulus in EVIDENCE_STIMULI
        if turn.stimulus and turn.stimulus != NO_STIMULUS:
            self.stimuli[turn.stimulus] += 1
        if turn.time:
            self.time_frames[turn.time] += 1
        self._add_scale(turn.scale)
        self._add_challenge_response(turn)
        self._add_coachee_reasoning(turn, evidence or (previous is not None and
                                                       previous.stimulus in EVIDENCE_STIMULI))
        self._add_co_construction(turn, duration)
        self._add_ideas(turn)
        if turn.function == DISSONANCE:
            self.dissonances += 1
            self._strand_dissonances += 1
        self._add_routine(turn)
        if (previous is not None and previous.speaker == COACHEE and previous.tone in NEGATIVE
                and turn.speaker == COACH and turn.tone in POSITIVE):
            self.balanced_negatives += 1
        if turn.time == FUTURE and self._reflected_on_evidence:
            self.grounded_future += 1
        if self.first_t is None:
            self.first_t = turn.t
        self.last_t = turn.t
        self._last = turn

    def _new_strand(self) -> None:
        self._strand_scales = set()
        self._strand_challenges = []
        self._strand_dissonances = 0

    def _add_scale(self, scale: str) -> None:
        if not scale:
            return
        self.scales[scale] += 1
        if scale not in self._strand_scales:
            for other in self._strand_scales:
                self.scale_links[(other, scale) if other < scale else (scale, other)] += 1
            self._strand_scales.add(scale)

    def _add_challenge_response(self, turn: Turn) -> None:
        # A challenge is answered by the other person's first turn in its strand; a later
        # acceptance or dissonance from them in the same strand is what it finally drew.
        for challenge in self._strand_challenges:
            if challenge.by == turn.speaker:
                continue
            if not challenge.first_response:
                challenge.first_response = challenge.response = turn.function
            elif (turn.function in RESPONSES
                  and RESPONSES.index(turn.function) > _response_rank(challenge.response)):
                challenge.response = turn.function
        if turn.function == CHALLENGE:
            challenge = ChallengeResponse(turn.t, turn.speaker)
            self.challenges.append(challenge)
            self._strand_challenges.append(challenge)

    def _add_coachee_reasoning(self, turn: Turn, on_evidence: bool) -> None:
        """`on_evidence`: the turn, or the one that prompted it, drew on evidence from the lesson."""
        if turn.speaker != COACHEE or not on_evidence:
            return
        if turn.function in REASONING:
            self.coachee_reasoning_on_evidence += 1
        if turn.function in REFLECTING:
            self.coachee_reflection_on_evidence += 1
            self._reflected_on_evidence = True

    def _add_co_construction(self, turn: Turn, duration: float) -> None:
        if not turn.co_construction:
            self._end_run()
            return
        self.co_construction_turns += 1
        if turn.speaker not in PAIR or duration > SHORT_TURN_SECONDS:
            self._end_run()  # a long turn, or a third voice, is not building together in short turns
            return
        if self._run_length and turn.speaker != self._run_speaker:
            self._run_length += 1
        else:
            self._end_run()
            self._run_length = 1
        self._run_speaker = turn.speaker
        if self._run_length == RUN_TURNS:
            self.co_runs.append(self._run_length)
        elif self._run_length > RUN_TURNS:
            self.co_runs[-1] = self._run_length

    def _end_run(self) -> None:
        self.coach_ideas += len(self._run_pending)  # the run never grew to three turns: the ideas were the coach's
        self._run_length = 0
        self._run_speaker = ""
        self._run_pending = []

    @property
    def _in_joint_run(self) -> bool:
        return self._run_length >= RUN_TURNS

    def _add_ideas(self, turn: Turn) -> None:
        """Generalisations and proposals count for the coachee when they make them, or when they
        arise inside a run of building together; the coach's own count as the coach's."""
        if turn.function in IDEAS and turn.speaker == COACH and turn.co_construction and not self._in_joint_run:
            self._run_pending.append(turn.function)  # may yet count, if the run grows to three turns
        elif turn.function in IDEAS and (turn.speaker == COACHEE or (turn.co_construction and self._in_joint_run)):
            self._credit_idea(turn.function)
        elif turn.function in IDEAS and turn.speaker == COACH:
            self.coach_ideas += 1
        if self._in_joint_run and self._run_pending:
            for function in self._run_pending:
                self._credit_idea(function)
            self._run_pending = []

    def _credit_idea(self, function: str) -> None:
        if function == GENERALISATION:
            self.coachee_generalisations += 1
        else:
            self.coachee_proposals += 1
        # Dissonance is worked through when the coachee, or the pair together, generalises or plans anew.
        self.dissonances_resolved += self._strand_dissonances
        self._strand_dissonances = 0

    def _add_routine(self, turn: Turn) -> None:
        """The guide's routine (7.2): the coach asks, the coachee recounts, the coach evaluates that."""
        if turn.speaker == COACH and turn.function == QUESTION:
            self._routine_turns, self._routine_recounted = 1, False
        elif (self._routine_turns and turn.speaker == COACHEE and turn.function in RECOUNT
              and turn.stimulus not in EVIDENCE_STIMULI):  # recounted from memory, as in the guide's account
            self._routine_turns += 1
            self._routine_recounted = True
        elif (self._routine_recounted and turn.speaker == COACH and turn.function == EVALUATION):
            self.routine_exchanges += 1
            self.routine_turns += self._routine_turns + 1
            self._routine_turns, self._routine_recounted = 0, False
        else:
            self._routine_turns, self._routine_recounted = 0, False

    # -- derived figures ------------------------------------------------------------------

    def share(self, part: float, whole: float) -> float:
        return part / whole if whole else 0.0

    def talk_share(self, speaker: str) -> float:
        """Share of the coach-and-coachee talk by time (by turns until time has passed)."""
        pair_seconds = sum(self.seconds[s] for s in PAIR)
        if pair_seconds > 0:
            return self.seconds[speaker] / pair_seconds
        return self.share(self.by_speaker[speaker], sum(self.by_speaker[s] for s in PAIR))

    def tallies(self) -> dict[str, float]:
        """The raw counts every indicator is derived from (the rubric's margin varies these)."""
        evidence_counts = [self.stimuli[s] for s in EVIDENCE_STIMULI if self.stimuli[s]]
        return {
            "turns": self.turns,
            "span_seconds": (self.last_t or 0.0) - (self.first_t or 0.0),
            "coach_turns": self.by_speaker[COACH],
            "coachee_turns": self.by_speaker[COACHEE],
            "coach_share_raw": self.talk_share(COACH),
            "coachee_share_raw": self.talk_share(COACHEE),
            "coach_initiations": self.initiations[COACH],
            "coachee_initiations": self.initiations[COACHEE],
            "questions": self.functions[QUESTION],
            "coach_questions": self.speaker_functions[COACH, QUESTION],
            "challenges": len(self.challenges),
            "challenges_answered": sum(c.answered for c in self.challenges),
            "challenges_turned": sum(c.turned for c in self.challenges),
            "coachee_reasoning": sum(self.speaker_functions[COACHEE, f] for f in REASONING),
            "coachee_reasoning_on_evidence": self.coachee_reasoning_on_evidence,
            "coachee_reflection_on_evidence": self.coachee_reflection_on_evidence,
            "coachee_acceptances": self.speaker_functions[COACHEE, ACCEPTANCE],
            "suggestions": self.functions[SUGGESTION],
            "new_ideas": self.functions[NEW_IDEA],
            "generalisations": self.functions[GENERALISATION],
            "coachee_generalisations": self.coachee_generalisations,
            "coachee_proposals": self.coachee_proposals,
            "coach_ideas": self.coach_ideas,
            "dissonances": self.dissonances,
            "dissonances_resolved": self.dissonances_resolved,
            "evidence_turns": sum(evidence_counts),
            "evidence_kinds": len(evidence_counts),
            "evidence_kinds_seen_once": sum(1 for n in evidence_counts if n == 1),
            "recall_turns": self.stimuli[RECALL],
            "specific_turns": sum(self.scales[s] for s in SPECIFIC_SCALES),
            "scale_turns": sum(self.scales.values()),
            "scales_touched": len(self.scales),
            "scales_seen_once": sum(1 for n in self.scales.values() if n == 1),
            "scale_links": len(self.scale_links),
            "past_turns": self.time_frames[PAST],
            "future_turns": self.time_frames[FUTURE],
            "grounded_future_turns": self.grounded_future,
            "co_construction_turns": self.co_construction_turns,
            "co_construction_runs": len(self.co_runs),
            "longest_co_construction_run": max(self.co_runs, default=0),
            "shortest_co_construction_run": min(self.co_runs, default=0),
            "routine_exchanges": self.routine_exchanges,
            "routine_turns": self.routine_turns,
            "balanced_negatives": self.balanced_negatives,
        }

    def indicators(self) -> dict[str, float]:
        """Named figures the level rubric and the reports read."""
        return figures_from(self.tallies())


def in_talk_order(turns: Iterable[Turn]) -> list[Turn]:
    """Turns by stamp; turns with the same stamp in one fixed order of their tags, so the picture
    never depends on which of two simultaneous tags happened to be stored first."""
    return sorted(turns, key=lambda turn: (turn.t, turn.speaker, turn.function, turn.initiation, turn.stimulus,
                                           turn.scale, turn.tone, turn.time, turn.co_construction, turn.subject))


def _response_rank(function: str) -> int:
    return RESPONSES.index(function) if function in RESPONSES else -1


def figures_from(tally: dict[str, float]) -> dict[str, float]:
    """The indicators, derived from raw tallies; shares run 0 to 1."""
    def share(part: float, whole: float) -> float:
        return round(part / whole, 3) if whole else 0.0

    turns = tally["turns"]
    minutes = tally["span_seconds"] / 60
    initiations = tally["coach_initiations"] + tally["coachee_initiations"]
    counts = ("turns", "coach_turns", "coachee_turns", "coach_initiations", "coachee_initiations", "questions",
              "challenges", "challenges_answered", "challenges_turned", "coachee_reasoning",
              "coachee_reasoning_on_evidence", "coachee_reflection_on_evidence", "suggestions", "new_ideas",
              "generalisations", "coachee_generalisations", "coachee_proposals", "coach_ideas", "dissonances",
              "dissonances_resolved", "evidence_kinds", "specific_turns", "past_turns", "future_turns",
              "grounded_future_turns", "scales_touched", "scale_links", "co_construction_turns",
              "co_construction_runs", "longest_co_construction_run", "routine_exchanges", "balanced_negatives")
    figures: dict[str, float] = {name: tally[name] for name in counts}
    figures.update({
        "minutes": round(minutes, 1),
        "coach_talk_share": round(tally["coach_share_raw"], 3),
        "coachee_talk_share": round(tally["coachee_share_raw"], 3),
        "initiations": initiations,
        "coachee_initiation_share": share(tally["coachee_initiations"], initiations),
        "coach_question_share": share(tally["coach_questions"], tally["coach_turns"]),
        "challenges_per_10_minutes": round(tally["challenges"] / max(1.0, minutes) * 10, 2),
        "coachee_acceptance_share": share(tally["coachee_acceptances"], tally["coachee_turns"]),
        "evidence_share": share(tally["evidence_turns"], turns),
        "recall_share": share(tally["recall_turns"], turns),
        "specific_share": share(tally["specific_turns"], turns),
        "scale_tagged_share": share(tally["scale_turns"], turns),
        "past_share": share(tally["past_turns"], turns),
        "future_share": share(tally["future_turns"], turns),
        "grounded_future_share": share(tally["grounded_future_turns"], turns),
        "routine_share": share(tally["routine_turns"], turns),
    })
    return figures


INDICATORS = tuple(TalkAnalysis().indicators())


def format_figure(indicator: str, value: float) -> str:
    if indicator.endswith("_share"):
        return f"{value:.0%}"
    return f"{value:g}"


# -- plain observations for the pair's feedback ------------------------------------------


def observations(analysis: TalkAnalysis, patterns: Sequence[str] = (), limit: int = 4) -> list[str]:
    """Three or four plain sentences for the debrief, most telling first.

    `patterns` are the rubric's caps that hold the level down ("mentoring", "routine"): they
    lead, so the sentences never say the opposite of the level.
    """
    if analysis.turns == 0:
        return ["No turns were tagged in this meeting, so there is nothing to read yet."]
    figures = analysis.indicators()
    minutes = figures["minutes"]
    found: list[str] = []
    if "mentoring" in patterns:
        found.append("This looks more like mentoring than coaching: the coach chose the direction and did the "
                     "thinking aloud, and the coachee mostly went along with it.")
    if "routine" in patterns:
        found.append(f"Most of the talk ({figures['routine_share']:.0%} of turns) was the familiar routine: the "
                     "coach asks how part of the lesson went, the coachee recounts it, the coach judges the "
                     "account. A challenge or a piece of evidence can break the pattern.")
    if not analysis.challenges:
        span = f"in {minutes:g} minutes of talk" if minutes >= 1 else "in this conversation"
        found.append(f"There was no challenge {span}. One question that tests an assumption can open the talk up.")
    elif all(c.response == DEFENCE for c in analysis.challenges):
        found.append("Every challenge was met with defence. Asking what evidence would change the view can help.")
    elif figures["challenges_turned"]:
        found.append("A challenge first met with defence was later accepted or led to dissonance in the same "
                     "strand: the challenge did its work.")
    if figures["initiations"] >= 2 and figures["coachee_initiations"] == 0:
        found.append("The coach opened every new strand of the talk. Inviting the coachee to choose the next "
                     "one shares the thinking.")
    if figures["evidence_share"] == 0:
        found.append("No evidence (observation notes, video, pupils' work) came into the talk; it rested on "
                     "memory.")
    if figures["coach_ideas"] >= 3 and figures["coachee_generalisations"] + figures["coachee_proposals"] == 0:
        found.append(f"The coach offered {figures['coach_ideas']:g} ideas, generalisations or suggestions and "
                     "the coachee none: asking what the coachee would try next hands the thinking over.")
    if figures["future_share"] < 0.1:
        found.append(f"Only {figures['future_share']:.0%} of turns looked ahead to future lessons.")
    elif figures["grounded_future_share"] < figures["future_share"] / 2:
        found.append(f"{figures['future_share']:.0%} of turns looked ahead, but most of that planning came "
                     "before the coachee had reflected on evidence from the lesson.")
    if figures["co_construction_runs"]:
        found.append(f"Coach and coachee built on each other's ideas {figures['co_construction_runs']:g} "
                     f"time{'s' if figures['co_construction_runs'] != 1 else ''}: the rarest and most useful "
                     "pattern.")
    if figures["coach_talk_share"] > 0.6:
        found.append(f"The coach did {figures['coach_talk_share']:.0%} of the talking.")
    if figures["balanced_negatives"] >= 2:
        found.append("More than once the coachee was hard on themselves and the coach answered with reassurance; "
                     "asking what the evidence shows can do more than balancing the tone.")
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


# Ours: two observers mark the end of a long turn less closely than a short one's, so the window
# for pairing grows with the turn: a quarter of the longer of the two, at most fifteen seconds.
WINDOW_SHARE, MAX_WINDOW = 0.25, 15.0


def _durations(turns: Sequence[Turn]) -> list[float]:
    """Each turn's length from the stamps, each marking its turn's end."""
    return [max(0.0, turn.t - (turns[k - 1].t if k else 0.0)) if k else min(turn.t, FIRST_TURN_SECONDS)
            for k, turn in enumerate(turns)]


def align(first: Sequence[Turn], second: Sequence[Turn], tolerance: float = 3.0
          ) -> list[tuple[Turn | None, Turn | None]]:
    """Pair two observers' turns in time order, never crossing: as many pairs as possible within their
    window of each other (`tolerance` seconds, or more for long turns), and among those the closest;
    turns left over stand alone."""
    a = sorted(first, key=lambda turn: turn.t)
    b = sorted(second, key=lambda turn: turn.t)
    n, m = len(a), len(b)
    long_a, long_b = _durations(a), _durations(b)

    def window(i: int, j: int) -> float:
        return max(tolerance, min(MAX_WINDOW, WINDOW_SHARE * max(long_a[i], long_b[j])))

    # score[i][j]: best over a[:i] and b[:j]. One more pair is worth more than any total of gaps
    # (each gap is at most the widest window), so the most pairs win first, then the closest.
    weight = max(tolerance, MAX_WINDOW) * (n + m) + 1
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, above, t = score[i], score[i - 1], a[i - 1].t
        for j in range(1, m + 1):
            best = above[j] if above[j] > row[j - 1] else row[j - 1]
            gap = abs(b[j - 1].t - t)
            if gap <= window(i - 1, j - 1) and above[j - 1] + weight - gap > best:
                best = above[j - 1] + weight - gap
            row[j] = best
    pairs: list[tuple[Turn | None, Turn | None]] = []
    i, j = n, m
    while i > 0 and j > 0:
        gap = abs(b[j - 1].t - a[i - 1].t)
        if gap <= window(i - 1, j - 1) and score[i][j] == score[i - 1][j - 1] + weight - gap:
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
    # The walk keeps each observer's turns in order and pairs never cross. Turns left alone between two
    # pairs are put in time order among themselves; a pair is never moved past them, since with windows
    # that grow with the turn a pair may straddle a short turn the other observer tagged on its own.
    ordered: list[tuple[Turn | None, Turn | None]] = []
    alone: list[tuple[Turn | None, Turn | None]] = []
    for pair in pairs:
        if pair[0] is not None and pair[1] is not None:
            ordered.extend(sorted(alone, key=lambda one: (one[0] or one[1]).t))  # type: ignore[union-attr]
            alone = []
            ordered.append(pair)
        else:
            alone.append(pair)
    ordered.extend(sorted(alone, key=lambda one: (one[0] or one[1]).t))  # type: ignore[union-attr]
    return ordered


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
        if not (math.isfinite(band.low) and math.isfinite(band.high)):
            raise PackError(f"The band for {name} in {origin} needs ordinary numbers for low and high, not nan "
                            "or inf.")
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
    from coachtui.locations import is_file

    if user_file is None or not is_file(user_file):
        return shipped
    from coachtui.core.parsing import toml_data
    from coachtui.errors import PackError

    try:
        data = toml_data(user_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise PackError(f"Could not read {user_file}: {error}.") from None
    mine = {band.indicator: band for band in parse_bands(data, str(user_file))}
    # What parse_bands lets through: `low = true` or `high = "3"` taken as numbers, a misspelt `towards`.
    from coachtui.core.schemas import checked
    from coachtui.core.schemas.rules_file import BandsFile

    checked(data, BandsFile, lambda problem: PackError(f"The bands file {user_file}: {problem}."))
    return [mine.pop(band.indicator, band) for band in shipped] + list(mine.values())
