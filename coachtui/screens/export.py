"""Where an approved summary goes: a Markdown or plain-text file, or the clipboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from weakref import WeakKeyDictionary

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from coachtui.core.model import Partnership
from coachtui.core.summary import default_file_name
from coachtui.widgets.field import Field

# The folder each running app last exported to, so the next export starts there.
_last_folders: WeakKeyDictionary[App[object], Path] = WeakKeyDictionary()


def remember_folder(app: App[object], path: Path) -> None:
    _last_folders[app] = path.parent


class ExportScreen(ModalScreen[tuple[str, str] | None]):
    """Dismisses with (kind, path) for kind markdown, text or clipboard (whose path is empty).

    Opened again after a failed export with the `path` typed and the `problem`, so nothing typed is lost."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, partnership: Partnership, today: date | None = None, *, path: str | None = None,
                 problem: str = "") -> None:
        super().__init__()
        self.partnership = partnership
        self.today = today or date.today()
        self.typed = path
        self.problem = problem

    def compose(self) -> ComposeResult:
        folder = _last_folders.get(self.app, Path.home())
        path = self.typed if self.typed is not None else str(folder / default_file_name(self.partnership,
                                                                                        self.today))
        with Vertical(classes="dialog"):
            yield Static("Export the approved summary", classes="dialog-title")
            yield Label("File (readable only by you; an existing file is never replaced)")
            yield Field(path, id="export-path")
            yield Static(self.problem, id="export-problem", classes="error-line", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Markdown file", variant="primary", id="as-markdown")
                yield Button("Plain text file", id="as-text")
                yield Button("Clipboard", id="as-clipboard")

    def on_mount(self) -> None:
        self.query_one("#export-problem").display = bool(self.problem)
        # The path has the focus, so what is typed goes into it (with a button focused, typing a path was lost
        # and Enter then wrote to the default); Enter there exports Markdown, as the first button does.
        field = self.query_one("#export-path", Input)
        field.focus()
        field.cursor_position = len(field.value)

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
