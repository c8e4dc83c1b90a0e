"""A table of lesson evidence: when, what kind, critical or not, and the note."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from coachtui.core.model import Evidence, EvidenceKind, format_clock

NOTE_WIDTH = 200
SHORT_KINDS = {
    EvidenceKind.NOTE: "note",
    EvidenceKind.TEACHER_QUESTION: "teacher Q",
    EvidenceKind.PUPIL_QUESTION: "pupil Q",
    EvidenceKind.VIDEO_MOMENT: "video",
}


def evidence_cells(item: Evidence) -> tuple[str | Text, ...]:
    mark = Text("★", style="bold") if item.critical else Text("")
    note = " ".join(item.text.split())
    if item.kind is EvidenceKind.VIDEO_MOMENT:
        note = f"video {item.video_ref}  {note}".strip()
    if len(note) > NOTE_WIDTH:
        note = note[: NOTE_WIDTH - 1] + "…"
    return format_clock(item.t), SHORT_KINDS[item.kind], mark, Text(note or "…")


class EvidenceTable(DataTable[str | Text]):
    """Rows keyed by evidence id so the screen can find what the cursor is on."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", **kwargs)  # type: ignore[arg-type]
        self.add_columns("At", "Kind", "", "Note")

    def show(self, items: list[Evidence], select_id: int | None = None) -> None:
        self.clear()
        for item in items:
            self.add_row(*evidence_cells(item), key=str(item.id))
        if select_id is not None:
            for index, item in enumerate(items):
                if item.id == select_id:
                    self.move_cursor(row=index)
        elif items:
            self.move_cursor(row=len(items) - 1)

    def update_item(self, item: Evidence) -> None:
        """Show an entry's new text in its row, widening the columns to fit (a row added empty has a column as
        narrow as its header, which would show only the first letters typed)."""
        for column, value in zip(self.columns, evidence_cells(item), strict=True):
            self.update_cell(str(item.id), column, value, update_width=True)

    def current_id(self) -> int | None:
        if self.row_count == 0:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return int(key) if key is not None else None
