"""Round bundles in and out of the training screens: the triad's export and the coordinator's import.

Both touch files, so both run in workers and answer with notifications.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Static

from coachtui.core.model import plural
from coachtui.errors import CoachError
from coachtui.screens.base import UsesCoachApp
from coachtui.widgets.checkbox import MarkedCheckbox
from coachtui.widgets.field import Field

if TYPE_CHECKING:
    from coachtui.services.rounds import ImportResult


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
            yield Field(self.suggested, id="export-path", max_length=500)
            yield MarkedCheckbox("Include our free text: the observers' notes and notes on turns", id="export-text")
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
        from coachtui.services.rounds import export_round

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
    def _read_bundles(self, target: Path, replace: bool = False) -> None:
        from coachtui.core.bundle import SUFFIX
        from coachtui.services.rounds import import_rounds

        app = self.coach_app
        paths = sorted(target.glob(f"*{SUFFIX}")) if target.is_dir() else [target]
        if not paths:
            app.call_from_thread(app.notify, f"There are no round bundles (*{SUFFIX}) in {target}.",
                                 severity="warning", markup=False)
            return
        app.call_from_thread(self._imported, import_rounds(app.store, paths, replace=replace))

    def _imported(self, result: ImportResult) -> None:
        app = self.coach_app
        self.rounds_changed()
        if result.lines:
            app.notify("\n".join(result.lines), title=f"Imported {plural(len(result.lines), 'file')}",
                       timeout=12, markup=False)
        if result.problems:
            app.notify("\n".join(result.problems), title="Skipped", severity="error", timeout=20, markup=False)
        if len(result.differing) == 1:
            self._offer_replace(result.differing[0])
        elif result.differing:
            app.notify("Several files differ from tags already here. If one of them is the one to keep, import "
                       "that file on its own to replace the tags.", severity="warning", timeout=20, markup=False)

    def _offer_replace(self, path: Path) -> None:
        """The user, who knows which file is the corrected one, decides; nothing is replaced silently."""
        from coachtui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._read_bundles(path, replace=True)

        question = (f"{path.name} has different tags for an observer whose tags are already here. Is it the one "
                    "to keep? Its tags would replace the ones here.")
        self.coach_app.push_screen(ConfirmScreen(question, yes="Replace with this file", no="Keep what is here"),
                                   answered)
