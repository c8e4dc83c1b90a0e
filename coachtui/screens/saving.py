"""Saving figures for a coordinator: a new file private to the user, and a line in the export log."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from coachtui.errors import StoreError

if TYPE_CHECKING:
    from coachtui.app import CoachApp


def save_figures(app: CoachApp, path: Path, text: str, what: str) -> bool:
    """Write figures to a new file private to the user and log the export; say what went wrong if it failed."""
    from coachtui.exporting import write_private

    try:
        write_private(path, text)
    except FileExistsError:
        app.notify(f"{path} already exists; choose a new name.", severity="error", markup=False)
        return False
    except OSError as error:
        app.notify(f"Could not write {path}: {error.strerror}.", severity="error", markup=False)
        return False
    try:
        app.store.log_export(what, str(path.resolve()))
    except StoreError as error:
        app.report_store_error(error)
    return True
