"""A yes/no question that never blocks the screen behind it for long, and never answers yes by accident."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from coachtui.widgets.field import Field


def _normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True only on the yes button or `y`; the focus starts on the safe answer.

    With `type_to_confirm`, yes works only once one of those words (a name, its initials) has been typed.
    """

    BINDINGS = [
        Binding("escape,n", "answer(False)", "No"),
        Binding("y", "answer(True)", "Yes"),
    ]
    AUTO_FOCUS = "#confirm-typed, #no"  # the first of these on screen: the typed word's field, or "no"

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "Not now",
                 type_to_confirm: Sequence[str] = (), type_prompt: str = "") -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes
        self.no_label = no
        self.accepted = {_normalised(word) for word in type_to_confirm if word.strip()}
        self.type_prompt = type_prompt

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-text", markup=False)
            if self.accepted:
                yield Static(self.type_prompt, classes="dialog-hint", markup=False)
                # A plain field: the typed word is data, and Enter in it only answers yes once it matches.
                yield Field(id="confirm-typed")
            with Horizontal(classes="dialog-buttons"):
                yes = f"{self.yes_label} (y)" if not self.accepted else self.yes_label
                yield Button(yes, variant="error" if self.accepted else "primary", id="yes",
                             disabled=bool(self.accepted))
                yield Button(f"{self.no_label} (n)" if not self.accepted else f"{self.no_label} (esc)", id="no")

    def _typed_matches(self) -> bool:
        return not self.accepted or _normalised(self.query_one("#confirm-typed", Input).value) in self.accepted

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_one("#yes", Button).disabled = not self._typed_matches()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._typed_matches():
            self.dismiss(True)
        else:
            self.notify("That does not match, so nothing is erased. Type it as shown, or press Esc to keep it.",
                        severity="warning", markup=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes" and self._typed_matches())

    def action_answer(self, answer: bool) -> None:
        if answer and not self._typed_matches():
            return  # `y` cannot stand in for the typed name
        self.dismiss(answer)
