"""The database connection underneath the store: opening, checks, migrations and error wording.

Nothing here knows about coaching; `coachtui.store` builds the intention-named functions on top.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Self

from coachtui.errors import EXIT_PASSPHRASE, StoreError
from coachtui.locations import make_private_dir
from coachtui.store.schema import LATEST_VERSION, MIGRATIONS

SQLITE_HEADER = b"SQLite format 3\x00"
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


# Below this much free space, SQLite's "disk I/O error" is the disk being full.
FULL_DISK_BYTES = 1_000_000
# A -wal this much older than its database was written before the database file was replaced (a copy
# restored over it): SQLite would replay its pages into the wrong database. A crash leaves a -wal at
# most a moment older than the database (the checkpoint that followed the last write).
STALE_WAL_SECONDS = 60
# The quick check on open stops here on a very large file: it guards against damage, it is not an audit.
QUICK_CHECK_SECONDS = 1.0


def _disk_full(folder: Path | None) -> bool:
    if folder is None:
        return False
    try:
        return shutil.disk_usage(folder).free < FULL_DISK_BYTES
    except OSError:
        return False


def explain_sqlite_error(error: Exception, folder: Path | None = None) -> str:
    """Turn SQLite's wording into a sentence a coach can act on; `folder` (the database's) tells a full disk
    from another input/output error."""
    message = str(error).lower()
    if "readonly" in message or "read-only" in message:
        return "the database file is read-only, so nothing more can be saved to it"
    if "disk is full" in message or "full" in message or ("disk i/o" in message and _disk_full(folder)):
        return "the disk is full"
    if "locked" in message or "busy" in message:
        return ("another program (another coachtui window, say) is saving to the database; try again in a "
                "moment")
    if "foreign key" in message:
        # The row it belongs to is gone: erased from another window or the command line since this screen opened.
        return "what it belongs to has been erased elsewhere (in another window or from the command line)"
    if "not a database" in message or "malformed" in message or "corrupt" in message:
        return "the database file is damaged or is not a coachtui database"
    if "unable to open" in message:
        return "the database file cannot be opened (check the folder exists and is writable)"
    return f"the database reported: {error}"


# The database errors to translate: the standard library's, and SQLCipher's once it is in use.
DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error,)
ENCRYPT_HINT = "pip install 'coachtui[encrypt]' (the sqlcipher3 package for this platform)"


class WrongPassphrase(StoreError):
    """The passphrase does not open this encrypted database."""

    exit_code = EXIT_PASSPHRASE


@contextmanager
def _translated(doing: str, folder: Path | None = None) -> Iterator[None]:
    try:
        yield
    except DB_ERRORS as error:
        raise StoreError(f"Could not {doing}: {explain_sqlite_error(error, folder)}.") from error


def _sqlcipher() -> Any:
    """SQLCipher's DB-API module, loaded only for encrypted databases."""
    global DB_ERRORS
    try:
        import sqlcipher3.dbapi2 as sqlcipher  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError:
        raise StoreError(f"Encrypted databases need an optional package: {ENCRYPT_HINT}.") from None
    DB_ERRORS = (sqlite3.Error, sqlcipher.Error)
    return sqlcipher


def connect(path: Path, passphrase: str | None) -> Any:
    """A connection to `path`; with a passphrase, through SQLCipher, keyed and checked."""
    if passphrase is None:
        return sqlite3.connect(path, isolation_level=None, timeout=5.0, check_same_thread=False)
    if not passphrase:
        raise WrongPassphrase("An encrypted database needs a passphrase; an empty one is not allowed.")
    sqlcipher = _sqlcipher()
    conn = sqlcipher.connect(str(path), isolation_level=None, timeout=5.0, check_same_thread=False)
    # SQLCipher logs a wrong key to standard error on its own; the one line the user needs is ours.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = '{passphrase.replace(chr(39), chr(39) * 2)}'")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError:
        conn.close()
        raise WrongPassphrase(f"That passphrase does not open {path}.") from None
    conn.row_factory = sqlcipher.Row
    return conn


class Database:
    """A coachtui database file, open and migrated to the latest schema."""

    def __init__(self, conn: sqlite3.Connection, path: Path, now: Clock = utc_now, *,
                 passphrase: str | None = None) -> None:
        self.conn = conn
        # Kept to open the backups made before migrations (encrypted alike) when a partnership is erased.
        self.passphrase = passphrase
        # Workers (aggregates, imports, exports) share this connection with the UI thread: one lock
        # keeps each statement, and each transaction whole, from interleaving with another thread's.
        self.lock = threading.RLock()
        if not conn.row_factory:
            self.conn.row_factory = sqlite3.Row
        self.path = path
        self._now = now
        self._identity = _identity(path)

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, now: Clock = utc_now, *, durable: bool = True,
             passphrase: str | None = None) -> Self:
        """Open (creating if needed) and migrate the database at `path`; raise StoreError.

        `durable=False` skips the sync to disk after each write: only for throwaway demo data.
        A `passphrase` opens or creates a database encrypted with SQLCipher (WrongPassphrase if
        it does not fit).
        """
        try:
            path = Path(path).expanduser()
        except RuntimeError:
            raise StoreError(f"{path} starts with ~ and a user name this computer does not know; give the whole "
                             "path instead.") from None
        _check_file(path, encrypted=passphrase is not None)
        try:
            make_private_dir(path.parent)
        except OSError as error:
            raise StoreError(f"Cannot create the folder {path.parent}: {error.strerror}.") from None
        existed = path.exists()
        try:
            conn = connect(path, passphrase)
        except DB_ERRORS as error:
            raise StoreError(f"Cannot open {path}: {explain_sqlite_error(error, path.parent)}.") from None
        try:
            if existed:
                # Reading only, before any pragma that changes the file or its mode: another program's
                # database, or a damaged one, is left exactly as it was.
                _check_ours(conn, path)
                _quick_check(conn, path)
            _secure_file(path)
            version = _configure_and_read_version(conn, path)
            if not durable:
                # Before migrating: creating a throwaway demo's tables need not wait on the disk either.
                conn.execute("PRAGMA synchronous = OFF")
            if version > LATEST_VERSION:
                raise StoreError(
                    f"{path} was written by a newer coachtui (schema {version}); this version "
                    f"understands up to schema {LATEST_VERSION}. Update coachtui to open it."
                )
            if existed and 0 < version < LATEST_VERSION:
                _backup(conn, path, version, passphrase)
            _migrate(conn, version)
        except StoreError:
            conn.close()
            raise
        except DB_ERRORS as error:
            conn.close()
            raise StoreError(f"Cannot use {path}: {explain_sqlite_error(error, path.parent)}.") from None
        return cls(conn, path, now, passphrase=passphrase)

    def close(self) -> None:
        self.conn.close()

    def timestamp(self) -> str:
        return self._now().astimezone(UTC).isoformat(timespec="seconds")

    def local_now(self) -> datetime:
        """The time now on this computer's clock (the store's clock, so tests control it)."""
        return self._now().astimezone()

    @property
    def schema_version(self) -> int:
        with self.lock:
            return int(self.conn.execute("SELECT max(version) FROM schema_version").fetchone()[0])

    def rows(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        with self.lock, _translated("read the database"):
            return [dict(row) for row in self.conn.execute(sql, params)]

    def one(self, sql: str, params: tuple[Any, ...] = ()) -> dict[str, Any] | None:
        rows = self.rows(sql, params)
        return rows[0] if rows else None

    def gone(self) -> str | None:
        """Why saving can no longer work, when the database file was deleted, moved or replaced since it was
        opened (SQLite would go on writing to the deleted file, and everything typed would be lost)."""
        if self._identity is None or _identity(self.path) == self._identity:
            return None
        return (f"The database file {self.path} has been deleted, moved or replaced since coachtui opened it, "
                "so nothing more can be saved to it.")

    def _check_still_there(self, doing: str) -> None:
        problem = self.gone()
        if problem:
            raise StoreError(f"Could not {doing}: {problem[0].lower()}{problem[1:]}")

    def write(self, doing: str, sql: str, params: tuple[Any, ...] = ()) -> int:
        self._check_still_there(doing)
        with self.lock, _translated(doing, self.path.parent):
            cursor = self.conn.execute(sql, params)
            return int(cursor.lastrowid or 0)

    @contextmanager
    def transaction(self, doing: str) -> Iterator[None]:
        self._check_still_there(doing)
        with self.lock, _translated(doing, self.path.parent):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")


    # -- one database open in several processes -----------------------------------------

    def wait_for_lock_at_most(self, seconds: float) -> None:
        """How long a write waits for another process's write to finish before it fails with a message. The
        app keeps this short, so a screen never freezes behind another window's long write."""
        with self.lock:
            self.conn.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
    def data_version(self) -> int:
        """A number that changes when another connection (another process) commits to the database: read
        on every tick, it costs microseconds and says whether anything needs loading again."""
        rows = self.rows("SELECT data_version FROM pragma_data_version")
        return int(rows[0]["data_version"]) if rows else 0


class Records:
    """One area's records (partnerships, meetings, turns...) over the database's one connection. The `Store`
    composes them; one that needs another's records is given them when it is made."""

    def __init__(self, db: Database) -> None:
        self.db = db


def date_or_none(value: str | None) -> date | None:
    """A date stored as ISO text; None for none or for text that is not a date."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _identity(path: Path) -> tuple[int, int] | None:
    """The file's device and inode: another file at the same path (a copy put back) is not the one we opened."""
    try:
        info = path.stat()
    except OSError:
        return (-1, -1)  # gone
    return (info.st_dev, info.st_ino)


def _check_file(path: Path, *, encrypted: bool = False) -> None:
    """Refuse, before anything opens it, a file that is not ours to use as it stands."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file.")
    if not path.exists():
        return
    info = path.stat()
    if info.st_size == 0:
        # SQLite would quietly make a new database of it, but an empty file where a database is expected
        # usually means one was lost (a failed copy, a full disk): the user decides, not us.
        raise StoreError(f"{path} is an empty file (0 bytes), not a database. If a database should be there, "
                         "restore it from a backup; to start a new one at this place, delete the empty file "
                         "first. Nothing was changed.")
    if not info.st_mode & stat.S_IWUSR:
        raise StoreError(f"{path} is read-only (mode {stat.S_IMODE(info.st_mode):04o}), and coachtui saves as you "
                         f"type, so it cannot use it; coachtui will not change its permissions. To use it, make it "
                         f"writable (chmod 600 {path}). Nothing was changed.")
    _check_wal(path, info.st_mtime)
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"Cannot read {path}: {error.strerror}.") from None
    if encrypted and header == SQLITE_HEADER:
        raise StoreError(f"{path} is not encrypted; open it without --encrypt. Nothing was changed.")
    if not encrypted and header != SQLITE_HEADER:
        raise StoreError(f"{path} is not a coachtui database (it is not an SQLite file). If it is an encrypted "
                         "coachtui database, open it with --encrypt. Nothing was changed.")


def _check_wal(path: Path, database_mtime: float) -> None:
    wal, shm = path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")
    try:
        wal_info = wal.stat()
    except OSError:
        return
    if wal_info.st_size and database_mtime - wal_info.st_mtime > STALE_WAL_SECONDS:
        raise StoreError(f"{wal} is older than the database beside it, so it belongs to an earlier copy (a backup "
                         f"copied over the database?) and would mix that copy's pages in. If you restored a backup, "
                         f"delete {wal} and {shm}, then open it again. Nothing was changed.")


def _check_ours(conn: Any, path: Path) -> None:
    """Only reads: an SQLite file without our schema table is another program's."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables and "schema_version" not in tables:
        raise StoreError(f"{path} is an SQLite file but not a coachtui database. Nothing was changed.")


def _quick_check(conn: Any, path: Path) -> None:
    """SQLite's quick check, stopped after QUICK_CHECK_SECONDS on a very large file; StoreError if damaged."""
    deadline = time.monotonic() + QUICK_CHECK_SECONDS
    conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    try:
        found = [str(row[0]) for row in conn.execute("PRAGMA quick_check(3)")]
    except DB_ERRORS as error:
        if "interrupt" in str(error).lower():
            return  # out of time: a file this large is checked no further here
        found = [str(error)]
    finally:
        conn.set_progress_handler(None, 0)
    if found != ["ok"]:
        first = re.sub(r"\s+", " ", found[0])[:120]
        raise StoreError(f"{path} is damaged (SQLite's check found: {first}); coachtui will not write to it. "
                         "Restore a backup (see the README). Nothing was changed.")


def _secure_file(path: Path) -> None:
    # A file we may read but not chmod (a shared drive) can still be opened.
    with suppress(OSError):
        path.chmod(0o600)


def _configure_and_read_version(conn: Any, path: Path) -> int:
    conn.execute("PRAGMA busy_timeout = 5000")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise StoreError(f"Cannot use {path}: its folder does not allow the write-ahead log SQLite needs.")
    conn.execute("PRAGMA foreign_keys = ON")
    # FULL: a committed keystroke survives power loss, not only a crash of the app.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA secure_delete = ON")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "schema_version" not in tables:
        if tables:
            raise StoreError(f"{path} is an SQLite file but not a coachtui database. Nothing was changed.")
        return 0
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def _backup(conn: sqlite3.Connection, path: Path, version: int, passphrase: str | None = None) -> None:
    """Copy the database aside before migrating it, so an upgrade can be undone by hand.

    An encrypted database's copy is encrypted with the same passphrase.
    """
    target = path.with_name(f"{path.name}.schema{version}.bak")
    backup = connect(target, passphrase)
    conn.backup(backup)
    backup.close()
    _secure_file(target)


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    if version == 0:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)")
    for number in range(version + 1, LATEST_VERSION + 1):
        script = MIGRATIONS[number - 1]
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(script):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_version VALUES (?, ?)", (number, utc_now().isoformat(timespec="seconds")))
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def _statements(script: str) -> list[str]:
    """Split a migration script into complete statements (a trigger's body holds its own ';')."""
    statements, pending = [], ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                statements.append(pending.strip())
            pending = ""
    return statements

