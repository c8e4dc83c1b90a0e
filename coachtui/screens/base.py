"""What every coachtui screen shares: typed access to the app that owns the store and packs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from rich.text import Text
    from textual.screen import Screen
    from textual.widgets import DataTable
    from textual.worker import Worker

    from coachtui.errors import StoreError
    from coachtui.screens.host import CoachHost


class UsesCoachApp:
    """Mixed into screens so `self.coach_app` is typed (as the `CoachHost` protocol, not the App class);
    put it before the Screen base."""

    @property
    def coach_app(self) -> CoachHost:
        return cast("CoachHost", self.app)  # type: ignore[attr-defined]

    def close_unopened(self, what: str, error: StoreError) -> None:
        """A screen that could not read what it shows says so (nothing was changed) and closes; whoever opened it
        hears back as from any closing, the observer's own process included."""
        self.coach_app.report_open_error(what, error)
        cast("Screen[Any]", self).dismiss(None)

    def typed_path(self, text: str) -> Path | None:
        """The path the user typed, or None after telling them why it cannot be one."""
        from coachtui.errors import DataFileError
        from coachtui.services.reading import user_path

        try:
            return user_path(text)
        except DataFileError as problem:
            self.coach_app.notify(str(problem), severity="error", markup=False)
            return None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        tell_worker_failure(self.coach_app, event)


def tell_worker_failure(app: CoachHost, event: Worker.StateChanged) -> None:
    """Workers run with exit_on_error=False; an unexpected failure is told here rather than vanishing
    and leaving a "working…" line on screen for good. Screens and the app both send theirs here."""
    from textual.worker import WorkerState

    if event.state is WorkerState.ERROR and event.worker.error is not None:
        error = event.worker.error
        app.notify(f"Something went wrong ({type(error).__name__}: {error}). Everything saved before it is still "
                   "saved; try again, and if it keeps happening, please report it.", title="Not done",
                   severity="error", timeout=20, markup=False)


def selected_row_id(table: DataTable[Any]) -> int | None:
    """The integer key of the row under the cursor, or None for an empty table."""
    if table.row_count == 0:
        return None
    key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    return int(key) if key is not None else None


def refill_rows(table: DataTable[Any], rows: Sequence[tuple[int, Sequence[str | Text]]]) -> None:
    """Replace a table's rows (id, cells), keeping the cursor where it was; plain strings are shown as typed,
    never read as markup."""
    from rich.text import Text

    selected = table.cursor_row
    table.clear()
    for row_id, cells in rows:
        table.add_row(*(cell if isinstance(cell, Text) else Text(cell) for cell in cells), key=str(row_id))
    if rows:
        table.move_cursor(row=min(selected, len(rows) - 1))


def clip(text: str, width: int) -> str:
    """One line of at most `width` characters, ending in … when cut."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
