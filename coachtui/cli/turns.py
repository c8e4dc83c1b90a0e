"""`coachtui export-turns` and `coachtui import-turns`: tagged turns in and out, with no screen.

`run_export` and `run_import` take the parsed arguments and return an exit code; the functions
under them take an open store, so the app can offer the same export and import.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from coachtui.core.model import Meeting, Stage, Turn
from coachtui.errors import EXIT_OK, DataFileError, StoreError
from coachtui.store import Store

STANDARD_OUTPUT = "standard output"


def run_export(args: argparse.Namespace) -> int:
    """Print the meeting's turns, or save them to a file only the user can read; either way, log it."""
    from coachtui.cli import opened_store, say
    from coachtui.text import escape_controls

    with opened_store(args) as store:
        text = export_turns(store, args.meeting, args.format, observer=args.observer, output=args.output,
                            force=args.force)
    if args.output is None:
        # Text from before imports were cleaned may still hold escape sequences: shown, never sent.
        write_standard_output(escape_controls(text, json=args.format == "json"))
    else:
        say(f"Saved the turns of meeting {args.meeting} to {args.output} (readable only by you).")
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    """Add every turn in the file to a meeting, all or nothing; the meeting's id is the last line printed."""
    from coachtui.cli import opened_store, say

    # The file is read and checked before the database is opened: a bad file writes nothing at all.
    turns = read_turns_file(args.file, args.format)
    with opened_store(args) as store:
        meeting_id, count = import_turns(store, turns, source=args.file, meeting_id=args.meeting)
    where = f"meeting {meeting_id}" if args.meeting is not None else f"a new post-lesson meeting, {meeting_id}"
    say(f"Imported {count} turn{'s' if count != 1 else ''} from {args.file.name} into {where}.")
    say(str(meeting_id))
    return EXIT_OK


def find_meeting(store: Store, meeting_id: int) -> Meeting:
    """The meeting, or a data error (exit 4) naming the id: a wrong id is the user's to fix."""
    try:
        return store.meeting(meeting_id)
    except StoreError as error:
        if str(error).startswith(f"There is no meeting {meeting_id}"):
            raise DataFileError(f"There is no meeting {meeting_id} in {store.path}.") from None
        raise


def export_turns(store: Store, meeting_id: int, fmt: str, *, observer: str | None = None,
                 output: Path | None = None, force: bool = False) -> str:
    """The meeting's turns as text, or "" once saved to `output` (private to the user).

    Every export is recorded in the partnership's export log, which the coachee can read; the record
    is made before the text leaves, so an export is never missing from the log.
    """
    from coachtui.core.interchange import format_turns

    meeting = find_meeting(store, meeting_id)
    text = format_turns(store.turns(meeting_id, observer), fmt)
    partnership_id = store.cycle(meeting.cycle_id).partnership_id
    who = f", {observer}'s tags" if observer else ""

    def record(destination: str) -> None:
        store.log_export(f"turns of meeting {meeting_id} ({fmt}{who})", destination, partnership_id=partnership_id,
                         meeting_id=meeting_id)

    if output is None:
        record(STANDARD_OUTPUT)
        return text
    save_private(output, text, force=force, before_publishing=lambda: record(str(output.resolve())))
    return ""


def save_private(path: Path, text: str, *, force: bool, before_publishing: Callable[[], None] = lambda: None) -> None:
    """Write `text` as UTF-8 to `path`, readable only by the user; never replace a file unless `force`.

    The text goes to a private temporary file beside `path` first; `before_publishing` runs once it is
    safely on disk, and only then does it take the name, so a failure leaves any old file as it was.
    """
    if path.is_dir():
        raise DataFileError(f"{path} is a folder; give a file name for the turns.")
    if not force and (path.exists() or path.is_symlink()):
        raise _already_exists(path)
    try:
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as error:
        raise DataFileError(f"Cannot write {path}: {error.strerror}.") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        before_publishing()
        _publish(Path(temporary), path, force=force)
    except OSError as error:
        raise DataFileError(f"Cannot write {path}: {error.strerror}.") from None
    finally:
        Path(temporary).unlink(missing_ok=True)


def _publish(temporary: Path, path: Path, *, force: bool) -> None:
    if force:
        os.replace(temporary, path)  # replaces a symlink itself, never the file it points to
        return
    try:
        # A hard link takes the name only if nothing has it: no moment in which another file is replaced.
        os.link(temporary, path)
    except FileExistsError:
        raise _already_exists(path) from None
    except OSError:
        # Some file systems (FAT, some network shares) have no hard links; claim the name exclusively instead.
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise _already_exists(path) from None
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(temporary.read_bytes())
            handle.flush()
            os.fsync(handle.fileno())


def _already_exists(path: Path) -> DataFileError:
    return DataFileError(f"{path} already exists; choose another name or add --force to replace it.")


def write_standard_output(text: str) -> None:
    """The text as UTF-8 whatever the terminal's locale; a reader that stops early (`| head`) is no error."""
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        # Python would complain again when it flushes at exit; point standard output at nothing.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def read_turns_file(path: Path, fmt: str | None = None) -> list[Turn]:
    """Every turn in a UTF-8 CSV or JSON file (the content decides unless `fmt` is given), all or nothing."""
    from coachtui.core.interchange import parse_turns
    from coachtui.services.reading import read_user_text

    text = read_user_text(path, "a file of turns")
    return parse_turns(text, fmt)


def import_turns(store: Store, turns: list[Turn], *, source: Path, meeting_id: int | None = None) -> tuple[int, int]:
    """Add the turns to a meeting in one transaction; without `meeting_id`, to a new post-lesson meeting.

    The new meeting belongs to a new partnership (coach "Imported", coachee the file's name) and ends
    at the last turn. Returns the meeting's id and how many turns were added.
    """
    if meeting_id is None:
        meeting_id = _new_meeting_for(store, source, max((turn.t for turn in turns), default=0.0))
    else:
        find_meeting(store, meeting_id)
    return meeting_id, store.add_turns(meeting_id, turns)


def _new_meeting_for(store: Store, source: Path, last_t: float) -> int:
    from coachtui.text import clean_text

    # The file's name becomes the coachee's: cleaned before the fallback, so a name of nothing but control
    # characters still gives a name.
    partnership = store.create_partnership("Imported", clean_text(source.stem).strip() or "turns",
                                           f"Turns imported from {clean_text(source.name)}")
    cycle = store.current_cycle(partnership.id)
    meeting = store.open_meeting(cycle.id, Stage.POST_LESSON)
    store.end_meeting(meeting.id, last_t)
    return meeting.id
