"""What every command shares: printing safely, choosing and opening the database, asking for a passphrase."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachtui.errors import EXIT_OK, CoachError, StoreError
from coachtui.locations import DB_ENV, PASSPHRASE_ENV, default_db_path, make_private_dir, secure_data_dir
from coachtui.text import escape_controls

if TYPE_CHECKING:
    from coachtui.settings import Settings
    from coachtui.store import Store

PASSPHRASE_TRIES = 3


def say(text: str = "", *, err: bool = False, end: str = "\n") -> None:
    """Print what a command has to say (to standard error with `err`); text from files and the command line
    may hold control characters, which are shown as escapes (ESC as \\x1b), never sent to the terminal."""
    print(escape_controls(text), end=end, file=sys.stderr if err else sys.stdout)


def fail(message: str, code: int) -> int:
    say(f"coachtui: {message}", err=True)
    return code


def write_standard_output(text: str) -> None:
    """The text as UTF-8 whatever the terminal's locale (a reader that stops early is handled in `main`)."""
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


def chosen_database(args: argparse.Namespace, settings: Settings) -> tuple[Path, bool]:
    """The database file and whether it is encrypted: --db, else $COACHTUI_DB, else the settings file,
    else the private default; encrypted when --encrypt is given or the settings say so."""
    if args.db is not None:
        path = args.db
    elif os.environ.get(DB_ENV):
        path = default_db_path()
    elif settings.database is not None:
        path = settings.database
    else:
        try:
            secure_data_dir()
        except OSError as error:
            raise StoreError(f"Cannot use the folder {error.filename or default_db_path().parent}: "
                             f"{(error.strerror or str(error)).lower()}.") from None
        path = default_db_path()
    from coachtui.errors import DataFileError
    from coachtui.services.reading import user_path

    try:
        path = user_path(str(path))  # "~" expanded once, before anything asks whether the file exists
    except DataFileError as problem:
        raise StoreError(str(problem)) from None
    return path, args.encrypt or settings.encrypt


def _known_databases() -> list[str]:
    from coachtui.locations import known_databases_path

    try:
        return known_databases_path().read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def remember_database(path: Path) -> None:
    """Note that a database lives at `path`, so that its disappearance is noticed next time (best effort)."""
    from coachtui.locations import known_databases_path

    place = str(path.absolute())
    known = _known_databases()
    if place in known:
        return
    record = known_databases_path()
    try:
        make_private_dir(record.parent)
        with record.open("a", encoding="utf-8") as handle:
            handle.write(place + "\n")
        record.chmod(0o600)
    except OSError:
        pass


def vanished(path: Path) -> str | None:
    """What to say when a database coachtui opened before at `path` is no longer there."""
    if path.exists() or str(path.absolute()) not in _known_databases():
        return None
    return (f"The database {path} that coachtui used before is gone (deleted or moved?). If you moved it, give its "
            "new place with --db; if you have a backup, put it back there (see the README).")


def refuse_vanished(path: Path, *, ask: bool = False) -> None:
    """StoreError for a vanished database, never a new empty one silently; with `ask`, a person at a terminal
    may choose to start afresh there."""
    problem = vanished(path)
    if problem is None:
        return
    if ask and sys.stdin.isatty():
        say(f"coachtui: {problem}", err=True)
        try:
            answer = input("Start a new, empty database there instead? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() in ("y", "yes"):
            return
    raise StoreError(f"{problem} Nothing was created; to start a new, empty database there, open coachtui in a "
                     "terminal and answer yes.")


def open_store(args: argparse.Namespace, *, must_exist: bool = False) -> Store:
    """The database `chosen_database` names, opened as the app would open it. A command that only reads
    (`must_exist`) never makes an empty database where a path was mistyped."""
    from coachtui.settings import load_settings
    from coachtui.store import Store

    settings = load_settings()
    for problem in settings.problems:
        say(f"coachtui: {problem}", err=True)
    path, encrypt = chosen_database(args, settings)
    refuse_vanished(path)
    if must_exist and not path.exists():
        raise StoreError(f"There is no database at {path}; check the path given with --db (or ${DB_ENV}).")
    store = Store.open(path, passphrase=ask_passphrase(path) if encrypt else None)
    remember_database(path)
    return store


def ask_passphrase(path: Path) -> str:
    """A passphrase that opens the encrypted database at `path` (or, for a new one, typed twice).

    Three tries, then a refusal; $COACHTUI_PASSPHRASE answers without asking, for scripts.
    """
    from getpass import getpass

    from coachtui.store import Store
    from coachtui.store.connection import WrongPassphrase

    given = os.environ.get(PASSPHRASE_ENV)
    creating = not path.exists() or path.stat().st_size == 0
    if creating:
        say(f"Creating a new encrypted database at {path}.", err=True)
    for attempt in range(1, PASSPHRASE_TRIES + 1):
        try:
            passphrase = given if given is not None else getpass(escape_controls(f"Passphrase for {path}: "))
            if creating and given is None and getpass("The same passphrase again: ") != passphrase:
                say("The two passphrases differ; try again.", err=True)
                continue
            Store.open(path, passphrase=passphrase).close()
            return passphrase
        except EOFError:
            raise CoachError("No passphrase was given.") from None
        except WrongPassphrase as error:
            if given is not None or attempt == PASSPHRASE_TRIES:
                raise
            say(f"{error} {PASSPHRASE_TRIES - attempt} tries left.", err=True)
    raise CoachError("The passphrase was not confirmed.")


@contextmanager
def opened_store(args: argparse.Namespace, *, must_exist: bool = True) -> Iterator[Store]:
    """`open_store` for one command, closed however the command ends."""
    store = open_store(args, must_exist=must_exist)
    try:
        yield store
    finally:
        store.close()


def run_in_this_terminal(app: Any) -> int:
    """Run a coachtui app (the whole app, or the observer's) until it quits; SIGTERM quits it cleanly too,
    and its database is closed however it ends."""
    app.exit_on_sigterm = True
    try:
        app.run()
    finally:
        app.store.close()
    return int(app.return_code or EXIT_OK)
