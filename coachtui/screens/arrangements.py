"""Stage 1: the arrangements the pair agree before anything else. Saved as they are chosen; the texts never over
what another window saved since this screen loaded them (both are kept, and the screen says so)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (
    Checkbox,
    Header,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Select,
    Static,
)

from coachtui.core.model import MANAGER_LED_WARNING, Arrangement, Cycle, Partnership, PerformanceLink, parse_due
from coachtui.errors import StoreError
from coachtui.screens.base import UsesCoachApp
from coachtui.services.kept_text import KeptText, arrangement_text, focus_text
from coachtui.widgets.checkbox import MarkedCheckbox
from coachtui.widgets.field import Field
from coachtui.widgets.filled import FilledValues
from coachtui.widgets.footer import KeyFooter
from coachtui.widgets.keys import keyed
from coachtui.widgets.meeting.pack_panel import pack_options

if TYPE_CHECKING:
    pass

CONFIDENTIALITY_TEXT = (
    "We agree that what is said and recorded stays between us; only a summary the coachee "
    "has read and approved leaves this laptop"
)
FIGURES_QUESTION = (
    "May this partnership's anonymous figures (counts, time use, levels) be counted in the school's figures? "
    "Only if you both agree; either of you can change it at any time, and it holds for every meeting you have had."
)
# What the coordinator sees and never sees, said where the pair decide.
COORDINATOR_SEES = (
    "If counted, your figures are mixed into programme totals with at least four other partnerships'. The "
    "coordinator never sees your names, notes, summaries or any figure about you alone."
)


class ArrangementsScreen(UsesCoachApp, Screen[None]):
    BINDINGS = [keyed("arrangements.back", "back", "Back")]

    def __init__(self, cycle_id: int) -> None:
        super().__init__()
        self.cycle_id = cycle_id
        self._armed = False
        self.partnership: Partnership | None = None
        # The free texts, each saved only over the version shown here.
        self.texts: dict[str, KeptText] = {}
        # What each text field was filled with: a change event carrying that value is the form being filled, not
        # the user typing; typed keys save from the first one, with no wait for a refresh.
        self._shown = FilledValues()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Arrangements", id="arrangements-title", classes="screen-title")
        yield VerticalScroll(id="arrangements")
        yield KeyFooter()

    def _form(self, cycle: Cycle, agreed: Arrangement, shown: dict[str, str]) -> list[Widget]:
        """Every arrangement as saved, to agree and change; the partners' names come in with their consent."""
        packs = self.coach_app.packs
        return [
            Label("Focus of this cycle"),
            Field(shown["focus"], placeholder="what the coachee wants to work on", id="focus"),
            Label("Theme (prompt pack)"),
            Select(pack_options(packs), value=packs.get(cycle.theme).key, allow_blank=False, id="theme"),
            Label("When you will meet"),
            Field(shown["schedule"], placeholder="e.g. Tuesdays after school, fortnightly", id="schedule"),
            Label("Next meeting date (YYYY-MM-DD)"),
            Field(agreed.next_meeting.isoformat() if agreed.next_meeting else "", placeholder="2026-12-01",
                  id="next_meeting"),
            Static("", id="date-error", classes="error-line", markup=False),
            MarkedCheckbox("A lesson will be observed (or filmed) in this cycle", agreed.observed_lesson,
                           id="observed_lesson"),
            Label("Evidence to collect"),
            Field(shown["evidence_plan"], placeholder="e.g. observation notes on questions; pupils' books",
                  id="evidence_plan"),
            MarkedCheckbox(CONFIDENTIALITY_TEXT, agreed.confidentiality_agreed, id="confidentiality_agreed"),
            Label("The school's figures"),
            Static(FIGURES_QUESTION, id="figures-question", markup=False),
            MarkedCheckbox("The coach agrees", id="figures_coach"),
            MarkedCheckbox("The coachee agrees", id="figures_coachee"),
            Static("", id="figures-state", markup=False),
            Static(COORDINATOR_SEES, classes="dialog-hint", markup=False),
            Label("How coaching relates to performance management"),
            RadioSet(*(RadioButton(link.label, value=link is agreed.performance_link, id=link.value)
                       for link in PerformanceLink), id="performance_link"),
            Static(MANAGER_LED_WARNING, id="manager-warning", classes="warning-box"),
        ]

    async def on_mount(self) -> None:
        store = self.coach_app.store
        try:
            cycle = store.cycles.get(self.cycle_id)
            agreed = store.cycles.arrangement(self.cycle_id)
            self.texts = {"focus": focus_text(store, self.cycle_id),
                          "schedule": arrangement_text(store, self.cycle_id, "schedule"),
                          "evidence_plan": arrangement_text(store, self.cycle_id, "evidence_plan")}
            shown = {field: text.load() for field, text in self.texts.items()}
            partnership = store.partnerships.get(cycle.partnership_id)
        except StoreError as error:
            self.close_unopened("the arrangements", error)
            return
        self.query_one("#arrangements-title", Static).update(f"Arrangements for cycle {cycle.number}")
        self._shown.fill({**shown, "next_meeting": agreed.next_meeting.isoformat() if agreed.next_meeting else ""})
        await self.query_one("#arrangements", VerticalScroll).mount_all(self._form(cycle, agreed, shown))
        self._show_warning(agreed.performance_link)
        # Names are the user's words: literal text, never markup.
        self.query_one("#figures_coach", Checkbox).label = Text(f"The coach, {partnership.coach}, agrees")
        self.query_one("#figures_coachee", Checkbox).label = Text(f"The coachee, {partnership.coachee}, agrees")
        self._show_figures(partnership)
        self.call_after_refresh(self._arm)

    def _show_figures(self, partnership: Partnership) -> None:
        self.partnership = partnership
        self.query_one("#figures_coach", Checkbox).value = partnership.figures_coach_agreed_at is not None
        self.query_one("#figures_coachee", Checkbox).value = partnership.figures_coachee_agreed_at is not None
        self.query_one("#figures-state", Static).update(
            "Counted in the school's figures: you both agree." if partnership.figures_counted else
            "Not counted in the school's figures: that needs you both to agree.")

    def _save_figures_consent(self, who: str, agreed: bool) -> None:
        partnership = self.partnership
        if partnership is None:
            return
        stored = getattr(partnership, f"figures_{who}_agreed_at") is not None
        if agreed == stored:  # the box announcing the value it was given, not the user changing it
            return
        try:
            changed = self.coach_app.store.partnerships.set_figures_consent(partnership.id, **{who: agreed})
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        self._show_figures(changed)

    def _arm(self) -> None:
        # Widgets announce their initial values on mount; only save what the user changes.
        self._armed = True

    def _show_warning(self, link: PerformanceLink) -> None:
        self.query_one("#manager-warning").display = link is PerformanceLink.MANAGER_LED

    def _save(self, **fields: Any) -> None:
        """Save choices and ticks the user made (their widgets announce the values they were given on mount,
        so nothing is saved until a refresh has passed) and the typed date (an edit by FilledValues' rule)."""
        if not self._armed and "next_meeting" not in fields:
            return
        try:
            self.coach_app.store.cycles.save_arrangement(self.cycle_id, **fields)
        except StoreError as error:
            self.coach_app.report_store_error(error)

    def on_input_changed(self, event: Input.Changed) -> None:
        if not self._shown.edited(event.input.id, event.value, event.input.value):
            return
        field = event.input.id or ""
        if field in self.texts:
            self._save_text(field, event.value)
        elif field == "next_meeting":
            error_line = self.query_one("#date-error", Static)
            try:
                due = parse_due(event.value)
            except ValueError as problem:
                error_line.update(f"{problem}. Not saved yet.")
                return
            error_line.update("")
            self._save(next_meeting=due)

    def _save_text(self, field: str, typed: str) -> None:
        text = self.texts[field]
        try:
            saved = text.save(typed)
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        if saved is not None and saved.elsewhere is not None:
            # Another window saved this text since it was shown here: show both, as now saved.
            self.query_one(f"#{field}", Field).load(saved.text)
            self.notify(text.notice(saved), title="Changed in another window", severity="warning", timeout=12,
                        markup=False)

    def on_select_changed(self, event: Select.Changed) -> None:
        if self._armed and event.select.id == "theme" and isinstance(event.value, str):
            try:
                self.coach_app.store.cycles.update(self.cycle_id, theme=event.value)
            except StoreError as error:
                self.coach_app.report_store_error(error)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        box = event.checkbox.id or ""
        if box.startswith("figures_"):
            self._save_figures_consent(box.removeprefix("figures_"), event.value)
        elif box:
            self._save(**{box: event.value})

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        if event.pressed.id is None:
            return
        link = PerformanceLink(event.pressed.id)
        self._show_warning(link)
        self._save(performance_link=link)

    def action_back(self) -> None:
        self.app.pop_screen()
