"""Files the user asks for, and the clipboard: the one way coachtui writes a file for a person.

Every export, the Ctrl+G rescue copy and every bundle goes through `save_private`: the text (or a file
built in place, such as the coordinator's SQLite figures) lands in a private temporary file beside the
target, is flushed to disk, then takes the name, so a failure never leaves half a file, and a file that
exists is replaced only when asked. `export_file` records the export in
the sharing log before the file takes its name: an export is never missing from the log.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from coachtui.errors import DataFileError

if TYPE_CHECKING:
    from coachtui.store import Store


class FileExists(DataFileError):
    """The target exists and replacing it was not asked for."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists; choose another name.")
        self.path = path


def save_private(path: Path, content: str | Callable[[Path], None], *, replace: bool = False,
                 before_publishing: Callable[[], None] = lambda: None) -> None:
    """Write `content` to `path`, readable only by the user; never replace a file unless `replace`.

    `content` is text (written as UTF-8) or a function that fills the private, empty temporary file it is
    given (a SQLite file, say). `before_publishing` runs once the content is safely on disk and before it
    takes the name; if it raises, nothing is published. Problems come back as `DataFileError` with a
    message for the user.
    """
    if path.is_dir():
        raise DataFileError(f"{path} is a folder; give a file name.")
    if not replace and (path.exists() or path.is_symlink()):
        raise FileExists(path)
    try:
        descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as error:
        raise DataFileError(f"Cannot write {path}: {_reason(error)}.") from None
    temporary = Path(name)
    try:
        if isinstance(content, str):
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(content.encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
        else:
            os.close(descriptor)
            content(temporary)
            _sync(temporary)
        before_publishing()
        _publish(temporary, path, replace=replace)
    except OSError as error:
        raise DataFileError(f"Cannot write {path}: {_reason(error)}.") from None
    finally:
        temporary.unlink(missing_ok=True)


def _sync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDWR)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def export_file(store: Store, path: Path, content: str | Callable[[Path], None], what: str, *,
                partnership_id: int | None = None, meeting_id: int | None = None, replace: bool = False) -> None:
    """`save_private`, with the export recorded in the sharing log first (a log that cannot be written
    stops the export: no file leaves unrecorded)."""
    save_private(path, content, replace=replace, before_publishing=lambda: store.sharing.log_export(
        what, str(path.resolve()), partnership_id=partnership_id, meeting_id=meeting_id))


def _publish(temporary: Path, path: Path, *, replace: bool) -> None:
    if replace:
        os.replace(temporary, path)  # replaces a symlink itself, never the file it points to
        return
    try:
        # A hard link takes the name only if nothing has it: no moment in which another file is replaced.
        os.link(temporary, path)
    except FileExistsError:
        raise FileExists(path) from None
    except OSError:
        # Some file systems (FAT, some network shares) have no hard links; claim the name exclusively instead.
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise FileExists(path) from None
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(temporary.read_bytes())
            handle.flush()
            os.fsync(handle.fileno())


def _reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    return error.strerror or str(error)


def copy_text(text: str, terminal_copy: Callable[[str], None]) -> bool:
    """Send the text to the terminal's clipboard (OSC 52: over SSH that is the clipboard of the computer in
    front of the user), then also copy it to this computer's through pyperclip. Returns whether that second
    copy worked (there is none on a server without a display, and some terminals ignore OSC 52)."""
    terminal_copy(text)
    try:
        import pyperclip

        pyperclip.copy(text)
    except Exception:  # pyperclip raises its own errors, and others from the platform's tools
        return False
    return True


def copied_message(also_here: bool) -> str:
    """What to tell the user about a copy, in words true wherever they sit (SSH or not)."""
    if also_here:
        return "Sent to your terminal's clipboard; also copied to this computer's."
    return ("Sent to your terminal's clipboard (this computer has no clipboard coachtui can use). If nothing "
            "pastes, your terminal ignores such requests: export to a file instead.")
