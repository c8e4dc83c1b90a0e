"""Where an approved summary goes: a Markdown or plain-text file, or the clipboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from coachtui.core.model import Partnership
from coachtui.core.summary import default_file_name


class ExportScreen(ModalScreen[tuple[str, str] | None]):
    """Dismisses with (kind, path) for kind markdown, text or clipboard (whose path is empty)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, partnership: Partnership, today: date | None = None) -> None:
        super().__init__()
        self.partnership = partnership
        self.today = today or date.today()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Export the approved summary", classes="dialog-title")
            yield Label("File (readable only by you; an existing file is never replaced)")
            yield Input(str(Path.home() / default_file_name(self.partnership, self.today)), id="export-path")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Markdown file", variant="primary", id="as-markdown")
                yield Button("Plain text file", id="as-text")
                yield Button("Clipboard", id="as-clipboard")

    def on_mount(self) -> None:
        self.query_one("#as-markdown", Button).focus()

    def _path(self, kind: str) -> str:
        path = Path(self.query_one("#export-path", Input).value.strip())
        if kind == "text" and path.suffix == ".md":
            path = path.with_suffix(".txt")
        return str(path)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        kind = (event.button.id or "as-markdown").removeprefix("as-")
        self.dismiss((kind, "" if kind == "clipboard" else self._path(kind)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(("markdown", self._path("markdown")))

    def action_cancel(self) -> None:
        self.dismiss(None)
