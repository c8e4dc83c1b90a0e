"""The ? screen: every key of the screen underneath, generated from its bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

ABOUT = (
    "Letters act when the cursor is not in a text box; press Escape to leave one. "
    "Everything is saved as you type. Ctrl+P opens the command palette."
)


def key_label(key: str) -> str:
    names = {"question_mark": "?", "left_square_bracket": "[", "right_square_bracket": "]",
             "escape": "Esc", "enter": "Enter", "space": "Space", "delete": "Del"}
    return names.get(key, key.replace("ctrl+", "Ctrl+"))


def bindings_table(screen: Screen) -> Table:
    table = Table(box=None, show_header=True, header_style="bold", expand=True)
    table.add_column("Key", no_wrap=True, width=16)
    table.add_column("Action")
    seen: dict[str, list[str]] = {}
    # The screen's own keys first; those of the focused box (tabs, lists) after them.
    ordered = sorted(screen.active_bindings.items(),
                     key=lambda item: item[1].node is not screen and item[1].node is not screen.app)
    for key, active in ordered:
        binding = active.binding
        if binding.system or not binding.description:
            continue
        seen.setdefault(binding.description, []).append(key_label(key))
    for description, keys in seen.items():
        table.add_row(Text(", ".join(keys)), Text(description))
    return table


def help_for(screen: Screen) -> ModalScreen[None]:
    """What `?` opens over `screen`: the codebook where turns are being tagged (its last entry lists the
    keys), the keys anywhere else."""
    from coachtui.widgets.tagging.pane import TaggingPane

    if any(pane.is_on_screen for pane in screen.query(TaggingPane)):
        from coachtui.screens.codebook import CodebookScreen

        return CodebookScreen(screen)
    return HelpScreen(screen)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, beneath: Screen) -> None:
        super().__init__()
        self.beneath = beneath

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help-dialog"):
            yield Static("Keys on this screen", classes="dialog-title")
            with VerticalScroll():
                yield Static(bindings_table(self.beneath))
                yield Static(ABOUT, classes="help-about")

    def action_close(self) -> None:
        self.dismiss(None)
