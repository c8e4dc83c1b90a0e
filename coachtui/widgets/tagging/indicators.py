"""The live picture of the talk: what the tags add up to, redrawn from the running analysis.

A line-API widget: every tag changes only a few lines (a count, a bar, a share), so it compares
the new lines with the old and repaints just those that differ.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from coachtui.core.analysis import PAIR, TalkAnalysis, figures_from
from coachtui.core.model import format_clock
from coachtui.core.rubric import LevelEstimate, Rubric, estimate_level, margin
from coachtui.widgets.tagging.colours import function_style

LABEL_WIDTH = 15
FIRMNESS_DELAY = 0.25  # seconds after a tag before the margin is worked out again


class IndicatorsPanel(Widget):
    """Indicators for one observer's tags; `compact` leaves out the per-function bars."""

    def __init__(self, functions: tuple[str, ...], rubric: Rubric, *, compact: bool = False,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.functions = functions
        self.rubric = rubric
        self.compact = compact
        self._analysis = TalkAnalysis()
        self._lines: list[Text] = []
        self._strips: dict[int, Strip] = {}
        self._wrap_cache: tuple[object, list[Text]] = (None, [])
        self._firmness_cache: tuple[object, list[str]] = (None, [])
        self._firmness_timer: Timer | None = None
        self._provisional = False

    @property
    def provisional(self) -> bool:
        """Whether the level is labelled provisional: the host sets it until the observer's review is complete."""
        return self._provisional

    @provisional.setter
    def provisional(self, value: bool) -> None:
        if value != self._provisional:
            self._provisional = value
            if self.is_mounted:
                self._update_lines()

    @property
    def plain_text(self) -> str:
        """What the panel says, as plain text (for tests and for copying)."""
        return "\n".join(line.plain for line in self._lines)

    def show(self, analysis: TalkAnalysis) -> None:
        self._analysis = analysis
        self._update_lines()

    def on_resize(self) -> None:
        self._update_lines(everything=True)

    def _update_lines(self, *, everything: bool = False) -> None:
        width = self.size.width or 60
        lines = self.describe_lines(self._analysis, width)
        old = self._lines
        self._lines = lines
        if everything or len(lines) != len(old):
            self._strips.clear()
            height = self.styles.height
            self.refresh(layout=height is None or height.is_auto)
            return
        for y, (before, after) in enumerate(zip(old, lines, strict=True)):
            if before != after:
                self._strips.pop(y, None)
                self.refresh(Region(0, y, width, 1))

    def _wrapped(self, sentences: tuple[str, ...], width: int) -> list[Text]:
        """Reasons change far less often than the counts: wrap them once per change."""
        key = (sentences, width)
        if self._wrap_cache[0] != key:
            lines: list[Text] = []
            for sentence in sentences:
                text = Text(f"• {sentence.strip()}", "dim")
                lines.extend(text.wrap(self.app.console, max(10, width)) if self.is_mounted else [text])
            self._wrap_cache = (key, lines)
        return self._wrap_cache[1]

    def _firmness(self, tally: dict[str, float], estimate: LevelEstimate) -> list[str]:
        """How firmly the level stands. The margin tries some forty changes, so it is worked out once per
        state of the tallies and, on screen, a moment after the tagging pauses rather than on the key press."""
        key = tuple(tally.values())
        if self._firmness_cache[0] != key:
            if not self.is_mounted or not self._firmness_cache[1]:
                self._firmness_cache = (key, margin(tally, self.rubric, estimate).sentences(limit=2))
            elif self._firmness_timer is None:
                self._firmness_timer = self.set_timer(FIRMNESS_DELAY, self._refresh_firmness)
        return self._firmness_cache[1]

    def _refresh_firmness(self) -> None:
        self._firmness_timer = None
        tally = self._analysis.tallies()
        estimate = estimate_level(figures_from(tally), self.rubric)
        self._firmness_cache = (tuple(tally.values()), margin(tally, self.rubric, estimate).sentences(limit=2))
        self._update_lines()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.describe_lines(self._analysis, width))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        strip = self._strips.get(y)
        if strip is None:
            segments = list(self._lines[y].render(self.app.console))
            strip = Strip(segments).adjust_cell_length(width).apply_style(self.rich_style)
            self._strips[y] = strip
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    # -- what it says ------------------------------------------------------------------------

    def describe_lines(self, analysis: TalkAnalysis, width: int = 60) -> list[Text]:
        """The panel's lines at `width`: a line too long for it wraps between words, so no figure is cut."""
        tally = analysis.tallies()
        figures = figures_from(tally)  # not analysis.indicators(): that would count the tallies again
        estimate = estimate_level(figures, self.rubric)
        # The word comes first, so a narrow panel crops the level's name rather than the warning.
        level = f"{estimate.number} · {estimate.name}"
        heading = ((("Provisional ", "bold italic"), (f"level {level}", "bold")) if self._provisional
                   else ((f"Level {level}", "bold"),))
        caveat = ("an estimate to reflect on, not a grade", Style(dim=True, italic=True))
        lines = [Text.assemble(*heading, "  ", caveat)]
        if lines[0].cell_len > width:  # the caveat on a line of its own, rather than broken after "an"
            lines = [Text.assemble(*heading), Text.assemble(caveat)]
        firmness = self._firmness(tally, estimate)
        lines.extend(self._wrapped((*firmness[:1 if self.compact else 2],
                                    *estimate.reasons[:2 if self.compact else 3]), width))
        shares = " / ".join(f"{s} {analysis.talk_share(s):.0%}" for s in PAIR)
        lines.append(Text.assemble((f"Turns {analysis.turns}", "bold"), f" · talk {shares}"))
        lines.append(Text(f"Openings coach {analysis.initiations['coach']} · coachee "
                          f"{analysis.initiations['coachee']} · questions {figures['questions']:g} · "
                          f"challenges {figures['challenges']:g}"))
        for challenge in analysis.challenges[-2:]:
            response = challenge.response or "waiting for a response"
            lines.append(Text(f"  {format_clock(challenge.t)} {challenge.by} challenged → {response}",
                              function_style("challenge")))
        stimuli = ", ".join(f"{name} {count}" for name, count in analysis.stimuli.most_common(3)) or "none yet"
        lines.append(Text(f"Stimulus {stimuli}"))
        lines.append(Text(f"Scales {', '.join(analysis.scales) or 'none tagged'} · links {len(analysis.scale_links)}"))
        lines.append(Text(f"Future practice {figures['future_share']:.0%} of turns · co-construction runs "
                          f"{figures['co_construction_runs']:g} (longest {figures['longest_co_construction_run']:g})"))
        lines = [part for line in lines for part in self._fit(line, width)]
        if not self.compact:
            lines.extend(self._function_bars(analysis, width))
        for line in lines:
            line.no_wrap = True
            line.overflow = "ellipsis"
        return lines

    def _fit(self, line: Text, width: int) -> list[Text]:
        """`line` as it is when it fits, else wrapped at its spaces (most lines fit: wrapping costs more)."""
        if line.cell_len <= width or not self.is_mounted:
            return [line]
        return list(line.wrap(self.app.console, max(10, width), overflow="fold"))

    def _function_bars(self, analysis: TalkAnalysis, width: int) -> list[Text]:
        """Two functions to a line, so all fifteen fit beside the timeline.

        The scale steps up in fives, so one more tag seldom redraws every bar.
        """
        column = max(LABEL_WIDTH + 6, (width - 1) // 2)
        bar_width = column - LABEL_WIDTH - 4
        most = max(analysis.functions.values(), default=0)
        scale = max(5, -(-most // 5) * 5)
        lines: list[Text] = []
        for index, function in enumerate(self.functions):
            count = analysis.functions[function]
            style = function_style(function)
            cell = Text(f"{function:<{LABEL_WIDTH}}", style)
            cell.append("█" * round(bar_width * count / scale), style)
            cell.append(f" {count}" if count else "")
            if index % 2 == 0:
                cell.pad_right(column - cell.cell_len)
                lines.append(cell)
            else:
                lines[-1].append_text(cell)
        return lines
