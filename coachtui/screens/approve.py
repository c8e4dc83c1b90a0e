"""The coachee's approval: exactly what will be shareable, and their initials to approve it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from coachtui.text import clean_text
from coachtui.widgets.field import Field


class ApproveScreen(ModalScreen[str | None]):
    """Dismisses with the initials typed, or None."""

    CSS_PATH = "summary.tcss"

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, text: str, coachee: str) -> None:
        super().__init__()
        self.text = text
        self.coachee = coachee

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog approve-dialog"):
            yield Static(f"{self.coachee}, this is exactly what will be shareable. Nothing else from the "
                         "meeting can leave the laptop; any later edit voids this approval, and you can "
                         "withdraw it at any time.", classes="dialog-title", markup=False)
            with Horizontal(id="approve-row"):
                yield Field(placeholder="your initials, to approve", max_length=8, id="initials")
                yield Button("Approve", variant="primary", id="approve")
                yield Button("Not yet (esc)", id="cancel")
            yield Static("", id="approve-error", classes="error-line")
            with VerticalScroll(id="approve-text"):
                yield Static(self.text, markup=False)

    def on_mount(self) -> None:
        self.query_one("#initials", Input).focus()

    def _approve(self) -> None:
        initials = clean_text(self.query_one("#initials", Input).value).strip()  # as the approval keeps them
        if not initials:
            self.query_one("#approve-error", Static).update("Type your initials to approve.")
            return
        self.dismiss(initials)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._approve()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "approve":
            self._approve()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
