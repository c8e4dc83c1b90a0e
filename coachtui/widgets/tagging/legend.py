"""A cheat sheet of the active tagging keys, so an observer never has to leave the screen to look."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from coachtui.widgets.tagging.colours import function_style

COLUMNS = 2
TWO_COLUMNS_FROM = 40  # narrower than this, one column: a key and its name are never broken apart
OTHER_KEYS = (("tagging.speaker", "switch speaker"), ("tagging.third_speaker", "observer speaks"),
              ("tagging.initiation", "opens a strand"),
              ("tagging.co_construction", "building together"), ("tagging.stimulus", "stimulus"),
              ("tagging.tone", "tone"), ("tagging.subject", "subject"), ("tagging.note", "note"),
              ("tagging.undo", "undo"), ("tagging.observer", "who tags"))


def compact_key_label(key: str) -> str:
    """A key (or several, comma separated) in as few columns as a legend has: "backspace,z" -> "⌫/z"."""
    names = {"question_mark": "?", "backspace": "⌫", "delete": "del", "space": "space"}
    return "/".join(names.get(k.strip(), k.strip()) for k in key.split(","))


class KeyLegend(Static):
    """Function keys in their colours, then the keys for the sticky tags."""

    def __init__(self, functions: tuple[str, ...], keys: dict[str, str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.functions = functions
        self.keys = keys

    def on_mount(self) -> None:
        self.update(self.describe())

    def on_resize(self) -> None:
        columns = COLUMNS if self.size.width >= TWO_COLUMNS_FROM else 1
        if columns != getattr(self, "_columns", COLUMNS):
            self._columns = columns
            # After this refresh: the resize's own layout is still under way, and would keep the height the old
            # columns had at the new width (a narrowed console's key list then could not scroll to its end).
            self.call_after_refresh(self.update, self.describe(columns))

    def describe(self, columns: int = COLUMNS) -> Table:
        table = Table.grid(padding=(0, 1))
        for _ in range(columns):
            table.add_column()
        cells: list[Text] = []
        for function in self.functions:
            key = self.keys.get(f"tagging.{function.replace(' ', '_')}", "")
            cells.append(Text.assemble((compact_key_label(key), "bold reverse"), " ",
                                       (function, function_style(function))))
        for binding_id, label in OTHER_KEYS:
            cells.append(Text.assemble((compact_key_label(self.keys.get(binding_id, "")), "bold reverse"), " ", label))
        cells.append(Text.assemble(("1-5", "bold reverse"), " scale"))
        cells.append(Text.assemble(("6-9", "bold reverse"), " time"))
        # The way to the codebook: what each function means, without leaving the tagging.
        cells.append(Text.assemble((compact_key_label(self.keys.get("app.help", "")), "bold reverse"), " codebook"))
        for row in range(0, len(cells), columns):
            table.add_row(*cells[row:row + columns])
        return table


class KeyList(VerticalScroll):
    """The legend in a box that scrolls when it is taller than its room (a narrow console): only then can the
    focus reach it (Tab), and the arrow, page, Home and End keys scroll it."""

    def allow_focus(self) -> bool:
        return self.max_scroll_y > 0
