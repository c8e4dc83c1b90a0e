"""The ? screen: every key of the screen underneath, generated from its bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from coachtui.widgets.key_table import bindings_table

ABOUT = (
    "Letters act when the cursor is not in a text box; press Escape to leave one. "
    "Everything is saved as you type. Ctrl+P opens the command palette."
)


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
