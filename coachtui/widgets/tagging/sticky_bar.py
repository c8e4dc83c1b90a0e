"""The lines that say what the next function key will commit, in full at any width."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from coachtui.core.tagging import LONG_HELD, StickyTags

# Short forms, so every sticky value fits beside the timeline at 80 columns.
SHORT = {
    "critical moment": "moment", "lesson as a whole": "whole lesson", "generalised theme": "theme",
    "school or societal issue": "school/society", "the lesson itself": "the lesson",
    "future specific lessons": "future lessons", "no specific time-frame": "no time-frame",
    "video extract": "video", "observation notes": "notes", "other artefact": "artefact",
}


def describe(tags: StickyTags, width: int = 80) -> list[Text]:
    """Who speaks next and the one-turn marks; every sticky value that is set, wrapped to `width`;
    then the subject on one line.

    No sticky value is ever cut: an item too long for a line runs on over the next. Values not set
    are left out, so the bar stays short beside a narrow timeline. A value left on for many turns is
    flagged with how many, so it is never applied unnoticed.
    """
    first = [Text.assemble(("Next ", "dim"), (f" {tags.next_speaker_name.upper()} ", "bold reverse"),
                           (f" then {tags.speaker}" if tags.one_turn_speaker else "", "dim"))]
    if tags.initiation_armed:
        first.append(Text("▸ opens a strand", "bold"))
    if tags.co_construction:
        first.append(Text("⇄ building together", "bold"))
    first.append(Text.assemble(("as ", "dim"), (tags.observer or "·", "italic")))
    sticky = []
    for label, dimension in (("scale", "scale"), ("time", "time"), ("stim", "stimulus"), ("tone", "tone")):
        value = getattr(tags, dimension)
        if not value:
            continue
        item = Text.assemble((f"{label} ", "dim"), SHORT.get(value, value))
        held = tags.held_for(dimension)
        if held >= LONG_HELD:
            item.append(f" ⚠{held} turns", "bold reverse")
        sticky.append(item)
    lines = _wrap(first, width, "  ") + (_wrap(sticky, width, " │ ") if sticky else [Text("nothing sticky", "dim")])
    subject = Text.assemble(("subject ", "dim"), tags.subject or "·")
    subject.no_wrap, subject.overflow = True, "ellipsis"  # free text from the cycle's focus: one line is enough
    return [*lines, subject]


def _wrap(items: list[Text], width: int, separator: str) -> list[Text]:
    width = max(8, width)
    lines: list[Text] = []
    current = Text()
    for item in items:
        if current and current.cell_len + len(separator) + item.cell_len > width:
            lines.append(current)
            current = Text()
        if current:
            current.append(separator, "dim")
        current.append_text(item)
        while current.cell_len > width:  # one long item: carry the rest to the next line
            lines.append(current[:width])
            current = current[width:]
    if current:
        lines.append(current)
    return lines


class StickyBar(Widget):
    """The current speaker and sticky dimensions, shown before every key press.

    Drawn line by line and cached per state: it changes on nearly every tag.
    """

    tags: reactive[StickyTags] = reactive(StickyTags, layout=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._strips: dict[tuple[StickyTags, int, int], Strip] = {}
        self._height = 3

    def watch_tags(self, tags: StickyTags) -> None:
        # A new layout only when the number of lines changes: most tags leave it alone.
        height = len(describe(tags, self.size.width or 80))
        if height != self._height:
            self._height = height
            self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(describe(self.tags, width))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        key = (self.tags, width, y)
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) > 256:
                self._strips.clear()
            lines = describe(self.tags, width)
            segments = list(lines[y].render(self.app.console)) if y < len(lines) else []
            strip = Strip(segments).adjust_cell_length(width).apply_style(self.rich_style)
            self._strips[key] = strip
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
