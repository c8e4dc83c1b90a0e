"""The only package that speaks SQL. Every write is committed as it happens.

Everything, live path and bulk work (imports, exports, aggregates) alike, uses the standard
library's sqlite3 directly. sqlite-utils is not a dependency of the app: only `coachtui aggregate
--sqlite` uses it (the optional figures extra), to write the coordinator's figures as a new file.

A `Store` is the open database with one records object per area, composed, not inherited:
`store.partnerships`, `store.cycles`, `store.meetings`, `store.actions`, `store.lessons`, `store.turns`,
`store.summaries`, `store.training`, `store.figures`, `store.practice`, `store.erasing` and `store.texts`.
Their methods are named for what the coach does (`store.actions.add`, `store.cycles.reach_stage`) and
return plain dataclasses from `coachtui.core.model`. Errors surface as `StoreError` with a message a user can act on.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coachtui.store.connection import Clock, Database, explain_sqlite_error, utc_now
from coachtui.store.erasing import Erasing
from coachtui.store.figures import FigureRecords
from coachtui.store.lessons import LessonRecords
from coachtui.store.meetings import ActionRecords, MeetingRecords
from coachtui.store.partnerships import CycleRecords, PartnershipRecords
from coachtui.store.practice import PracticeRecords
from coachtui.store.summaries import SummaryRecords
from coachtui.store.texts import TextRecords
from coachtui.store.training import TrainingRecords
from coachtui.store.turns import TurnRecords
from coachtui.text import clean_text

__all__ = ["Clock", "Database", "Store", "clean_text", "explain_sqlite_error", "utc_now"]


class Store(Database):
    """A coachtui database file, open and migrated to the latest schema, with its records by area."""

    def __init__(self, conn: sqlite3.Connection, path: Path, now: Clock = utc_now, *,
                 passphrase: str | None = None) -> None:
        super().__init__(conn, path, now, passphrase=passphrase)
        self.cycles = CycleRecords(self)
        self.partnerships = PartnershipRecords(self, self.cycles)
        self.meetings = MeetingRecords(self, self.cycles)
        self.actions = ActionRecords(self, self.cycles)
        self.lessons = LessonRecords(self)
        self.turns = TurnRecords(self)
        self.summaries = SummaryRecords(self)
        self.training = TrainingRecords(self, self.turns)
        self.figures = FigureRecords(self)
        self.practice = PracticeRecords(self)
        self.erasing = Erasing(self, self.partnerships, self.training)
        self.texts = TextRecords(self)
