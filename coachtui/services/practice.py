"""A person's own practice over time: the level of each tagged meeting and the indicators that moved.

For the coach (across the partnerships they coach) and for the coachee (the meetings in which they
were coached), on their own laptop. It reads the meetings' turns directly, whatever the partnership
agreed about the school's figures, and nothing here is ever part of the coordinator's figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from coachtui.core.analysis import TalkAnalysis, format_figure
from coachtui.core.model import Stage
from coachtui.core.rubric import Rubric, estimate_level
from coachtui.services.session_report import KEY_INDICATORS
from coachtui.store import Store

# A share has to move by this much to count as having moved; a count moves when it changes at all.
SHARE_STEP = 0.05
MOVING = tuple((name, label) for name, label in KEY_INDICATORS if name != "turns")


@dataclass(frozen=True)
class Move:
    """One indicator that changed since the person's meeting before, in the same role."""

    indicator: str
    label: str
    before: float
    after: float

    @property
    def arrow(self) -> str:
        return "↑" if self.after > self.before else "↓"

    def describe(self) -> str:
        """'challenges 0 → 2 ↑'."""
        return (f"{self.label} {format_figure(self.indicator, self.before)} → "
                f"{format_figure(self.indicator, self.after)} {self.arrow}")


@dataclass(frozen=True)
class PracticeMeeting:
    """One tagged meeting of the person's, as they see it in their own view."""

    meeting_id: int
    day: str
    role: str  # "coach" or "coachee"
    partner: str
    cycle: int
    stage: Stage
    level: int
    level_name: str
    reviewed: bool  # False: the level is provisional until the observer marks the review complete
    observer: str
    moved: tuple[Move, ...]  # since the meeting before in the same role; empty for the first


@dataclass(frozen=True)
class Practice:
    """Someone's tagged meetings, oldest first: those they coached, and those in which they were coached."""

    person: str
    as_coach: tuple[PracticeMeeting, ...]
    as_coachee: tuple[PracticeMeeting, ...]


def practice_over_time(store: Store, person: str, rubric: Rubric) -> Practice:
    """The person's meetings with the level each one's main observer's tags give, and what moved."""
    series: dict[str, list[PracticeMeeting]] = {"coach": [], "coachee": []}
    previous: dict[str, dict[str, float]] = {}
    for row in store.practice.meetings(person):
        observer = store.turns.main_observer(row.meeting_id)
        figures = TalkAnalysis(store.turns.of_meeting(row.meeting_id, observer)).indicators()
        estimate = estimate_level(figures, rubric)
        before = previous.get(row.role)
        series[row.role].append(PracticeMeeting(
            meeting_id=row.meeting_id, day=row.day, role=row.role, partner=row.partner, cycle=row.cycle,
            stage=Stage(row.stage), level=estimate.number, level_name=estimate.name,
            reviewed=store.turns.reviewed(row.meeting_id, observer), observer=observer,
            moved=moves(before, figures) if before is not None else ()))
        previous[row.role] = figures
    return Practice(person, tuple(series["coach"]), tuple(series["coachee"]))


def moves(before: dict[str, float], after: dict[str, float]) -> tuple[Move, ...]:
    """The key indicators that moved from one meeting to the next, in the order they are listed."""
    found = []
    for name, label in MOVING:
        old, new = before.get(name, 0.0), after.get(name, 0.0)
        step = SHARE_STEP if name.endswith("_share") else 1
        if abs(new - old) >= step - 1e-9:
            found.append(Move(name, label, old, new))
    return tuple(found)
