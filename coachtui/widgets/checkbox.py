"""A checkbox whose state shows without colour (a tick, or a blank: NO_COLOR, 16 colours), and whose label
wraps onto more lines instead of being cut at the edge of a small terminal."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.style import Style
from textual.widgets import Checkbox


class MarkedCheckbox(Checkbox):
    """Textual's checkbox draws the same X either way, tells on from off by colour alone, and keeps to one line."""

    DEFAULT_CSS = """
    MarkedCheckbox {
        max-width: 100%;
        height: auto;
        text-wrap: wrap;
        text-overflow: fold;
    }
    """

    MARK = "✓"

    @property
    def _button(self) -> Content:
        button_style = self.get_visual_style("toggle--button")
        side_style = Style(foreground=button_style.background, background=self.background_colors[1])
        return Content.assemble((self.BUTTON_LEFT, side_style), (self.MARK if self.value else " ", button_style),
                                (self.BUTTON_RIGHT, side_style))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self.render().wrap(width)))
