"""The command-line side of tagged turns: export, import and report, with no screen."""

from __future__ import annotations

import os
from pathlib import Path

from coachtui.errors import DataFileError, StoreError
from coachtui.model import Meeting, Stage, Turn
from coachtui.store import Store


def find_meeting(store: Store, meeting_id: int) -> Meeting:
    """The meeting, or a data error (exit 4) naming the id: a wrong id is the user's to fix."""
    try:
        return store.meeting(meeting_id)
    except StoreError as error:
        if "There is no meeting" in str(error):
            raise DataFileError(f"There is no meeting {meeting_id} in {store.path}.") from None
        raise


def export_turns(store: Store, meeting_id: int, fmt: str, *, observer: str | None = None,
                 output: Path | None = None, force: bool = False) -> str:
    """The meeting's turns as text; written to `output` (private to the user) when given.

    Every export is recorded in the partnership's export log, which the coachee can read.
    """
    from coachtui.interchange import format_turns

    meeting = find_meeting(store, meeting_id)
    text = format_turns(store.turns(meeting_id, observer), fmt)
    destination = "standard output"
    if output is not None:
        _write_private(output, text, force=force)
        destination = str(output.resolve())
    partnership_id = store.cycle(meeting.cycle_id).partnership_id
    who = f", {observer}'s tags" if observer else ""
    store.log_export(f"turns of meeting {meeting_id} ({fmt}{who})", destination, partnership_id=partnership_id,
                     meeting_id=meeting_id)
    return "" if output is not None else text


def _write_private(path: Path, text: str, *, force: bool) -> None:
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if force else os.O_EXCL)
    try:
        descriptor = os.open(path, flags, 0o600)
    except FileExistsError:
        raise DataFileError(f"{path} already exists; choose another name or add --force to replace it.") from None
    except OSError as error:
        raise DataFileError(f"Cannot write {path}: {error.strerror}.") from None
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    path.chmod(0o600)


def read_turns_file(path: Path, fmt: str | None = None) -> list[Turn]:
    from coachtui.interchange import parse_turns

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataFileError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise DataFileError(f"{path} is a folder, not a file of turns.") from None
    except OSError as error:
        raise DataFileError(f"Cannot read {path}: {error.strerror}.") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataFileError(f"{path} is not UTF-8 text (byte {error.start}); save it as UTF-8 and try again.") from None
    if fmt is None and path.suffix.lower() in (".csv", ".json"):
        fmt = path.suffix.lower().lstrip(".")
    return parse_turns(text, fmt)


def import_turns(store: Store, path: Path, *, meeting_id: int | None = None, fmt: str | None = None
                 ) -> tuple[int, int]:
    """Add every turn in the file to a meeting (a new one when none is named), all or nothing.

    Returns the meeting's id and how many turns were added.
    """
    turns = read_turns_file(path, fmt)
    if meeting_id is None:
        meeting_id = _new_meeting_for(store, path, max((turn.t for turn in turns), default=0.0))
    else:
        find_meeting(store, meeting_id)
    return meeting_id, store.add_turns(meeting_id, turns)


def _new_meeting_for(store: Store, path: Path, last_t: float) -> int:
    partnership = store.create_partnership("Imported", path.stem or "turns", f"Turns imported from {path.name}")
    cycle = store.current_cycle(partnership.id)
    meeting = store.open_meeting(cycle.id, Stage.POST_LESSON)
    store.end_meeting(meeting.id, last_t)
    return meeting.id

