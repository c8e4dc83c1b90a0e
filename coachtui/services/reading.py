"""Reading a file the user names (a bundle, a plan, a turns file): one place for the messages a
missing, unreadable, oversized or non-UTF-8 file gets."""

from __future__ import annotations

from pathlib import Path

from coachtui.errors import DataFileError


def read_user_text(path: Path, what: str, max_bytes: int | None = None) -> str:
    """The file's text; DataFileError says in one line why it cannot be `what` (e.g. "a round bundle")."""
    try:
        if max_bytes is not None and path.stat().st_size > max_bytes:
            raise DataFileError(f"{path} is too large to be {what}.")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataFileError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise DataFileError(f"{path} is a folder, not {what}.") from None
    except OSError as error:
        raise DataFileError(f"Cannot read {path}: {error.strerror}.") from None
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
