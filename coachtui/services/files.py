"""Getting an approved summary off the laptop: a private file, or a clipboard that is said by name."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def write_private(path: Path, text: str) -> None:
    """A new file only the user can read; never replaces one (FileExistsError)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)


def copy_text(text: str, terminal_copy: Callable[[str], None]) -> str:
    """Copy to the system clipboard through pyperclip; where there is none (SSH, no display),
    ask the terminal to hold it (OSC 52). Returns which one took it: "system" or "terminal"."""
    try:
        import pyperclip

        pyperclip.copy(text)
        return "system"
    except Exception:  # pyperclip raises its own errors, and others from the platform's tools
        terminal_copy(text)
        return "terminal"
