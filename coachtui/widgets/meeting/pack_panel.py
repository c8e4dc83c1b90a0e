"""The pedagogy prompt panel: pick a pack, read its themes and evidence questions."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Select, Static

from coachtui.core.model import GrowPhase, Stage
from coachtui.core.packs import HEADING_TITLES, PackLibrary, PromptPack


def stage_prompts(pack: PromptPack, phase: GrowPhase, stage: Stage) -> tuple[str, ...]:
    """The pack's questions for this phase of a meeting at this stage. A pack's GROW questions plan a lesson,
    so they belong before it; after the lesson, Reality looks at the evidence and the rest is the pair's."""
    if stage is Stage.POST_LESSON:
        return pack.evidence if phase is GrowPhase.REALITY else ()
    return pack.grow.get(phase, ())


def pack_text(pack: PromptPack, phase: GrowPhase, stage: Stage = Stage.PRE_LESSON) -> Text:
    text = Text()
    if pack.summary:
        text.append(pack.summary + "\n\n", style="italic")
    after_lesson = stage is Stage.POST_LESSON
    sections = [
        *([] if after_lesson else [(f"For {phase.label.lower()}", stage_prompts(pack, phase, stage))]),
        *([("Evidence worth looking at", pack.evidence)] if after_lesson else []),
        ("Themes to discuss", pack.discussion),
        *([] if after_lesson else [("Evidence worth looking at", pack.evidence)]),
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

    def __init__(self, library: PackLibrary, key: str, stage: Stage = Stage.PRE_LESSON, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.library = library
        self.key = library.get(key).key
        self.stage = stage

    def compose(self) -> ComposeResult:
        yield Select(pack_options(self.library), value=self.key, allow_blank=False,
                     id="pack-select")
        with VerticalScroll(id="pack-scroll"):
            yield Static(id="pack-text")

    def show(self, key: str, phase: GrowPhase) -> None:
        self.key = self.library.get(key).key
        self.query_one("#pack-text", Static).update(pack_text(self.library.get(key), phase, self.stage))

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str) and event.value != self.key:
            self.post_message(self.PackChosen(event.value))
