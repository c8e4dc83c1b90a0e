"""SQL for the confidential summary of a meeting, the coachee's approvals, and erasing a partnership."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachtui.errors import StoreError
from coachtui.store.connection import StoreBase
from coachtui.text import clean_text

if TYPE_CHECKING:
    from coachtui.core.summary import Approval, Section, Summary

# coachtui.core.summary (hashlib, json) is imported on first use: the summary is not needed to start.


class SummaryRecords(StoreBase):
    def summary(self, meeting_id: int) -> Summary | None:
        row = self._one("SELECT * FROM summary WHERE meeting_id = ?", (meeting_id,))
        return self._summary(row) if row else None

    def _summary(self, row: dict[str, Any]) -> Summary:
        from coachtui.core.summary import Summary, SummaryState, sections_from_json

        approval = self._one("SELECT * FROM approval WHERE summary_id = ? ORDER BY version DESC LIMIT 1",
                             (row["id"],))
        return Summary(row["id"], row["meeting_id"], sections_from_json(row["sections"]), SummaryState(row["state"]),
                       _approval(approval) if approval else None)

    def _summary_by_id(self, summary_id: int) -> Summary:
        row = self._one("SELECT * FROM summary WHERE id = ?", (summary_id,))
        if row is None:
            raise StoreError(f"There is no summary {summary_id}; it may have been erased.")
        return self._summary(row)

    def create_summary(self, meeting_id: int, sections: tuple[Section, ...]) -> Summary:
        """The meeting's summary, drafted from `sections` if it has none yet."""
        from coachtui.core.summary import sections_to_json

        existing = self.summary(meeting_id)
        if existing is not None:
            return existing
        stamp = self.timestamp()
        self._write("save the summary", "INSERT INTO summary (meeting_id, sections, state, created_at, updated_at)"
                    " VALUES (?, ?, 'draft', ?, ?)", (meeting_id, sections_to_json(_clean(sections)), stamp, stamp))
        created = self.summary(meeting_id)
        assert created is not None
        return created

    def save_summary_sections(self, summary_id: int, sections: tuple[Section, ...]) -> Summary:
        """Save an edit. An approved summary that changes is void: the approval no longer covers it."""
        from coachtui.core.summary import SummaryState, sections_to_json

        current = self._summary_by_id(summary_id)
        sections = _clean(sections)
        if sections == current.sections:
            return current
        state = SummaryState.VOID if current.state is SummaryState.APPROVED else current.state
        self._write("save the summary", "UPDATE summary SET sections = ?, state = ?, updated_at = ? WHERE id = ?",
                    (sections_to_json(sections), state.value, self.timestamp(), summary_id))
        return self._summary_by_id(summary_id)

    def approve_summary(self, summary_id: int, initials: str, text: str) -> Summary:
        """The coachee approves exactly `text` (built from the current sections)."""
        from coachtui.core.summary import fingerprint, sections_to_json

        initials, text = clean_text(initials).strip(), clean_text(text)  # as the sections it is built from
        if not initials:
            raise StoreError("Approval needs the coachee's initials.")
        current = self._summary_by_id(summary_id)
        version = (current.approval.version if current.approval else 0) + 1
        with self._transaction("record the approval"):
            self._write("record the approval", "INSERT INTO approval (summary_id, version, initials, approved_at,"
                        " text_hash, text, sections) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (summary_id, version, initials, self.timestamp(), fingerprint(text), text,
                         sections_to_json(current.sections)))
            self._write("record the approval", "UPDATE summary SET state = 'approved', updated_at = ? WHERE id = ?",
                        (self.timestamp(), summary_id))
        return self._summary_by_id(summary_id)

    def withdraw_approval(self, summary_id: int) -> Summary:
        self._write("withdraw the approval", "UPDATE summary SET state = 'withdrawn', updated_at = ? WHERE id = ?",
                    (self.timestamp(), summary_id))
        return self._summary_by_id(summary_id)

    def restore_approved(self, summary_id: int) -> Summary:
        """Put back the sections the coachee last approved; the approval covers them again."""
        from coachtui.core.summary import SummaryState, sections_to_json

        current = self._summary_by_id(summary_id)
        if current.approval is None or current.state is not SummaryState.VOID:
            raise StoreError("Only an approval voided by an edit can be restored.")
        self._write("restore the approved summary", "UPDATE summary SET sections = ?, state = 'approved',"
                    " updated_at = ? WHERE id = ?",
                    (sections_to_json(current.approval.sections), self.timestamp(), summary_id))
        return self._summary_by_id(summary_id)

    # -- erasing ------------------------------------------------------------------------------

    def erase_partnership(self, partnership_id: int) -> list[Path]:
        """Remove every row of the partnership and rewrite the file so none of its text remains; the same in
        every backup the app made before a migration. Returns the backups it could not erase it from.

        secure_delete zeroes freed pages as rows go; VACUUM then rebuilds the file, and a WAL
        checkpoint clears the old pages out of the write-ahead log too.
        """
        self.partnership(partnership_id)  # type: ignore[attr-defined]
        with self._transaction("erase the partnership"):
            self._write("erase the partnership", "DELETE FROM export_log WHERE partnership_id = ?",
                        (partnership_id,))
            self._write("erase the partnership", "DELETE FROM partnership WHERE id = ?", (partnership_id,))
        self._write("erase the partnership", "VACUUM")
        self._rows("PRAGMA wal_checkpoint(TRUNCATE)")
        return [backup for backup in migration_backups(self.path)
                if not erase_from_backup(backup, partnership_id, self._passphrase)]


def migration_backups(path: Path) -> list[Path]:
    """The copies `StoreBase.open` made of the database at `path` before migrating it."""
    pattern = re.compile(re.escape(path.name) + r"\.schema\d+\.bak")
    try:
        return sorted(p for p in path.parent.iterdir() if pattern.fullmatch(p.name) and p.is_file())
    except OSError:
        return []


def erase_from_backup(backup: Path, partnership_id: int, passphrase: str | None) -> bool:
    """Erase the partnership from one backup as from the database itself; False if the backup cannot be
    opened or changed (the caller names it, so the user can delete it)."""
    from coachtui.store.connection import DB_ERRORS, _connect

    try:
        conn = _connect(backup, passphrase)
    except StoreError:
        return False
    except DB_ERRORS:
        return False
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "partnership" not in tables:
            return False
        conn.execute("BEGIN IMMEDIATE")
        if "export_log" in tables:
            conn.execute("DELETE FROM export_log WHERE partnership_id = ?", (partnership_id,))
        conn.execute("DELETE FROM partnership WHERE id = ?", (partnership_id,))
        conn.execute("COMMIT")
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return True
    except DB_ERRORS:
        return False
    finally:
        conn.close()


def _clean(sections: tuple[Section, ...]) -> tuple[Section, ...]:
    from coachtui.core.summary import Section

    return tuple(Section(s.key, s.title, clean_text(s.text), s.included) for s in sections)


def _approval(row: dict[str, Any]) -> Approval:
    from coachtui.core.summary import Approval, sections_from_json

    return Approval(row["version"], row["initials"], row["approved_at"], row["text_hash"], row["text"],
                    sections_from_json(row["sections"]))
