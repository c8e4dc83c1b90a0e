"""SQL for meetings (clock, presence, GROW notes) and for the actions a partnership agrees."""

from __future__ import annotations

from datetime import date
from typing import Any

from coachtui.core.model import Action as CoachAction
from coachtui.core.model import ActionStatus, GrowNote, GrowPhase, Meeting, MeetingMode, Stage
from coachtui.errors import StoreError
from coachtui.store.connection import Database, Records, date_or_none
from coachtui.store.partnerships import CycleRecords
from coachtui.text import clean_text


class MeetingRecords(Records):
    """Meetings: their length, phase and pack, the one clock every process shares, who has a meeting open,
    and the GROW notes."""

    def __init__(self, db: Database, cycles: CycleRecords) -> None:
        super().__init__(db)
        self.cycles = cycles

    def get(self, meeting_id: int) -> Meeting:
        row = self.db.one("SELECT * FROM meeting WHERE id = ?", (meeting_id,))
        if row is None:
            raise StoreError(f"There is no meeting {meeting_id}.")
        return _meeting(row)

    def of_cycle(self, cycle_id: int) -> list[Meeting]:
        return [_meeting(r) for r in self.db.rows("SELECT * FROM meeting WHERE cycle_id = ? ORDER BY id", (cycle_id,))]

    def open(self, cycle_id: int, stage: Stage, *, planned_minutes: int = 12,
             mode: MeetingMode = MeetingMode.LIVE) -> Meeting:
        """The cycle's unfinished meeting at this stage, or a new one; the cycle reaches `stage`."""
        if stage not in (Stage.PRE_LESSON, Stage.POST_LESSON):
            raise StoreError("Meetings happen before or after the lesson (stages 2 and 4).")
        row = self.db.one("SELECT * FROM meeting WHERE cycle_id = ? AND stage = ? AND ended_at IS NULL"
                          " ORDER BY id DESC LIMIT 1", (cycle_id, int(stage)))
        if row is not None:
            return _meeting(row)
        theme = self.cycles.get(cycle_id).theme
        meeting_id = self.db.write(
            "start the meeting",
            "INSERT INTO meeting (cycle_id, stage, planned_minutes, mode, pack, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (cycle_id, int(stage), planned_minutes, mode.value, theme, self.db.timestamp()),
        )
        self.cycles.reach_stage(cycle_id, stage)
        return self.get(meeting_id)

    def update(self, meeting_id: int, *, planned_minutes: int | None = None,
               phase: GrowPhase | None = None, pack: str | None = None) -> None:
        if planned_minutes is not None:
            if not 1 <= planned_minutes <= 600:
                raise StoreError("A meeting lasts between 1 and 600 minutes.")
            self.db.write("save the length", "UPDATE meeting SET planned_minutes = ? WHERE id = ?",
                          (planned_minutes, meeting_id))
        if phase is not None:
            self.db.write("save the phase", "UPDATE meeting SET phase = ? WHERE id = ?", (phase.value, meeting_id))
        if pack is not None:
            self.db.write("save the pack", "UPDATE meeting SET pack = ? WHERE id = ?", (pack, meeting_id))

    def save_clock(self, meeting_id: int, elapsed: float) -> None:
        """Checkpoint the meeting clock; the first call also records when the meeting started."""
        self.db.write(
            "save the meeting clock",
            "UPDATE meeting SET clock_elapsed = ?, started_at = coalesce(started_at, ?) WHERE id = ?",
            (elapsed, self.db.timestamp(), meeting_id),
        )

    def save_clock_state(self, meeting_id: int, elapsed: float, running_since: float | None, *, process: str,
                         now: float) -> None:
        """The meeting clock as every process should read it (running since `running_since`, or paused at
        `elapsed`), and this process seen with the meeting open now."""
        with self.db.transaction("save the meeting clock"):
            self.db.conn.execute("UPDATE meeting SET clock_elapsed = ?, clock_running_since = ?, "
                                 "started_at = coalesce(started_at, ?) WHERE id = ?",
                                 (elapsed, running_since, self.db.timestamp(), meeting_id))
            self.db.conn.execute("UPDATE meeting_presence SET seen_at = ? WHERE meeting_id = ? AND process = ?",
                                 (now, meeting_id, process))

    def join(self, meeting_id: int, process: str, role: str, now: float) -> None:
        self.db.write("open the meeting",
                      "INSERT INTO meeting_presence (meeting_id, process, role, seen_at) VALUES (?, ?, ?, ?)"
                      " ON CONFLICT (meeting_id, process) DO UPDATE SET seen_at = excluded.seen_at,"
                      " role = excluded.role",
                      (meeting_id, process, role, now))

    def seen(self, meeting_id: int, process: str, now: float) -> None:
        self.db.write("note the meeting is open", "UPDATE meeting_presence SET seen_at = ? WHERE meeting_id = ? "
                      "AND process = ?", (now, meeting_id, process))

    def leave(self, meeting_id: int, process: str) -> None:
        self.db.write("close the meeting", "DELETE FROM meeting_presence WHERE meeting_id = ? AND process = ?",
                      (meeting_id, process))

    def presence(self, meeting_id: int) -> list[tuple[str, str, float]]:
        """(process, role, seen_at) of every process that has said it has the meeting open."""
        return [(r["process"], r["role"], float(r["seen_at"])) for r in self.db.rows(
            "SELECT process, role, seen_at FROM meeting_presence WHERE meeting_id = ? ORDER BY seen_at",
            (meeting_id,))]

    def end(self, meeting_id: int, elapsed: float) -> Meeting:
        self.db.write(
            "end the meeting",
            "UPDATE meeting SET clock_elapsed = ?, clock_running_since = NULL, started_at = coalesce(started_at, ?),"
            " ended_at = ? WHERE id = ?",
            (elapsed, self.db.timestamp(), self.db.timestamp(), meeting_id),
        )
        return self.get(meeting_id)

    def notes(self, meeting_id: int) -> dict[GrowPhase, str]:
        found = {r["phase"]: r["text"] for r in
                 self.db.rows("SELECT phase, text FROM grow_note WHERE meeting_id = ?", (meeting_id,))}
        return {phase: found.get(phase.value, "") for phase in GrowPhase}

    def grow_notes(self, meeting_id: int) -> dict[GrowPhase, GrowNote]:
        """Every phase's notes with their versions, for a screen that saves them back only over what it loaded."""
        found = {r["phase"]: GrowNote(r["text"], int(r["version"]), r["updated_at"]) for r in self.db.rows(
            "SELECT phase, text, version, updated_at FROM grow_note WHERE meeting_id = ?", (meeting_id,))}
        return {phase: found.get(phase.value, GrowNote()) for phase in GrowPhase}

    def note_versions(self, meeting_id: int) -> dict[GrowPhase, int]:
        """Each phase's notes version alone: cheap enough to ask whenever another process commits."""
        found = {r["phase"]: int(r["version"]) for r in self.db.rows(
            "SELECT phase, version FROM grow_note WHERE meeting_id = ?", (meeting_id,))}
        return {phase: found.get(phase.value, 0) for phase in GrowPhase}

    def save_note(self, meeting_id: int, phase: GrowPhase, text: str, *, version: int | None = None) -> int | None:
        """Save a phase's notes and return their new version. Given the `version` the caller loaded, save only
        if nobody saved them since (compare-and-set in one statement), and return None when somebody did."""
        with self.db.transaction("save the notes"):
            cursor = self.db.conn.execute(
                "INSERT INTO grow_note (meeting_id, phase, text, updated_at, version) VALUES (?, ?, ?, ?, 1)"
                " ON CONFLICT (meeting_id, phase) DO UPDATE SET text = excluded.text,"
                " updated_at = excluded.updated_at, version = grow_note.version + 1"
                " WHERE ? IS NULL OR grow_note.version = ?",
                (meeting_id, phase.value, clean_text(text), self.db.timestamp(), version, version))
            if cursor.rowcount == 0:
                return None
            row = self.db.conn.execute("SELECT version FROM grow_note WHERE meeting_id = ? AND phase = ?",
                                       (meeting_id, phase.value)).fetchone()
        return int(row[0])


class ActionRecords(Records):
    """The actions a partnership agrees, open until done or dropped, carried from meeting to meeting."""

    def __init__(self, db: Database, cycles: CycleRecords) -> None:
        super().__init__(db)
        self.cycles = cycles

    def add(self, cycle_id: int, meeting_id: int | None, text: str = "",
            owner: str = "coachee", due: date | None = None) -> CoachAction:
        cycle = self.cycles.get(cycle_id)
        action_id = self.db.write(
            "add the action",
            "INSERT INTO action (partnership_id, cycle_id, meeting_id, text, owner, due, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (cycle.partnership_id, cycle_id, meeting_id, clean_text(text), owner,
             due.isoformat() if due else None, self.db.timestamp()),
        )
        return self.get(action_id)

    def get(self, action_id: int) -> CoachAction:
        row = self.db.one("SELECT * FROM action WHERE id = ?", (action_id,))
        if row is None:
            raise StoreError(f"There is no action {action_id}.")
        return _action(row)

    def update(self, action_id: int, *, text: str | None = None, owner: str | None = None,
               due: date | str | None = "", status: ActionStatus | None = None) -> CoachAction:
        """Change some fields; `due=None` clears the date, leaving `due` out keeps it."""
        if text is not None:
            self.db.write("save the action", "UPDATE action SET text = ?, version = version + 1 WHERE id = ?",
                          (clean_text(text), action_id))
        if owner is not None:
            self.db.write("save the action", "UPDATE action SET owner = ? WHERE id = ?", (owner, action_id))
        if due != "":
            value = due.isoformat() if isinstance(due, date) else None
            self.db.write("save the action", "UPDATE action SET due = ? WHERE id = ?", (value, action_id))
        if status is not None:
            closed = None if status is ActionStatus.OPEN else self.db.timestamp()
            self.db.write("save the action", "UPDATE action SET status = ?, closed_at = ? WHERE id = ?",
                          (status.value, closed, action_id))
        return self.get(action_id)

    def delete(self, action_id: int) -> None:
        self.db.write("delete the action", "DELETE FROM action WHERE id = ?", (action_id,))

    def still_open(self, partnership_id: int) -> list[CoachAction]:
        """Open actions of the partnership, from every earlier meeting and cycle."""
        return [_action(r) for r in self.db.rows(
            "SELECT * FROM action WHERE partnership_id = ? AND status = 'open' ORDER BY id", (partnership_id,))]

    def for_meeting(self, partnership_id: int, meeting_id: int) -> list[CoachAction]:
        """What a meeting shows: every open action, plus those this meeting closed or made."""
        return [_action(r) for r in self.db.rows(
            "SELECT * FROM action WHERE partnership_id = ? AND (status = 'open' OR meeting_id = ?) ORDER BY id",
            (partnership_id, meeting_id))]


def _meeting(row: dict[str, Any]) -> Meeting:
    return Meeting(
        id=row["id"], cycle_id=row["cycle_id"], stage=Stage(row["stage"]), planned_minutes=row["planned_minutes"],
        mode=MeetingMode(row["mode"]), phase=GrowPhase(row["phase"]), pack=row["pack"],
        clock_elapsed=float(row["clock_elapsed"]), started_at=row["started_at"], ended_at=row["ended_at"],
        created_at=row["created_at"], clock_running_since=row.get("clock_running_since"),
    )


def _action(row: dict[str, Any]) -> CoachAction:
    return CoachAction(
        id=row["id"], partnership_id=row["partnership_id"], cycle_id=row["cycle_id"], meeting_id=row["meeting_id"],
        text=row["text"], owner=row["owner"], due=date_or_none(row["due"]), status=ActionStatus(row["status"]),
        created_at=row["created_at"],
    )
