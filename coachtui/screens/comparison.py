"""Two observers of one meeting side by side: agreement on function and the turns to talk through."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Header, Select, Static

from coachtui.core.analysis import Comparison, compare
from coachtui.core.model import Turn, format_clock
from coachtui.errors import StoreError
from coachtui.screens.base import UsesCoachApp
from coachtui.widgets.footer import KeyFooter
from coachtui.widgets.keys import keyed
from coachtui.widgets.tagging.colours import function_style


def describe_agreement(comparison: Comparison, first: str, second: str) -> Text:
    matched = len(comparison.matched)
    only_first = sum(b is None for _, b in comparison.pairs)
    only_second = sum(a is None for a, _ in comparison.pairs)
    text = Text.assemble((f"{first} and {second}", "bold"), f": {matched} turns matched in time")
    text.append(f", {only_first} tagged only by {first}, {only_second} only by {second}.\n")
    if comparison.kappa is None:
        text.append("No turns line up in time, so agreement cannot be measured.")
    else:
        text.append(f"Agreement on function {comparison.agreement:.0%}; Cohen's kappa {comparison.kappa:.2f}", "bold")
        text.append(" (1 is full agreement, 0 no better than chance).")
    return text


def cell(turn: Turn | None) -> Text:
    if turn is None:
        return Text("(not tagged)", "dim")
    return Text.assemble(f"{turn.speaker} ", (turn.function, function_style(turn.function)))


class ComparisonScreen(UsesCoachApp, Screen[None]):
    """Aligns two observers' turns in time and lists every disagreement for the debrief."""

    CSS_PATH = "talk.tcss"

    BINDINGS = [keyed("comparison.leave", "leave", "Back")]

    def __init__(self, meeting_id: int, first: str, second: str, observers: list[str]) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.first, self.second = first, second
        self.observers = observers

    def compose(self) -> ComposeResult:
        self.title = "Compare observers"
        options = [(Text(name), name) for name in self.observers]  # names as typed, never read as markup
        yield Header()
        with Horizontal(id="comparison-top"):
            yield Select(options, value=self.first, allow_blank=False, id="first-observer")
            yield Select(options, value=self.second, allow_blank=False, id="second-observer")
        yield Static(id="comparison-summary")
        yield DataTable(id="disagreements", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Time", "First observer", "Second observer")
        self._show()

    def on_select_changed(self, event: Select.Changed) -> None:
        if not isinstance(event.value, str):
            return
        if event.select.id == "first-observer":
            self.first = event.value
        else:
            self.second = event.value
        self._show()

    def _show(self) -> None:
        store = self.coach_app.store
        try:
            comparison = compare(store.turns.of_meeting(self.meeting_id, self.first),
                                 store.turns.of_meeting(self.meeting_id, self.second))
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        self.query_one("#comparison-summary", Static).update(describe_agreement(comparison, self.first, self.second))
        table = self.query_one(DataTable)
        table.clear()
        table.columns[table.ordered_columns[1].key].label = Text(self.first)
        table.columns[table.ordered_columns[2].key].label = Text(self.second)
        for a, b in comparison.disagreements:
            t = a.t if a is not None else b.t if b is not None else 0.0
            table.add_row(Text(format_clock(t)), cell(a), cell(b))

    def action_leave(self) -> None:
        self.app.pop_screen()
