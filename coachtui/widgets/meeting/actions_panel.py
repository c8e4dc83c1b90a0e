"""The Way-forward actions: what, who, by when. Open actions from earlier meetings carry in."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from coachtui.core.model import Action, ActionStatus

STATUS_MARKS = {ActionStatus.OPEN: "☐", ActionStatus.DONE: "☑", ActionStatus.DROPPED: "✗"}


def action_prompt(action: Action, meeting_id: int) -> Text:
    text = Text(f"{STATUS_MARKS[action.status]} ")
    body = " ".join(action.text.split()) or "(no text yet)"
    text.append(body, style="strike" if action.status is not ActionStatus.OPEN else "")
    who = f"  {action.owner}" + (f", by {action.due:%d %b}" if action.due else "")
    text.append(who, style="dim")
    if action.meeting_id != meeting_id:
        text.append("  carried", style="italic dim")
    return text


class ActionsPanel(OptionList):
    """A list of actions; keys ask the screen to edit, complete or remove one."""

    BINDINGS = [
        Binding("d", "toggle_done", "Done / open"),
        Binding("delete", "remove", "Remove action"),
    ]

    class EditRequested(Message):
        def __init__(self, action_id: int) -> None:
            super().__init__()
            self.action_id = action_id

    class DoneToggled(Message):
        def __init__(self, action_id: int) -> None:
            super().__init__()
            self.action_id = action_id

    class RemoveRequested(Message):
        def __init__(self, action_id: int) -> None:
            super().__init__()
            self.action_id = action_id

    def show_actions(self, actions: list[Action], meeting_id: int) -> None:
        highlighted = self.highlighted
        self.clear_options()
        self.add_options([Option(action_prompt(a, meeting_id), id=str(a.id)) for a in actions])
        if actions:
            self.highlighted = min(highlighted or 0, len(actions) - 1)

    def _current_id(self) -> int | None:
        if self.highlighted is None or self.option_count == 0:
            return None
        option_id = self.get_option_at_index(self.highlighted).id
        return int(option_id) if option_id else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # Enter or a click on an action opens it for editing.
        event.stop()
        if event.option.id:
            self.post_message(self.EditRequested(int(event.option.id)))

    def action_toggle_done(self) -> None:
        if (action_id := self._current_id()) is not None:
            self.post_message(self.DoneToggled(action_id))

    def action_remove(self) -> None:
        if (action_id := self._current_id()) is not None:
            self.post_message(self.RemoveRequested(action_id))
