"""SQL for the tagged turns of a meeting, the observers who tagged them, and the nudges shown."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from coachtui.core.model import NudgeRecord, Turn
from coachtui.errors import StoreError
from coachtui.store.connection import Records
from coachtui.text import clean_text

TURN_SELECT = """
    SELECT turn.id, t, speaker, function, initiation, subject, stimulus, scale, tone, time_frame,
           co_construction, note, coalesce(observer.code, '') AS observer
    FROM turn LEFT JOIN observer ON observer.id = turn.observer_id
"""
NUDGE_OUTCOMES = ("taken up", "dismissed", "expired")
EDITABLE = {"t", "speaker", "function", "initiation", "subject", "stimulus", "scale", "tone", "time",
            "co_construction", "note"}


class TurnRecords(Records):
    """Tagged turns of a meeting by observer, the observers' review passes, and the nudge log."""

    # -- observers ------------------------------------------------------------------------

    def _observer_id(self, meeting_id: int, code: str) -> int | None:
        code = clean_text(code).strip()
        if not code:
            return None
        row = self.db.one("SELECT id FROM observer WHERE meeting_id = ? AND code = ?", (meeting_id, code))
        if row:
            return int(row["id"])
        return self.db.write("record the observer", "INSERT INTO observer (meeting_id, code) VALUES (?, ?)",
                             (meeting_id, code))

    def observers(self, meeting_id: int) -> list[str]:
        """Everyone who tagged this meeting, in the order they first tagged it."""
        return [r["code"] for r in self.db.rows(
            "SELECT code FROM observer WHERE meeting_id = ? AND id IN (SELECT observer_id FROM turn "
            "WHERE meeting_id = ?) ORDER BY id", (meeting_id, meeting_id))]

    def latest_observer(self, meeting_id: int) -> str | None:
        """Whoever tagged this meeting's most recent turn (None before any)."""
        row = self.db.one("SELECT o.code FROM turn t JOIN observer o ON o.id = t.observer_id WHERE t.meeting_id = ?"
                          " ORDER BY t.id DESC LIMIT 1", (meeting_id,))
        return str(row["code"]) if row else None

    def main_observer(self, meeting_id: int) -> str:
        """The observer whose tags speak for a meeting (in its summary, its report and the school's figures):
        the one who tagged most turns ("" before any turn)."""
        row = self.db.one(
            "SELECT coalesce(o.code, '') AS code, count(*) AS n FROM turn LEFT JOIN observer o ON o.id ="
            " turn.observer_id WHERE turn.meeting_id = ? GROUP BY turn.observer_id ORDER BY n DESC,"
            " turn.observer_id LIMIT 1", (meeting_id,))
        return str(row["code"]) if row else ""

    def last_time(self, meeting_id: int) -> float:
        """The latest offset any turn of this meeting was tagged at (0 when none)."""
        row = self.db.one("SELECT max(t) AS t FROM turn WHERE meeting_id = ?", (meeting_id,))
        return float(row["t"]) if row and row["t"] is not None else 0.0

    def last_tagged_meeting(self, cycle_id: int) -> int | None:
        """The cycle's most recent meeting with tagged turns, for its feedback."""
        row = self.db.one("SELECT meeting.id FROM meeting WHERE cycle_id = ? AND EXISTS (SELECT 1 FROM turn"
                          " WHERE turn.meeting_id = meeting.id) ORDER BY meeting.id DESC LIMIT 1", (cycle_id,))
        return int(row["id"]) if row else None

    # -- turns ----------------------------------------------------------------------------

    def add(self, meeting_id: int, turn: Turn) -> Turn:
        """Commit one tagged turn and return it with its id."""
        with self.db.transaction("save the turn"):
            turn_id = self.insert(meeting_id, turn)
        return replace(turn, id=turn_id, note=clean_text(turn.note), subject=clean_text(turn.subject).strip(),
                       observer=clean_text(turn.observer).strip())

    def add_many(self, meeting_id: int, turns: Iterable[Turn], *, checked: bool = True) -> int:
        """Commit many turns in one transaction (all or none); return how many.

        `checked=False` skips the vocabulary check, for turns already known good (the demo's own).
        """
        count = 0
        with self.db.transaction("save the turns"):
            for turn in turns:
                self.insert(meeting_id, turn, checked=checked)
                count += 1
        return count

    def insert(self, meeting_id: int, turn: Turn, *, checked: bool = True) -> int:
        """Insert one turn inside the caller's transaction (no commit of its own); its id."""
        problems = _turn_problems(turn) if checked else []
        if problems:
            raise StoreError(f"Could not save the turn: {'; '.join(problems)}.")
        observer_id = self._observer_id(meeting_id, turn.observer)
        if observer_id is not None:
            # A turn tagged after the review was marked complete has not been reviewed: provisional again.
            self.db.write("save the turn", "UPDATE observer SET reviewed_at = NULL WHERE id = ? AND reviewed_at IS NOT"
                          " NULL", (observer_id,))
        return self.db.write(
            "save the turn",
            "INSERT INTO turn (meeting_id, observer_id, t, speaker, function, initiation, subject, stimulus, scale,"
            " tone, time_frame, co_construction, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (meeting_id, observer_id, float(turn.t), turn.speaker, turn.function, turn.initiation,
             clean_text(turn.subject).strip(), turn.stimulus, turn.scale, turn.tone, turn.time,
             int(turn.co_construction), clean_text(turn.note), self.db.timestamp()),
        )

    def get(self, turn_id: int) -> Turn:
        row = self.db.one(TURN_SELECT + " WHERE turn.id = ?", (turn_id,))
        if row is None:
            raise StoreError(f"There is no turn {turn_id}; it may have been deleted.")
        return _turn(row)

    def of_meeting(self, meeting_id: int, observer: str | None = None) -> list[Turn]:
        """The meeting's turns in time order; only one observer's when `observer` is given."""
        if observer is None:
            rows = self.db.rows(TURN_SELECT + " WHERE turn.meeting_id = ? ORDER BY t, turn.id", (meeting_id,))
        else:
            rows = self.db.rows(TURN_SELECT + " WHERE turn.meeting_id = ? AND coalesce(observer.code, '') = ?"
                                " ORDER BY t, turn.id", (meeting_id, observer))
        return [_turn(row) for row in rows]

    def after(self, meeting_id: int, observer: str, after_id: int) -> list[Turn]:
        """One observer's turns added since the turn `after_id`, in time order."""
        rows = self.db.rows(TURN_SELECT + " WHERE turn.meeting_id = ? AND coalesce(observer.code, '') = ?"
                            " AND turn.id > ? ORDER BY t, turn.id", (meeting_id, observer, after_id))
        return [_turn(row) for row in rows]

    def edit_count(self, meeting_id: int) -> int:
        """How many times any of the meeting's turns has been edited or deleted (it only grows)."""
        rows = self.db.rows("SELECT turn_edits FROM meeting WHERE id = ?", (meeting_id,))
        return int(rows[0]["turn_edits"]) if rows else 0

    def update(self, turn_id: int, **fields: Any) -> Turn:
        """Change any of a turn's tags or its note; the edit is committed at once."""
        unknown = set(fields) - EDITABLE
        if unknown:
            raise ValueError(f"not editable: {sorted(unknown)}")
        updated = replace(self.get(turn_id), **fields)
        problems = _turn_problems(updated)
        if problems:
            raise StoreError(f"Could not save the turn: {'; '.join(problems)}.")
        self.db.write(
            "save the turn",
            "UPDATE turn SET t = ?, speaker = ?, function = ?, initiation = ?, subject = ?, stimulus = ?, scale = ?,"
            " tone = ?, time_frame = ?, co_construction = ?, note = ? WHERE id = ?",
            (float(updated.t), updated.speaker, updated.function, updated.initiation,
             clean_text(updated.subject).strip(), updated.stimulus, updated.scale, updated.tone, updated.time,
             int(updated.co_construction), clean_text(updated.note), turn_id),
        )
        return self.get(turn_id)

    def update_many(self, turn_ids: Iterable[int], **fields: Any) -> list[Turn]:
        """Set the same tags on several turns in one transaction (all or none), for a reviewed stretch."""
        with self.db.transaction("save the turns"):
            return [self.update(turn_id, **fields) for turn_id in turn_ids]

    def delete(self, turn_id: int) -> None:
        self.db.write("delete the turn", "DELETE FROM turn WHERE id = ?", (turn_id,))

    # -- the observer's review pass ---------------------------------------------------------

    def reviewed(self, meeting_id: int, observer: str) -> bool:
        """Whether this observer has marked their review of the meeting's tags complete."""
        row = self.db.one("SELECT reviewed_at FROM observer WHERE meeting_id = ? AND code = ?",
                          (meeting_id, clean_text(observer).strip()))
        return bool(row and row["reviewed_at"])

    def mark_reviewed(self, meeting_id: int, observer: str, done: bool = True) -> None:
        """Mark (or unmark) this observer's review complete; the coordinator's cached figures follow."""
        with self.db.transaction("record the review"):
            row = self.db.one("SELECT id FROM observer WHERE meeting_id = ? AND code = ?",
                              (meeting_id, clean_text(observer).strip()))
            if row is None:
                raise StoreError("Only the tags of an observer who tagged this meeting can be marked as reviewed.")
            self.db.write("record the review", "UPDATE observer SET reviewed_at = ? WHERE id = ?",
                          (self.db.timestamp() if done else None, row["id"]))
            self.db.write("record the review", "DELETE FROM meeting_talk WHERE meeting_id = ?", (meeting_id,))

    # -- nudges offered to the coach -------------------------------------------------------

    def log_nudge(self, meeting_id: int, rule: str, phase: str, fired_at: float) -> int:
        """Record that a nudge was shown; returns its log id for `settle_nudge`."""
        return self.db.write("record the nudge", "INSERT INTO nudge_log (meeting_id, rule, phase, fired_at, created_at)"
                             " VALUES (?, ?, ?, ?, ?)", (meeting_id, rule, phase, float(fired_at), self.db.timestamp()))

    def settle_nudge(self, log_id: int, outcome: str, at: float) -> None:
        """Record what became of a shown nudge: taken up, dismissed or expired."""
        if outcome not in NUDGE_OUTCOMES:
            raise ValueError(f"unknown nudge outcome {outcome!r}")
        self.db.write("record the nudge", "UPDATE nudge_log SET outcome = ?, outcome_at = ? WHERE id = ?",
                      (outcome, float(at), log_id))

    def nudge_log(self, meeting_id: int) -> list[NudgeRecord]:
        return [NudgeRecord(**r) for r in self.db.rows(
            "SELECT id, rule, phase, fired_at, outcome, outcome_at FROM nudge_log WHERE meeting_id = ? ORDER BY id",
            (meeting_id,))]


def _turn(row: dict[str, Any]) -> Turn:
    return Turn(
        id=row["id"], t=float(row["t"]), speaker=row["speaker"], function=row["function"],
        initiation=row["initiation"], subject=row["subject"], stimulus=row["stimulus"], scale=row["scale"],
        tone=row["tone"], time=row["time_frame"], co_construction=bool(row["co_construction"]),
        observer=row["observer"], note=row["note"],
    )


def _turn_problems(turn: Turn) -> list[str]:
    # The vocabulary is read at the first check, not whenever the store is imported (at every start).
    from coachtui.core.vocabulary import turn_problems

    return turn_problems(turn)
