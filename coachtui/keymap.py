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


MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}
# Keys a tagging key may never take: they move focus, start the clock, leave, copy or quit.
RESERVED_FOR_TAGGING = {"escape", "tab", "shift+tab", "space", "ctrl+c", "ctrl+q"}
# The tagging pane keeps the focus in the observer console, so its keys shadow these scopes' keys.
SHADOWED_BY_TAGGING = ("app", "console")


def is_key_name(key: str) -> bool:
    """A key Textual can bind: a printable character or a key name, with optional modifiers."""
    from textual.keys import KEY_NAME_REPLACEMENTS, Keys, key_to_character

    *modifiers, base = key.strip().split("+") if key.strip() != "+" else ["+"]
    if not base or any(modifier not in MODIFIERS for modifier in modifiers):
        return False
    if len(base) == 1:
        return base.isprintable() and not base.isspace()
    named = {value.split("+")[-1] for value in (k.value for k in Keys)} | set(KEY_NAME_REPLACEMENTS.values())
    return base in named or key_to_character(base) is not None


def _keys_of(entry: str) -> list[str]:
    return [key.strip() for key in entry.split(",") if key.strip()]


def clashes(keys: dict[str, str]) -> list[tuple[str, str, str]]:
    """(key, first id, second id) for every key bound twice where both would be live at once."""
    by_scope: dict[str, dict[str, str]] = {}
    found: list[tuple[str, str, str]] = []
    for binding_id, entry in keys.items():
        scope = binding_id.split(".")[0]
        seen = by_scope.setdefault(scope, {})
        for key in _keys_of(entry):
            if key in seen and seen[key] != binding_id:
                found.append((key, seen[key], binding_id))
            seen.setdefault(key, binding_id)
    for key, binding_id in by_scope.get("tagging", {}).items():
        if key in RESERVED_FOR_TAGGING:
            found.append((key, binding_id, "a reserved key"))
        for scope in SHADOWED_BY_TAGGING:
            other = by_scope.get(scope, {}).get(key)
            if other is not None:
                found.append((key, binding_id, other))
    return found


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """The active keymap and any problems found in the user's file.

    A bad entry is ignored and its shipped key kept; a clash ignores the whole file, since moving
    one key of a pair may be what the user meant by the other.
    """
    shipped = shipped_keymap()
    keys = dict(shipped)
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
        elif not _keys_of(key) or not all(KEY_PATTERN.match(k) and is_key_name(k) for k in _keys_of(key)):
            bad = next((k for k in _keys_of(key) if not (KEY_PATTERN.match(k) and is_key_name(k))), key)
            problems.append(f"Ignored '{binding_id} = {key}' in {path}: '{bad}' is not a key name (use a letter, "
                            "a digit, or a name such as backspace or f5).")
        else:
            keys[binding_id] = ",".join(_keys_of(key))
    found = clashes(keys)
    if found:
        for key, first, second in found:
            problems.append(f"Your keymap {path} gives '{key}' to both {first} and {second}.")
        problems.append(f"Because of {'that clash' if len(found) == 1 else 'those clashes'}, all of {path} "
                        "was ignored and the shipped keys are in use.")
        return dict(shipped), problems
    return keys, problems


def describe_keymap(keys: dict[str, str], shipped: dict[str, str]) -> str:
    """The active map as plain text, one action a line, grouped as in the shipped file."""
    lines: list[str] = []
    scope = ""
    width = max(map(len, keys), default=0)
    for binding_id, key in keys.items():
        if binding_id.split(".")[0] != scope:
            scope = binding_id.split(".")[0]
            lines.append(f"{'' if not lines else chr(10)}[{scope}]")
        mark = "   (yours)" if shipped.get(binding_id) != key else ""
        lines.append(f"  {binding_id:<{width}}  {key}{mark}")
    return "\n".join(lines) + "\n"


def keys_command(path: Path | None = None) -> tuple[str, list[str]]:
    """What `coachtui keys` prints: the active map, and the problems with the user's file."""
    keys, problems = load_keymap(path)
    return describe_keymap(keys, shipped_keymap()), problems
