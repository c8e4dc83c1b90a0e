"""Plain domain objects: the coaching cycle, meetings and what they record.

Nothing here touches SQLite or Textual; the store returns these and screens show them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum, StrEnum

_ASCII_DIGITS = re.compile(r"[0-9]{1,6}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Stage(IntEnum):
    """The four stages of a coaching cycle."""

    ARRANGEMENTS = 1
    PRE_LESSON = 2
    LESSON = 3
    POST_LESSON = 4

    @property
    def title(self) -> str:
        return STAGE_TITLES[self]

    @property
    def short(self) -> str:
        return STAGE_SHORT[self]


STAGE_TITLES = {
    Stage.ARRANGEMENTS: "Arrangements agreed",
    Stage.PRE_LESSON: "Pre-lesson meeting",
    Stage.LESSON: "Lesson and evidence",
    Stage.POST_LESSON: "Post-lesson meeting",
}


STAGE_SHORT = {
    Stage.ARRANGEMENTS: "Arrangements",
    Stage.PRE_LESSON: "Pre-lesson",
    Stage.LESSON: "Lesson",
    Stage.POST_LESSON: "Post-lesson",
}


class GrowPhase(StrEnum):
    GOAL = "goal"
    REALITY = "reality"
    OPTIONS = "options"
    WAY_FORWARD = "way_forward"

    @property
    def label(self) -> str:
        return "Way forward" if self is GrowPhase.WAY_FORWARD else self.value.title()

    @property
    def initial(self) -> str:
        return "W" if self is GrowPhase.WAY_FORWARD else self.value[0].upper()


GROW_ORDER: tuple[GrowPhase, ...] = tuple(GrowPhase)


class PerformanceLink(StrEnum):
    """How coaching relates to performance management, healthiest first."""

    UNRELATED = "unrelated"
    COACHEE_BRINGS_EVIDENCE = "coachee_brings_evidence"
    COACHEE_CHOOSES_TARGET = "coachee_chooses_target"
    MANAGER_LED = "manager_led"

    @property
    def label(self) -> str:
        return PERFORMANCE_LINK_LABELS[self]


PERFORMANCE_LINK_LABELS = {
    PerformanceLink.UNRELATED: "Kept entirely apart from performance management",
    PerformanceLink.COACHEE_BRINGS_EVIDENCE: "The coachee may choose to bring coaching evidence to their review",
    PerformanceLink.COACHEE_CHOOSES_TARGET: "The coachee may choose to work on a target from their review",
    PerformanceLink.MANAGER_LED: "Managers use coaching to address concerns about the coachee",
}

MANAGER_LED_WARNING = (
    "Careful: when managers use coaching to deal with concerns, coachees soon see it as "
    "judgement in disguise. Trust drains away, people stop taking risks or admitting "
    "difficulties, and the conversations lose their value. Keep coaching separate if you can."
)


class MeetingMode(StrEnum):
    LIVE = "live"
    ROLE_PLAY = "role-play"


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class EvidenceKind(StrEnum):
    NOTE = "note"
    TEACHER_QUESTION = "teacher question"
    PUPIL_QUESTION = "pupil question"
    VIDEO_MOMENT = "video moment"


class LessonFeature(StrEnum):
    TEACHER_TALK = "teacher talk"
    GROUP_WORK = "group work"
    WHOLE_CLASS = "whole-class discussion"
    INDEPENDENT = "independent work"


ACTION_OWNERS = ("coachee", "coach", "both")


@dataclass(frozen=True)
class Partnership:
    """A coach and a coachee working together (or a training round's pair)."""

    id: int
    coach: str
    coachee: str
    focus: str
    created_at: str
    kind: str = "coaching"  # or "role-play": a training round's pair, kept off the home list
    # When each partner agreed that the partnership's anonymous figures count in the school's figures.
    figures_coach_agreed_at: str | None = None
    figures_coachee_agreed_at: str | None = None

    @property
    def pair(self) -> str:
        return f"{self.coach} & {self.coachee}"

    @property
    def figures_counted(self) -> bool:
        """Whether the school's figures count this partnership's meetings: only once both partners agree."""
        return self.figures_coach_agreed_at is not None and self.figures_coachee_agreed_at is not None


@dataclass(frozen=True)
class Arrangement:
    """What a cycle's partners agreed at the start: when they meet, the lesson, confidentiality."""

    cycle_id: int
    schedule: str = ""
    next_meeting: date | None = None
    observed_lesson: bool = True
    confidentiality_agreed: bool = False
    performance_link: PerformanceLink = PerformanceLink.UNRELATED
    evidence_plan: str = ""


@dataclass(frozen=True)
class Cycle:
    """One coaching cycle of a partnership: its focus, prompt pack theme and the stage reached."""

    id: int
    partnership_id: int
    number: int
    focus: str
    theme: str
    stage: Stage
    stage_reached: dict[Stage, str] = field(default_factory=dict)
    created_at: str = ""


@dataclass(frozen=True)
class Meeting:
    """A pre- or post-lesson meeting, live or role-played: its GROW phase, pack and clock."""

    id: int
    cycle_id: int
    stage: Stage
    planned_minutes: int
    mode: MeetingMode
    phase: GrowPhase
    pack: str
    clock_elapsed: float
    started_at: str | None
    ended_at: str | None
    created_at: str
    # When the clock last started, in the machine's monotonic seconds; None while it is paused. Then the
    # clock reads `clock_elapsed` plus the seconds since.
    clock_running_since: float | None = None

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


@dataclass(frozen=True)
class Action:
    """Something a partner agreed to do, with its owner, due date and status."""

    id: int
    partnership_id: int
    cycle_id: int
    meeting_id: int | None
    text: str
    owner: str
    due: date | None
    status: ActionStatus
    created_at: str


@dataclass(frozen=True)
class Evidence:
    """A note from the observed lesson at a time on the lesson clock."""

    id: int
    cycle_id: int
    t: float
    kind: EvidenceKind
    text: str
    critical: bool
    video_ref: str
    created_at: str


@dataclass(frozen=True)
class SavedText:
    """A text two windows may edit at once (an action's, an evidence note, an arrangement), as saved, with the
    version every save of it raises: a screen saves back only over the version it loaded."""

    text: str = ""
    version: int = 0


@dataclass(frozen=True)
class GrowNote:
    """One GROW phase's notes as saved, with the version every save raises (0: never saved)."""

    text: str = ""
    version: int = 0
    updated_at: str = ""


@dataclass(frozen=True)
class FeatureSpan:
    """A stretch of the lesson spent on one feature; `end` is None while it runs."""

    feature: LessonFeature
    start: float
    end: float | None


@dataclass(frozen=True)
class PartnershipOverview:
    """One row of the home screen."""

    partnership: Partnership
    cycle: Cycle | None
    next_meeting: date | None
    open_actions: int


def plural(count: int, noun: str) -> str:
    """'1 round', '3 rounds': a count with its noun."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def format_clock(seconds: float) -> str:
    """mm:ss for a duration; negative values keep their sign."""
    sign = "-" if seconds < 0 else ""
    whole = int(abs(seconds))
    return f"{sign}{whole // 60:02d}:{whole % 60:02d}"


def parse_clock(text: str) -> float:
    """Parse 'mm:ss' or 'h:mm:ss' into seconds; raise ValueError with a readable reason."""
    parts = text.strip().split(":")
    if not 2 <= len(parts) <= 3 or not all(_ASCII_DIGITS.fullmatch(p) for p in parts):
        raise ValueError(f"'{text[:20]}' is not a time like 12:05")
    numbers = [int(p) for p in parts]
    if any(n >= 60 for n in numbers[1:]):
        raise ValueError(f"'{text}' has minutes or seconds of 60 or more")
    total = 0
    for n in numbers:
        total = total * 60 + n
    return float(total)


def parse_due(text: str) -> date | None:
    """A due date as YYYY-MM-DD, or None for empty; ValueError names impossible dates."""
    text = text.strip()
    if not text:
        return None
    problem = f"'{text[:20]}' is not a real date: use YYYY-MM-DD, e.g. 2026-03-14"
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(problem)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(problem) from None


def feature_totals(spans: list[FeatureSpan], now: float) -> dict[LessonFeature, float]:
    """Seconds per lesson feature; a span still running counts up to `now` on the lesson clock."""
    totals = dict.fromkeys(LessonFeature, 0.0)
    for span in spans:
        end = span.end if span.end is not None else now
        totals[span.feature] += max(0.0, end - span.start)
    return totals


def evidence_label(item: Evidence) -> str:
    """The kind of an evidence note as a coach would say it."""
    if item.kind is EvidenceKind.NOTE and item.critical:
        return "critical incident"
    return item.kind.value


# -- turns of the coaching conversation, as an observer tags them ---------------------

# The interchange columns, in order; `time` is the time-frame dimension (stored as time_frame).
TURN_COLUMNS = ("t", "speaker", "function", "initiation", "subject", "stimulus", "scale", "tone", "time",
                "co_construction", "observer", "note")


@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker's contribution, tagged on the dimensions of coaching talk.

    Values are the canonical lower-case names from `coachtui/data/dimensions.toml`;
    an empty string means the observer left that dimension untagged.
    """

    t: float
    speaker: str
    function: str
    initiation: str = ""
    subject: str = ""
    stimulus: str = "none"
    scale: str = ""
    tone: str = "neutral"
    time: str = ""
    co_construction: bool = False
    observer: str = ""
    note: str = ""
    id: int = 0


# -- coach training: role-play sessions -------------------------------------------------------


@dataclass(frozen=True)
class Participant:
    """A person in a training session, known by an anonymous code, in a group."""

    code: str
    group: int
    name: str = ""  # kept on this laptop only; bundles and aggregates carry the code


@dataclass(frozen=True)
class TrainingRound:
    """One role-play round: who coaches, who is coached, who observes, and its meeting."""

    id: int
    session_id: int
    group: int
    number: int
    scenario: str
    coach: str
    coachee: str
    observers: tuple[str, ...]
    meeting_id: int | None
    source: str  # "here" when played on this laptop, "imported" from a bundle
    notes: str = ""

    @property
    def played(self) -> bool:
        return self.meeting_id is not None


@dataclass(frozen=True)
class TrainingSession:
    """A coach-training session: its rounds, timings and participants."""

    id: int
    code: str
    title: str
    rounds: int
    round_minutes: int
    debrief_minutes: int
    created_at: str
    participants: tuple[Participant, ...] = ()


@dataclass(frozen=True)
class NudgeRecord:
    """A nudge offered to the coach during a meeting, and what became of it."""

    id: int
    rule: str
    phase: str
    fired_at: float  # meeting-clock seconds
    outcome: str  # "shown", "taken up", "dismissed" or "expired"
    outcome_at: float | None
