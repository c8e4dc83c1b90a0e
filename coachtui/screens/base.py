"""What every coachtui screen shares: typed access to the app that owns the store and packs."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from coachtui.app import CoachApp


class UsesCoachApp:
    """Mixed into screens so `self.coach_app` is typed; put it before the Screen base."""

    @property
    def coach_app(self) -> CoachApp:
        return cast("CoachApp", self.app)  # type: ignore[attr-defined]
