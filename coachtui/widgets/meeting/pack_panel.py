"""The pedagogy prompt panel: pick a pack, read its themes and evidence questions."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Select, Static

from coachtui.core.model import GrowPhase
from coachtui.core.packs import HEADING_TITLES, PackLibrary, PromptPack


def pack_text(pack: PromptPack, phase: GrowPhase) -> Text:
    text = Text()
    if pack.summary:
        text.append(pack.summary + "\n\n", style="italic")
    sections = [
        (f"For {phase.label.lower()}", pack.grow.get(phase, ())),
        ("Themes to discuss", pack.discussion),
        ("Evidence worth looking at", pack.evidence),
        *[(HEADING_TITLES[h], items) for h, items in pack.headings.items()],
    ]
    for title, items in sections:
        if not items:
            continue
        text.append(title + "\n", style="bold")
        for item in items:
            text.append(f"• {item}\n")
        text.append("\n")
    text.rstrip()
    return text


def pack_options(library: PackLibrary) -> list[tuple[Text, str]]:
    """Select options for every pack; titles come from users' files, so never as markup."""
    return [(Text(p.title), p.key) for p in library.ordered()]


class PackPanel(Vertical):
    """Posts PackChosen when the coach picks another pack; the screen sets `show(...)`."""

    class PackChosen(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, library: PackLibrary, key: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.library = library
        self.key = library.get(key).key

    def compose(self) -> ComposeResult:
        yield Select(pack_options(self.library), value=self.key, allow_blank=False,
                     id="pack-select")
        with VerticalScroll(id="pack-scroll"):
            yield Static(id="pack-text")

    def show(self, key: str, phase: GrowPhase) -> None:
        self.key = self.library.get(key).key
        self.query_one("#pack-text", Static).update(pack_text(self.library.get(key), phase))

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str) and event.value != self.key:
            self.post_message(self.PackChosen(event.value))
