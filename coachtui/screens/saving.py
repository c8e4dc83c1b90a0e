"""Saving a file the user asked for (figures, a plan): a new file private to them, and a line in the export log.

The write runs in a worker: a network folder or a slow disk never freezes the screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from coachtui.errors import StoreError

if TYPE_CHECKING:
    from coachtui.app import CoachApp


def save_private_file(app: CoachApp, path: Path, text: str, what: str, done: str) -> None:
    """Write `text` to a new private file, log the export as `what`, then tell the user `done` (or what failed)."""

    def write() -> None:
        from coachtui.services.files import write_private

        try:
            write_private(path, text)
        except FileExistsError:
            app.call_from_thread(app.notify, f"{path} already exists; choose a new name.", severity="error",
                                 markup=False)
            return
        except OSError as error:
            app.call_from_thread(app.notify, f"Could not write {path}: {error.strerror}.", severity="error",
                                 markup=False)
            return
        try:
            app.store.log_export(what, str(path.resolve()))
        except StoreError as error:
            app.call_from_thread(app.report_store_error, error)
        app.call_from_thread(app.notify, done, markup=False)

    app.run_worker(write, thread=True, group="save-figures", exit_on_error=False)
