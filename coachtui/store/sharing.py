"""SQL for the sharing log: every time something left the app (a summary, turns, a report, a rescue copy),
what it was, when and where to. A partnership's entries are shown to the pair and erased with it."""

from __future__ import annotations

from typing import Any

from coachtui.store.connection import Records
from coachtui.text import clean_text


class SharingLog(Records):
    """What left the app, by partnership."""

    def log_export(self, what: str, destination: str, *, partnership_id: int | None = None,
                   meeting_id: int | None = None) -> None:
        """Record that something left the app: what, when and where to."""
        self.db.write("record the export", "INSERT INTO export_log (partnership_id, meeting_id, what, destination,"
                      " exported_at) VALUES (?, ?, ?, ?, ?)",
                      (partnership_id, meeting_id, what, clean_text(destination), self.db.timestamp()))

    def of_partnership(self, partnership_id: int) -> list[dict[str, Any]]:
        return self.db.rows("SELECT what, destination, exported_at FROM export_log WHERE partnership_id = ?"
                            " ORDER BY id", (partnership_id,))
