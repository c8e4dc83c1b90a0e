"""SQL for one person's own practice over time: the tagged meetings they coached or were coached in.

This is for the person themselves, on their own laptop; nothing here feeds the coordinator's figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from coachtui.store.connection import Records


@dataclass(frozen=True)
class PracticeMeetingRow:
    """One tagged meeting of someone's, and whom it was with."""

    meeting_id: int
    day: str
    role: str  # "coach" or "coachee": the person's part in the meeting
    partner: str  # the other person's name, as stored in the partnership
    cycle: int
    stage: int


class PracticeRecords(Records):
    """One person's own meetings over time, for "My practice over time"; never exported."""

    def people(self) -> list[str]:
        """Every name that coaches or is coached in a partnership, alphabetically."""
        return [r["name"] for r in self.db.rows(
            "SELECT coach AS name FROM partnership WHERE kind = 'coaching' UNION"
            " SELECT coachee FROM partnership WHERE kind = 'coaching' ORDER BY name COLLATE NOCASE, name")]

    def meetings(self, name: str) -> list[PracticeMeetingRow]:
        """The tagged meetings of partnerships in which `name` (exactly as stored) coaches or is coached,
        oldest first."""
        return [PracticeMeetingRow(**row) for row in self.db.rows(
            """
            SELECT m.id AS meeting_id, substr(coalesce(m.ended_at, m.started_at, m.created_at), 1, 10) AS day,
                   CASE WHEN p.coach = :name THEN 'coach' ELSE 'coachee' END AS role,
                   CASE WHEN p.coach = :name THEN p.coachee ELSE p.coach END AS partner,
                   c.number AS cycle, m.stage
            FROM meeting m JOIN cycle c ON c.id = m.cycle_id JOIN partnership p ON p.id = c.partnership_id
            WHERE p.kind = 'coaching' AND (p.coach = :name OR p.coachee = :name)
              AND EXISTS (SELECT 1 FROM turn WHERE meeting_id = m.id)
            ORDER BY coalesce(m.ended_at, m.started_at, m.created_at), m.id
            """, {"name": name})]
