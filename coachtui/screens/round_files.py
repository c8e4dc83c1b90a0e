"""Round bundles in and out of the training screens: the triad's export and the coordinator's import.

Both touch files, so both run in workers and answer with notifications.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Static

from coachtui.errors import CoachError
from coachtui.screens.base import UsesCoachApp


class RoundExportDialog(ModalScreen[tuple[str, bool] | None]):
    """Where to write the round's bundle, and whether the triad's free text goes with it."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, suggested: str) -> None:
        super().__init__()
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Export this round for the coordinator", classes="dialog-title")
            yield Static("The file carries codes, timings and tags. Notes stay here unless you tick the box.",
                         classes="dialog-hint")
            yield Input(self.suggested, id="export-path", max_length=500)
            yield Checkbox("Include our free text: the observers' notes and notes on turns", id="export-text")
            yield Static("", id="export-error", classes="error-line", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="export")
                yield Button("Cancel", id="cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._done()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export":
            self._done()
        else:
            self.dismiss(None)

    def _done(self) -> None:
        target = self.query_one("#export-path", Input).value.strip()
        if not target:
            self.query_one("#export-error", Static).update("Say where the file should go.")
            return
        self.dismiss((target, self.query_one("#export-text", Checkbox).value))

    def action_cancel(self) -> None:
        self.dismiss(None)


class MovesRoundFiles(UsesCoachApp):
    """Mixed into the training screens (before the Screen base): export a round, import bundles."""

    def rounds_changed(self) -> None:
        """A hook for the screen: imported rounds are in the store."""

    def export_round(self, round_id: int) -> None:
        def chosen(answer: tuple[str, bool] | None) -> None:
            if answer is not None and (target := self.typed_path(answer[0])) is not None:
                self._write_round(round_id, target, answer[1])

        self.coach_app.push_screen(RoundExportDialog(str(Path.cwd())), chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="round-files")
    def _write_round(self, round_id: int, target: Path, include_text: bool) -> None:
        from coachtui.cli_training import export_round

        app = self.coach_app
        try:
            line = export_round(app.store, round_id, target, include_text=include_text)
        except CoachError as error:
            app.call_from_thread(app.notify, str(error), title="Not exported", severity="error", timeout=15,
                                 markup=False)
            return
        app.call_from_thread(app.notify, f"{line} (readable only by you).", title="Round exported", timeout=10,
                             markup=False)

    def import_bundles(self) -> None:
        from coachtui.screens.text_prompt import TextPrompt

        def chosen(target: str | None) -> None:
            if target and (path := self.typed_path(target)) is not None:
                self._read_bundles(path)

        self.coach_app.push_screen(TextPrompt("Import round bundles: a file, or a folder of them", str(Path.cwd()),
                                              max_length=500, required=True), chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="round-files")
    def _read_bundles(self, target: Path) -> None:
        from coachtui.bundle import SUFFIX
        from coachtui.cli_training import import_rounds

        app = self.coach_app
        paths = sorted(target.glob(f"*{SUFFIX}")) if target.is_dir() else [target]
        if not paths:
            app.call_from_thread(app.notify, f"There are no round bundles (*{SUFFIX}) in {target}.",
                                 severity="warning", markup=False)
            return
        lines, problems = import_rounds(app.store, paths)
        app.call_from_thread(self._imported, lines, problems)

    def _imported(self, lines: list[str], problems: list[str]) -> None:
        app = self.coach_app
        self.rounds_changed()
        if lines:
            app.notify("\n".join(lines), title=f"Imported {len(lines)} file{'s' if len(lines) != 1 else ''}",
                       timeout=12, markup=False)
        if problems:
            app.notify("\n".join(problems), title="Skipped", severity="error", timeout=20, markup=False)
