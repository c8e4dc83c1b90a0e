"""The scrollable list of tagged turns: time, speaker and tags, coloured by function."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from coachtui.model import Turn, format_clock
from coachtui.widgets.tagging.colours import function_style

COLUMNS = (("time", "Time"), ("who", "Who"), ("function", "Function"), ("marks", "Marks"), ("scale", "Scale"),
           ("frame", "Time-frame"), ("stimulus", "Stimulus"), ("tone", "Tone"), ("note", "Note"))


def marks(turn: Turn) -> Text:
    """◆ critical moment, ⇄ co-construction, ▸ opens a new strand, ✎ has a note."""
    text = Text()
    if turn.scale == "critical moment":
        text.append("◆", "bold")
    if turn.co_construction:
        text.append("⇄", "bold")
    if turn.initiation:
        text.append("▸")
    if turn.note:
        text.append("✎")
    return text


def cells(turn: Turn) -> tuple[Text, ...]:
    return (
        Text(format_clock(turn.t)),
        Text(turn.speaker, "bold" if turn.speaker == "coach" else ""),
        Text(turn.function, function_style(turn.function)),
        marks(turn),
        Text(turn.scale),
        Text(turn.time),
        Text("" if turn.stimulus == "none" else turn.stimulus),
        Text("" if turn.tone == "neutral" else turn.tone),
        Text(turn.note.replace("\n", " ")[:40]),
    )


class TurnTimeline(DataTable[Text]):
    """Every turn of one observer, newest at the bottom; the cursor row is the turn to edit."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        for key, label in COLUMNS:
            self.add_column(label, key=key)

    def show_turns(self, turns: list[Turn]) -> None:
        self.clear()
        for turn in turns:
            self.add_row(*cells(turn), key=str(turn.id))
        self._to_newest()

    def append_turn(self, turn: Turn) -> None:
        self.add_row(*cells(turn), key=str(turn.id))
        self._to_newest()

    def replace_turn(self, turn: Turn) -> None:
        for (key, _), value in zip(COLUMNS, cells(turn), strict=True):
            self.update_cell(str(turn.id), key, value)

    def remove_turn(self, turn_id: int) -> None:
        self.remove_row(str(turn_id))

    def selected_turn_id(self) -> int | None:
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return int(row_key.value) if row_key.value is not None else None

    def _to_newest(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.row_count - 1, animate=False)
