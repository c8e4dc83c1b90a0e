"""A time chart in the terminal: one row per function, a mark wherever it was used, by speaker."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from coachtui.core.analysis import function_chart
from coachtui.core.model import Turn, format_clock
from coachtui.widgets.tagging.colours import function_style

LABEL_WIDTH = 16
LEGEND = "● coach  ○ coachee  ◉ both  ◇ observer"


def mark(speakers: frozenset[str]) -> str:
    if {"coach", "coachee"} <= speakers:
        return "◉"
    if "coach" in speakers:
        return "●"
    if "coachee" in speakers:
        return "○"
    return "◇" if speakers else "·"


class FunctionChart(Widget):
    """Functions down the side, the meeting's time across; the marks show who used each, when."""

    turns: reactive[list[Turn]] = reactive(list, always_update=True)

    def __init__(self, functions: tuple[str, ...], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.functions = functions

    def render(self) -> Text:
        columns = max(10, self.size.width - LABEL_WIDTH - 1)
        chart = function_chart(self.turns, self.functions, columns)
        text = Text()
        for function in self.functions:
            text.append(f"{function:<{LABEL_WIDTH}}", function_style(function))
            text.append("".join(mark(cell) for cell in chart[function]), function_style(function))
            text.append("\n")
        if self.turns:
            start, end = format_clock(self.turns[0].t), format_clock(self.turns[-1].t)
            gap = max(1, columns - len(start) - len(end))
            text.append(" " * LABEL_WIDTH + start + " " * gap + end + "\n", "dim")
        text.append(" " * LABEL_WIDTH + LEGEND, "dim")
        return text
