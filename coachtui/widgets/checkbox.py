"""A checkbox whose state shows without colour: a mark when ticked, a blank when not (NO_COLOR, 16 colours)."""

from __future__ import annotations

from textual.content import Content
from textual.style import Style
from textual.widgets import Checkbox


class MarkedCheckbox(Checkbox):
    """Textual's checkbox draws the same X either way and tells on from off by colour alone."""

    MARK = "✓"

    @property
    def _button(self) -> Content:
        button_style = self.get_visual_style("toggle--button")
        side_style = Style(foreground=button_style.background, background=self.background_colors[1])
        return Content.assemble((self.BUTTON_LEFT, side_style), (self.MARK if self.value else " ", button_style),
                                (self.BUTTON_RIGHT, side_style))
