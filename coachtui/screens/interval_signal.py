"""An optional beep and flash every N seconds of the clock, as classroom-observation protocols use.

Off by default; the observer turns it on for the screen in front of them (lesson or meeting).
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.screen import Screen

from coachtui.widgets.keys import keyed

MAX_INTERVAL = 3600


def parse_interval(text: str) -> int:
    """Whole seconds from 0 (off) to an hour; ValueError says what is wrong."""
    text = text.strip()
    if not text.isdigit():
        raise ValueError("Type a whole number of seconds, or 0 to turn the signal off")
    seconds = int(text)
    if seconds > MAX_INTERVAL:
        raise ValueError(f"An interval is at most {MAX_INTERVAL} seconds")
    return seconds


def interval_binding(scope: str) -> Binding:
    return keyed(f"{scope}.interval", "interval_signal", "Interval signal", show=False)


class IntervalSignal:
    """Held by a screen with a running clock (composition): the screen calls `signal_if_due` from its `tick`,
    and its `action_interval_signal` calls `ask`."""

    def __init__(self, screen: Screen[Any]) -> None:
        self.screen = screen
        self.interval_seconds = 0
        self._last_signal_slot = -1

    def signal_if_due(self, elapsed: float, running: bool) -> bool:
        """Beep and flash once each time the clock passes another whole interval."""
        if not self.interval_seconds or not running:
            return False
        slot = int(elapsed // self.interval_seconds)
        if self._last_signal_slot < 0:
            self._last_signal_slot = slot  # the first tick after turning it on sets the count going
            return False
        if slot <= self._last_signal_slot:
            return False
        self._last_signal_slot = slot
        screen = self.screen
        screen.app.bell()
        screen.add_class("-flash")
        screen.set_timer(0.3, lambda: screen.remove_class("-flash"))
        return True

    def ask(self) -> None:
        """Ask how often to signal (0 turns it off)."""
        from coachtui.screens.text_prompt import TextPrompt

        def chosen(text: str | None) -> None:
            if text is None:
                return
            try:
                seconds = parse_interval(text)
            except ValueError as problem:
                self.screen.notify(str(problem), severity="warning")
                return
            self.interval_seconds = seconds
            self._last_signal_slot = -1
            message = f"A beep and flash every {seconds} seconds of the clock." if seconds else "Signal off."
            self.screen.notify(message, timeout=4)

        self.screen.app.push_screen(TextPrompt(
            "Beep and flash every how many seconds? (0 turns it off)", str(self.interval_seconds or 60),
            max_length=5), chosen)
