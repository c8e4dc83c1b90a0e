"""The meeting clock and GROW pacing, in two lines at the top of the meeting screen."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from coachtui.core.clock import WARNING_SECONDS, PhaseWindow, pace_message
from coachtui.core.model import GrowPhase, format_clock


class TimerBar(Widget):
    """Shows elapsed and remaining time and where the meeting sits in its GROW plan."""

    elapsed: reactive[float] = reactive(0.0)
    planned: reactive[float] = reactive(720.0)
    running: reactive[bool] = reactive(False)
    phase: reactive[GrowPhase] = reactive(GrowPhase.GOAL)
    plan: reactive[list[PhaseWindow]] = reactive(list, always_update=True)

    def watch_elapsed(self) -> None:
        remaining = self.planned - self.elapsed
        self.set_class(0 < remaining <= WARNING_SECONDS, "-warning")
        self.set_class(remaining <= 0 and self.elapsed > 0, "-over")

    def render(self) -> Text:
        # Whole seconds on both sides, so elapsed and left always add up to the length shown.
        remaining = self.planned - int(self.elapsed)
        if remaining >= 0:
            left = Text(f"{format_clock(remaining)} left of {format_clock(self.planned)}")
        else:
            left = Text(f"{format_clock(-remaining)} over the {format_clock(self.planned)} planned", "bold")
        not_started = "■ not started · space starts"
        line = Text()
        for start_hint in (not_started, "■ space starts"):  # the shorter hint where the full one does not fit
            state = ("▶ running", "bold") if self.running else ("❚❚ paused", "reverse") if self.elapsed else (
                start_hint, "dim")
            line = Text.assemble(state, "  ", (format_clock(self.elapsed), "bold"), " elapsed   ", left)
            if line.cell_len <= self.size.width - 2:
                break
        line.append("\n")
        line.append_text(self._pacing_line())
        return line

    def _pacing_line(self) -> Text:
        width = max(20, self.size.width - 2)
        if not self.plan or self.planned <= 0:
            return Text("")
        message = pace_message(self.plan, self.phase, self.elapsed)
        # The message and its time always fit whole; the bar takes what is left (at least one cell a phase).
        bar_width = max(len(self.plan) * 2, min(width // 2, 48, width - len(message) - 2))
        bar = Text()
        for window in self.plan:
            cells = max(2, round(bar_width * (window.end - window.start) / self.planned))
            share_done = (self.elapsed - window.start) / max(1.0, window.end - window.start)
            done = min(cells, max(0, round(cells * share_done)))
            current = window.phase is self.phase
            label_style = "bold reverse" if current else "bold"
            bar.append(window.phase.initial, label_style)
            bar.append("━" * done, "bold")
            bar.append("─" * (cells - done - 1), "dim")
        bar.append("  ")
        bar.append(message, "italic")
        return bar
