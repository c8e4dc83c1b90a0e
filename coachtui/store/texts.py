"""Texts two windows (two coachtui processes on one database) may edit at once: an action's text, an evidence
note, the arrangements' schedule and evidence plan, and a cycle's focus. Each is read with its version and saved
only over the version the screen loaded, a compare-and-set in one statement, as `store.meetings.save_note` does
for the GROW notes; deciding what to keep when the version moved is `coachtui.services.kept_text`'s part."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from coachtui.core.model import SavedText
from coachtui.errors import StoreError
from coachtui.store.connection import Records
from coachtui.text import clean_text

ArrangementText = Literal["schedule", "evidence_plan"]


@dataclass(frozen=True)
class _Place:
    """Where a text lives: its table, the row's key column, its column, the column holding its version, and
    whether the row records when it was last changed."""

    table: str
    key: str
    column: str
    version: str = "version"
    stamped: bool = False


_ACTION = _Place("action", "id", "text")
_EVIDENCE = _Place("evidence", "id", "text")
_FOCUS = _Place("cycle", "id", "focus", version="focus_version")
_ARRANGEMENT = {field: _Place("arrangement", "cycle_id", field, stamped=True)
                for field in ("schedule", "evidence_plan")}


class TextRecords(Records):
    """The texts two windows may edit at once, each read and saved with its version."""

    def action_text(self, action_id: int) -> SavedText:
        return self._saved_text(_ACTION, action_id, "This action is no longer there: it was deleted elsewhere.")

    def save_action_text(self, action_id: int, text: str, *, version: int | None) -> int | None:
        """Save the action's text and return its new version; None when the text's version is no longer
        `version` (another window saved it since), and then nothing is changed."""
        return self._save_text(_ACTION, action_id, text, version, "save the action",
                               "This action is no longer there: it was deleted elsewhere.")

    def evidence_text(self, evidence_id: int) -> SavedText:
        return self._saved_text(_EVIDENCE, evidence_id,
                                "This evidence note is no longer there: it was deleted elsewhere.")

    def save_evidence_text(self, evidence_id: int, text: str, *, version: int | None) -> int | None:
        """As `save_action_text`, for an evidence note's text."""
        return self._save_text(_EVIDENCE, evidence_id, text, version, "save the evidence",
                               "This evidence note is no longer there: it was deleted elsewhere.")

    def arrangement_text(self, cycle_id: int, field: ArrangementText) -> SavedText:
        """The schedule or the evidence plan; the version is the arrangements' texts' (either one's save raises
        it)."""
        return self._saved_text(_ARRANGEMENT[field], cycle_id, "This cycle is no longer there.")

    def save_arrangement_text(self, cycle_id: int, field: ArrangementText, text: str, *,
                              version: int | None) -> int | None:
        """As `save_action_text`, for the schedule or the evidence plan."""
        return self._save_text(_ARRANGEMENT[field], cycle_id, text, version, "save the arrangements",
                               "This cycle is no longer there.")

    def focus_text(self, cycle_id: int) -> SavedText:
        return self._saved_text(_FOCUS, cycle_id, "This cycle is no longer there.")

    def save_focus(self, cycle_id: int, text: str, *, version: int | None) -> int | None:
        """As `save_action_text`, for the cycle's focus."""
        return self._save_text(_FOCUS, cycle_id, text, version, "save the focus", "This cycle is no longer there.")

    def _saved_text(self, place: _Place, key: int, missing: str) -> SavedText:
        row = self.db.one(f"SELECT {place.column} AS text, {place.version} AS version FROM {place.table}"
                          f" WHERE {place.key} = ?", (key,))
        if row is None:
            raise StoreError(missing)
        return SavedText(row["text"], int(row["version"]))

    def _save_text(self, place: _Place, key: int, text: str, version: int | None, doing: str,
                   missing: str) -> int | None:
        stamp = ", updated_at = ?" if place.stamped else ""
        stamped = (self.db.timestamp(),) if place.stamped else ()
        with self.db.transaction(doing):
            cursor = self.db.conn.execute(
                f"UPDATE {place.table} SET {place.column} = ?, {place.version} = {place.version} + 1{stamp}"
                f" WHERE {place.key} = ? AND (? IS NULL OR {place.version} = ?)",
                (clean_text(text), *stamped, key, version, version))
            row = self.db.conn.execute(f"SELECT {place.version} FROM {place.table} WHERE {place.key} = ?",
                                       (key,)).fetchone()
        if row is None:
            raise StoreError(missing)
        return int(row[0]) if cursor.rowcount else None
