"""The only module that speaks SQL. Every write is committed as it happens.

Everything, live path and bulk work (imports, exports, aggregates) alike, uses the standard
library's sqlite3 directly. sqlite-utils is not a dependency of the app: only `coachtui aggregate
--sqlite` uses it (the optional figures extra), to write the coordinator's figures as a new file.

Functions are named for what the coach does (`add_action`, `reach_stage`) and return
plain dataclasses from `coachtui.core.model`. Errors surface as `StoreError` with a message a
user can act on.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from coachtui.core.model import Action as CoachAction
from coachtui.core.model import (
    ActionStatus,
    Arrangement,
    Cycle,
    Evidence,
    EvidenceKind,
    FeatureSpan,
    GrowNote,
    GrowPhase,
    LessonFeature,
    Meeting,
    MeetingMode,
    Partnership,
    PartnershipOverview,
    PerformanceLink,
    Stage,
)
from coachtui.errors import StoreError
from coachtui.store.connection import Clock, StoreBase, explain_sqlite_error, utc_now
from coachtui.store.figures import AggregateRecords
from coachtui.store.practice import PracticeRecords
from coachtui.store.summaries import SummaryRecords
from coachtui.store.texts import TextRecords
from coachtui.store.training import TrainingRecords
from coachtui.store.turns import TurnRecords
from coachtui.text import clean_text

__all__ = ["Clock", "Store", "StoreBase", "clean_text", "explain_sqlite_error", "utc_now"]


class Store(SummaryRecords, TurnRecords, AggregateRecords, TrainingRecords, PracticeRecords, TextRecords):
    """A coachtui database file, open and migrated to the latest schema."""

    # -- partnerships and cycles ----------------------------------------------------

    def create_partnership(self, coach: str, coachee: str, focus: str = "", theme: str = "a4l") -> Partnership:
        coach, coachee, focus = (clean_text(x).strip() for x in (coach, coachee, focus))
        if not coach or not coachee:
            raise StoreError("A partnership needs both a coach and a coachee name.")
        stamp = self.timestamp()
        with self._transaction("create the partnership"):
            pid = self._write(
                "create the partnership",
                "INSERT INTO partnership (coach, coachee, focus, created_at) VALUES (?, ?, ?, ?)",
                (coach, coachee, focus, stamp),
            )
            self._insert_cycle(pid, 1, focus, theme, stamp)
        return self.partnership(pid)

    def _insert_cycle(self, partnership_id: int, number: int, focus: str, theme: str, stamp: str) -> int:
        cid = self._write(
            "start the cycle",
            "INSERT INTO cycle (partnership_id, number, focus, theme, stage, created_at)"
            " VALUES (?, ?, ?, ?, 1, ?)",
            (partnership_id, number, focus, theme, stamp),
        )
        self._write("start the cycle", "INSERT INTO stage_reached VALUES (?, 1, ?)", (cid, stamp))
        self._write("start the cycle", "INSERT INTO arrangement (cycle_id, updated_at) VALUES (?, ?)", (cid, stamp))
        return cid

    def partnership(self, partnership_id: int) -> Partnership:
        row = self._one("SELECT * FROM partnership WHERE id = ?", (partnership_id,))
        if row is None:
            raise StoreError(f"There is no partnership {partnership_id}.")
        return Partnership(**row)

    def partnerships(self) -> list[Partnership]:
        return [Partnership(**r) for r in self._rows("SELECT * FROM partnership WHERE kind = 'coaching' ORDER BY id")]

    def update_partnership(self, partnership_id: int, *, coach: str | None = None,
                           coachee: str | None = None, focus: str | None = None) -> None:
        for column, value in (("coach", coach), ("coachee", coachee), ("focus", focus)):
            if value is not None:
                self._write("save the partnership", f"UPDATE partnership SET {column} = ? WHERE id = ?",
                            (clean_text(value), partnership_id))

    def set_figures_consent(self, partnership_id: int, *, coach: bool | None = None,
                            coachee: bool | None = None) -> Partnership:
        """Record whether the coach and the coachee agree to the partnership's anonymous figures counting in
        the school's figures. It holds for every meeting of the partnership, past ones too: once it no longer
        has both agreements, the coordinator's cached figures of its meetings are dropped at once."""
        stamp = self.timestamp()
        with self._transaction("save the agreement about figures"):
            for column, agreed in (("figures_coach_agreed_at", coach), ("figures_coachee_agreed_at", coachee)):
                if agreed is not None:
                    # An agreement keeps the moment it was first given; withdrawing clears it.
                    self.conn.execute(
                        f"UPDATE partnership SET {column} = CASE WHEN ? THEN coalesce({column}, ?) END"
                        " WHERE id = ? AND kind = 'coaching'", (int(agreed), stamp, partnership_id))
            self.conn.execute(
                "DELETE FROM meeting_talk WHERE meeting_id IN (SELECT m.id FROM meeting m JOIN cycle c ON"
                " c.id = m.cycle_id JOIN partnership p ON p.id = c.partnership_id WHERE p.id = ? AND"
                " (p.figures_coach_agreed_at IS NULL OR p.figures_coachee_agreed_at IS NULL))",
                (partnership_id,))
        return self.partnership(partnership_id)

    def overview(self) -> list[PartnershipOverview]:
        """Every partnership with its current cycle, next meeting date and open action count."""
        rows = self._rows(
            """
            SELECT p.id AS pid, c.id AS cid, a.next_meeting,
                   (SELECT count(*) FROM action x WHERE x.partnership_id = p.id AND x.status = 'open') AS open_actions
            FROM partnership p
            LEFT JOIN cycle c ON c.id = (SELECT id FROM cycle WHERE partnership_id = p.id ORDER BY number DESC LIMIT 1)
            LEFT JOIN arrangement a ON a.cycle_id = c.id
            WHERE p.kind = 'coaching'
            ORDER BY p.id
            """
        )
        return [
            PartnershipOverview(
                partnership=self.partnership(r["pid"]),
                cycle=self.cycle(r["cid"]) if r["cid"] else None,
                next_meeting=_date_or_none(r["next_meeting"]),
                open_actions=r["open_actions"],
            )
            for r in rows
        ]

    def cycle(self, cycle_id: int) -> Cycle:
        row = self._one("SELECT * FROM cycle WHERE id = ?", (cycle_id,))
        if row is None:
            raise StoreError(f"There is no cycle {cycle_id}.")
        reached = {
            Stage(r["stage"]): r["reached_at"]
            for r in self._rows("SELECT stage, reached_at FROM stage_reached WHERE cycle_id = ?", (cycle_id,))
        }
        return Cycle(
            id=row["id"], partnership_id=row["partnership_id"], number=row["number"], focus=row["focus"],
            theme=row["theme"], stage=Stage(row["stage"]), stage_reached=reached, created_at=row["created_at"],
        )

    def current_cycle(self, partnership_id: int) -> Cycle:
        row = self._one("SELECT id FROM cycle WHERE partnership_id = ? ORDER BY number DESC LIMIT 1",
                        (partnership_id,))
        if row is None:
            raise StoreError(f"Partnership {partnership_id} has no cycle.")
        return self.cycle(row["id"])

    def cycles(self, partnership_id: int) -> list[Cycle]:
        rows = self._rows("SELECT id FROM cycle WHERE partnership_id = ? ORDER BY number", (partnership_id,))
        return [self.cycle(r["id"]) for r in rows]

    def update_cycle(self, cycle_id: int, *, focus: str | None = None, theme: str | None = None) -> None:
        if focus is not None:
            self._write("save the focus", "UPDATE cycle SET focus = ?, focus_version = focus_version + 1 WHERE id = ?",
                        (clean_text(focus), cycle_id))
        if theme is not None:
            self._write("save the theme", "UPDATE cycle SET theme = ? WHERE id = ?", (theme, cycle_id))

    def reach_stage(self, cycle_id: int, stage: Stage) -> Cycle:
        """Move the cycle forward to `stage`, recording when; going back changes nothing."""
        stamp = self.timestamp()
        with self._transaction("move the cycle on"):
            self.conn.execute("UPDATE cycle SET stage = max(stage, ?) WHERE id = ?", (int(stage), cycle_id))
            for earlier in range(1, int(stage) + 1):
                self.conn.execute("INSERT OR IGNORE INTO stage_reached VALUES (?, ?, ?)", (cycle_id, earlier, stamp))
        return self.cycle(cycle_id)

    def open_next_cycle(self, cycle_id: int) -> Cycle:
        """Close this cycle and start the next one, carrying focus, theme and arrangements."""
        old = self.cycle(cycle_id)
        stamp = self.timestamp()
        with self._transaction("start the next cycle"):
            self.conn.execute("UPDATE cycle SET closed_at = ? WHERE id = ? AND closed_at IS NULL", (stamp, cycle_id))
            new_id = self._insert_cycle(old.partnership_id, old.number + 1, old.focus, old.theme, stamp)
            self.conn.execute(
                """UPDATE arrangement SET (schedule, observed_lesson, confidentiality_agreed,
                       performance_link, evidence_plan) = (SELECT schedule, observed_lesson,
                       confidentiality_agreed, performance_link, evidence_plan FROM arrangement
                       WHERE cycle_id = ?) WHERE cycle_id = ?""",
                (cycle_id, new_id),
            )
        return self.cycle(new_id)

    # -- arrangements -----------------------------------------------------------------

    def arrangement(self, cycle_id: int) -> Arrangement:
        row = self._one("SELECT * FROM arrangement WHERE cycle_id = ?", (cycle_id,))
        if row is None:
            return Arrangement(cycle_id=cycle_id)
        return Arrangement(
            cycle_id=cycle_id, schedule=row["schedule"], next_meeting=_date_or_none(row["next_meeting"]),
            observed_lesson=bool(row["observed_lesson"]),
            confidentiality_agreed=bool(row["confidentiality_agreed"]),
            performance_link=PerformanceLink(row["performance_link"]), evidence_plan=row["evidence_plan"],
        )

    def save_arrangement(self, cycle_id: int, **fields: Any) -> Arrangement:
        """Save any of: schedule, next_meeting, observed_lesson, confidentiality_agreed,
        performance_link, evidence_plan."""
        allowed = {"schedule", "next_meeting", "observed_lesson", "confidentiality_agreed",
                   "performance_link", "evidence_plan"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown arrangement fields: {sorted(unknown)}")
        for column, value in fields.items():
            if isinstance(value, str):
                value = clean_text(value)
            elif isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, PerformanceLink):
                value = value.value
            elif isinstance(value, bool):
                value = int(value)
            # The texts' version moves with them, so a screen holding older texts never saves over these.
            versioned = ", version = version + 1" if column in ("schedule", "evidence_plan") else ""
            self._write("save the arrangements",
                        f"UPDATE arrangement SET {column} = ?, updated_at = ?{versioned} WHERE cycle_id = ?",
                        (value, self.timestamp(), cycle_id))
        return self.arrangement(cycle_id)

    # -- meetings and GROW notes ------------------------------------------------------

    def meeting(self, meeting_id: int) -> Meeting:
        row = self._one("SELECT * FROM meeting WHERE id = ?", (meeting_id,))
        if row is None:
            raise StoreError(f"There is no meeting {meeting_id}.")
        return _meeting(row)

    def meetings(self, cycle_id: int) -> list[Meeting]:
        return [_meeting(r) for r in self._rows("SELECT * FROM meeting WHERE cycle_id = ? ORDER BY id", (cycle_id,))]

    def open_meeting(self, cycle_id: int, stage: Stage, *, planned_minutes: int = 12,
                     mode: MeetingMode = MeetingMode.LIVE) -> Meeting:
        """The cycle's unfinished meeting at this stage, or a new one; the cycle reaches `stage`."""
        if stage not in (Stage.PRE_LESSON, Stage.POST_LESSON):
            raise StoreError("Meetings happen before or after the lesson (stages 2 and 4).")
        row = self._one("SELECT * FROM meeting WHERE cycle_id = ? AND stage = ? AND ended_at IS NULL"
                        " ORDER BY id DESC LIMIT 1", (cycle_id, int(stage)))
        if row is not None:
            return _meeting(row)
        theme = self.cycle(cycle_id).theme
        meeting_id = self._write(
            "start the meeting",
            "INSERT INTO meeting (cycle_id, stage, planned_minutes, mode, pack, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (cycle_id, int(stage), planned_minutes, mode.value, theme, self.timestamp()),
        )
        self.reach_stage(cycle_id, stage)
        return self.meeting(meeting_id)

    def update_meeting(self, meeting_id: int, *, planned_minutes: int | None = None,
                       phase: GrowPhase | None = None, pack: str | None = None) -> None:
        if planned_minutes is not None:
            if not 1 <= planned_minutes <= 600:
                raise StoreError("A meeting lasts between 1 and 600 minutes.")
            self._write("save the length", "UPDATE meeting SET planned_minutes = ? WHERE id = ?",
                        (planned_minutes, meeting_id))
        if phase is not None:
            self._write("save the phase", "UPDATE meeting SET phase = ? WHERE id = ?", (phase.value, meeting_id))
        if pack is not None:
            self._write("save the pack", "UPDATE meeting SET pack = ? WHERE id = ?", (pack, meeting_id))

    def save_meeting_clock(self, meeting_id: int, elapsed: float) -> None:
        """Checkpoint the meeting clock; the first call also records when the meeting started."""
        self._write(
            "save the meeting clock",
            "UPDATE meeting SET clock_elapsed = ?, started_at = coalesce(started_at, ?) WHERE id = ?",
            (elapsed, self.timestamp(), meeting_id),
        )

    # -- one meeting open in several processes ----------------------------------------------------

    def wait_for_lock_at_most(self, seconds: float) -> None:
        """How long a write waits for another process's write to finish before it fails with a message. The
        app keeps this short, so a screen never freezes behind another window's long write."""
        with self._lock:
            self.conn.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

    def data_version(self) -> int:
        """A number that changes when another connection (another process) commits to the database: read
        on every tick, it costs microseconds and says whether anything needs loading again."""
        rows = self._rows("SELECT data_version FROM pragma_data_version")
        return int(rows[0]["data_version"]) if rows else 0

    def save_clock_state(self, meeting_id: int, elapsed: float, running_since: float | None, *, process: str,
                         now: float) -> None:
        """The meeting clock as every process should read it (running since `running_since`, or paused at
        `elapsed`), and this process seen with the meeting open now."""
        with self._transaction("save the meeting clock"):
            self.conn.execute("UPDATE meeting SET clock_elapsed = ?, clock_running_since = ?, "
                              "started_at = coalesce(started_at, ?) WHERE id = ?",
                              (elapsed, running_since, self.timestamp(), meeting_id))
            self.conn.execute("UPDATE meeting_presence SET seen_at = ? WHERE meeting_id = ? AND process = ?",
                              (now, meeting_id, process))

    def join_meeting(self, meeting_id: int, process: str, role: str, now: float) -> None:
        self._write("open the meeting",
                    "INSERT INTO meeting_presence (meeting_id, process, role, seen_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (meeting_id, process) DO UPDATE SET seen_at = excluded.seen_at, role = excluded.role",
                    (meeting_id, process, role, now))

    def seen_in_meeting(self, meeting_id: int, process: str, now: float) -> None:
        self._write("note the meeting is open", "UPDATE meeting_presence SET seen_at = ? WHERE meeting_id = ? "
                    "AND process = ?", (now, meeting_id, process))

    def leave_meeting(self, meeting_id: int, process: str) -> None:
        self._write("close the meeting", "DELETE FROM meeting_presence WHERE meeting_id = ? AND process = ?",
                    (meeting_id, process))

    def meeting_presence(self, meeting_id: int) -> list[tuple[str, str, float]]:
        """(process, role, seen_at) of every process that has said it has the meeting open."""
        return [(r["process"], r["role"], float(r["seen_at"])) for r in self._rows(
            "SELECT process, role, seen_at FROM meeting_presence WHERE meeting_id = ? ORDER BY seen_at",
            (meeting_id,))]

    def end_meeting(self, meeting_id: int, elapsed: float) -> Meeting:
        self._write(
            "end the meeting",
            "UPDATE meeting SET clock_elapsed = ?, clock_running_since = NULL, started_at = coalesce(started_at, ?),"
            " ended_at = ? WHERE id = ?",
            (elapsed, self.timestamp(), self.timestamp(), meeting_id),
        )
        return self.meeting(meeting_id)

    def notes(self, meeting_id: int) -> dict[GrowPhase, str]:
        found = {r["phase"]: r["text"] for r in
                 self._rows("SELECT phase, text FROM grow_note WHERE meeting_id = ?", (meeting_id,))}
        return {phase: found.get(phase.value, "") for phase in GrowPhase}

    def grow_notes(self, meeting_id: int) -> dict[GrowPhase, GrowNote]:
        """Every phase's notes with their versions, for a screen that saves them back only over what it loaded."""
        found = {r["phase"]: GrowNote(r["text"], int(r["version"]), r["updated_at"]) for r in self._rows(
            "SELECT phase, text, version, updated_at FROM grow_note WHERE meeting_id = ?", (meeting_id,))}
        return {phase: found.get(phase.value, GrowNote()) for phase in GrowPhase}

    def note_versions(self, meeting_id: int) -> dict[GrowPhase, int]:
        """Each phase's notes version alone: cheap enough to ask whenever another process commits."""
        found = {r["phase"]: int(r["version"]) for r in self._rows(
            "SELECT phase, version FROM grow_note WHERE meeting_id = ?", (meeting_id,))}
        return {phase: found.get(phase.value, 0) for phase in GrowPhase}

    def save_note(self, meeting_id: int, phase: GrowPhase, text: str, *, version: int | None = None) -> int | None:
        """Save a phase's notes and return their new version. Given the `version` the caller loaded, save only
        if nobody saved them since (compare-and-set in one statement), and return None when somebody did."""
        with self._transaction("save the notes"):
            cursor = self.conn.execute(
                "INSERT INTO grow_note (meeting_id, phase, text, updated_at, version) VALUES (?, ?, ?, ?, 1)"
                " ON CONFLICT (meeting_id, phase) DO UPDATE SET text = excluded.text,"
                " updated_at = excluded.updated_at, version = grow_note.version + 1"
                " WHERE ? IS NULL OR grow_note.version = ?",
                (meeting_id, phase.value, clean_text(text), self.timestamp(), version, version))
            if cursor.rowcount == 0:
                return None
            row = self.conn.execute("SELECT version FROM grow_note WHERE meeting_id = ? AND phase = ?",
                                    (meeting_id, phase.value)).fetchone()
        return int(row[0])

    # -- actions ----------------------------------------------------------------------

    def add_action(self, cycle_id: int, meeting_id: int | None, text: str = "",
                   owner: str = "coachee", due: date | None = None) -> CoachAction:
        cycle = self.cycle(cycle_id)
        action_id = self._write(
            "add the action",
            "INSERT INTO action (partnership_id, cycle_id, meeting_id, text, owner, due, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (cycle.partnership_id, cycle_id, meeting_id, clean_text(text), owner,
             due.isoformat() if due else None, self.timestamp()),
        )
        return self.action(action_id)

    def action(self, action_id: int) -> CoachAction:
        row = self._one("SELECT * FROM action WHERE id = ?", (action_id,))
        if row is None:
            raise StoreError(f"There is no action {action_id}.")
        return _action(row)

    def update_action(self, action_id: int, *, text: str | None = None, owner: str | None = None,
                      due: date | str | None = "", status: ActionStatus | None = None) -> CoachAction:
        """Change some fields; `due=None` clears the date, leaving `due` out keeps it."""
        if text is not None:
            self._write("save the action", "UPDATE action SET text = ?, version = version + 1 WHERE id = ?",
                        (clean_text(text), action_id))
        if owner is not None:
            self._write("save the action", "UPDATE action SET owner = ? WHERE id = ?", (owner, action_id))
        if due != "":
            value = due.isoformat() if isinstance(due, date) else None
            self._write("save the action", "UPDATE action SET due = ? WHERE id = ?", (value, action_id))
        if status is not None:
            closed = None if status is ActionStatus.OPEN else self.timestamp()
            self._write("save the action", "UPDATE action SET status = ?, closed_at = ? WHERE id = ?",
                        (status.value, closed, action_id))
        return self.action(action_id)

    def delete_action(self, action_id: int) -> None:
        self._write("delete the action", "DELETE FROM action WHERE id = ?", (action_id,))

    def open_actions(self, partnership_id: int) -> list[CoachAction]:
        """Open actions of the partnership, from every earlier meeting and cycle."""
        return [_action(r) for r in self._rows(
            "SELECT * FROM action WHERE partnership_id = ? AND status = 'open' ORDER BY id", (partnership_id,))]

    def meeting_actions(self, partnership_id: int, meeting_id: int) -> list[CoachAction]:
        """What a meeting shows: every open action, plus those this meeting closed or made."""
        return [_action(r) for r in self._rows(
            "SELECT * FROM action WHERE partnership_id = ? AND (status = 'open' OR meeting_id = ?) ORDER BY id",
            (partnership_id, meeting_id))]

    # -- the lesson: clock, evidence, feature timings -------------------------------

    def lesson_clock(self, cycle_id: int) -> float:
        row = self._one("SELECT clock_elapsed FROM lesson WHERE cycle_id = ?", (cycle_id,))
        return float(row["clock_elapsed"]) if row else 0.0

    def save_lesson_clock(self, cycle_id: int, elapsed: float) -> None:
        stamp = self.timestamp()
        self._write(
            "save the lesson clock",
            "INSERT INTO lesson (cycle_id, clock_elapsed, started_at) VALUES (?, ?, ?)"
            " ON CONFLICT (cycle_id) DO UPDATE SET clock_elapsed = excluded.clock_elapsed",
            (cycle_id, elapsed, stamp),
        )

    def add_evidence(self, cycle_id: int, t: float, kind: EvidenceKind, text: str = "", *,
                     critical: bool = False, video_ref: str = "") -> Evidence:
        evidence_id = self._write(
            "save the evidence",
            "INSERT INTO evidence (cycle_id, t, kind, text, critical, video_ref, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (cycle_id, t, kind.value, clean_text(text), int(critical), video_ref, self.timestamp()),
        )
        return self.evidence_item(evidence_id)

    def evidence_item(self, evidence_id: int) -> Evidence:
        row = self._one("SELECT * FROM evidence WHERE id = ?", (evidence_id,))
        if row is None:
            raise StoreError(f"There is no evidence note {evidence_id}.")
        return _evidence(row)

    def update_evidence(self, evidence_id: int, *, text: str | None = None, critical: bool | None = None,
                        video_ref: str | None = None) -> Evidence:
        if text is not None:
            self._write("save the evidence", "UPDATE evidence SET text = ?, version = version + 1 WHERE id = ?",
                        (clean_text(text), evidence_id))
        if critical is not None:
            self._write("save the evidence", "UPDATE evidence SET critical = ? WHERE id = ?",
                        (int(critical), evidence_id))
        if video_ref is not None:
            self._write("save the evidence", "UPDATE evidence SET video_ref = ? WHERE id = ?",
                        (video_ref, evidence_id))
        return self.evidence_item(evidence_id)

    def delete_evidence(self, evidence_id: int) -> None:
        self._write("delete the evidence", "DELETE FROM evidence WHERE id = ?", (evidence_id,))

    def evidence(self, cycle_id: int) -> list[Evidence]:
        return [_evidence(r) for r in self._rows(
            "SELECT * FROM evidence WHERE cycle_id = ? ORDER BY t, id", (cycle_id,))]

    def switch_feature(self, cycle_id: int, feature: LessonFeature | None, t: float) -> None:
        """End whichever lesson feature is running at `t` and, if given, start `feature`."""
        with self._transaction("save the lesson timings"):
            self.conn.execute("UPDATE feature_span SET end = ? WHERE cycle_id = ? AND end IS NULL", (t, cycle_id))
            if feature is not None:
                self.conn.execute("INSERT INTO feature_span (cycle_id, feature, start) VALUES (?, ?, ?)",
                                  (cycle_id, feature.value, t))

    def feature_spans(self, cycle_id: int) -> list[FeatureSpan]:
        return [FeatureSpan(LessonFeature(r["feature"]), r["start"], r["end"]) for r in self._rows(
            "SELECT feature, start, end FROM feature_span WHERE cycle_id = ? ORDER BY id", (cycle_id,))]


# -- row conversion and file checks ---------------------------------------------------

def _date_or_none(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


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
        text=row["text"], owner=row["owner"], due=_date_or_none(row["due"]), status=ActionStatus(row["status"]),
        created_at=row["created_at"],
    )


def _evidence(row: dict[str, Any]) -> Evidence:
    return Evidence(
        id=row["id"], cycle_id=row["cycle_id"], t=float(row["t"]), kind=EvidenceKind(row["kind"]),
        text=row["text"], critical=bool(row["critical"]), video_ref=row["video_ref"], created_at=row["created_at"],
    )
