"""The coachtui App: owns the store, the prompt packs and the keymap; screens do the rest."""

from __future__ import annotations

import time
from collections.abc import Iterable
from contextlib import suppress
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.screen import Screen

from coachtui.errors import StoreError
from coachtui.settings import Settings
from coachtui.store import Clock, Store, utc_now
from coachtui.text import escape_controls
from coachtui.widgets.keys import keyed

if TYPE_CHECKING:
    from types import ModuleType

    from textual.events import DescendantFocus
    from textual.notifications import SeverityLevel
    from textual.worker import Worker

    from coachtui.core.analysis import Band
    from coachtui.core.clock import Ticker
    from coachtui.core.nudges import Rule
    from coachtui.core.packs import GrowGuide, PackLibrary
    from coachtui.core.rubric import Rubric
    from coachtui.core.scenarios import ScenarioLibrary
    from coachtui.core.tagging import StickyTags
    from coachtui.core.vocabulary import Vocabulary
    from coachtui.rescue import RescueCopy


DATABASE_CHECK_SECONDS = 2.0


WRITE_WAIT_SECONDS = 1.0


class CoachApp(App[None]):
    """Runs coaching meetings against one open database."""

    TITLE = "coachtui"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    # Below 70 columns a screen has the class -narrow: the meeting stacks its side panel under the notes and
    # the observer console keeps the timeline whole beside a one-column key list (see app.tcss, talk.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide")]
    COMMANDS = App.COMMANDS | {lambda: _palette().PartnershipCommands, lambda: _palette().ScreenCommands}
    BINDINGS = [
        keyed("app.help", "help", "Help"),
        keyed("app.quit", "quit", "Quit", show=False, priority=True),
        keyed("app.save_elsewhere", "save_elsewhere", "Save a copy", show=False),
    ]
    # Text cursors blink unless this is False; the tests switch it off so that what a screenshot shows
    # never depends on the moment it is taken.
    CURSOR_BLINK: ClassVar[bool] = True
    # Set by the command that runs the app in a terminal (not by tests driving it with Pilot).
    exit_on_sigterm = False

    def __init__(self, store: Store, *, ticker: Ticker = time.monotonic,
                 packs: PackLibrary | None = None, packs_dir: Path | None = None,
                 keymap_file: Path | None = None, subtitle: str = "", settings: Settings | None = None) -> None:
        super().__init__()
        self.store = store
        # Writes run on the UI thread: one that waits on another process's write gives up after a second with
        # a message, rather than freezing the screen for the five seconds a command may wait.
        store.wait_for_lock_at_most(WRITE_WAIT_SECONDS)
        self.settings = settings or Settings()
        self.ticker = ticker
        # Each observer's sticky tags in each meeting, kept while the app runs, so leaving and reopening
        # the console or the Talk tab carries on where they were and never hands them to someone else.
        self.sticky_tags: dict[tuple[int, str], StickyTags] = {}
        if packs is not None:
            self.packs = packs
        self._packs_dir = packs_dir
        self._keymap_file = keymap_file
        self._keymap_problems: list[str] = []
        self._theme_problems: list[str] = []
        self._last_store_error: tuple[str, float] = ("", -1e9)
        # The database's path came from the command line or the settings: shown, never sent to the terminal.
        self.sub_title = subtitle or escape_controls(str(store.path), one_line=True)

    @cached_property
    def packs(self) -> PackLibrary:
        """Prompt packs, read on first use so they never delay the first screen."""
        from coachtui.core.packs import load_packs
        from coachtui.locations import user_packs_dir

        return load_packs(self._packs_dir if self._packs_dir is not None else user_packs_dir())

    @cached_property
    def active_keys(self) -> dict[str, str]:
        """The key(s) of each binding id: the user's keymap over the shipped one."""
        from coachtui.core.keymap import shipped_keymap

        # Reached only without a keymap file of the user's (`_apply_keymap` sets it when there is one),
        # so the shipped map is read when a screen first shows keys, not before the first screen.
        return shipped_keymap()

    @cached_property
    def grow(self) -> GrowGuide:
        from coachtui.core.packs import load_grow

        return load_grow()

    @cached_property
    def vocabulary(self) -> Vocabulary:
        from coachtui.core.vocabulary import vocabulary

        return vocabulary()

    @cached_property
    def bands(self) -> list[Band]:
        """Reference bands: the coordinator's where they set them, else the shipped ones."""
        from coachtui.services.bands import bands_in_use

        bands, problem = bands_in_use()
        if problem:
            self.notify(problem, title="Data file skipped", severity="warning", timeout=10, markup=False)
        return bands

    @cached_property
    def nudge_rules(self) -> list[Rule]:
        """Nudge rules: the shipped ones, with the user's own by id; a bad file is reported."""
        from coachtui.core.nudges import load_rules
        from coachtui.locations import user_nudges_path

        rules, problems = load_rules(user_nudges_path())
        for problem in problems:
            self.notify(problem, title="Data file skipped", severity="warning", timeout=10, markup=False)
        return rules

    @cached_property
    def scenarios(self) -> ScenarioLibrary:
        """Role-play scenarios: the shipped ones and the school's own; a bad file is reported."""
        from coachtui.core.scenarios import load_scenarios
        from coachtui.locations import user_scenarios_dir

        library = load_scenarios(self.packs.packs.keys(), user_scenarios_dir())
        for problem in library.problems:
            self.notify(problem, title="Data file skipped", severity="warning", timeout=10, markup=False)
        return library

    @cached_property
    def rubric(self) -> Rubric:
        from coachtui.core.rubric import load_rubric

        return load_rubric()

    def get_default_screen(self) -> Screen:
        # Home is the base screen itself, so start-up lays out and paints one screen, not two.
        from coachtui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        from coachtui.locations import is_file, user_keymap_path

        self._apply_remembered_theme()

        keymap_file = self._keymap_file if self._keymap_file is not None else user_keymap_path()
        # Without a keymap of the user's, the bindings' own keys are the shipped ones: nothing to read
        # before the first screen (the keymap module and its TOML cost about 3% of a bare start).
        if is_file(keymap_file):
            self._apply_keymap(keymap_file)
        self.call_after_refresh(self._report_data_problems)
        if self.exit_on_sigterm:
            self._exit_on_sigterm()
        # A database deleted or moved under the app is said at once, not at the next save.
        self._database_gone_told = False
        self.set_interval(DATABASE_CHECK_SECONDS, self.check_database)

    def _apply_remembered_theme(self) -> None:
        """The theme last chosen in the command palette (config.toml's `theme`), if Textual still has it."""
        chosen = self.settings.theme
        if chosen is not None and chosen in self.available_themes:
            self.theme = chosen
        elif chosen is not None:
            self._theme_problems.append(f"The theme '{chosen}' in config.toml is not one this coachtui has; the "
                                        "default is used.")
        self._remembered_theme = self.theme  # from here on, a change is the user's choice, to remember

    def watch_theme(self, theme: str) -> None:
        if getattr(self, "_remembered_theme", theme) == theme:
            return
        self._remembered_theme = theme
        self.run_worker(lambda: self._remember_theme(theme), thread=True, group="theme", exit_on_error=False)

    def _remember_theme(self, theme: str) -> None:
        from coachtui.errors import CoachError
        from coachtui.services.preferences import remember_theme

        try:
            remember_theme(theme)
        except CoachError as error:
            self.call_from_thread(self.notify, f"{error} The theme is used until you quit.",
                                  title="Theme not remembered", severity="warning", markup=False)

    def _exit_on_sigterm(self) -> None:
        # Python's default for SIGTERM ends the process at once, leaving the terminal in the alternate screen
        # with mouse tracking on and no cursor; exiting as Ctrl+Q does puts the terminal back.
        import asyncio
        import signal

        with suppress(NotImplementedError, RuntimeError, ValueError):  # no signals on this platform or thread
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, self.exit)

    def check_database(self) -> None:
        """Tell the user, once, if the database file has gone from under the app; what is on screen stays."""
        problem = self.store.gone()
        if problem and not self._database_gone_told:
            self._database_gone_told = True
            self.notify(f"{problem} What you type now is not kept: Ctrl+G saves a copy of the text on screen to "
                        "a file. Quit, then restore the file (or start again) before going on.",
                        title="Database gone", severity="error", timeout=60, markup=False)

    def _apply_keymap(self, keymap_file: Path) -> None:
        from coachtui.core.keymap import load_keymap, shipped_keymap

        keys, self._keymap_problems = load_keymap(keymap_file)
        self.active_keys = keys
        # Only the user's changes: Textual re-applies the keymap to the binding chain on every key
        # press, and the shipped keys are already the bindings' own.
        shipped = shipped_keymap()
        self.set_keymap({binding_id: key for binding_id, key in keys.items() if shipped.get(binding_id) != key})

    def _report_data_problems(self) -> None:
        for problem in [*self.settings.problems, *self._theme_problems, *self._pack_problems(),
                        *self._keymap_problems]:
            self.notify(problem, title="Data file skipped", severity="warning", timeout=10, markup=False)

    def _pack_problems(self) -> list[str]:
        """Problems with the user's own prompt packs (the shipped ones have none)."""
        if "packs" not in self.__dict__:
            from coachtui.locations import user_packs_dir

            folder = self._packs_dir if self._packs_dir is not None else user_packs_dir()
            # No packs of the user's, so none to report: the packs are read when a screen first needs them.
            if not any(folder.glob("*.toml")):  # nothing, too, for a folder that cannot be read
                return []
        return self.packs.problems

    def action_help(self) -> None:
        from coachtui.screens.codebook import CodebookScreen
        from coachtui.screens.help import HelpScreen, help_for

        if not isinstance(self.screen, HelpScreen | CodebookScreen):
            self.push_screen(help_for(self.screen))

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        # A text cursor blinks only while its box has the focus, so this reaches every box on every screen.
        if self.CURSOR_BLINK:
            return
        from textual.widgets import Input, TextArea

        if isinstance(event.widget, Input | TextArea):
            event.widget.cursor_blink = False

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        from coachtui.screens.base import tell_worker_failure

        tell_worker_failure(self, event)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Textual's notification, with any control character in it (from a file's name or contents, say)
        shown as an escape rather than sent to the terminal; every screen's notifications come here."""
        super().notify(escape_controls(message), title=escape_controls(title), severity=severity, timeout=timeout,
                       markup=markup)

    def report_open_error(self, what: str, error: StoreError) -> None:
        """A screen that could not read what it shows says so and closes; nothing was changed."""
        self.notify(f"Could not open {what}: {error}", title="Not opened", severity="error", timeout=15,
                    markup=False)

    def report_store_error(self, error: StoreError) -> None:
        """Every screen sends failed saves here so the message reads the same everywhere.

        The same failure on every keystroke is shown once every few seconds, not as a flood.
        """
        message = f"{error} What you typed is still on screen; Ctrl+G saves a copy of it to a file."
        last_message, last_time = self._last_store_error
        now = time.monotonic()
        if message == last_message and now - last_time < 5:
            return
        self._last_store_error = (message, now)
        self.notify(message, title="Not saved", severity="error", timeout=15, markup=False)

    def action_save_elsewhere(self) -> None:
        """Write the text on screen to a file of the user's choosing: the way out when saving fails."""
        from coachtui.rescue import copy_of_screens, default_rescue_path
        from coachtui.screens.text_prompt import TextPrompt

        # A summary goes in as the coachee's approval allows: the approved text, or the draft marked not for
        # sharing; either way the copy is recorded in the partnership's sharing log.
        copy = copy_of_screens(self.screen_stack)
        if not copy.text:
            self.notify("There is no typed text on screen to save.", severity="warning")
            return

        def chosen(path: str | None) -> None:
            if not path:
                return
            from coachtui.errors import DataFileError
            from coachtui.services.reading import user_path

            try:
                self._write_rescue(user_path(path), copy)
            except DataFileError as problem:
                self.notify(str(problem), severity="error", markup=False)

        self.push_screen(TextPrompt("Save a copy of the text on screen to", str(default_rescue_path()),
                                    max_length=500, required=True), chosen)

    @work(thread=True, exclusive=True, group="rescue", exit_on_error=False)
    def _write_rescue(self, path: Path, copy: RescueCopy) -> None:
        from coachtui.errors import DataFileError
        from coachtui.rescue import write_rescue

        try:
            said = write_rescue(path, copy, self.store.sharing)
        except DataFileError as problem:
            self.call_from_thread(self.notify, f"{problem} Try another folder or name.",
                                  title="Not saved", severity="error", timeout=15, markup=False)
            return
        self.call_from_thread(self.notify, said, title="Copy saved", timeout=10, markup=False)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from coachtui.screens.palette import system_commands

        yield from super().get_system_commands(screen)
        yield from system_commands(screen)

    def open_partnership(self, partnership_id: int) -> None:
        from coachtui.screens.cycle import CycleScreen
        from coachtui.screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        self.push_screen(CycleScreen(partnership_id))


def _palette() -> ModuleType:
    """The palette's providers, imported when the palette first opens rather than at start."""
    import coachtui.screens.palette

    return coachtui.screens.palette


def make_app(db_path: Path | str, *, ticker: Ticker = time.monotonic, now: Clock = utc_now,
             packs_dir: Path | None = None, keymap_file: Path | None = None,
             subtitle: str = "", passphrase: str | None = None, settings: Settings | None = None) -> CoachApp:
    """Open the database (raising StoreError) and build the app; shared by the CLI and the tests."""
    store = Store.open(db_path, now=now, passphrase=passphrase)
    return CoachApp(store, ticker=ticker, packs_dir=packs_dir, keymap_file=keymap_file, subtitle=subtitle,
                    settings=settings)


if TYPE_CHECKING:
    from coachtui.screens.host import CoachHost

    def _coach_app_is_a_host(app: CoachApp) -> CoachHost:
        return app  # mypy checks here that the app gives screens everything the protocol promises
