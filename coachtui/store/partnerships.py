"""SQL for partnerships, their cycles and stages, and the arrangements agreed for each cycle."""

from __future__ import annotations

from datetime import date
from typing import Any

from coachtui.core.model import Arrangement, Cycle, Partnership, PartnershipOverview, PerformanceLink, Stage
from coachtui.errors import StoreError
from coachtui.store.connection import Database, Records, date_or_none
from coachtui.text import clean_text


class PartnershipRecords(Records):
    """Coaching partnerships: a coach and a coachee, their focus, and their agreement about figures."""

    def __init__(self, db: Database, cycles: CycleRecords) -> None:
        super().__init__(db)
        self.cycles = cycles

    def create(self, coach: str, coachee: str, focus: str = "", theme: str = "a4l") -> Partnership:
        coach, coachee, focus = (clean_text(x).strip() for x in (coach, coachee, focus))
        if not coach or not coachee:
            raise StoreError("A partnership needs both a coach and a coachee name.")
        stamp = self.db.timestamp()
        with self.db.transaction("create the partnership"):
            pid = self.db.write(
                "create the partnership",
                "INSERT INTO partnership (coach, coachee, focus, created_at) VALUES (?, ?, ?, ?)",
                (coach, coachee, focus, stamp),
            )
            self.cycles.insert(pid, 1, focus, theme, stamp)
        return self.get(pid)

    def get(self, partnership_id: int) -> Partnership:
        row = self.db.one("SELECT * FROM partnership WHERE id = ?", (partnership_id,))
        if row is None:
            raise StoreError(f"There is no partnership {partnership_id}.")
        return Partnership(**row)

    def all(self) -> list[Partnership]:
        return [Partnership(**r) for r in self.db.rows("SELECT * FROM partnership WHERE kind = 'coaching' ORDER BY id")]

    def update(self, partnership_id: int, *, coach: str | None = None,
               coachee: str | None = None, focus: str | None = None) -> None:
        for column, value in (("coach", coach), ("coachee", coachee), ("focus", focus)):
            if value is not None:
                self.db.write("save the partnership", f"UPDATE partnership SET {column} = ? WHERE id = ?",
                              (clean_text(value), partnership_id))

    def set_figures_consent(self, partnership_id: int, *, coach: bool | None = None,
                            coachee: bool | None = None) -> Partnership:
        """Record whether the coach and the coachee agree to the partnership's anonymous figures counting in
        the school's figures. It holds for every meeting of the partnership, past ones too: once it no longer
        has both agreements, the coordinator's cached figures of its meetings are dropped at once."""
        stamp = self.db.timestamp()
        with self.db.transaction("save the agreement about figures"):
            for column, agreed in (("figures_coach_agreed_at", coach), ("figures_coachee_agreed_at", coachee)):
                if agreed is not None:
                    # An agreement keeps the moment it was first given; withdrawing clears it.
                    self.db.conn.execute(
                        f"UPDATE partnership SET {column} = CASE WHEN ? THEN coalesce({column}, ?) END"
                        " WHERE id = ? AND kind = 'coaching'", (int(agreed), stamp, partnership_id))
            self.db.conn.execute(
                "DELETE FROM meeting_talk WHERE meeting_id IN (SELECT m.id FROM meeting m JOIN cycle c ON"
                " c.id = m.cycle_id JOIN partnership p ON p.id = c.partnership_id WHERE p.id = ? AND"
                " (p.figures_coach_agreed_at IS NULL OR p.figures_coachee_agreed_at IS NULL))",
                (partnership_id,))
        return self.get(partnership_id)

    def overview(self) -> list[PartnershipOverview]:
        """Every partnership with its current cycle, next meeting date and open action count."""
        rows = self.db.rows(
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
                partnership=self.get(r["pid"]),
                cycle=self.cycles.get(r["cid"]) if r["cid"] else None,
                next_meeting=date_or_none(r["next_meeting"]),
                open_actions=r["open_actions"],
            )
            for r in rows
        ]


class CycleRecords(Records):
    """The cycles of a partnership, the stages each has reached, and the arrangements agreed for it."""

    def insert(self, partnership_id: int, number: int, focus: str, theme: str, stamp: str) -> int:
        cid = self.db.write(
            "start the cycle",
            "INSERT INTO cycle (partnership_id, number, focus, theme, stage, created_at)"
            " VALUES (?, ?, ?, ?, 1, ?)",
            (partnership_id, number, focus, theme, stamp),
        )
        self.db.write("start the cycle", "INSERT INTO stage_reached VALUES (?, 1, ?)", (cid, stamp))
        self.db.write("start the cycle", "INSERT INTO arrangement (cycle_id, updated_at) VALUES (?, ?)", (cid, stamp))
        return cid

    def get(self, cycle_id: int) -> Cycle:
        row = self.db.one("SELECT * FROM cycle WHERE id = ?", (cycle_id,))
        if row is None:
            raise StoreError(f"There is no cycle {cycle_id}.")
        reached = {
            Stage(r["stage"]): r["reached_at"]
            for r in self.db.rows("SELECT stage, reached_at FROM stage_reached WHERE cycle_id = ?", (cycle_id,))
        }
        return Cycle(
            id=row["id"], partnership_id=row["partnership_id"], number=row["number"], focus=row["focus"],
            theme=row["theme"], stage=Stage(row["stage"]), stage_reached=reached, created_at=row["created_at"],
        )

    def current(self, partnership_id: int) -> Cycle:
        row = self.db.one("SELECT id FROM cycle WHERE partnership_id = ? ORDER BY number DESC LIMIT 1",
                          (partnership_id,))
        if row is None:
            raise StoreError(f"Partnership {partnership_id} has no cycle.")
        return self.get(row["id"])

    def of_partnership(self, partnership_id: int) -> list[Cycle]:
        rows = self.db.rows("SELECT id FROM cycle WHERE partnership_id = ? ORDER BY number", (partnership_id,))
        return [self.get(r["id"]) for r in rows]

    def update(self, cycle_id: int, *, focus: str | None = None, theme: str | None = None) -> None:
        if focus is not None:
            self.db.write("save the focus",
                          "UPDATE cycle SET focus = ?, focus_version = focus_version + 1 WHERE id = ?",
                          (clean_text(focus), cycle_id))
        if theme is not None:
            self.db.write("save the theme", "UPDATE cycle SET theme = ? WHERE id = ?", (theme, cycle_id))

    def reach_stage(self, cycle_id: int, stage: Stage) -> Cycle:
        """Move the cycle forward to `stage`, recording when; going back changes nothing."""
        stamp = self.db.timestamp()
        with self.db.transaction("move the cycle on"):
            self.db.conn.execute("UPDATE cycle SET stage = max(stage, ?) WHERE id = ?", (int(stage), cycle_id))
            for earlier in range(1, int(stage) + 1):
                self.db.conn.execute("INSERT OR IGNORE INTO stage_reached VALUES (?, ?, ?)", (cycle_id, earlier, stamp))
        return self.get(cycle_id)

    def open_next(self, cycle_id: int) -> Cycle:
        """Close this cycle and start the next one, carrying focus, theme and arrangements."""
        old = self.get(cycle_id)
        stamp = self.db.timestamp()
        with self.db.transaction("start the next cycle"):
            self.db.conn.execute("UPDATE cycle SET closed_at = ? WHERE id = ? AND closed_at IS NULL", (stamp, cycle_id))
            new_id = self.insert(old.partnership_id, old.number + 1, old.focus, old.theme, stamp)
            self.db.conn.execute(
                """UPDATE arrangement SET (schedule, observed_lesson, confidentiality_agreed,
                       performance_link, evidence_plan) = (SELECT schedule, observed_lesson,
                       confidentiality_agreed, performance_link, evidence_plan FROM arrangement
                       WHERE cycle_id = ?) WHERE cycle_id = ?""",
                (cycle_id, new_id),
            )
        return self.get(new_id)

    def arrangement(self, cycle_id: int) -> Arrangement:
        row = self.db.one("SELECT * FROM arrangement WHERE cycle_id = ?", (cycle_id,))
        if row is None:
            return Arrangement(cycle_id=cycle_id)
        return Arrangement(
            cycle_id=cycle_id, schedule=row["schedule"], next_meeting=date_or_none(row["next_meeting"]),
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
            self.db.write("save the arrangements",
                          f"UPDATE arrangement SET {column} = ?, updated_at = ?{versioned} WHERE cycle_id = ?",
                          (value, self.db.timestamp(), cycle_id))
        return self.arrangement(cycle_id)
