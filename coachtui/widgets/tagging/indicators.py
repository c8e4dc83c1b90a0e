"""The live picture of the talk: what the tags add up to, redrawn from the running analysis."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from coachtui.analysis import PAIR, Rubric, TalkAnalysis, estimate_level
from coachtui.model import format_clock
from coachtui.widgets.tagging.colours import function_style

BAR_WIDTH = 14


class IndicatorsPanel(Static):
    """Indicators for one observer's tags; `compact` leaves out the per-function bars."""

    def __init__(self, functions: tuple[str, ...], rubric: Rubric, *, compact: bool = False,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.functions = functions
        self.rubric = rubric
        self.compact = compact

    def show(self, analysis: TalkAnalysis) -> None:
        self.update(self.describe(analysis))

    def describe(self, analysis: TalkAnalysis) -> Text:
        figures = analysis.indicators()
        estimate = estimate_level(figures, self.rubric)
        text = Text()
        text.append(f"Level {estimate.number} · {estimate.name}", "bold")
        text.append("  (estimate, an aid to reflection, not a grade)\n", "dim italic")
        for reason in estimate.reasons[:3 if self.compact else 6]:
            text.append(f"  • {reason}\n", "dim")
        text.append(f"\nTurns {analysis.turns}", "bold")
        shares = " / ".join(f"{s} {analysis.talk_share(s):.0%}" for s in PAIR)
        text.append(f"   talk {shares}\n")
        text.append(f"Openings  coach {analysis.initiations['coach']} · coachee {analysis.initiations['coachee']}"
                    f"   questions {figures['questions']:g} · challenges {figures['challenges']:g}\n")
        for challenge in analysis.challenges[-3:]:
            response = challenge.response or "waiting for a response"
            text.append(f"  {format_clock(challenge.t)} {challenge.by} challenged → {response}\n",
                        function_style("challenge"))
        stimuli = ", ".join(f"{name} {count}" for name, count in analysis.stimuli.most_common(3)) or "none yet"
        text.append(f"Stimulus  {stimuli}\n")
        scales = ", ".join(analysis.scales) or "none tagged"
        text.append(f"Scales    {scales}  (links {len(analysis.scale_links)})\n")
        text.append(f"Future practice {figures['future_share']:.0%} of turns   "
                    f"co-construction runs {figures['co_construction_runs']:g}"
                    f" (longest {figures['longest_co_construction_run']:g})\n")
        if not self.compact:
            text.append("\n")
            text.append_text(self._function_bars(analysis))
        return text

    def _function_bars(self, analysis: TalkAnalysis) -> Text:
        text = Text()
        most = max(analysis.functions.values(), default=0) or 1
        for function in self.functions:
            count = analysis.functions[function]
            cells = round(BAR_WIDTH * count / most)
            text.append(f"{function:<15}", function_style(function))
            text.append("█" * cells, function_style(function))
            text.append(f" {count}\n" if count else "\n")
        return text
