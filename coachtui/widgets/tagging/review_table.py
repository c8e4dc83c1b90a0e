"""The review pass's table of one observer's turns: the dimension under review in full, the others as they fit,
and the rows of a selected stretch marked. The review screen sets what it shows; the table draws it."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from coachtui.core.model import Turn, format_clock

# The dimensions the live pass leaves for the review, in the order they are offered.
REVIEWED = ("stimulus", "scale", "tone", "time")
COLUMNS = ("at", "speaker", "function", "opens", *REVIEWED, "co")
CODE_HEADERS = {"stimulus": "st", "scale": "sc", "tone": "to", "time": "ti"}
# Under this many characters a dimension that is not under review shows its number key, not a cut word.
MIN_WORD_WIDTH = 7


def missing(turn: Turn) -> list[str]:
    """The reviewed dimensions this turn has no value for."""
    return [dimension for dimension in REVIEWED if not getattr(turn, dimension)]


@dataclass(frozen=True)
class Layout:
    """How wide each column is; `coded` dimensions show their number key instead of a word."""

    widths: dict[str, int]
    coded: frozenset[str]


def layout(width: int, dimension: str, longest: dict[str, int]) -> Layout:
    """Columns for a table `width` wide: the dimension under review in full, the others in words while they
    fit and as number keys when they do not (the line under the table shows the turn in full)."""
    widths = {"at": longest["at"], "speaker": longest["speaker"], "function": longest["function"],
              "opens": max(5, longest["initiation"]), "co": 2, dimension: longest[dimension]}
    others = [d for d in REVIEWED if d != dimension]
    # One column of gap after every column, and one cell for the scrollbar.
    room = width - 1 - sum(w + 1 for w in widths.values()) - len(others)
    share = room // len(others)
    coded = frozenset(others) if share < MIN_WORD_WIDTH else frozenset()
    for other in others:
        widths[other] = len(CODE_HEADERS[other]) if coded else min(share, longest[other])
    return Layout(widths, coded)


def clipped(value: str, width: int, style: str = "") -> Text:
    """The value as plain text (never markup), cut to `width` with … when longer."""
    return Text(value if len(value) <= width else value[: max(1, width - 1)] + "…", style)


class ReviewTable(DataTable[Text]):
    """Rows keyed by turn id, one per turn in `turns`. `numbers` gives each reviewed dimension's values by
    number key ("" at 0); `longest` the longest value of each column's vocabulary."""

    class Moved(Message):
        """The cursor moved by one of the table's own keys (a plain move, not a stretch key)."""

    def __init__(self, numbers: dict[str, list[str]], titles: dict[str, str], longest: dict[str, int], *,
                 id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", cell_padding=0, zebra_stripes=True)
        self.numbers = numbers
        self.titles = titles
        self.longest = longest
        self.turns: list[Turn] = []
        self.dimension = REVIEWED[0]
        self.stretch: set[int] = set()
        self._layout: Layout | None = None

    def show(self, turns: list[Turn], dimension: str, cursor: int) -> None:
        """Draw every turn afresh for `dimension`, the cursor on row `cursor`."""
        self.turns = list(turns)
        self.dimension = dimension
        self.longest = {**self.longest, "at": max((len(format_clock(turn.t)) for turn in turns), default=5)}
        self._layout = layout(self.size.width or self.app.size.width, dimension, self.longest)
        self.clear(columns=True)
        for key in COLUMNS:
            width = self._layout.widths[key]
            if key in self._layout.coded:
                label = Text(CODE_HEADERS[key])
            elif key in REVIEWED:
                label = Text(self.titles[key].lower()[:width], "bold reverse" if key == dimension else "")
            else:
                label = Text(key)
            self.add_column(label, width=width + (0 if key == "co" else 1), key=key)
        for row, turn in enumerate(self.turns):
            self.add_row(*self._cells(turn, row in self.stretch), key=str(turn.id))
        if self.turns:
            self.move_cursor(row=min(cursor, len(self.turns) - 1), animate=False)

    def replace_turns(self, turns: list[Turn], rows: set[int]) -> None:
        """The turns after an edit; only `rows` are redrawn."""
        self.turns = list(turns)
        self._redraw(rows)

    def mark_stretch(self, rows: set[int]) -> None:
        """Mark these rows as the selected stretch, redrawing only those that joined or left it."""
        changed = self.stretch ^ rows
        self.stretch = set(rows)
        self._redraw(changed)

    def _redraw(self, rows: set[int]) -> None:
        for row in sorted(rows):
            if 0 <= row < len(self.turns):
                turn = self.turns[row]
                for key, cell in zip(COLUMNS, self._cells(turn, row in self.stretch), strict=True):
                    self.update_cell(str(turn.id), key, cell)

    def _cells(self, turn: Turn, selected: bool) -> list[Text]:
        assert self._layout is not None
        widths = self._layout.widths
        return [Text(format_clock(turn.t), "reverse bold" if selected else ""),
                clipped(turn.speaker, widths["speaker"]), clipped(turn.function, widths["function"]),
                clipped(turn.initiation, widths["opens"]),
                *(self._dimension_cell(turn, dimension, selected) for dimension in REVIEWED),
                Text("●" if turn.co_construction else "")]

    def _dimension_cell(self, turn: Turn, dimension: str, selected: bool) -> Text:
        assert self._layout is not None
        value = getattr(turn, dimension)
        coded = dimension in self._layout.coded
        if not value:
            return Text("·" if coded else "—", "dim")
        if coded:
            values = self.numbers[dimension]
            return Text(str(values.index(value)) if value in values else "?", "dim")
        style = ("bold reverse" if selected else "bold") if dimension == self.dimension else ""
        return clipped(value, self._layout.widths[dimension], style)

    def on_resize(self) -> None:
        fits = self._layout is None or layout(self.size.width, self.dimension, self.longest) == self._layout
        if self.turns and not fits:
            self.show(self.turns, self.dimension, self.cursor_row)

    # -- the table's own moves say so, so a plain move can end a shift-selected stretch ------------------

    def _moved(self) -> None:
        self.post_message(self.Moved())

    def action_cursor_up(self) -> None:
        super().action_cursor_up()
        self._moved()

    def action_cursor_down(self) -> None:
        super().action_cursor_down()
        self._moved()

    def action_page_up(self) -> None:
        super().action_page_up()
        self._moved()

    def action_page_down(self) -> None:
        super().action_page_down()
        self._moved()

    def action_scroll_top(self) -> None:
        super().action_scroll_top()
        self._moved()

    def action_scroll_bottom(self) -> None:
        super().action_scroll_bottom()
        self._moved()
