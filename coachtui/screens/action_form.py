"""Edit one action: what, who, by when. Each field is saved as it changes; the text never over what another
window saved since the form loaded it (both are kept, and the form says so)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from coachtui.core.model import ACTION_OWNERS, ActionStatus, parse_due
from coachtui.errors import StoreError
from coachtui.screens.base import UsesCoachApp
from coachtui.services.kept_text import KeptText, action_text
from coachtui.widgets.field import Field
from coachtui.widgets.filled import FilledValues

if TYPE_CHECKING:
    pass


class ActionForm(UsesCoachApp, ModalScreen[None]):
    BINDINGS = [Binding("escape", "close", "Done")]

    def __init__(self, action_id: int, *, new: bool = False) -> None:
        super().__init__()
        self.action_id = action_id
        self.new = new
        # What each field holds: a change event carrying it is the form being filled and saves nothing; typed
        # keys save from the first one.
        self._shown = FilledValues()
        self.text: KeptText | None = None

    def compose(self) -> ComposeResult:
        # The action's values are filled in on mount, where a failure to read it can be told.
        with Vertical(classes="dialog"):
            yield Static("New action" if self.new else "Action", classes="dialog-title")
            yield Label("What will happen")
            yield Field("", placeholder="e.g. try two-minute wait time after hinge questions", id="text")
            # Who, when and status side by side, so the form and its Done button fit 24 lines with a message.
            with Horizontal(id="action-row"):
                with Vertical():
                    yield Label("Who")
                    yield Select([(o, o) for o in ACTION_OWNERS], value=ACTION_OWNERS[0], allow_blank=False,
                                 id="owner")
                with Vertical():
                    yield Label("By when (optional)")
                    yield Field("", placeholder="YYYY-MM-DD", id="due")
                with Vertical():
                    yield Label("Status")
                    yield Select([(s.value, s.value) for s in ActionStatus], value=ActionStatus.OPEN.value,
                                 allow_blank=False, id="status")
            yield Static("", id="due-error", classes="error-line", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Done (esc)", variant="primary", id="done")

    def on_mount(self) -> None:
        store = self.coach_app.store
        try:
            action = store.actions.get(self.action_id)
            self.text = action_text(store, self.action_id)
            self.text.load()
        except StoreError as error:
            self.coach_app.report_store_error(error)
            self.dismiss(None)
            return
        self._shown.fill({"text": self.text.known.text, "owner": action.owner,
                          "due": action.due.isoformat() if action.due else "", "status": action.status.value})
        self.query_one("#text", Field).load(self._shown["text"])
        self.query_one("#owner", Select).value = action.owner
        self.query_one("#due", Field).load(self._shown["due"])
        self.query_one("#status", Select).value = action.status.value
        self.query_one("#text", Input).focus()

    def _store_call(self, **fields: object) -> None:
        try:
            self.coach_app.store.actions.update(self.action_id, **fields)  # type: ignore[arg-type]
        except StoreError as error:
            self.coach_app.report_store_error(error)

    def _save_text(self, typed: str) -> None:
        if self.text is None:
            return
        try:
            saved = self.text.save(typed)
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        if saved is not None and saved.elsewhere is not None:
            # Another window saved this action's text since the form loaded it: show both, as now saved.
            self._shown["text"] = saved.text
            self.query_one("#text", Field).load(saved.text)
            self.notify(self.text.notice(saved), title="Changed in another window", severity="warning",
                        timeout=12, markup=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        if not self._shown.edited(event.input.id, event.value, event.input.value):
            return
        if event.input.id == "text":
            self._save_text(event.value)
        elif event.input.id == "due":
            error_line = self.query_one("#due-error", Static)
            try:
                due = parse_due(event.value)
            except ValueError as problem:
                error_line.update(f"{problem}. The date is not saved yet.")
                return
            error_line.update("")
            self._store_call(due=due)

    def on_select_changed(self, event: Select.Changed) -> None:
        if not isinstance(event.value, str) or not self._shown.edited(event.select.id, event.value):
            return
        if event.select.id == "owner":
            self._store_call(owner=event.value)
        elif event.select.id == "status":
            self._store_call(status=ActionStatus(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "due":
            self.action_close()
        else:
            self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_close()

    def action_close(self) -> None:
        due = self.query_one("#due", Input)
        try:
            parse_due(due.value)
        except ValueError as problem:
            # A date typed but not understood is never dropped quietly: the form stays until it is fixed or cleared.
            self.query_one("#due-error", Static).update(
                f"{problem}. Fix the date, or clear it to close without one.")
            due.focus()
            return
        store = self.coach_app.store
        try:
            if self.new and not store.actions.get(self.action_id).text.strip():
                # An action nobody wrote anything for is a slip of the key, not an agreement.
                store.actions.delete(self.action_id)
        except StoreError as error:
            self.coach_app.report_store_error(error)
        self.dismiss(None)
