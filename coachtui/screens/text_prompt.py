"""Ask for one short line of text (a note on a turn, the subject in focus, the observer's name)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from coachtui.text import clean_text
from coachtui.widgets.field import Field


class TextPrompt(ModalScreen[str | None]):
    """Enter keeps the text, Escape leaves it unchanged (dismissing with None)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str = "", *, placeholder: str = "", suggestions: list[str] | None = None,
                 max_length: int = 200, required: bool = False) -> None:
        super().__init__()
        self.prompt_title = title
        self.value = value
        self.placeholder = placeholder
        self.suggestions = suggestions or []
        self.max_length = max_length
        self.required = required

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.prompt_title, classes="dialog-title", markup=False)
            suggester = SuggestFromList(self.suggestions, case_sensitive=False) if self.suggestions else None
            yield Field(self.value, placeholder=self.placeholder, suggester=suggester, max_length=self.max_length,
                        id="prompt-input")
            yield Static("", id="prompt-error", classes="error-line", markup=False)
            hint = "Enter to keep · Escape to cancel"
            if self.suggestions:
                hint += " · → accepts a suggestion"
            yield Static(hint, classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        # Typed (or pasted) text as the store would keep it: a name or a subject is shown from here on.
        text = clean_text(event.value).strip()
        if self.required and not text:
            self.query_one("#prompt-error", Static).update("This cannot be empty.")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
