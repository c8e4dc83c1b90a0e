"""`coachtui observe`: the observer's console for one meeting, in a process of its own.

It runs in a second terminal on the coach's laptop, or on the observer's laptop over SSH into the coach's,
on the same database file. The observer tags and notes turns and sees the meeting's clock and phase; the
coach's notes, actions, summary and exports are not reachable from here: there is no home screen, and the
command palette offers nothing but help, a copy of the text on screen and the themes.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from coachtui.app import CoachApp
from coachtui.errors import EXIT_STORE, StoreError
from coachtui.settings import Settings
from coachtui.store import Clock, Store, utc_now

if TYPE_CHECKING:
    from coachtui.core.clock import Ticker


class Waiting(Screen[None]):
    """The screen under the console: seen only for the moment before it opens."""

    def compose(self) -> ComposeResult:
        yield Static("Opening the observer console…")


class ObserverApp(CoachApp):
    """The console for one meeting, and nothing else of the app."""

    COMMANDS = App.COMMANDS  # no "Open <partnership>": the partnerships are not the observer's to open

    def __init__(self, store: Store, meeting_id: int, observer: str | None, **kwargs: Any) -> None:
        super().__init__(store, **kwargs)
        self.meeting_id = meeting_id
        self.observer = observer
        self._could_not_open = ""  # why the console could not open, said on the terminal as the process ends

    def get_default_screen(self) -> Screen:
        return Waiting()

    def on_mount(self) -> None:
        super().on_mount()
        from coachtui.screens.observer_console import ObserverConsole
        from coachtui.screens.review import ReviewScreen

        try:
            ended = self.store.meetings.get(self.meeting_id).ended_at is not None
            # An ended meeting is for the review pass over this observer's tags, and nothing more.
            observer = (self.observer or self.store.turns.latest_observer(self.meeting_id) or "observer"
                        if ended else self.observer)
        except StoreError as error:
            self.report_open_error("the meeting", error)
            self._screen_closed(None)
            return
        if not ended:
            self.push_screen(ObserverConsole(self.meeting_id, observer=observer), self._screen_closed)
        else:
            self.push_screen(ReviewScreen(self.meeting_id, observer or "observer"), self._screen_closed)

    def report_open_error(self, what: str, error: StoreError) -> None:
        # The console is all this process shows: one that cannot open ends it (once it has closed), saying why.
        self._could_not_open = f"Could not open {what}: {error}"

    def _screen_closed(self, _: object) -> None:
        if self._could_not_open:
            self.exit(return_code=EXIT_STORE, message=Text(self._could_not_open))
        else:
            self.exit()

    def open_partnership(self, partnership_id: int) -> None:
        self.notify("The observer console opens one meeting only.", severity="warning")


def make_observer_app(db_path: Path | str, meeting_id: int, observer: str | None, *,
                      ticker: Ticker = time.monotonic, now: Clock = utc_now, keymap_file: Path | None = None,
                      passphrase: str | None = None, settings: Settings | None = None) -> ObserverApp:
    """Open the database (StoreError) and check the meeting is there (DataFileError), then build the app."""
    from coachtui.services.turns import find_meeting

    store = Store.open(db_path, now=now, passphrase=passphrase)
    try:
        find_meeting(store, meeting_id)
    except Exception:
        store.close()
        raise
    return ObserverApp(store, meeting_id, observer, ticker=ticker, keymap_file=keymap_file, settings=settings,
                       subtitle=f"observing meeting {meeting_id}")
