"""The codebook on screen: what each tag means, with an example, looked up without leaving the tagging.

`?` opens it wherever turns are being tagged (the observer console, the meeting's Talk tab); a function's
tagging key jumps to that function, and Escape or `?` goes straight back to tagging.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coachtui.core.codebook import Codebook, Entry, codebook, function_key
from coachtui.screens.base import UsesCoachApp
from coachtui.widgets.key_table import bindings_table
from coachtui.widgets.keys import keyed
from coachtui.widgets.tagging.colours import function_style
from coachtui.widgets.tagging.legend import compact_key_label

KEYS_OPTION = "keys"
HINT = "↑↓ or a function's key: look it up · Esc or ?: back to tagging"


def entry_id(entry: Entry) -> str:
    return f"{entry.dimension}:{entry.value}"


def describe_entry(book: Codebook, entry: Entry, key: str = "") -> Text:
    """One entry as literal text (never markup): its name and key, definition, example, how to tell it
    apart, and what its dimension asks."""
    section = book.section(entry.dimension)
    style = f"bold {function_style(entry.value)}" if entry.dimension == "function" else "bold"
    text = Text.assemble((entry.label, style))
    if key:
        text.append("  key ")
        text.append(compact_key_label(key), "bold reverse")
    text.append("\n\n")
    text.append(entry.definition)
    text.append("\n\n")
    text.append(f"e.g. \u201c{entry.example}\u201d", "italic")
    if entry.tell_apart:
        text.append("\n\n")
        text.append("Tell apart: ", "bold")
        text.append(entry.tell_apart)
    text.append("\n\n")
    text.append(f"{section.title}: {section.about}", "dim")
    return text


class CodebookScreen(UsesCoachApp, ModalScreen[None]):
    """Every function and dimension value in a list, the highlighted one's definition beside it, and, last,
    the keys of the screen underneath (which `?` shows on other screens)."""

    CSS_PATH = "codebook.tcss"

    BINDINGS = [keyed("codebook.close", "close", "Back to tagging")]

    def __init__(self, beneath: Screen | None = None) -> None:
        super().__init__()
        self.beneath = beneath
        self._entries: dict[str, Entry] = {}
        self._jumps: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog codebook-dialog"):
            yield Static("Codebook: what each tag means", classes="dialog-title")
            with Horizontal(id="codebook-body"):
                yield OptionList(id="codebook-list")
                with VerticalScroll(id="codebook-detail-box"):
                    yield Static(id="codebook-detail")
            yield Static(HINT, classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self.book = codebook()
        keys = self.coach_app.active_keys
        options: list[Option | None] = []
        for section in self.book.sections:
            if not section.entries:
                continue  # free text (the subject): nothing to look up
            options.append(Option(Text(section.title, style="bold underline"), disabled=True))
            for entry in section.entries:
                self._entries[entry_id(entry)] = entry
                options.append(Option(self._prompt(entry, keys), id=entry_id(entry)))
        if self.beneath is not None:
            options.append(Option(Text("Keys", style="bold underline"), disabled=True))
            options.append(Option(Text("  every key on this screen"), id=KEYS_OPTION))
        for function in self.book.functions:
            for key in function_key(keys, function.value).split(","):
                if key.strip():
                    self._jumps.setdefault(key.strip(), entry_id(function))
        listing = self.query_one("#codebook-list", OptionList)
        listing.add_options(options)
        listing.highlighted = listing.get_option_index(entry_id(self.book.functions[0]))
        listing.focus()

    def _prompt(self, entry: Entry, keys: dict[str, str]) -> Text:
        if entry.dimension != "function":
            return Text(f"  {entry.label}")
        key = compact_key_label(function_key(keys, entry.value)) or " "
        return Text.assemble((key, "bold reverse"), " ", (entry.label, function_style(entry.value)))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.query_one("#codebook-detail", Static).update(self.detail(event.option_id or ""))
        self.query_one("#codebook-detail-box", VerticalScroll).scroll_home(animate=False)

    def detail(self, option_id: str) -> RenderableType:
        """What the detail pane shows for an option of the list."""
        if option_id == KEYS_OPTION and self.beneath is not None:
            return Group(Text("Keys on the screen underneath", style="bold"), bindings_table(self.beneath))
        entry = self._entries[option_id]
        key = function_key(self.coach_app.active_keys, entry.value) if entry.dimension == "function" else ""
        return describe_entry(self.book, entry, key)

    def on_key(self, event: events.Key) -> None:
        # A function's tagging key finds it here, so the observer looks up what they would press.
        target = self._jumps.get(event.key)
        if target is not None:
            event.stop()
            event.prevent_default()
            listing = self.query_one("#codebook-list", OptionList)
            listing.highlighted = listing.get_option_index(target)

    def action_close(self) -> None:
        self.dismiss(None)
