"""Saving a file the user asked for (figures, a plan): a new file private to them, logged in the
export log before it takes its name.

The write runs in a worker: a network folder or a slow disk never freezes the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from coachtui.errors import DataFileError, StoreError

if TYPE_CHECKING:
    from coachtui.screens.host import CoachHost


def save_private_file(app: CoachHost, path: Path, text: str | Callable[[], str], what: str, done: str) -> None:
    """Write `text` to a new private file, logged as `what` first, then tell the user `done` (or what failed).
    `text` may be a function that works the text out, in the worker (figures worked out only when saved)."""

    def write() -> None:
        from coachtui.services.files import export_file

        try:
            export_file(app.store, path, text if isinstance(text, str) else text(), what)
        except StoreError as error:
            app.call_from_thread(app.report_store_error, error)
            return
        except DataFileError as problem:
            app.call_from_thread(app.notify, str(problem), severity="error", markup=False)
            return
        app.call_from_thread(app.notify, done, markup=False)

    app.run_worker(write, thread=True, group="save-figures", exit_on_error=False)
