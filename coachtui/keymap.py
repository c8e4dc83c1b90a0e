"""Keys as data: the shipped keymap, overridden by the user's `keymap.toml`."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from coachtui.locations import config_dir

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_+\-]+$")


def _flatten(data: dict[str, Any]) -> dict[str, Any]:
    """Entries from the tables (`[meeting]`) and from the top level alike; tables are only grouping."""
    flat: dict[str, Any] = {}
    for name, value in data.items():
        if isinstance(value, dict):
            flat.update(value)
        else:
            flat[name] = value
    return flat


def shipped_keymap() -> dict[str, str]:
    text = (resources.files("coachtui") / "data" / "keymap.toml").read_text(encoding="utf-8")
    return {k: v for k, v in _flatten(tomllib.loads(text)).items() if isinstance(v, str)}


def user_keymap_path() -> Path:
    return config_dir() / "keymap.toml"


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """The active keymap and any problems found in the user's file (which are then ignored)."""
    keys = shipped_keymap()
    path = path if path is not None else user_keymap_path()
    if not path.is_file():
        return keys, []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return keys, [f"Ignored your keymap {path}: {error}. Using the shipped keys."]
    problems = []
    for binding_id, key in _flatten(data).items():
        if binding_id not in keys:
            problems.append(f"Ignored '{binding_id}' in {path}: there is no action with that name.")
        elif not isinstance(key, str):
            problems.append(f"Ignored '{binding_id}' in {path}: the key must be text in quotes, like \"k\".")
        elif not all(KEY_PATTERN.match(k.strip()) for k in key.split(",")):
            problems.append(f"Ignored '{binding_id} = {key}' in {path}: not a key name Textual knows.")
        else:
            keys[binding_id] = key
    return keys, problems
