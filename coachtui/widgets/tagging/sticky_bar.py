"""Two lines that say what the next function key will commit."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from coachtui.tagging import StickyTags


def describe(tags: StickyTags) -> tuple[Text, Text]:
    """Who speaks next and the one-turn marks; then the sticky dimensions."""
    first = Text.assemble(("Next ", "dim"), (f" {tags.speaker.upper()} ", "bold reverse"))
    if tags.initiation_armed:
        first.append("  ▸ opens a new strand", "bold")
    if tags.co_construction:
        first.append("  ⇄ building together", "bold")
    first.append("   tagging as ", "dim")
    first.append(tags.observer or "·", "italic")
    second = Text()
    for index, (label, value) in enumerate((("scale", tags.scale), ("time", tags.time), ("stimulus", tags.stimulus),
                                            ("tone", tags.tone), ("subject", tags.subject))):
        second.append(f"{' │ ' if index else ''}{label}: ", "dim")
        second.append(value or "·")
    return first, second


class StickyBar(Widget):
    """The current speaker and sticky dimensions, shown before every key press.

    Drawn line by line and cached per state: it changes on nearly every tag.
    """

    tags: reactive[StickyTags] = reactive(StickyTags, layout=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._strips: dict[tuple[StickyTags, int, int], Strip] = {}

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        key = (self.tags, width, y)
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) > 256:
                self._strips.clear()
            lines = describe(self.tags)
            segments = list(lines[y].render(self.app.console)) if y < len(lines) else []
            strip = Strip(segments).adjust_cell_length(width).apply_style(self.rich_style)
            self._strips[key] = strip
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
