"""A one-line text field that keeps what is in it: entering it never selects the whole text (so one key
cannot replace it), and ctrl+z / ctrl+y undo and redo within it, a word at a time."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.widgets import Input

HISTORY_LIMIT = 100


class Field(Input):
    """Textual's Input, minus select-all on focus, plus an undo history of its values."""

    BINDINGS = [
        Binding("ctrl+z", "undo", "Undo", show=False),
        Binding("ctrl+y,ctrl+shift+z", "redo", "Redo", show=False),
    ]

    def __init__(self, value: str | None = None, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(value, *args, **kwargs)
        self._undo: list[str] = []
        self._redo: list[str] = []
        self._known = value or ""  # the value the history last saw
        self._typing = False  # the last change typed one character: the next one joins it

    def on_input_changed(self, event: Input.Changed) -> None:
        # Our own Changed message, before it bubbles on to the screen (it is not stopped here).
        if event.input is not self or event.value == self._known:
            return
        typed_one = len(event.value) == len(self._known) + 1
        at = min(max(self.cursor_position - 1, 0), len(event.value) - 1)
        starts_word = typed_one and event.value[at].isspace()
        # A word typed (with the space before it) is one step back; anything else is a step of its own.
        if not (typed_one and self._typing) or starts_word:
            self._undo = [*self._undo, self._known][-HISTORY_LIMIT:]
        self._redo = []
        self._typing = typed_one
        self._known = event.value

    def load(self, value: str) -> None:
        """Show a value that is not an edit (another record's text, say): undo starts afresh from it, so ctrl+z
        never brings back what the field held for something else."""
        self._undo, self._redo = [], []
        self._restore(value)

    def _restore(self, value: str) -> None:
        self._known = value
        self._typing = False
        self.value = value
        self.cursor_position = len(value)

    def action_undo(self) -> None:
        if self._undo:
            self._redo.append(self.value)
            self._restore(self._undo.pop())

    def action_redo(self) -> None:
        if self._redo:
            self._undo.append(self.value)
            self._restore(self._redo.pop())
