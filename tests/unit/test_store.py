"""The data layer on a real SQLite file: schema, privacy of the file, migrations, bad files."""

from __future__ import annotations

import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest

from coachtui.core.model import (
    ActionStatus,
    EvidenceKind,
    GrowPhase,
    LessonFeature,
    PerformanceLink,
    Stage,
    feature_totals,
)
from coachtui.errors import StoreError
from coachtui.store import Database, Store, schema
from tests.helpers import rows, scalar


def test_new_database_is_private_wal_and_versioned(store: Store, db_path: Path) -> None:
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700
    assert scalar(db_path, "PRAGMA journal_mode") == "wal"
    assert store.db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.schema_version == schema.LATEST_VERSION


def test_partnership_starts_cycle_one_at_arrangements(store: Store, db_path: Path) -> None:
    partnership = store.partnerships.create("Ana", "Sam", "questioning")
    cycle = store.cycles.current(partnership.id)
    assert (cycle.number, cycle.stage, cycle.focus) == (1, Stage.ARRANGEMENTS, "questioning")
    assert set(cycle.stage_reached) == {Stage.ARRANGEMENTS}
    assert rows(db_path, "SELECT coach, coachee FROM partnership") == [{"coach": "Ana", "coachee": "Sam"}]


def test_partnership_needs_both_names(store: Store) -> None:
    with pytest.raises(StoreError, match="both a coach and a coachee"):
        store.partnerships.create("  ", "Sam")


def test_reaching_a_stage_records_when_and_never_goes_back(store: Store, ticker) -> None:
    cycle = store.cycles.current(store.partnerships.create("Ana", "Sam").id)
    ticker.advance(60)
    store.cycles.reach_stage(cycle.id, Stage.LESSON)
    ticker.advance(60)
    after = store.cycles.reach_stage(cycle.id, Stage.PRE_LESSON)
    assert after.stage is Stage.LESSON
    assert after.stage_reached[Stage.PRE_LESSON] == after.stage_reached[Stage.LESSON] == "2026-11-23T09:01:00+00:00"


def test_open_meeting_reuses_the_unfinished_one(store: Store) -> None:
    cycle = store.cycles.current(store.partnerships.create("Ana", "Sam").id)
    first = store.meetings.open(cycle.id, Stage.PRE_LESSON)
    assert store.meetings.open(cycle.id, Stage.PRE_LESSON).id == first.id
    store.meetings.end(first.id, 700)
    assert store.meetings.open(cycle.id, Stage.PRE_LESSON).id != first.id
    with pytest.raises(StoreError):
        store.meetings.open(cycle.id, Stage.LESSON)


def test_notes_upsert_per_phase(store: Store, db_path: Path) -> None:
    cycle = store.cycles.current(store.partnerships.create("Ana", "Sam").id)
    meeting = store.meetings.open(cycle.id, Stage.PRE_LESSON)
    store.meetings.save_note(meeting.id, GrowPhase.GOAL, "first")
    store.meetings.save_note(meeting.id, GrowPhase.GOAL, "second")
    assert store.meetings.notes(meeting.id)[GrowPhase.GOAL] == "second"
    assert scalar(db_path, "SELECT count(*) FROM grow_note") == 1


def test_open_actions_carry_into_the_next_cycle(store: Store) -> None:
    partnership = store.partnerships.create("Ana", "Sam", "wait time")
    cycle = store.cycles.current(partnership.id)
    meeting = store.meetings.open(cycle.id, Stage.POST_LESSON)
    kept = store.actions.add(cycle.id, meeting.id, "try lolly sticks", "coachee", date(2026, 12, 1))
    done = store.actions.add(cycle.id, meeting.id, "share seating plan", "coach")
    store.actions.update(done.id, status=ActionStatus.DONE)
    store.cycles.save_arrangement(cycle.id, schedule="Tuesdays", confidentiality_agreed=True)
    following = store.cycles.open_next(cycle.id)
    assert (following.number, following.focus, following.stage) == (2, "wait time", Stage.ARRANGEMENTS)
    assert store.cycles.arrangement(following.id).schedule == "Tuesdays"
    assert store.cycles.arrangement(following.id).confidentiality_agreed
    assert [a.id for a in store.actions.still_open(partnership.id)] == [kept.id]
    next_meeting = store.meetings.open(following.id, Stage.PRE_LESSON)
    assert [a.text for a in store.actions.for_meeting(partnership.id, next_meeting.id)] == ["try lolly sticks"]


def test_update_action_keeps_or_clears_due(store: Store) -> None:
    cycle = store.cycles.current(store.partnerships.create("Ana", "Sam").id)
    action = store.actions.add(cycle.id, None, "x", due=date(2026, 1, 2))
    assert store.actions.update(action.id, text="y").due == date(2026, 1, 2)
    assert store.actions.update(action.id, due=None).due is None


def test_arrangement_fields_round_trip(store: Store) -> None:
    cycle = store.cycles.current(store.partnerships.create("Ana", "Sam").id)
    saved = store.cycles.save_arrangement(cycle.id, next_meeting=date(2026, 12, 2), observed_lesson=False,
                                          performance_link=PerformanceLink.MANAGER_LED, evidence_plan="books")
    assert saved.next_meeting == date(2026, 12, 2)
    assert not saved.observed_lesson
    assert saved.performance_link is PerformanceLink.MANAGER_LED
    with pytest.raises(ValueError):
        store.cycles.save_arrangement(cycle.id, colour="red")


def test_evidence_and_feature_spans(store: Store) -> None:
    cycle = store.cycles.current(store.partnerships.create("Ana", "Sam").id)
    store.lessons.add_evidence(cycle.id, 30, EvidenceKind.NOTE, "late start", critical=True)
    store.lessons.add_evidence(cycle.id, 10, EvidenceKind.VIDEO_MOMENT, "bar model", video_ref="00:10")
    assert [e.t for e in store.lessons.evidence(cycle.id)] == [10, 30]
    store.lessons.switch_feature(cycle.id, LessonFeature.TEACHER_TALK, 0)
    store.lessons.switch_feature(cycle.id, LessonFeature.GROUP_WORK, 100)
    store.lessons.switch_feature(cycle.id, LessonFeature.TEACHER_TALK, 160)
    totals = feature_totals(store.lessons.feature_spans(cycle.id), 200)
    assert totals[LessonFeature.TEACHER_TALK] == 140
    assert totals[LessonFeature.GROUP_WORK] == 60
    assert totals[LessonFeature.INDEPENDENT] == 0


def test_emoji_rtl_surrogates_and_a_megabyte_are_kept(store: Store, db_path: Path) -> None:
    cycle = store.cycles.current(store.partnerships.create("Ana 😀", "سام").id)
    meeting = store.meetings.open(cycle.id, Stage.PRE_LESSON)
    huge = "é" * 1_000_000
    store.meetings.save_note(meeting.id, GrowPhase.REALITY, huge)
    store.meetings.save_note(meeting.id, GrowPhase.GOAL, "bad \udcff byte")
    notes = store.meetings.notes(meeting.id)
    assert notes[GrowPhase.REALITY] == huge
    assert notes[GrowPhase.GOAL] == "bad \ufffd byte"
    assert scalar(db_path, "SELECT coachee FROM partnership") == "سام"


def test_not_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("my lesson notes, not a database")
    with pytest.raises(StoreError, match="not an SQLite file"):
        Store.open(path)
    assert path.read_text() == "my lesson notes, not a database"


def test_corrupt_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(StoreError, match=r"damaged|not a coachtui"):
        Store.open(path)


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a coachtui database"):
        Store.open(path)
    assert scalar(path, "SELECT count(*) FROM sqlite_master") == 1


def test_newer_schema_is_refused(db_path: Path) -> None:
    Store.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO schema_version VALUES (99, 'future')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer coachtui"):
        Store.open(db_path)


def test_older_schema_is_migrated_after_a_backup(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = Store.open(db_path)
    first.partnerships.create("Ana", "Sam")
    first.close()
    extra = "ALTER TABLE partnership ADD COLUMN colour TEXT"
    monkeypatch.setattr("coachtui.store.connection.MIGRATIONS", [*schema.MIGRATIONS, extra])
    monkeypatch.setattr("coachtui.store.connection.LATEST_VERSION", schema.LATEST_VERSION + 1)
    migrated = Store.open(db_path)
    assert migrated.schema_version == schema.LATEST_VERSION + 1
    migrated.close()
    backup = db_path.with_name(f"{db_path.name}.schema{schema.LATEST_VERSION}.bak")
    assert scalar(backup, "SELECT coach FROM partnership") == "Ana"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_unwritable_folder_is_reported(tmp_path: Path) -> None:
    # A file where a folder should be fails even for root, unlike permission bits.
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="Cannot create the folder"):
        Store.open(blocker / "sub" / "coach.db")


def test_folder_path_is_reported(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        Store.open(tmp_path)


def test_read_only_file_reports_on_save(db_path: Path) -> None:
    opened = Store.open(db_path)
    opened.partnerships.create("Ana", "Sam")
    opened.close()
    readonly = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, isolation_level=None)
    store = Store(Database(readonly, db_path))
    with pytest.raises(StoreError, match="read-only"):
        store.partnerships.create("Bo", "Cy")
    assert [p.coach for p in store.partnerships.all()] == ["Ana"]
    readonly.close()


def test_every_demo_turn_uses_the_vocabulary(store: Store) -> None:
    # The demo seeds its turns unchecked for a faster start, so check them here.
    from coachtui.core.vocabulary import turn_problems
    from coachtui.services.demo import POST_LESSON_TURNS, PRE_LESSON_TURNS, demo_turns

    for table in (PRE_LESSON_TURNS, POST_LESSON_TURNS):
        assert all(turn_problems(turn) == [] for turn in demo_turns("Jo", table))


def test_a_worker_thread_and_the_ui_thread_share_the_store_without_losing_writes(store: Store) -> None:
    import threading

    from coachtui.core.model import GrowPhase, Turn

    partnership = store.partnerships.create("Ana", "Ben")
    meeting = store.meetings.open(store.cycles.current(partnership.id).id, Stage.POST_LESSON)
    failures: list[BaseException] = []

    def worker() -> None:  # the coordinator view caching figures, batch after batch
        try:
            for _ in range(150):
                store.figures.save_talks([(meeting.id, "Kim", 1, {"turns": 1.0}, {"question": 1}, False)] * 20, 1)
        except BaseException as error:  # collected for the assertion below
            failures.append(error)

    thread = threading.Thread(target=worker)
    thread.start()
    for second in range(150):  # meanwhile the observer tags and the coach types
        store.turns.add(meeting.id, Turn(float(second), "coach", "question", observer="Kim"))
        store.meetings.save_note(meeting.id, GrowPhase.REALITY, f"note {second}")
    thread.join()
    assert failures == []
    assert len(store.turns.of_meeting(meeting.id)) == 150
    assert store.meetings.notes(meeting.id)[GrowPhase.REALITY] == "note 149"


def test_a_turn_tagged_after_the_review_was_marked_makes_the_level_provisional_again(store: Store) -> None:
    from coachtui.core.model import Stage, Turn

    partnership = store.partnerships.create("Ana", "Sam", "wait time")
    meeting = store.meetings.open(store.cycles.current(partnership.id).id, Stage.POST_LESSON)
    first = store.turns.add(meeting.id, Turn(t=5, speaker="coach", function="question", observer="Jo"))
    store.turns.mark_reviewed(meeting.id, "Jo")
    store.turns.update(first.id, stimulus="observation notes")  # reviewing further keeps the mark
    assert store.turns.reviewed(meeting.id, "Jo")
    store.turns.add(meeting.id, Turn(t=9, speaker="coachee", function="explanation", observer="Lee"))
    assert store.turns.reviewed(meeting.id, "Jo")  # another observer's tags are theirs
    store.turns.add(meeting.id, Turn(t=12, speaker="coachee", function="explanation", observer="Jo"))
    assert not store.turns.reviewed(meeting.id, "Jo")
