"""A copy of what is typed on screen, written to a file when the database cannot take it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from textual.screen import Screen
from textual.widgets import Input, TextArea


def default_rescue_path(now: datetime | None = None) -> Path:
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return Path.home() / f"coachtui-copy-{stamp}.txt"


def _label(widget: TextArea | Input) -> str:
    return str(widget.border_title or widget.id or type(widget).__name__).replace("-", " ")


def text_on_screens(screens: Iterable[Screen[object]]) -> str:
    """Every non-empty text box and text area on the given screens, each under its label."""
    parts: list[str] = []
    for screen in screens:
        for widget in screen.query("TextArea, Input"):
            assert isinstance(widget, TextArea | Input)
            text = widget.text if isinstance(widget, TextArea) else widget.value
            if text.strip():
                parts.append(f"## {screen.title or type(screen).__name__}: {_label(widget)}\n\n{text}\n")
    return "\n".join(parts)


def write_rescue(path: Path, text: str) -> None:
    """Write a new file private to the user; never replace one that exists (DataFileError if it does)."""
    from coachtui.services.files import save_private

    save_private(path, f"coachtui: a copy of the text on screen, {datetime.now():%Y-%m-%d %H:%M}\n\n{text}")
