"""Storage that is not what it seems: another program's SQLite file, a damaged or empty file, a read-only
database, a stale write-ahead log, a full disk. Each is refused in one line and left exactly as it was."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from coachtui.errors import EXIT_STORE, StoreError
from coachtui.store import Store
from tests.helpers import RunCli, scalar


def other_programs_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.execute("INSERT INTO songs VALUES ('x')")
    conn.commit()
    conn.close()
    path.chmod(0o644)


def fingerprint(path: Path) -> tuple[bytes, int, list[str]]:
    """The file's bytes, its mode, and which companions sit beside it."""
    return (path.read_bytes(), stat.S_IMODE(path.stat().st_mode),
            sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name)))


def test_another_programs_database_is_neither_switched_to_wal_nor_chmoded(tmp_path: Path) -> None:
    path = tmp_path / "music.db"
    other_programs_database(path)
    before = fingerprint(path)
    with pytest.raises(StoreError, match=r"not a coachtui database\. Nothing was changed"):
        Store.open(path)
    assert fingerprint(path) == before
    assert scalar(path, "PRAGMA journal_mode") == "delete"


def damage(path: Path) -> None:
    """Overwrite a few pages in the middle of the file with noise, as a failing disk might."""
    size = path.stat().st_size
    page = 4096
    with path.open("r+b") as handle:
        for number in range(2, min(size // page, 6)):
            handle.seek(number * page)
            handle.write(os.urandom(page))


def seeded(path: Path, partnerships: int = 40) -> None:
    store = Store.open(path)
    for number in range(partnerships):
        store.partnerships.create(f"Coach {number}" * 20, f"Coachee {number}" * 20, "focus " * 50)
    store.close()


def test_a_damaged_database_is_refused_and_not_written_to(tmp_path: Path, run_cli: RunCli) -> None:
    path = tmp_path / "coach.db"
    seeded(path)
    damage(path)
    before = fingerprint(path)
    with pytest.raises(StoreError, match=r"is damaged \(SQLite.s check found"):
        Store.open(path)
    result = run_cli("--db", str(path), "aggregate")
    assert result.returncode == EXIT_STORE
    assert len(result.stderr.splitlines()) == 1 and "damaged" in result.stderr
    assert fingerprint(path) == before


def test_the_quick_check_is_bounded_in_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "coach.db"
    seeded(path)
    monkeypatch.setattr("coachtui.store.connection.QUICK_CHECK_SECONDS", 0.0)
    Store.open(path).close()  # out of time at once: the check gives way, the database opens


def test_an_empty_file_is_refused_rather_than_made_a_new_database(tmp_path: Path, run_cli: RunCli) -> None:
    path = tmp_path / "coach.db"
    path.touch()
    with pytest.raises(StoreError, match="empty file"):
        Store.open(path)
    turns = tmp_path / "turns.csv"
    turns.write_text("t,speaker,function,initiation,subject,stimulus,scale,tone,time,co_construction,observer,note\n"
                     "5,coach,question,,,,,,,0,Jo,\n")
    result = run_cli("--db", str(path), "import-turns", str(turns))
    assert result.returncode == EXIT_STORE and "empty file (0 bytes)" in result.stderr
    assert path.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("coach.db")) == ["coach.db"]


def test_a_read_only_database_keeps_its_mode_and_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    seeded(path, 1)
    path.chmod(0o400)
    before = fingerprint(path)
    with pytest.raises(StoreError, match=r"read-only \(mode 0400\).*chmod 600"):
        Store.open(path)
    assert fingerprint(path) == before


def test_a_stale_write_ahead_log_from_an_earlier_copy_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    store = Store.open(path)
    store.partnerships.create("Ana", "Sam")
    backup = tmp_path / "backup.db"
    store.db.conn.execute(f"VACUUM INTO '{backup}'")
    store.db.conn.execute("PRAGMA wal_autocheckpoint = 0")
    store.partnerships.create("Stale", "Pages")  # only in the -wal while the store stays open
    shutil.copy(path.with_name("coach.db-wal"), tmp_path / "old-wal")
    store.close()
    # Later, a backup is restored by copying it over the database; an old -wal is left beside it.
    shutil.copy(tmp_path / "old-wal", path.with_name("coach.db-wal"))
    old = time.time() - 3600
    os.utime(path.with_name("coach.db-wal"), (old, old))
    shutil.copy(backup, path)
    with pytest.raises(StoreError, match=r"coach.db-wal is older than the database.*delete .*-wal and .*-shm"):
        Store.open(path)
    path.with_name("coach.db-wal").unlink()
    reopened = Store.open(path)
    assert [p.coach for p in reopened.partnerships.all()] == ["Ana"]
    reopened.close()


def test_a_full_disk_is_called_a_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_room(*_args: object, **_kwargs: object) -> object:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr("coachtui.store.connection.connect", no_room)
    monkeypatch.setattr("coachtui.store.connection.shutil.disk_usage",
                        lambda _path: shutil._ntuple_diskusage(10**9, 10**9, 0))  # type: ignore[attr-defined]
    with pytest.raises(StoreError, match="the disk is full"):
        Store.open(tmp_path / "coach.db")


def migrated_with_a_backup(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Store, Path]:
    """A database holding two partnerships, migrated by a (pretend) newer coachtui that backed it up first."""
    from coachtui.store import schema

    first = Store.open(db_path)
    first.partnerships.create("ZZ-ERASE-COACH", "ZZ-ERASE-COACHEE", "ZZ-ERASE-FOCUS")
    first.partnerships.create("Kept", "Also kept")
    first.close()
    monkeypatch.setattr("coachtui.store.connection.MIGRATIONS", [*schema.MIGRATIONS, "CREATE TABLE later (x)"])
    monkeypatch.setattr("coachtui.store.connection.LATEST_VERSION", schema.LATEST_VERSION + 1)
    backup = db_path.with_name(f"{db_path.name}.schema{schema.LATEST_VERSION}.bak")
    return Store.open(db_path), backup


def test_erase_also_erases_from_the_backups_made_before_a_migration(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coachtui.services.summaries import erase_partnership

    store, backup = migrated_with_a_backup(db_path, monkeypatch)
    assert b"ZZ-ERASE-COACHEE" in backup.read_bytes()
    said = erase_partnership(store, 1, confirmed=True)
    store.close()
    assert said == "Erased partnership 1 and everything recorded for it."
    for path in (db_path, backup):
        assert b"ZZ-ERASE" not in path.read_bytes()
    assert scalar(backup, "SELECT coach FROM partnership") == "Kept"


def test_a_backup_that_cannot_be_changed_is_named(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, backup = migrated_with_a_backup(db_path, monkeypatch)
    backup.write_bytes(b"not a database any more")
    assert store.erasing.partnership(1) == [backup]
    store.close()


def test_a_partnership_erased_elsewhere_is_named_so_rather_than_a_foreign_key(db_path: Path) -> None:
    from coachtui.core.model import GrowPhase, Stage

    here = Store.open(db_path)
    partnership = here.partnerships.create("Ana", "Sam")
    meeting = here.meetings.open(here.cycles.current(partnership.id).id, Stage.PRE_LESSON)
    elsewhere = Store.open(db_path)  # the command line, while the app has the meeting open
    elsewhere.erasing.partnership(partnership.id)
    elsewhere.close()
    with pytest.raises(StoreError, match="erased elsewhere") as refused:
        here.meetings.save_note(meeting.id, GrowPhase.GOAL, "still typing")
    assert "FOREIGN KEY" not in str(refused.value)
    here.close()
