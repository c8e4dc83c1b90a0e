"""Reading a file the user names (a bundle, a plan, a turns file): one place for the messages a
missing, unreadable, oversized or non-UTF-8 file gets."""

from __future__ import annotations

import stat
from pathlib import Path

from coachtui.errors import DataFileError

# A file of turns may hold a long meeting's tags from several observers, but never this much.
MAX_TURNS_FILE_BYTES = 50_000_000


def read_user_text(path: Path, what: str, max_bytes: int = MAX_TURNS_FILE_BYTES) -> str:
    """The file's text; DataFileError says in one line why it cannot be `what` (e.g. "a round bundle").

    Only a regular file is read (a device such as /dev/zero, a pipe or a socket never ends or blocks), and
    no more than `max_bytes` of it, counted as read: a file's stated size can be wrong or zero.
    """
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise DataFileError(f"{path} is a folder, not {what}.")
        if not stat.S_ISREG(mode):
            raise DataFileError(f"{path} is not an ordinary file (a device, pipe or socket), so it cannot be {what}.")
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise DataFileError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise DataFileError(f"{path} is a folder, not {what}.") from None
    except OSError as error:
        raise DataFileError(f"Cannot read {path}: {error.strerror}.") from None
    if len(raw) > max_bytes:
        raise DataFileError(f"{path} is too large to be {what} (the limit is {max_bytes // 1_000_000} MB).")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataFileError(f"{path} is not UTF-8 text (byte {error.start}), so it cannot be {what}; if it is "
                            "text, save it as UTF-8.") from None


def user_path(text: str) -> Path:
    """A path as the user typed it, with `~` expanded; DataFileError for `~name` when there is no such user."""
    try:
        return Path(text).expanduser()
    except RuntimeError:
        raise DataFileError(f"{text} starts with ~ and a user name this computer does not know; give the whole "
                            "path instead.") from None
