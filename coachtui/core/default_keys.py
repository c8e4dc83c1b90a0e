"""The default key of every binding, by binding id, read from data/keymap.toml: the one place they are written.

Screens take their keys from here when their classes are made, at start-up, so this reads the shipped file
with a reader of the few kinds of line it holds (`[scope]` headers, `"id" = "keys"` entries, comments)
instead of loading tomllib before the first screen; tests/ui/test_keymap.py checks it reads what tomllib
reads. A user's own keymap.toml is full TOML, read by coachtui.core.keymap after the first screen.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

SHIPPED_KEYMAP = Path(__file__).resolve().parent.parent / "data" / "keymap.toml"
_ENTRY = re.compile(r'"(?P<id>[a-z0-9_.]+)"\s*=\s*"(?P<keys>[^"\\]*)"')


@cache
def default_keys() -> dict[str, str]:
    """The shipped keys by binding id, in the file's order; ValueError names a line this reader cannot read."""
    keys: dict[str, str] = {}
    for number, line in enumerate(SHIPPED_KEYMAP.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#") or re.fullmatch(r"\[[a-z_]+\]", line):
            continue
        entry = _ENTRY.fullmatch(line)
        if entry is None:
            raise ValueError(f"{SHIPPED_KEYMAP}:{number} is not a line of the form \"id\" = \"keys\": {line}")
        keys[entry["id"]] = entry["keys"]
    return keys
