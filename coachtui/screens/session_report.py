"""The coordinator's view of one training session: rounds per group, indicators side by side, the
functions the group seldom used, and observer agreement. Codes and counts only, computed in a worker."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from coachtui.errors import StoreError
from coachtui.screens.base import UsesCoachApp
from coachtui.widgets.footer import KeyFooter
from coachtui.widgets.keys import keyed

if TYPE_CHECKING:
    from coachtui.services.session_report import SessionReport


class SessionReportScreen(UsesCoachApp, Screen[None]):
    BINDINGS = [
        keyed("session_report.close", "close", "Back"),
        keyed("session_report.save_csv", "save_csv", "Save CSV"),
        keyed("session_report.refresh", "refresh", "Refresh"),
    ]

    def __init__(self, session_id: int) -> None:
        super().__init__()
        self.session_id = session_id
        self.report: SessionReport | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Training session: rounds, talk, rare functions and observer agreement",
                     classes="screen-title")
        with VerticalScroll(id="session-report-body"):
            yield Static("Working out the figures…", id="session-report-figures")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        self.query_one("#session-report-figures", Static).update("Working out the figures…")
        self.compute()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def compute(self) -> None:
        from coachtui.services.session_report import build_session_report

        app = self.coach_app
        try:
            report = build_session_report(app.store, self.session_id, app.rubric, app.vocabulary.functions)
        except StoreError as error:
            app.call_from_thread(app.report_store_error, error)
            return
        app.call_from_thread(self.show, report)

    def show(self, report: SessionReport) -> None:
        from coachtui.services.session_report import render

        self.report = report
        self.sub_title = f"Session {report.session}"
        self.query_one("#session-report-figures", Static).update(render(report))

    def action_save_csv(self) -> None:
        if self.report is None:
            self.notify("The figures are still being worked out.", severity="warning")
            return
        from coachtui.screens.text_prompt import TextPrompt

        name = f"coachtui-session-{self.report.session}-{date.today().isoformat()}.csv"
        self.app.push_screen(TextPrompt("Save the session's figures as CSV to", str(Path.cwd() / name),
                                        max_length=500, required=True), self._save_csv)

    def _save_csv(self, target: str | None) -> None:
        if not target or self.report is None:
            return
        from coachtui.screens.saving import save_private_file
        from coachtui.services.session_report import as_csv, export_description

        path = self.typed_path(target)
        if path is None:
            return
        save_private_file(self.coach_app, path, as_csv(self.report), export_description(self.report.session),
                     f"Saved the session's figures to {path}.")

    def action_close(self) -> None:
        self.app.pop_screen()
