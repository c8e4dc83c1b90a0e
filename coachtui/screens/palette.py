"""The command palette (Ctrl+P): the app's own system commands, every partnership, and what the screen on top
offers (each cycle of the partnership on the cycle screen, ending a meeting, a summary's export and log).

Entries that carry the user's words (a partnership's names) are literal `Content`, never markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from coachtui.errors import StoreError

if TYPE_CHECKING:
    from textual.fuzzy import Matcher
    from textual.screen import Screen

    from coachtui.screens.cycle import CycleScreen
    from coachtui.screens.host import CoachHost


@dataclass(frozen=True)
class Entry:
    """One palette entry: its title (plain text, shown literally), a line of help, and what it does."""

    title: str
    help: str
    run: Callable[[], object]


def system_commands(screen: Screen[object]) -> Iterator[SystemCommand]:
    """The app's commands after Textual's own: help and the rescue copy everywhere, and home's actions on home."""
    app = screen.app
    yield SystemCommand("Help", "Show the keys for this screen", partial(app.run_action, "help"))
    yield SystemCommand("Save a copy elsewhere", "Write the text on screen to a file (Ctrl+G)",
                        partial(app.run_action, "save_elsewhere"))
    from coachtui.screens.home import HomeScreen

    if isinstance(screen, HomeScreen):
        yield SystemCommand("New partnership", "Set up a coach and coachee", screen.action_new)
        yield SystemCommand("Coordinator view", "The programme's figures, never anyone's own (C)",
                            screen.action_coordinator)
        yield SystemCommand("Coach training", "Role-play sessions: plan, play rounds, collect bundles (T)",
                            screen.action_training)
        yield SystemCommand("My practice over time", "Whose practice? Your own levels, meeting by meeting (P)",
                            screen.action_practice)


def screen_entries(screen: Screen[object]) -> list[Entry]:
    """What the screen on top offers beyond its footer: on the cycle screen every cycle of the partnership, in a
    meeting its ending and feedback, on a summary its export and sharing log."""
    from coachtui.screens.cycle import CycleScreen
    from coachtui.screens.meeting import MeetingScreen
    from coachtui.screens.summary import SummaryScreen

    if isinstance(screen, CycleScreen):
        return list(_cycle_entries(screen))
    if isinstance(screen, MeetingScreen):
        return [
            Entry("End the meeting", "Asks first; its summary comes next (x)", screen.action_end_meeting),
            Entry("Feedback on the talk", "The picture of this meeting's tagged talk (f)", screen.action_feedback),
            Entry("Observer console", "Tag every turn full-screen (c)", screen.action_observer_console),
            Entry("Add an action", "What, who and by when (a)", screen.action_add_action),
            Entry("Meeting length", "10, 12, 15 minutes or any (l)", screen.action_set_length),
        ]
    if isinstance(screen, SummaryScreen):
        return [
            Entry("Export the summary", "Once the coachee has approved it; every export is logged (x)",
                  screen.action_export),
            Entry("Sharing log", "What left the laptop, when and where to (l)", screen.action_sharing_log),
        ]
    return []


def _cycle_entries(screen: CycleScreen) -> Iterator[Entry]:
    try:
        numbers = [cycle.number for cycle in screen.coach_app.store.cycles.of_partnership(screen.partnership_id)]
    except StoreError:
        return
    for number in numbers:
        state = "current" if number == numbers[-1] else "closed"
        help_text = ("The cycle under way" if state == "current"
                     else "Read only: its meetings, summaries and their approval")
        yield Entry(f"Go to cycle {number} ({state})", help_text, partial(screen.show_cycle, number))


class ScreenCommands(Provider):
    """The palette's entries for the screen it was opened over (see `screen_entries`)."""

    def _entries(self) -> list[Entry]:
        return screen_entries(self.screen)

    async def discover(self) -> Hits:
        for entry in self._entries():
            yield DiscoveryHit(Content(entry.title), entry.run, text=entry.title, help=entry.help)

    async def search(self, query: str) -> Hits:
        for hit in _hits(self.matcher(query), self._entries()):
            yield hit


class PartnershipCommands(Provider):
    """"Open <coach> & <coachee>" in the command palette for every partnership. The names are the user's
    words, so the prompts are literal Content: the system commands' titles would be read as markup."""

    HELP = "Go to the partnership's current cycle"

    def _entries(self) -> list[Entry]:
        app = cast("CoachHost", self.app)
        try:
            partnerships = app.store.partnerships.all()
        except StoreError:
            return []
        return [Entry(f"Open {partnership.pair}", self.HELP, partial(app.open_partnership, partnership.id))
                for partnership in partnerships]

    async def discover(self) -> Hits:
        for entry in self._entries():
            yield DiscoveryHit(Content(entry.title), entry.run, text=entry.title, help=entry.help)

    async def search(self, query: str) -> Hits:
        for hit in _hits(self.matcher(query), self._entries()):
            yield hit


def _hits(matcher: Matcher, entries: Iterable[Entry]) -> Iterator[Hit]:
    for entry in entries:
        score = matcher.match(entry.title)
        if score > 0:
            yield Hit(score, highlighted(matcher, entry.title), entry.run, text=entry.title, help=entry.help)


def highlighted(matcher: Matcher, text: str) -> Content:
    """`text` with the letters the query matched highlighted, as Matcher.highlight does, but never as markup."""
    content = Content(text)
    _, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
