"""The partnership's sharing log: everything that has left the app, when, and where to."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from coachtui.errors import StoreError
from coachtui.screens.base import UsesCoachApp


class SharingLogScreen(UsesCoachApp, ModalScreen[None]):

    CSS_PATH = "summary.tcss"
    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, partnership_id: int) -> None:
        super().__init__()
        self.partnership_id = partnership_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog sharing-log"):
            yield Static("What has left the app for this partnership", classes="dialog-title")
            yield DataTable(id="sharing-log", cursor_type="row")
            yield Static("Esc closes", classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("When", "What", "Where to")
        try:
            entries = self.coach_app.store.sharing.of_partnership(self.partnership_id)
        except StoreError as error:
            self.coach_app.report_store_error(error)
            entries = []
        for entry in entries:
            table.add_row(Text(entry["exported_at"][:16].replace("T", " ")), Text(entry["what"]),
                          Text(entry["destination"]))
        if not entries:
            table.add_row(Text("nothing yet"), Text(""), Text(""))

    def action_close(self) -> None:
        self.dismiss(None)
