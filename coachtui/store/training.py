"""SQL for coach-training sessions: participants, their groups, and the rounds they play.

A round is played as a role-play meeting in a partnership of its own (kind 'role-play'), so the
meeting screen, tagging and feedback work on it unchanged, and the home screen never lists it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from coachtui.core.codes import SESSION_CODE
from coachtui.core.model import MeetingMode, Participant, Stage, TrainingRound, TrainingSession, Turn
from coachtui.errors import StoreError
from coachtui.store.connection import Database, Records
from coachtui.store.turns import TurnRecords
from coachtui.text import clean_text

if TYPE_CHECKING:
    from coachtui.core.bundle import RoundBundle


class TagsDiffer(StoreError):
    """A bundle's tags differ from the same observer's tags already here; the user decides."""




class TrainingRecords(Records):
    """Coach-training sessions: their people, the rounds of role-play and the rounds brought back from triads."""

    def __init__(self, db: Database, turns: TurnRecords) -> None:
        super().__init__(db)
        self.turns = turns

    def create_session(self, code: str, *, title: str = "", round_minutes: int, debrief_minutes: int,
                       participants: Sequence[Participant],
                       plan: Sequence[tuple[int, int, str, str, tuple[str, ...]]],
                       scenarios: Mapping[int, str]) -> TrainingSession:
        """Record a session, its participants and every planned round (group, round, coach, coachee, observers).

        `scenarios` maps each round number to the scenario all groups play in it.
        """
        code = code.strip()
        if not SESSION_CODE.fullmatch(code):
            raise StoreError(f"'{code}' cannot be a session code: use up to 24 letters, digits, '-' or '_'.")
        if self.db.one("SELECT id FROM training_session WHERE code = ?", (code,)):
            raise StoreError(f"There is already a training session called {code}.")
        if not (1 <= round_minutes <= 60 and 0 <= debrief_minutes <= 60):
            raise StoreError("Rounds last 1 to 60 minutes and debriefs 0 to 60.")
        rounds = max((number for _, number, *_ in plan), default=0)
        missing = sorted({number for _, number, *_ in plan} - set(scenarios))
        if missing:
            raise StoreError(f"Choose a scenario for round {missing[0]}.")
        with self.db.transaction("save the training session"):
            session_id = self.db.write(
                "save the training session",
                "INSERT INTO training_session (code, title, rounds, round_minutes, debrief_minutes, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (code, clean_text(title).strip(), rounds, round_minutes, debrief_minutes, self.db.timestamp()))
            for person in participants:
                self.db.write("save the participants",
                              "INSERT INTO participant (session_id, code, name, group_number) VALUES (?, ?, ?, ?)",
                              (session_id, person.code, clean_text(person.name).strip(), person.group))
            for group, number, coach, coachee, observers in plan:
                self._insert_round(session_id, group, number, scenarios[number], coach, coachee, observers)
        return self.session(session_id)

    def _insert_round(self, session_id: int, group: int, number: int, scenario: str, coach: str, coachee: str,
                      observers: Sequence[str], source: str = "here") -> int:
        return self.db.write(
            "save the round",
            "INSERT INTO training_round (session_id, group_number, round_number, scenario, coach, coachee,"
            " observers, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (session_id, group, number, scenario, coach, coachee, " ".join(observers), source))

    def session(self, session_id: int) -> TrainingSession:
        row = self.db.one("SELECT * FROM training_session WHERE id = ?", (session_id,))
        if row is None:
            raise StoreError(f"There is no training session {session_id}.")
        people = tuple(Participant(r["code"], r["group_number"], r["name"]) for r in self.db.rows(
            "SELECT code, name, group_number FROM participant WHERE session_id = ? ORDER BY group_number, id",
            (session_id,)))
        return TrainingSession(row["id"], row["code"], row["title"], row["rounds"], row["round_minutes"],
                               row["debrief_minutes"], row["created_at"], people)

    def session_by_code(self, code: str) -> TrainingSession | None:
        row = self.db.one("SELECT id FROM training_session WHERE code = ?", (code,))
        return self.session(row["id"]) if row else None

    def sessions(self) -> list[TrainingSession]:
        return [self.session(r["id"]) for r in self.db.rows("SELECT id FROM training_session ORDER BY id")]

    def rounds(self, session_id: int, group: int | None = None) -> list[TrainingRound]:
        """The session's rounds, by group then round number; one group's when `group` is given."""
        sql = "SELECT * FROM training_round WHERE session_id = ?"
        params: tuple[Any, ...] = (session_id,)
        if group is not None:
            sql += " AND group_number = ?"
            params += (group,)
        return [_round(r) for r in self.db.rows(sql + " ORDER BY group_number, round_number", params)]

    def round(self, round_id: int) -> TrainingRound:
        row = self.db.one("SELECT * FROM training_round WHERE id = ?", (round_id,))
        if row is None:
            raise StoreError(f"There is no training round {round_id}.")
        return _round(row)

    def round_for_meeting(self, meeting_id: int) -> TrainingRound | None:
        row = self.db.one("SELECT * FROM training_round WHERE meeting_id = ?", (meeting_id,))
        return _round(row) if row else None

    def start_round(self, round_id: int, *, stage: Stage, theme: str, focus: str) -> int:
        """The id of the round's role-play meeting, created on first call in a partnership of its own."""
        played = self.round(round_id)
        if played.meeting_id is not None:
            return played.meeting_id
        session = self.session(played.session_id)
        stamp = self.db.timestamp()
        with self.db.transaction("start the round"):
            partnership_id = self.db.write(
                "start the round",
                "INSERT INTO partnership (coach, coachee, focus, created_at, kind) VALUES (?, ?, ?, ?, 'role-play')",
                (played.coach, played.coachee, clean_text(focus), stamp))
            cycle_id = self.db.write(
                "start the round",
                "INSERT INTO cycle (partnership_id, number, focus, theme, stage, created_at) VALUES (?, 1, ?, ?, ?, ?)",
                (partnership_id, clean_text(focus), theme, int(stage), stamp))
            meeting_id = self.db.write(
                "start the round",
                "INSERT INTO meeting (cycle_id, stage, planned_minutes, mode, pack, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (cycle_id, int(stage), session.round_minutes, MeetingMode.ROLE_PLAY.value, theme, stamp))
            self.db.write("start the round", "UPDATE training_round SET meeting_id = ? WHERE id = ?",
                          (meeting_id, round_id))
        return meeting_id

    def record_imported_round(self, bundle: RoundBundle, *, replace: bool = False) -> tuple[int, list[str], list[str]]:
        """Add a round from another laptop: its session, people and round if new, then each observer's tags.

        Tags the same as those already here add nothing. Tags that differ from an observer's tags already
        here are never merged or silently swapped (a stale copy, or two people tagging under one code, would
        lose someone's work): TagsDiffer is raised unless `replace` says the user chose this file to replace
        them. Returns the round's meeting id, the observers whose tags were added and those replaced.
        """
        with self.db.transaction("import the round"):
            session_id = self._imported_session(bundle)
            row = self.db.one("SELECT * FROM training_round WHERE session_id = ? AND group_number = ? AND"
                              " round_number = ?", (session_id, bundle.group, bundle.round))
            if row is None:
                round_id = self._insert_round(session_id, bundle.group, bundle.round, bundle.scenario, bundle.coach,
                                              bundle.coachee, bundle.observers, source="imported")
                played = self.round(round_id)
            else:
                played = _round(row)
                if (played.coach, played.coachee, played.scenario) != (bundle.coach, bundle.coachee, bundle.scenario):
                    raise StoreError(f"Round {bundle.round} of group {bundle.group} in {bundle.session} is already "
                                     "here with other people or another scenario; this file does not belong to it.")
                self.db.write("import the round", "UPDATE training_round SET observers = ? WHERE id = ?",
                              (" ".join(dict.fromkeys((*played.observers, *bundle.observers))), played.id))
            meeting_id = played.meeting_id or self._imported_meeting(played.id, bundle)
            if played.meeting_id is None:  # planned here, played on a triad's laptop
                self.db.write("import the round", "UPDATE training_round SET source = 'imported' WHERE id = ?",
                              (played.id,))
            added, replaced = [], []
            where = f"round {bundle.round} of group {bundle.group}"
            for code, turns in bundle.turns.items():
                here = self.turns.of_meeting(meeting_id, code)
                if here and _same_tags(here, turns, with_text=bundle.includes_text):
                    continue  # this observer's tags came in an earlier file
                if here and not replace:
                    raise TagsDiffer(
                        f"{code}'s tags for {where} are already here and differ from this file's ({len(here)} turns "
                        f"here, {len(turns)} in the file): a corrected export, an old copy, or two people tagging "
                        "under one code. Nothing from this file was added.")
                if here and not bundle.includes_text and any(t.note or t.subject for t in here):
                    raise StoreError(f"{code}'s tags for {where} here carry notes that this file leaves out; ask the "
                                     "triad to export the corrected round with its text included, so none is lost.")
                if here:
                    self.db.write("import the round", "DELETE FROM turn WHERE meeting_id = ? AND observer_id ="
                                  " (SELECT id FROM observer WHERE meeting_id = ? AND code = ?)",
                                  (meeting_id, meeting_id, code))
                    replaced.append(code)
                else:
                    added.append(code)
                for turn in turns:
                    self.turns.insert(meeting_id, turn)
            if bundle.notes and (replace or not played.notes):
                self.db.write("import the round", "UPDATE training_round SET notes = ? WHERE id = ?",
                              (clean_text(bundle.notes), played.id))
        return meeting_id, added, replaced

    def _imported_session(self, bundle: RoundBundle) -> int:
        row = self.db.one("SELECT id FROM training_session WHERE code = ?", (bundle.session,))
        if row is None:
            session_id = self.db.write(
                "import the round",
                "INSERT INTO training_session (code, rounds, round_minutes, debrief_minutes, created_at)"
                " VALUES (?, ?, ?, 0, ?)", (bundle.session, bundle.round, bundle.planned_minutes, self.db.timestamp()))
        else:
            session_id = int(row["id"])
            self.db.write("import the round", "UPDATE training_session SET rounds = max(rounds, ?) WHERE id = ?",
                          (bundle.round, session_id))
        for code in (bundle.coach, bundle.coachee, *bundle.observers):
            self.db.write("import the round", "INSERT OR IGNORE INTO participant (session_id, code, group_number)"
                          " VALUES (?, ?, ?)", (session_id, code, bundle.group))
        return session_id

    def _imported_meeting(self, round_id: int, bundle: RoundBundle) -> int:
        stamp = f"{bundle.played_on}T00:00:00+00:00"
        partnership_id = self.db.write(
            "import the round",
            "INSERT INTO partnership (coach, coachee, created_at, kind) VALUES (?, ?, ?, 'role-play')",
            (bundle.coach, bundle.coachee, stamp))
        cycle_id = self.db.write(
            "import the round", "INSERT INTO cycle (partnership_id, number, stage, created_at) VALUES (?, 1, ?, ?)",
            (partnership_id, bundle.stage, stamp))
        meeting_id = self.db.write(
            "import the round",
            "INSERT INTO meeting (cycle_id, stage, planned_minutes, mode, clock_elapsed, started_at, ended_at,"
            " created_at) VALUES (?, ?, ?, 'role-play', ?, ?, ?, ?)",
            (cycle_id, bundle.stage, bundle.planned_minutes, bundle.elapsed_seconds, stamp, stamp, stamp))
        self.db.write("import the round", "UPDATE training_round SET meeting_id = ? WHERE id = ?",
                      (meeting_id, round_id))
        return meeting_id

    def save_round_notes(self, round_id: int, notes: str) -> None:
        """The observers' notes for the debrief; they stay on this laptop unless the triad shares them."""
        self.db.write("save the round notes", "UPDATE training_round SET notes = ? WHERE id = ?",
                      (clean_text(notes), round_id))


def _same_tags(here: Sequence[Turn], there: Sequence[Turn], *, with_text: bool) -> bool:
    """The same turns, comparing the tags a bundle carries (and its free text only if it carries it)."""
    from coachtui.core.bundle import TEXT_FIELDS, TURN_FIELDS

    fields = (*TURN_FIELDS, *TEXT_FIELDS) if with_text else TURN_FIELDS
    return [tuple(getattr(t, f) for f in fields) for t in here] == [tuple(getattr(t, f) for f in fields) for t in there]


def _round(row: dict[str, Any]) -> TrainingRound:
    return TrainingRound(
        id=row["id"], session_id=row["session_id"], group=row["group_number"], number=row["round_number"],
        scenario=row["scenario"], coach=row["coach"], coachee=row["coachee"],
        observers=tuple(row["observers"].split()), meeting_id=row["meeting_id"], source=row["source"],
        notes=row["notes"],
    )
