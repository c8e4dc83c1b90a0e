"""The only package that speaks SQL. Every write is committed as it happens.

Everything, live path and bulk work (imports, exports, aggregates) alike, uses the standard
library's sqlite3 directly. sqlite-utils is not a dependency of the app: only `coachtui aggregate
--sqlite` uses it (the optional figures extra), to write the coordinator's figures as a new file.

A `Store` holds the open `Database` (connection.py: the only place statements run) and one records object
per area composed over it: `store.partnerships`, `store.cycles`, `store.meetings`, `store.actions`,
`store.lessons`, `store.turns`, `store.summaries`, `store.sharing`, `store.training`, `store.figures`,
`store.practice`, `store.erasing` and `store.texts`. Nothing outside this package runs SQL. Their methods
are named for what the coach does (`store.actions.add`, `store.cycles.reach_stage`) and return plain
dataclasses from `coachtui.core.model`. Errors surface as `StoreError` with a message a user can act on.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Self

from coachtui.store.connection import Clock, Database, explain_sqlite_error, utc_now
from coachtui.store.erasing import Erasing
from coachtui.store.figures import FigureRecords
from coachtui.store.lessons import LessonRecords
from coachtui.store.meetings import ActionRecords, MeetingRecords
from coachtui.store.partnerships import CycleRecords, PartnershipRecords
from coachtui.store.practice import PracticeRecords
from coachtui.store.sharing import SharingLog
from coachtui.store.summaries import SummaryRecords
from coachtui.store.texts import TextRecords
from coachtui.store.training import TrainingRecords
from coachtui.store.turns import TurnRecords
from coachtui.text import clean_text

__all__ = ["Clock", "Database", "Store", "clean_text", "explain_sqlite_error", "utc_now"]


class Store:
    """A coachtui database file, open and migrated to the latest schema, with its records by area."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.cycles = CycleRecords(db)
        self.partnerships = PartnershipRecords(db, self.cycles)
        self.meetings = MeetingRecords(db, self.cycles)
        self.actions = ActionRecords(db, self.cycles)
        self.lessons = LessonRecords(db)
        self.turns = TurnRecords(db)
        self.summaries = SummaryRecords(db)
        self.sharing = SharingLog(db)
        self.training = TrainingRecords(db, self.turns)
        self.figures = FigureRecords(db)
        self.practice = PracticeRecords(db)
        self.erasing = Erasing(db, self.partnerships, self.training)
        self.texts = TextRecords(db)

    @classmethod
    def open(cls, path: Path | str, now: Clock = utc_now, *, durable: bool = True,
             passphrase: str | None = None) -> Self:
        """Open (creating if needed) and migrate the database at `path`; StoreError says why it cannot be.

        `durable=False` skips the sync to disk after each write: only for throwaway demo data. A `passphrase`
        opens or creates a database encrypted with SQLCipher (WrongPassphrase if it does not fit).
        """
        return cls(Database.open(path, now, durable=durable, passphrase=passphrase))

    # What the app asks of the file itself, rather than of its records.

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def schema_version(self) -> int:
        return self.db.schema_version

    def close(self) -> None:
        self.db.close()

    def gone(self) -> str | None:
        return self.db.gone()

    def data_version(self) -> int:
        return self.db.data_version()

    def wait_for_lock_at_most(self, seconds: float) -> None:
        self.db.wait_for_lock_at_most(seconds)

    def local_now(self) -> datetime:
        return self.db.local_now()

    def timestamp(self) -> str:
        return self.db.timestamp()
