"""One line that says what the next function key will commit."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from coachtui.tagging import StickyTags


class StickyBar(Widget):
    """The current speaker and sticky dimensions, shown before every key press."""

    tags: reactive[StickyTags] = reactive(StickyTags, layout=False)

    def render(self) -> Text:
        tags = self.tags
        line = Text.assemble(("Next ", "dim"), (f" {tags.speaker.upper()} ", "bold reverse"))
        if tags.initiation_armed:
            line.append("  ▸ opens a new strand", "bold")
        if tags.co_construction:
            line.append("  ⇄ building together", "bold")
        line.append("   tagging as ", "dim")
        line.append(tags.observer or "·", "italic")
        line.append("\n")
        for index, (label, value) in enumerate((("scale", tags.scale), ("time", tags.time),
                                                ("stimulus", tags.stimulus), ("tone", tags.tone),
                                                ("subject", tags.subject))):
            line.append(f"{' │ ' if index else ''}{label}: ", "dim")
            line.append(value or "·")
        return line
