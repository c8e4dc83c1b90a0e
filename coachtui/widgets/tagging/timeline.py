"""The scrollable list of tagged turns: time, speaker and tags, coloured by function.

Built on Textual's line API rather than a DataTable: a meeting can hold thousands of turns and a
new one arrives every few seconds, so each row is rendered once into a cached strip and a key
press repaints only this widget, without a layout pass.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from coachtui.core.model import Turn, format_clock
from coachtui.widgets.tagging.colours import function_style

# (title, width); the note takes what is left.
COLUMNS = (("Time", 6), ("Who", 9), ("Function", 15), ("Marks", 6), ("Scale", 19), ("Time-frame", 24),
           ("Stimulus", 18), ("Tone", 14), ("Note", 0))


def marks(turn: Turn) -> Text:
    """◆ critical moment, ⇄ co-construction, ▸ opens a new strand, ✎ has a note."""
    text = Text()
    if turn.scale == "critical moment":
        text.append("◆", "bold")
    if turn.co_construction:
        text.append("⇄", "bold")
    if turn.initiation:
        text.append("▸")
    if turn.note:
        text.append("✎")
    return text


def cells(turn: Turn) -> tuple[Text, ...]:
    return (
        Text(format_clock(turn.t)),
        Text(turn.speaker, "bold" if turn.speaker == "coach" else ""),
        Text(turn.function, function_style(turn.function)),
        marks(turn),
        Text(turn.scale),
        Text(turn.time),
        Text("" if turn.stimulus == "none" else turn.stimulus),
        Text("" if turn.tone == "neutral" else turn.tone),
        Text(turn.note.replace("\n", " ")),
    )


def header_line() -> Text:
    return _join(tuple(Text(title, "bold") for title, _ in COLUMNS))


def _join(parts: tuple[Text, ...]) -> Text:
    line = Text(no_wrap=True, overflow="crop")
    for (_, width), part in zip(COLUMNS, parts, strict=True):
        if width:
            part = part.copy()
            part.truncate(width - 1, overflow="ellipsis")
            part.pad_right(width - part.cell_len)
        line.append_text(part)
    return line


class TurnTimeline(Widget, can_focus=True):
    """Every turn of one observer in time order; the cursor row is the turn to edit.

    It keeps its own scroll position rather than being a ScrollView: a growing virtual size would
    ask for a screen-wide layout pass on every tag. When the cursor runs off the bottom the view
    jumps half a page, so most new turns repaint two lines rather than shifting every line.
    """

    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "cursor_to(0)", "First", show=False),
        Binding("end", "cursor_to(-1)", "Last", show=False),
        Binding("enter", "choose", "Edit turn", show=False),
    ]
    COMPONENT_CLASSES = {"timeline--cursor", "timeline--even", "timeline--thumb"}

    class TurnChosen(Message):
        """Enter or a double click on a turn: the observer wants to edit it."""

        def __init__(self, turn_id: int) -> None:
            super().__init__()
            self.turn_id = turn_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._turns: list[Turn] = []
        self._strips: dict[tuple[int, int, int, bool], Strip] = {}
        self.cursor = -1
        self.top = 0
        self._last_thumb = range(0)
        self._styles: tuple[Style, Style, Style, Style] | None = None

    # -- content ----------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._turns)

    def turn_at(self, row: int) -> Turn:
        return self._turns[row]

    def show_turns(self, turns: list[Turn]) -> None:
        self._turns = list(turns)
        self._strips.clear()
        self.move_cursor(len(self._turns) - 1)
        self._fill_view()
        self.refresh()

    def _fill_view(self) -> None:
        """Scroll up if needed so the view is full of turns, not half empty at the bottom."""
        self.top = max(0, min(self.top, len(self._turns) - self.size.height))

    def append_turn(self, turn: Turn) -> None:
        self._turns.append(turn)
        self.move_cursor(len(self._turns) - 1)

    def replace_turn(self, turn: Turn) -> None:
        for row, old in enumerate(self._turns):
            if old.id == turn.id:
                self._turns[row] = turn
                self._forget(turn.id)
                self._refresh_row(row)
                return

    def remove_turn(self, turn_id: int) -> None:
        self._turns = [turn for turn in self._turns if turn.id != turn_id]
        self._strips.clear()  # rows below it change stripe
        self.move_cursor(min(self.cursor, len(self._turns) - 1))
        self.refresh()

    def selected_turn_id(self) -> int | None:
        if 0 <= self.cursor < len(self._turns):
            return self._turns[self.cursor].id
        return None

    def _forget(self, turn_id: int) -> None:
        for key in [key for key in self._strips if key[0] == turn_id]:
            del self._strips[key]

    # -- cursor and scrolling --------------------------------------------------------------------

    def move_cursor(self, row: int) -> None:
        """Put the cursor on `row`, scrolling only when it would leave the view."""
        old_cursor, old_top = self.cursor, self.top
        self.cursor = max(-1, min(row, len(self._turns) - 1))
        height = max(1, self.size.height)
        if self.cursor < self.top:
            self.top = max(0, self.cursor)
        elif self.cursor >= self.top + height:
            # Half a page at a time: the rows above stay readable and most moves scroll nothing.
            self.top = self.cursor - height // 2 if self.cursor == len(self._turns) - 1 else self.cursor - height + 1
        self.top = max(0, min(self.top, len(self._turns) - 1))
        if self.top != old_top:
            self.refresh()
        else:
            self._refresh_row(old_cursor)
            self._refresh_row(self.cursor)
            self._refresh_thumb()

    def _refresh_row(self, row: int) -> None:
        y = row - self.top
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def _refresh_thumb(self) -> None:
        thumb = self._thumb_rows()
        if thumb != self._last_thumb:
            self._last_thumb = thumb
            self.refresh(Region(self.size.width - 1, 0, 1, self.size.height))

    def action_cursor(self, step: int) -> None:
        if self._turns:
            self.move_cursor(max(0, self.cursor + step))

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * max(1, self.size.height - 1))

    def action_cursor_to(self, row: int) -> None:
        if self._turns:
            self.move_cursor(row % len(self._turns))

    def action_choose(self) -> None:
        turn_id = self.selected_turn_id()
        if turn_id is not None:
            self.post_message(self.TurnChosen(turn_id))

    def on_click(self, event: events.Click) -> None:
        row = event.y + self.top
        if 0 <= row < len(self._turns):
            if row == self.cursor and event.chain >= 2:
                self.action_choose()
            self.move_cursor(row)

    def _scroll_by(self, rows: int) -> None:
        self.top = max(0, min(self.top + rows, len(self._turns) - self.size.height))
        self.refresh()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self._scroll_by(3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self._scroll_by(-3)

    def on_resize(self) -> None:
        self._strips.clear()
        self.move_cursor(self.cursor)
        self._fill_view()
        self.refresh()

    # -- rendering -------------------------------------------------------------------------------

    def _thumb_rows(self) -> range:
        """Which lines of the view carry the one-column position mark."""
        height, total = self.size.height, len(self._turns)
        if total <= height or height <= 0:
            return range(0)
        size = max(1, height * height // total)
        start = min(height - size, self.top * height // total)
        return range(start, start + size)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._strips.clear()

    def _row_styles(self) -> tuple[Style, Style, Style, Style]:
        """Base, even-row, cursor and thumb styles; looked up once, not for every line."""
        if self._styles is None:
            base = self.rich_style
            self._styles = (base, base + self.get_component_rich_style("timeline--even"),
                            self.get_component_rich_style("timeline--cursor"),
                            self.get_component_rich_style("timeline--thumb"))
        return self._styles

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base, even, cursor, thumb_style = self._row_styles()
        row = self.top + y
        if not 0 <= row < len(self._turns):
            return Strip.blank(width, base)
        turn = self._turns[row]
        thumb = y in self._thumb_rows()
        key = (turn.id, width, row % 2, thumb)
        strip = self._strips.get(key)
        if strip is None:
            segments = list(_join(cells(turn)).render(self.app.console))
            body = Strip(segments).adjust_cell_length(width - 1).apply_style(even if row % 2 else base)
            mark = Segment("▐", thumb_style) if thumb else Segment(" ", base)
            strip = Strip([*body, mark], width)
            self._strips[key] = strip
        if row == self.cursor:
            # Over the row's own colours, so the cursor's background shows.
            return Strip(Segment.apply_style(iter(strip), post_style=cursor), strip.cell_length)
        return strip
