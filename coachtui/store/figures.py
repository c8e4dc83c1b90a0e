"""SQL for the coordinator's aggregate view: counts, time use and per-meeting talk figures.

Every query here returns codes and numbers only. Names, notes and summary text are never
selected, so nothing the view or its exports show can carry them.
"""

from __future__ import annotations

from dataclasses import dataclass

from coachtui.store.connection import StoreBase

# A coach's anonymous code: 'C' and the order in which their name first appeared. Codes are
# stable while partnerships are kept; erasing one may renumber the coaches after it.
COACH_CODES = """
    coach_code AS (
        SELECT coach, 'C' || row_number() OVER (ORDER BY min(id)) AS code
        FROM partnership WHERE kind = 'coaching' GROUP BY coach
    )
"""


@dataclass(frozen=True)
class MeetingTalk:
    """One meeting's cached talk figures, with where it sits in time and whose practice it shows."""

    meeting_id: int
    day: str
    coach_code: str
    mode: str
    stage: int
    level: int
    turns: int
    reviewed: bool = False  # the observer marked their review complete: the level is not provisional


class AggregateRecords(StoreBase):
    # -- the per-meeting talk cache -----------------------------------------------------
    # Triggers on `turn` drop a meeting's row whenever its turns change, so a row is never stale.

    def meetings_needing_talk(self, rubric_version: int) -> list[int]:
        """Meetings with tagged turns whose talk figures are not cached yet, or were levelled by another rubric."""
        return [r["id"] for r in self._rows(
            "SELECT id FROM meeting m WHERE NOT EXISTS (SELECT 1 FROM meeting_talk WHERE meeting_id = m.id"
            " AND rubric_version = ?) AND EXISTS (SELECT 1 FROM turn WHERE meeting_id = m.id) ORDER BY id",
            (rubric_version,))]

    def main_observer(self, meeting_id: int) -> str:
        """The observer whose tags speak for a meeting in aggregates: the one who tagged most turns."""
        row = self._one(
            "SELECT coalesce(o.code, '') AS code, count(*) AS n FROM turn LEFT JOIN observer o ON o.id ="
            " turn.observer_id WHERE turn.meeting_id = ? GROUP BY turn.observer_id ORDER BY n DESC,"
            " turn.observer_id LIMIT 1", (meeting_id,))
        return str(row["code"]) if row else ""

    def save_talks(self, talks: list[tuple[int, str, int, dict[str, float], dict[str, int], bool]],
                   rubric_version: int) -> None:
        """Cache (meeting id, observer, level, figures, function counts, reviewed) for many meetings at once."""
        import json  # here, not at the top: the store is imported at every start, this runs rarely

        with self._transaction("save the talk figures"):
            for meeting_id, observer, level, figures, functions, reviewed in talks:
                self._write("save the talk figures",
                            "INSERT OR REPLACE INTO meeting_talk (meeting_id, observer, turns, level, figures,"
                            " functions, rubric_version, reviewed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            (meeting_id, observer, int(figures.get("turns", 0)), level, json.dumps(figures),
                             json.dumps(functions), rubric_version, int(reviewed)))

    # -- aggregates -----------------------------------------------------------------------

    def aggregate_counts(self) -> dict[str, int]:
        """How much coaching the database holds, as plain counts."""
        row = self._one(
            """
            SELECT
              (SELECT count(*) FROM partnership WHERE kind = 'coaching') AS partnerships,
              (SELECT count(*) FROM cycle c JOIN partnership p ON p.id = c.partnership_id
                 WHERE p.kind = 'coaching') AS cycles,
              (SELECT count(*) FROM meeting WHERE mode = 'live') AS meetings,
              (SELECT count(*) FROM meeting WHERE mode = 'live' AND stage = 2) AS pre_lesson_meetings,
              (SELECT count(*) FROM meeting WHERE mode = 'live' AND stage = 4) AS post_lesson_meetings,
              (SELECT count(*) FROM meeting WHERE mode = 'live' AND ended_at IS NOT NULL) AS meetings_ended,
              (SELECT count(*) FROM lesson WHERE started_at IS NOT NULL) AS lessons_observed,
              (SELECT count(*) FROM meeting WHERE mode = 'role-play') AS role_play_rounds,
              (SELECT count(*) FROM meeting_talk) AS meetings_tagged,
              (SELECT coalesce(sum(turns), 0) FROM meeting_talk) AS turns_tagged
            """)
        return {key: int(value) for key, value in (row or {}).items()}

    def time_use(self) -> dict[str, float]:
        """Minutes spent in meetings and lessons, and how meetings kept to their planned length."""
        row = self._one(
            """
            SELECT coalesce(sum(clock_elapsed), 0) / 60.0 AS meeting_minutes,
                   coalesce(avg(clock_elapsed), 0) / 60.0 AS average_meeting_minutes,
                   coalesce(avg(planned_minutes), 0) AS average_planned_minutes,
                   coalesce(avg(CASE WHEN clock_elapsed > planned_minutes * 60 THEN 1.0 ELSE 0.0 END), 0)
                     AS share_over_time,
                   (SELECT coalesce(sum(clock_elapsed), 0) / 60.0 FROM lesson) AS lesson_minutes
            FROM meeting WHERE ended_at IS NOT NULL AND mode = 'live'
            """)
        return {key: round(float(value), 3) for key, value in (row or {}).items()}

    def meeting_talk(self) -> list[MeetingTalk]:
        """Every tagged meeting's cached figures, oldest first, with an anonymous practitioner code.

        Live meetings carry their coach's code; role-play rounds carry the session and participant code.
        """
        rows = self._rows(
            f"""
            WITH {COACH_CODES}
            SELECT mt.meeting_id, mt.level, mt.turns, mt.reviewed, m.mode, m.stage,
                   substr(coalesce(m.ended_at, m.started_at, m.created_at), 1, 10) AS day,
                   CASE WHEN m.mode = 'role-play' THEN coalesce(s.code || '/' || r.coach, '?')
                        ELSE coalesce(cc.code, '?') END AS coach_code
            FROM meeting_talk mt
            JOIN meeting m ON m.id = mt.meeting_id
            JOIN cycle c ON c.id = m.cycle_id
            JOIN partnership p ON p.id = c.partnership_id
            LEFT JOIN coach_code cc ON cc.coach = p.coach AND p.kind = 'coaching'
            LEFT JOIN training_round r ON r.meeting_id = m.id
            LEFT JOIN training_session s ON s.id = r.session_id
            ORDER BY day, mt.meeting_id
            """)
        return [MeetingTalk(**{**row, "reviewed": bool(row["reviewed"])}) for row in rows]

    def function_totals(self) -> dict[str, int]:
        """Turns per interaction function over every tagged meeting (SQLite sums the cached counts)."""
        return {r["function"]: int(r["n"]) for r in self._rows(
            "SELECT key AS function, sum(value) AS n FROM meeting_talk, json_each(meeting_talk.functions)"
            " GROUP BY key")}

    def talk_figures(self, meeting_id: int) -> dict[str, float] | None:
        """One meeting's cached indicators, or None when they need computing."""
        import json

        row = self._one("SELECT figures FROM meeting_talk WHERE meeting_id = ?", (meeting_id,))
        return json.loads(row["figures"]) if row else None
