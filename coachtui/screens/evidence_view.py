"""The lesson's evidence, one key away during a meeting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from coachtui.core.model import Stage, feature_totals, format_clock
from coachtui.errors import StoreError
from coachtui.screens.base import UsesCoachApp
from coachtui.widgets.lesson.evidence_table import EvidenceTable

if TYPE_CHECKING:
    pass


class EvidenceView(UsesCoachApp, ModalScreen[None]):
    BINDINGS = [Binding("escape,e,q", "close", "Close")]

    def __init__(self, cycle_id: int, stage: Stage) -> None:
        super().__init__()
        self.cycle_id = cycle_id
        self.stage = stage

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog evidence-dialog"):
            yield Static("Evidence from the lesson", classes="dialog-title")
            yield Static(id="evidence-summary")
            yield EvidenceTable(id="evidence-list")

    def on_mount(self) -> None:
        store = self.coach_app.store
        try:
            items = store.lessons.evidence(self.cycle_id)
            spans = store.lessons.feature_spans(self.cycle_id)
            lesson_length = store.lessons.clock(self.cycle_id)
            plan = store.cycles.arrangement(self.cycle_id).evidence_plan
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        summary = Text()
        if not items:
            when = "in the lesson (stage 3)" if self.stage is Stage.PRE_LESSON else "yet"
            summary.append(f"No evidence collected {when}.\n")
            if plan:
                summary.append("Agreed to collect: ", style="bold")
                summary.append(plan + "\n")
        totals = {f: t for f, t in feature_totals(spans, lesson_length).items() if t > 0}
        if totals:
            summary.append("Time on lesson features: ", style="bold")
            summary.append(", ".join(f"{f.value} {format_clock(t)}" for f, t in totals.items()))
        critical = sum(item.critical for item in items)
        if items:
            summary.append(f"\n{len(items)} notes, {critical} critical incident{'s' if critical != 1 else ''}")
        self.query_one("#evidence-summary", Static).update(summary)
        self.query_one(EvidenceTable).show(items)
        self.query_one(EvidenceTable).focus()

    def action_close(self) -> None:
        self.dismiss(None)
