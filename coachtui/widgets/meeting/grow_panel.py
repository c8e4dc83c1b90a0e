"""The GROW panel: phase tabs, the phase's questions, and a notes area per phase."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import ContentSwitcher, Static, Tab, Tabs, TextArea

from coachtui.core.model import GROW_ORDER, GrowPhase, Stage
from coachtui.core.packs import GrowGuide, PromptPack
from coachtui.widgets.meeting.pack_panel import stage_prompts


class GrowPanel(Vertical):
    """Screens set `phase` and `pack`; the panel posts NoteEdited and PhaseChosen."""

    class NoteEdited(Message):
        def __init__(self, phase: GrowPhase, text: str) -> None:
            super().__init__()
            self.phase = phase
            self.text = text

    class PhaseChosen(Message):
        def __init__(self, phase: GrowPhase) -> None:
            super().__init__()
            self.phase = phase

    phase: reactive[GrowPhase] = reactive(GrowPhase.GOAL, init=False)
    pack: reactive[PromptPack | None] = reactive(None, init=False)

    def __init__(self, guide: GrowGuide, stage: Stage, notes: dict[GrowPhase, str], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.guide = guide
        self.stage = stage
        self._initial_notes = notes

    def compose(self) -> ComposeResult:
        yield Tabs(*[Tab(p.label, id=f"tab-{p.value}") for p in GROW_ORDER], id="phase-tabs")
        # The prompts scroll rather than hide behind the notes box when the terminal is short.
        with VerticalScroll(id="phase-prompts-box", can_focus=False):
            yield Static(id="phase-prompts")
        with ContentSwitcher(initial=f"notes-{GrowPhase.GOAL.value}", id="notes"):
            for phase in GROW_ORDER:
                area = TextArea(self._initial_notes.get(phase, ""), id=f"notes-{phase.value}",
                                soft_wrap=True, show_line_numbers=False)
                area.border_title = f"{phase.label} notes"
                yield area

    def on_mount(self) -> None:
        self._show_phase()

    def watch_phase(self) -> None:
        self._show_phase()

    def watch_pack(self) -> None:
        self._show_prompts()

    def _show_phase(self) -> None:
        self.query_one("#phase-tabs", Tabs).active = f"tab-{self.phase.value}"
        self.query_one("#notes", ContentSwitcher).current = f"notes-{self.phase.value}"
        self._show_prompts()

    def _show_prompts(self) -> None:
        guide = self.guide.phases[self.phase]
        text = Text()
        text.append(guide.purpose + "\n", style="italic")
        for question in guide.questions(self.stage)[:3]:
            text.append(f"• {question}\n")
        if self.pack is not None:
            for question in stage_prompts(self.pack, self.phase, self.stage)[:2]:
                text.append(f"◆ {question}\n")
        text.rstrip()
        self.query_one("#phase-prompts", Static).update(text)

    def notes_area(self, phase: GrowPhase | None = None) -> TextArea:
        return self.query_one(f"#notes-{(phase or self.phase).value}", TextArea)

    def show_notes(self, phase: GrowPhase, text: str) -> None:
        """Show a phase's notes as saved elsewhere, the cursor at their end (where typing carries on)."""
        area = self.notes_area(phase)
        area.load_text(text)
        area.move_cursor(area.document.end)

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        event.stop()
        if event.tab.id:
            chosen = GrowPhase(event.tab.id.removeprefix("tab-"))
            if chosen is not self.phase:
                self.post_message(self.PhaseChosen(chosen))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        area_id = event.text_area.id or ""
        if area_id.startswith("notes-"):
            self.post_message(self.NoteEdited(GrowPhase(area_id.removeprefix("notes-")), event.text_area.text))
