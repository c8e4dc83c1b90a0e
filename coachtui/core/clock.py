"""The meeting and lesson clocks, and GROW pacing. Pure: time comes from an injected function."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from coachtui.core.model import GROW_ORDER, GrowPhase

Ticker = Callable[[], float]
WARNING_SECONDS = 120.0


class Alert(StrEnum):
    TWO_MINUTES = "two_minutes"
    TIME_UP = "time_up"


class Stopwatch:
    """Elapsed time that can be started and paused, resuming from a saved figure."""

    def __init__(self, elapsed: float = 0.0, now: Ticker = time.monotonic) -> None:
        self._now = now
        self._banked = max(0.0, elapsed)
        self._since: float | None = None

    @property
    def running(self) -> bool:
        return self._since is not None

    @property
    def elapsed(self) -> float:
        if self._since is None:
            return self._banked
        return self._banked + max(0.0, self._now() - self._since)

    def start(self) -> None:
        if self._since is None:
            self._since = self._now()

    def pause(self) -> None:
        if self._since is not None:
            self._banked = self.elapsed
            self._since = None

    @property
    def running_since(self) -> float | None:
        """The reading of `now` when the watch last started; None while it is paused."""
        return self._since

    def state(self) -> tuple[float, float | None]:
        """(seconds banked, running since): all another process needs to read the same time."""
        return self._banked, self._since

    def set_state(self, banked: float, since: float | None) -> None:
        """Take another process's reading of the same clock (`state` there)."""
        self._banked = max(0.0, banked)
        self._since = since

    def reset_to(self, elapsed: float) -> None:
        """Stop, and read `elapsed` again (undoing a start that should not have happened)."""
        self._since = None
        self._banked = max(0.0, elapsed)

    def toggle(self) -> bool:
        """Start if paused, pause if running; return whether it now runs."""
        if self.running:
            self.pause()
        else:
            self.start()
        return self.running


class MeetingClock(Stopwatch):
    """A stopwatch with a time box: remaining time, overrun, and the two quiet alerts."""

    def __init__(self, planned_minutes: float, elapsed: float = 0.0, now: Ticker = time.monotonic) -> None:
        super().__init__(elapsed, now)
        self.planned_seconds = planned_minutes * 60.0
        self._fired: set[Alert] = set(self._due_alerts())

    def set_planned(self, minutes: float) -> None:
        self.planned_seconds = minutes * 60.0
        self._fired = set(self._due_alerts())

    @property
    def remaining(self) -> float:
        return self.planned_seconds - self.elapsed

    @property
    def overrun(self) -> float:
        return max(0.0, -self.remaining)

    def _due_alerts(self) -> list[Alert]:
        due = []
        if self.planned_seconds > WARNING_SECONDS and self.remaining <= WARNING_SECONDS:
            due.append(Alert.TWO_MINUTES)
        if self.remaining <= 0:
            due.append(Alert.TIME_UP)
        return due

    def new_alerts(self) -> list[Alert]:
        """Alerts whose moment has come since the last call; each fires once per time box."""
        fresh = [alert for alert in self._due_alerts() if alert not in self._fired]
        self._fired.update(fresh)
        return fresh


@dataclass(frozen=True)
class PhaseWindow:
    phase: GrowPhase
    start: float
    end: float


def phase_plan(planned_seconds: float, shares: Mapping[GrowPhase, float]) -> list[PhaseWindow]:
    """Split the time box across the GROW phases in proportion to their shares."""
    total = sum(shares.get(p, 0.0) for p in GROW_ORDER) or 1.0
    windows, start = [], 0.0
    for phase in GROW_ORDER:
        length = planned_seconds * shares.get(phase, 0.0) / total
        windows.append(PhaseWindow(phase, start, start + length))
        start += length
    return windows


def pace_message(plan: list[PhaseWindow], phase: GrowPhase, elapsed: float) -> str:
    """A short, calm line on whether the conversation is keeping to the phase plan."""
    window = next(w for w in plan if w.phase is phase)
    if elapsed > window.end + 30:
        return f"{phase.label} was planned to end at {_mmss(window.end)}"
    if elapsed < window.start - 30:
        return f"ahead of plan: {phase.label} starts around {_mmss(window.start)}"
    return f"{phase.label} until about {_mmss(window.end)}"


def _mmss(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}"
