"""Erasing, both kinds: a coaching partnership (and its copies in migration backups) and a training session.

Rows go with `secure_delete` on, so freed pages are zeroed; VACUUM then rebuilds the file, and a WAL
checkpoint clears the old pages out of the write-ahead log too, so none of the text remains in the file.
"""

from __future__ import annotations

import re
from pathlib import Path

from coachtui.errors import StoreError
from coachtui.store.connection import DB_ERRORS, Database, Records, connect
from coachtui.store.partnerships import PartnershipRecords
from coachtui.store.training import TrainingRecords


class Erasing(Records):
    """Erasing for good: what is erased here cannot be brought back from the database file."""

    def __init__(self, db: Database, partnerships: PartnershipRecords, training: TrainingRecords) -> None:
        super().__init__(db)
        self.partnerships = partnerships
        self.training = training

    def partnership(self, partnership_id: int) -> list[Path]:
        """Remove every row of the partnership and rewrite the file so none of its text remains; the same in
        every backup the app made before a migration. Returns the backups it could not erase it from.

        secure_delete zeroes freed pages as rows go; VACUUM then rebuilds the file, and a WAL
        checkpoint clears the old pages out of the write-ahead log too.
        """
        self.partnerships.get(partnership_id)
        with self.db.transaction("erase the partnership"):
            self.db.write("erase the partnership", "DELETE FROM export_log WHERE partnership_id = ?",
                          (partnership_id,))
            self.db.write("erase the partnership", "DELETE FROM partnership WHERE id = ?", (partnership_id,))
        self.db.write("erase the partnership", "VACUUM")
        self.db.rows("PRAGMA wal_checkpoint(TRUNCATE)")
        return [backup for backup in migration_backups(self.db.path)
                if not erase_from_backup(backup, partnership_id, self.db.passphrase)]

    def training_session(self, session_id: int) -> None:
        """Remove the session, its people and rounds, and every role-play meeting played in it (notes, tags,
        debriefs), then rewrite the file so none of their text remains, as erasing a partnership does."""
        self.training.session(session_id)
        partnerships = [row["partnership_id"] for row in self.db.rows(
            "SELECT DISTINCT c.partnership_id FROM training_round r JOIN meeting m ON m.id = r.meeting_id"
            " JOIN cycle c ON c.id = m.cycle_id WHERE r.session_id = ?", (session_id,))]
        with self.db.transaction("erase the training session"):
            for partnership_id in partnerships:
                self.db.write("erase the training session", "DELETE FROM export_log WHERE partnership_id = ?",
                              (partnership_id,))
                self.db.write("erase the training session",
                              "DELETE FROM partnership WHERE id = ? AND kind = 'role-play'",
                              (partnership_id,))
            self.db.write("erase the training session", "DELETE FROM training_session WHERE id = ?", (session_id,))
        self.db.write("erase the training session", "VACUUM")
        self.db.rows("PRAGMA wal_checkpoint(TRUNCATE)")


def migration_backups(path: Path) -> list[Path]:
    """The copies `Database.open` made of the database at `path` before migrating it."""
    pattern = re.compile(re.escape(path.name) + r"\.schema\d+\.bak")
    try:
        return sorted(p for p in path.parent.iterdir() if pattern.fullmatch(p.name) and p.is_file())
    except OSError:
        return []


def erase_from_backup(backup: Path, partnership_id: int, passphrase: str | None) -> bool:
    """Erase the partnership from one backup as from the database itself; False if the backup cannot be
    opened or changed (the caller names it, so the user can delete it)."""
    try:
        conn = connect(backup, passphrase)
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
