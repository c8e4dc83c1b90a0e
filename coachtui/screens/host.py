"""What screens need of the app, as a protocol: screens type against this, never against the App class, so
the app imports the screens and no screen imports the app.

`CoachApp` is checked against it (see the end of `coachtui/app.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from rich.console import Console
    from textual.geometry import Size
    from textual.screen import Screen
    from textual.worker import Worker

    from coachtui.core.analysis import Band
    from coachtui.core.clock import Ticker
    from coachtui.core.nudges import Rule
    from coachtui.core.packs import GrowGuide, PackLibrary
    from coachtui.core.rubric import Rubric
    from coachtui.core.scenarios import ScenarioLibrary
    from coachtui.core.tagging import StickyTags
    from coachtui.core.vocabulary import Vocabulary
    from coachtui.errors import StoreError
    from coachtui.settings import Settings
    from coachtui.store import Store


class CoachHost(Protocol):
    """The open database, the data files read once, the settings and the clock; and the few things of Textual's
    App that screens and their helpers call through it."""

    store: Store
    settings: Settings
    ticker: Ticker
    sticky_tags: dict[tuple[int, str], StickyTags]

    @property
    def packs(self) -> PackLibrary: ...
    @property
    def grow(self) -> GrowGuide: ...
    @property
    def vocabulary(self) -> Vocabulary: ...
    @property
    def rubric(self) -> Rubric: ...
    @property
    def scenarios(self) -> ScenarioLibrary: ...
    @property
    def active_keys(self) -> dict[str, str]: ...
    @property
    def nudge_rules(self) -> list[Rule]: ...
    @property
    def bands(self) -> list[Band]: ...
    @property
    def console(self) -> Console: ...
    @property
    def size(self) -> Size: ...

    def report_store_error(self, error: StoreError) -> None: ...

    def report_open_error(self, what: str, error: StoreError) -> None: ...
    def open_partnership(self, partnership_id: int) -> None: ...

    def push_screen(self, screen: Screen[Any], callback: Callable[[Any], Any] | None = None, *,
                    wait_for_dismiss: bool = False) -> Any: ...
    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None: ...
    def call_from_thread(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> Any: ...
    def run_worker(self, work: Any, name: str | None = "", group: str = "default", description: str = "",
                   exit_on_error: bool = True, start: bool = True, exclusive: bool = False,
                   thread: bool = False) -> Worker[Any]: ...



