"""A small form to set up a new coaching partnership."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from coachtui.core.model import Partnership
from coachtui.errors import StoreError
from coachtui.widgets.field import Field
from coachtui.widgets.meeting.pack_panel import pack_options

if TYPE_CHECKING:
    from coachtui.screens.host import CoachHost

NAME_LIMIT = 80


class PartnershipForm(ModalScreen[Partnership | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        app = cast("CoachHost", self.app)
        with Vertical(classes="dialog"):
            yield Static("New coaching partnership", classes="dialog-title")
            yield Label("Coach")
            yield Field(placeholder="the colleague who coaches", id="coach", max_length=NAME_LIMIT)
            yield Label("Coachee")
            yield Field(placeholder="the colleague being coached", id="coachee", max_length=NAME_LIMIT)
            yield Label("Focus for the first cycle")
            yield Field(placeholder="e.g. questioning that makes pupils think", id="focus")
            yield Label("Theme (prompt pack)")
            yield Select(pack_options(app.packs), id="theme", allow_blank=False)
            yield Static("", id="form-error", classes="error-line", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Create", variant="primary", id="create")
                yield Button("Cancel", id="cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "focus":
            self.create()
        else:
            self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "create":
            self.create()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def create(self) -> None:
        app = cast("CoachHost", self.app)
        coach = self.query_one("#coach", Input).value
        coachee = self.query_one("#coachee", Input).value
        focus = self.query_one("#focus", Input).value
        theme = self.query_one("#theme", Select).value
        if not coach.strip() or not coachee.strip():
            self.query_one("#form-error", Static).update("Both a coach and a coachee name are needed.")
            self.query_one("#coach" if not coach.strip() else "#coachee", Input).focus()
            return
        try:
            partnership = app.store.partnerships.create(coach, coachee, focus, theme=str(theme))
        except StoreError as error:
            self.query_one("#form-error", Static).update(str(error))
            return
        self.dismiss(partnership)
