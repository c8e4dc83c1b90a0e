"""The keys of a screen as a table, generated from its bindings: for the ? screen and the codebook's last entry."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.screen import Screen


def key_label(key: str) -> str:
    """A key as a person reads it: "question_mark" -> "?", "escape" -> "Esc", "ctrl+g" -> "Ctrl+g"."""
    names = {"question_mark": "?", "left_square_bracket": "[", "right_square_bracket": "]",
             "escape": "Esc", "enter": "Enter", "space": "Space", "delete": "Del"}
    return names.get(key, key.replace("ctrl+", "Ctrl+"))


def bindings_table(screen: Screen) -> Table:
    table = Table(box=None, show_header=True, header_style="bold", expand=True)
    table.add_column("Key", no_wrap=True, width=16)
    table.add_column("Action")
    seen: dict[str, list[str]] = {}
    # The screen's own keys first; those of the focused box (tabs, lists) after them.
    ordered = sorted(screen.active_bindings.items(),
                     key=lambda item: item[1].node is not screen and item[1].node is not screen.app)
    for key, active in ordered:
        binding = active.binding
        if binding.system or not binding.description:
            continue
        seen.setdefault(binding.description, []).append(key_label(key))
    for description, keys in seen.items():
        table.add_row(Text(", ".join(keys)), Text(description))
    return table
