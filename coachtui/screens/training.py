"""Coach-training sessions on this laptop: set one up, open one from a coordinator's plan file, or
bring in the round bundles the triads sent back."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from coachtui.core.model import TrainingSession, plural
from coachtui.errors import CoachError, StoreError
from coachtui.screens.base import refill_rows, selected_row_id
from coachtui.screens.round_files import MovesRoundFiles
from coachtui.widgets.footer import KeyFooter
from coachtui.widgets.keys import keyed

if TYPE_CHECKING:
    from coachtui.core.training_plan import TrainingPlan

EMPTY_HINT = ("No training sessions yet. Press n to plan one (participants, groups, rounds and scenarios), "
              "or o to open the plan file a coordinator made on another laptop.")


class TrainingScreen(MovesRoundFiles, Screen[None]):
    CSS_PATH = "training.tcss"
    BINDINGS = [
        keyed("training.new", "new", "New session"),
        keyed("training.open", "open", "Open"),
        keyed("training.open_plan", "open_plan", "Open a plan file"),
        keyed("training.import_rounds", "import_rounds", "Import rounds"),
        keyed("training.erase", "erase", "Erase…"),
        keyed("training.leave", "leave", "Back"),
    ]

    def compose(self) -> ComposeResult:
        self.title = "Coach training"
        yield Header()
        yield Static("Training sessions: role-play rounds in triads, with rotating roles", classes="screen-title")
        table: DataTable[Text] = DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        table.add_columns("Session", "Title", "People", "Groups", "Rounds", "Played")
        yield table
        yield Static(EMPTY_HINT, id="empty-hint", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_rows()

    def on_screen_resume(self) -> None:
        self.refresh_rows()

    def refresh_rows(self) -> None:
        table = self.query_one("#sessions", DataTable)
        store = self.coach_app.store
        try:
            rows = [(session, store.training.rounds(session.id)) for session in store.training.sessions()]
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        refill_rows(table, [(session.id, (
            session.code, session.title or "-", str(len(session.participants)),
            str(len({played.group for played in rounds})), str(session.rounds),
            f"{sum(1 for played in rounds if played.played)} of {len(rounds)}")) for session, rounds in rows])
        self.query_one("#empty-hint").display = not rows
        table.display = bool(rows)

    def _selected_id(self) -> int | None:
        return selected_row_id(self.query_one("#sessions", DataTable))

    def action_new(self) -> None:
        from coachtui.screens.training_form import TrainingFormScreen

        def created(session: TrainingSession | None) -> None:
            if session is not None:
                self.open_session(session.id)

        self.app.push_screen(TrainingFormScreen(), created)

    def action_open(self) -> None:
        session_id = self._selected_id()
        if session_id is None:
            self.action_new()
        else:
            self.open_session(session_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.open_session(int(event.row_key.value))

    def open_session(self, session_id: int) -> None:
        from coachtui.screens.training_session import TrainingSessionScreen

        self.app.push_screen(TrainingSessionScreen(session_id))

    def action_open_plan(self) -> None:
        from coachtui.screens.text_prompt import TextPrompt

        self.app.push_screen(TextPrompt("Open the training plan file", str(Path.cwd()) + "/", max_length=500,
                                        required=True), self._plan_chosen)

    def _plan_chosen(self, target: str | None) -> None:
        if target:
            path = self.typed_path(target)
            if path is not None:
                self._read_plan(path)

    @work(thread=True, exclusive=True, exit_on_error=False, group="training-files")
    def _read_plan(self, path: Path) -> None:
        from coachtui.services.rounds import read_plan

        try:
            plan = read_plan(path)
        except CoachError as error:
            self.app.call_from_thread(self.notify, str(error), title="Not a plan", severity="error", timeout=12,
                                      markup=False)
            return
        self.app.call_from_thread(self._create_from_plan, plan)

    def _create_from_plan(self, plan: TrainingPlan) -> None:
        from coachtui.services.rounds import create_session

        try:
            session = create_session(self.coach_app.store, plan)
        except StoreError as error:
            hint = (" To replace it with this plan, erase it first (E on the training list)."
                    if self.coach_app.store.training.session_by_code(plan.code) else "")
            self.notify(f"{error}{hint}", title="Not opened", severity="error", timeout=12, markup=False)
            return
        self.refresh_rows()
        self.notify(f"Session {session.code} is ready on this laptop: {plural(len(plan.groups), 'group')}, "
                    f"{plural(plan.rounds, 'round')}.", markup=False)
        self.open_session(session.id)

    def action_import_rounds(self) -> None:
        self.import_bundles()

    def rounds_changed(self) -> None:
        self.refresh_rows()

    def action_erase(self) -> None:
        """Remove the selected session and everything recorded in it, after a clear question."""
        session_id = self._selected_id()
        if session_id is None:
            return
        from coachtui.screens.confirm import ConfirmScreen

        session = self.coach_app.store.training.session(session_id)

        def answered(yes: bool | None) -> None:
            if yes:
                # Rewriting the file can take a moment on a large database; say so rather than seem stuck.
                self.notify(f"Erasing {session.code}…", timeout=3, markup=False)
                self._erase(session_id, session.code)

        question = (f"Erase training session {session.code} and everything recorded in it: participants' names, "
                    "rounds, tags, notes and debriefs? Bundles already sent stay wherever they were sent. This "
                    "cannot be undone.")
        self.app.push_screen(ConfirmScreen(question, yes="Erase for good", no="Keep"), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="training-erase")
    def _erase(self, session_id: int, code: str) -> None:
        app = self.coach_app
        try:
            app.store.erasing.training_session(session_id)
        except StoreError as error:
            app.call_from_thread(app.report_store_error, error)
            return
        app.call_from_thread(self.refresh_rows)
        app.call_from_thread(self.notify, f"Erased {code}: nothing of it remains in the database file.",
                             markup=False)

    def action_leave(self) -> None:
        self.app.pop_screen()
