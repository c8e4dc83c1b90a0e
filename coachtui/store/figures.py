"""SQL for the coordinator's aggregate view: counts, time use and per-meeting talk figures.

Every query here counts only the meetings the school's figures may count (`COUNTED`) and returns
numbers only. Names, notes, summary text and codes that stand for a person are never selected, so
nothing the view or its exports show can carry them.
"""

from __future__ import annotations

from dataclasses import dataclass

from coachtui.store.connection import Records

# The meetings the school's figures may count: a coaching partnership's only while coach and coachee both
# agree; a role-play round's always, by its training session's terms (an exercise, not anyone's practice).
COUNTED = ("(p.kind = 'role-play' OR (p.kind = 'coaching' AND p.figures_coach_agreed_at IS NOT NULL"
           " AND p.figures_coachee_agreed_at IS NOT NULL))")
COUNTED_PARTNERSHIPS = f"counted AS (SELECT id FROM partnership p WHERE p.kind = 'coaching' AND {COUNTED})"


@dataclass(frozen=True)
class MeetingTalk:
    """One counted meeting's cached talk figures, with where it sits in time and in its cycles.

    `group` says whose the meeting is, only so that a breakdown can count how many partnerships (or
    role-play participants) it holds: it is an internal key, never shown or exported.
    """

    meeting_id: int
    day: str
    mode: str
    stage: int
    cycle: int
    level: int
    turns: int
    group: str
    reviewed: bool = False  # the observer marked their review complete: the level is not provisional


@dataclass(frozen=True)
class MeetingFigures:
    """One counted meeting as the coordinator's per-meeting table sees it: when (a month), what kind, how
    long, and its cached talk figures (None for a meeting nobody tagged). `group`, as in `MeetingTalk`, is
    an internal key for counting a breakdown's size, never shown or exported."""

    month: str
    mode: str
    stage: int
    cycle: int
    planned_minutes: int
    seconds_used: float
    ended: bool
    group: str
    level: int | None
    turns: int
    reviewed: bool
    functions: dict[str, int]


class FigureRecords(Records):
    """The coordinator's programme figures, counted only from partnerships that agreed to them."""

    # -- the per-meeting talk cache -----------------------------------------------------
    # Triggers on `turn` drop a meeting's row whenever its turns change, so a row is never stale.

    def meetings_needing_talk(self, rubric_version: int) -> list[int]:
        """Counted meetings with tagged turns whose talk figures are not cached yet, or were levelled by
        another rubric. A partnership that has not agreed to be counted has nothing cached."""
        return [r["id"] for r in self.db.rows(
            "SELECT m.id FROM meeting m JOIN cycle c ON c.id = m.cycle_id JOIN partnership p ON p.id ="
            f" c.partnership_id WHERE {COUNTED} AND NOT EXISTS (SELECT 1 FROM meeting_talk WHERE meeting_id ="
            " m.id AND rubric_version = ?) AND EXISTS (SELECT 1 FROM turn WHERE meeting_id = m.id) ORDER BY m.id",
            (rubric_version,))]

    def save_talks(self, talks: list[tuple[int, str, int, dict[str, float], dict[str, int], bool]],
                   rubric_version: int) -> None:
        """Cache (meeting id, observer, level, figures, function counts, reviewed) for many meetings at once."""
        import json  # here, not at the top: the store is imported at every start, this runs rarely

        with self.db.transaction("save the talk figures"):
            for meeting_id, observer, level, figures, functions, reviewed in talks:
                # Only while the meeting still counts: consent may be withdrawn while the figures are worked out.
                self.db.write("save the talk figures",
                              "INSERT OR REPLACE INTO meeting_talk (meeting_id, observer, turns, level, figures,"
                              " functions, rubric_version, reviewed) SELECT ?, ?, ?, ?, ?, ?, ?, ? FROM meeting m"
                              " JOIN cycle c ON c.id = m.cycle_id JOIN partnership p ON p.id = c.partnership_id"
                              f" WHERE m.id = ? AND {COUNTED}",
                              (meeting_id, observer, int(figures.get("turns", 0)), level, json.dumps(figures),
                               json.dumps(functions), rubric_version, int(reviewed), meeting_id))

    # -- aggregates -----------------------------------------------------------------------

    def aggregate_counts(self) -> dict[str, int]:
        """How much coaching the counted partnerships hold, as plain counts."""
        row = self.db.one(
            f"""
            WITH {COUNTED_PARTNERSHIPS},
            live AS (SELECT m.id, m.stage, m.ended_at FROM meeting m JOIN cycle c ON c.id = m.cycle_id
                     WHERE c.partnership_id IN counted AND m.mode = 'live')
            SELECT
              (SELECT count(*) FROM counted) AS partnerships,
              (SELECT count(*) FROM cycle WHERE partnership_id IN counted) AS cycles,
              (SELECT count(*) FROM live) AS meetings,
              (SELECT count(*) FROM live WHERE stage = 2) AS pre_lesson_meetings,
              (SELECT count(*) FROM live WHERE stage = 4) AS post_lesson_meetings,
              (SELECT count(*) FROM live WHERE ended_at IS NOT NULL) AS meetings_ended,
              (SELECT count(*) FROM lesson l JOIN cycle c ON c.id = l.cycle_id
                 WHERE c.partnership_id IN counted AND l.started_at IS NOT NULL) AS lessons_observed,
              (SELECT count(*) FROM meeting_talk WHERE meeting_id IN (SELECT id FROM live)) AS meetings_tagged,
              (SELECT coalesce(sum(turns), 0) FROM meeting_talk WHERE meeting_id IN (SELECT id FROM live))
                 AS turns_tagged
            """)
        return {key: int(value) for key, value in (row or {}).items()}

    def role_play_counts(self) -> dict[str, int]:
        """Role-play rounds played and tagged, and how many participants coached in them (a group's size)."""
        row = self.db.one(
            """
            SELECT count(*) AS rounds_played,
                   count(DISTINCT coalesce(r.session_id || '/' || r.coach, '?')) AS participants,
                   count(mt.meeting_id) AS rounds_tagged, coalesce(sum(mt.turns), 0) AS turns_tagged
            FROM meeting m JOIN cycle c ON c.id = m.cycle_id JOIN partnership p ON p.id = c.partnership_id
            LEFT JOIN training_round r ON r.meeting_id = m.id
            LEFT JOIN meeting_talk mt ON mt.meeting_id = m.id
            WHERE p.kind = 'role-play'
            """)
        return {key: int(value) for key, value in (row or {}).items()}

    def time_use(self) -> dict[str, float]:
        """Minutes spent in the counted partnerships' meetings and lessons, how meetings kept to their
        planned length, and how many partnerships the figures hold (a group's size)."""
        row = self.db.one(
            f"""
            WITH {COUNTED_PARTNERSHIPS}
            SELECT coalesce(sum(m.clock_elapsed), 0) / 60.0 AS meeting_minutes,
                   coalesce(avg(m.clock_elapsed), 0) / 60.0 AS average_meeting_minutes,
                   coalesce(avg(m.planned_minutes), 0) AS average_planned_minutes,
                   coalesce(avg(CASE WHEN m.clock_elapsed > m.planned_minutes * 60 THEN 1.0 ELSE 0.0 END), 0)
                     AS share_over_time,
                   (SELECT coalesce(sum(l.clock_elapsed), 0) / 60.0 FROM lesson l JOIN cycle lc
                      ON lc.id = l.cycle_id WHERE lc.partnership_id IN counted) AS lesson_minutes,
                   count(DISTINCT c.partnership_id) AS partnerships
            FROM meeting m JOIN cycle c ON c.id = m.cycle_id
            WHERE m.ended_at IS NOT NULL AND m.mode = 'live' AND c.partnership_id IN counted
            """)
        return {key: round(float(value), 3) for key, value in (row or {}).items()}

    def meeting_talk(self) -> list[MeetingTalk]:
        """Every counted tagged meeting's cached figures, oldest first, with its group key (a partnership,
        or a role-play session's participant) for counting a breakdown's size."""
        rows = self.db.rows(
            f"""
            SELECT mt.meeting_id, mt.level, mt.turns, mt.reviewed, m.mode, m.stage, c.number AS cycle,
                   substr(coalesce(m.ended_at, m.started_at, m.created_at), 1, 10) AS day,
                   CASE WHEN p.kind = 'role-play' THEN coalesce('r' || r.session_id || '/' || r.coach, 'r?')
                        ELSE 'p' || p.id END AS "group"
            FROM meeting_talk mt
            JOIN meeting m ON m.id = mt.meeting_id
            JOIN cycle c ON c.id = m.cycle_id
            JOIN partnership p ON p.id = c.partnership_id
            LEFT JOIN training_round r ON r.meeting_id = m.id
            WHERE {COUNTED}
            ORDER BY day, mt.meeting_id
            """)
        return [MeetingTalk(**{**row, "reviewed": bool(row["reviewed"])}) for row in rows]

    def meeting_figures(self) -> list[MeetingFigures]:
        """Every counted meeting, tagged or not, with its cached talk figures; in no meaningful order."""
        import json

        rows = self.db.rows(
            f"""
            SELECT m.mode, m.stage, c.number AS cycle, m.planned_minutes, m.clock_elapsed, m.ended_at,
                   substr(coalesce(m.ended_at, m.started_at, m.created_at), 1, 7) AS month,
                   CASE WHEN p.kind = 'role-play' THEN coalesce('r' || r.session_id || '/' || r.coach, 'r?')
                        ELSE 'p' || p.id END AS "group",
                   mt.level, mt.turns, mt.reviewed, mt.functions
            FROM meeting m
            JOIN cycle c ON c.id = m.cycle_id
            JOIN partnership p ON p.id = c.partnership_id
            LEFT JOIN training_round r ON r.meeting_id = m.id
            LEFT JOIN meeting_talk mt ON mt.meeting_id = m.id
            WHERE {COUNTED}
            """)
        return [MeetingFigures(
            month=row["month"], mode=row["mode"], stage=int(row["stage"]), cycle=int(row["cycle"]),
            planned_minutes=int(row["planned_minutes"]), seconds_used=float(row["clock_elapsed"]),
            ended=row["ended_at"] is not None, group=row["group"],
            level=None if row["level"] is None else int(row["level"]), turns=int(row["turns"] or 0),
            reviewed=bool(row["reviewed"]), functions=json.loads(row["functions"]) if row["functions"] else {},
        ) for row in rows]

    def programme_totals(self) -> dict[str, float]:
        """What the counted coaching partnerships hold beyond their meetings: partnerships, cycles, and the
        lessons observed (how many, and minutes on their clocks)."""
        row = self.db.one(
            f"""
            WITH {COUNTED_PARTNERSHIPS}
            SELECT (SELECT count(*) FROM counted) AS partnerships,
                   (SELECT count(*) FROM cycle WHERE partnership_id IN counted) AS cycles,
                   (SELECT count(*) FROM lesson l JOIN cycle c ON c.id = l.cycle_id
                      WHERE c.partnership_id IN counted AND l.started_at IS NOT NULL) AS lessons_observed,
                   (SELECT coalesce(sum(l.clock_elapsed), 0) / 60.0 FROM lesson l JOIN cycle c ON c.id = l.cycle_id
                      WHERE c.partnership_id IN counted) AS lesson_minutes
            """)
        return dict(row or {})

    def function_totals(self) -> dict[str, int]:
        """Turns per interaction function over the counted partnerships' tagged meetings (SQLite sums the
        cached counts)."""
        return {r["function"]: int(r["n"]) for r in self.db.rows(
            "SELECT key AS function, sum(value) AS n FROM meeting_talk mt JOIN meeting m ON m.id = mt.meeting_id"
            " JOIN cycle c ON c.id = m.cycle_id JOIN partnership p ON p.id = c.partnership_id,"
            f" json_each(mt.functions) WHERE p.kind = 'coaching' AND {COUNTED} GROUP BY key")}

    def talk_figures(self, meeting_id: int) -> dict[str, float] | None:
        """One meeting's cached indicators, or None when they need computing."""
        import json

        row = self.db.one("SELECT figures FROM meeting_talk WHERE meeting_id = ?", (meeting_id,))
        return json.loads(row["figures"]) if row else None
