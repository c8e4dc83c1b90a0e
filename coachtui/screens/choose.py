"""Pick one of a few answers from a list (who is tagging on this laptop, say)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class ChoiceScreen(ModalScreen[str | None]):
    """Enter picks the highlighted answer; Escape picks none."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, choices: list[tuple[str, str]], hint: str = "") -> None:
        super().__init__()
        self.question = question
        self.choices = choices  # (label, value)
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-title", markup=False)
            # Labels carry people's names: Text, so a bracket in one is never read as markup.
            yield OptionList(*(Option(Text(label), id=value) for label, value in self.choices), id="choices")
            if self.hint:
                yield Static(self.hint, classes="dialog-hint", markup=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
