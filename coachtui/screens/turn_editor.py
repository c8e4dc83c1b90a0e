"""Edit every tag of one turn after the fact: time, speaker, function, dimensions and a note."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select, Static

from coachtui.core.codebook import codebook
from coachtui.core.model import Turn, format_clock, parse_clock
from coachtui.core.vocabulary import vocabulary
from coachtui.widgets.field import Field
from coachtui.widgets.tagging.colours import function_style

SELECTS = ("speaker", "function", "initiation", "scale", "time", "stimulus", "tone")


class TurnEditor(ModalScreen[dict[str, Any] | None]):
    """Dismisses with the changed fields (empty when nothing changed), or None on cancel."""

    CSS_PATH = "talk.tcss"

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save", show=False)]

    def __init__(self, turn: Turn) -> None:
        super().__init__()
        self.turn = turn

    def compose(self) -> ComposeResult:
        vocab = vocabulary()
        with Vertical(classes="dialog turn-editor"):
            yield Static(f"Turn at {format_clock(self.turn.t)}", classes="dialog-title")
            # Above the fields, so the function list, which opens downwards, never covers it.
            yield Static(id="edit-meaning", classes="turn-meaning")
            # Only the fields scroll: the save hint and the buttons stay in sight on a 24-line terminal.
            with VerticalScroll(classes="turn-fields-scroll"), Grid(classes="turn-fields"):
                yield Label("Time (m:ss)")
                yield Field(format_clock(self.turn.t), id="edit-t", max_length=9)
                for key in SELECTS:
                    yield Label(vocab.title(key))
                    options = [(value or "(none)", value) for value in vocab.values(key)]
                    if key in ("scale", "time", "stimulus", "tone"):  # left for the review pass
                        options.insert(0, ("(not tagged)", ""))
                    yield Select(options, value=getattr(self.turn, key), allow_blank=False, id=f"edit-{key}")
                yield Label("Subject")
                yield Field(self.turn.subject, id="edit-subject", max_length=120)
                yield Label("Co-construction")
                yield Checkbox("part of a run built together", self.turn.co_construction, id="edit-co")
                yield Label("Note")
                yield Field(self.turn.note, id="edit-note", max_length=300)
            yield Static("", id="edit-error", classes="error-line", markup=False)
            with Horizontal(classes="dialog-buttons turn-editor-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")
                yield Static("Enter or Ctrl+S saves", classes="dialog-hint")

    def on_mount(self) -> None:
        function = self.query_one("#edit-function", Select)
        function.focus()
        self.show_meaning(self.turn.function)
        # While the list is open, the meaning follows the cursor; once it closes, the chosen function's.
        self.watch(function.query_one(OptionList), "highlighted", self._function_under_cursor, init=False)
        self.watch(function, "expanded", self._function_list_toggled, init=False)

    def show_meaning(self, function: object) -> None:
        """The codebook's definition of `function` (the one chosen, or under the cursor of the open list)."""
        entry = codebook().entry("function", function) if isinstance(function, str) else None
        meaning = Text()
        if entry is not None:
            meaning.append(entry.value, f"bold {function_style(entry.value)}")
            meaning.append(f": {entry.definition}")
        self.query_one("#edit-meaning", Static).update(meaning)

    def _function_under_cursor(self, index: int | None) -> None:
        functions = vocabulary().functions
        if self.query_one("#edit-function", Select).expanded and index is not None and 0 <= index < len(functions):
            self.show_meaning(functions[index])

    def _function_list_toggled(self, expanded: bool) -> None:
        if not expanded:
            self.show_meaning(self.query_one("#edit-function", Select).value)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "edit-function":
            self.show_meaning(event.value)

    def changes(self) -> dict[str, Any]:
        """The fields that differ from the turn; ValueError for a time that cannot be read."""
        fields: dict[str, Any] = {key: self.query_one(f"#edit-{key}", Select).value for key in SELECTS}
        fields["t"] = parse_clock(self.query_one("#edit-t", Input).value)
        fields["subject"] = self.query_one("#edit-subject", Input).value.strip()
        fields["note"] = self.query_one("#edit-note", Input).value
        fields["co_construction"] = self.query_one("#edit-co", Checkbox).value
        if fields["t"] == float(int(self.turn.t)):
            fields["t"] = self.turn.t  # m:ss shows whole seconds; keep the exact offset if untouched
        return {key: value for key, value in fields.items() if getattr(self.turn, key) != value}

    def action_save(self) -> None:
        try:
            self.dismiss(self.changes())
        except ValueError as problem:
            self.query_one("#edit-error", Static).update(f"Time: {problem}")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
