"""What every coachtui screen shares: typed access to the app that owns the store and packs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from textual.widgets import DataTable

    from coachtui.app import CoachApp


class UsesCoachApp:
    """Mixed into screens so `self.coach_app` is typed; put it before the Screen base."""

    @property
    def coach_app(self) -> CoachApp:
        return cast("CoachApp", self.app)  # type: ignore[attr-defined]


def selected_row_id(table: DataTable[Any]) -> int | None:
    """The integer key of the row under the cursor, or None for an empty table."""
    if table.row_count == 0:
        return None
    key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    return int(key) if key is not None else None
