"""Keys as data: the shipped keymap, overridden by the user's `keymap.toml`.

Textual-free on purpose: `coachtui keys` runs without loading Textual (importing `textual.keys` pulls in
the whole `textual` package, over 100 ms). The few Textual key tables needed are copied here, and
tests/ui/test_keymap.py checks them against the installed Textual.
"""

from __future__ import annotations

import tomllib
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from coachtui.core.default_keys import default_keys
from coachtui.core.parsing import toml_data
from coachtui.locations import is_file, unreadable_folder, user_keymap_path

# Textual writes a key's modifiers in this (alphabetical) order: "ctrl+shift+up", "alt+shift+a".
MODIFIERS = ("alt", "ctrl", "hyper", "meta", "shift", "super")
# Keys that are not characters, by Textual's names (the `textual.keys.Keys` values, less modifiers).
NAMED_KEYS = frozenset({
    "escape", "enter", "return", "tab", "space", "backspace", "delete", "insert",
    "up", "down", "left", "right", "home", "end", "pageup", "pagedown",
    *(f"f{number}" for number in range(1, 25)),
})
# `textual.keys.KEY_NAME_REPLACEMENTS`: the short names Textual gives some characters.
CHARACTER_NAME_REPLACEMENTS = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}
_REPLACED_NAMES = {short: long for long, short in CHARACTER_NAME_REPLACEMENTS.items()}
# `textual.keys.KEY_ALIASES` reversed (less those we do not take as key names): a binding on the alias
# fires for the key too.
KEY_ALIASES = {"ctrl+i": "tab", "ctrl+m": "enter", "ctrl+space": "ctrl+at"}

TAGGING_SCOPE = "tagging"
# Keys a tagging key may never take: they move focus, start the clock, leave, copy or quit.
RESERVED_FOR_TAGGING = ("escape", "tab", "shift+tab", "space", "ctrl+c", "ctrl+q")
# Keys the app keeps for itself everywhere: quit, copy (and the terminal's interrupt), the command palette.
RESERVED_BY_APP = {"ctrl+q": "quit", "ctrl+c": "copy", "ctrl+p": "the command palette"}
# A file with thousands of mistakes is not read line by line: the first few say what is wrong.
MAX_PROBLEMS = 20
# The tagging pane keeps the focus while the observer tags, so its keys would shadow these scopes' keys.
SHADOWED_BY_TAGGING = ("app", "console")


# --- Key names -------------------------------------------------------------------------------------

def character_key_name(character: str) -> str:
    """Textual's name for the key that types `character`: "a" -> "a", "?" -> "question_mark"."""
    if character.isalnum():
        return character
    try:
        name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        return character
    return CHARACTER_NAME_REPLACEMENTS.get(name, name)


@cache
def _common_character_names() -> dict[str, str]:
    # Names with a hyphen in Unicode ("HYPHEN-MINUS", "LESS-THAN SIGN") cannot be looked up from ours.
    characters = (chr(code) for code in range(0x21, 0x250))
    return {character_key_name(c): c for c in characters if c.isprintable() and not c.isspace()}


def _is_character_name(name: str) -> bool:
    """Whether Textual names some printable character's key `name` ("question_mark", "comma")."""
    unicode_name = _REPLACED_NAMES.get(name, name)
    try:
        character = unicodedata.lookup(unicode_name.replace("_", " "))
    except KeyError:
        return name in _common_character_names()
    return len(character) == 1 and character.isprintable() and character_key_name(character) == name


def normalize_key(key: str) -> str | None:
    """The key as Textual names it ("?" -> "question_mark", "Ctrl+F5" -> "ctrl+f5"), or None if it
    is not a key: a printable character or a key name, after optional modifiers such as ctrl+."""
    key = key.strip()
    if key == "+" or key.endswith("++"):
        base, modifiers = "+", key[:-2].split("+") if len(key) > 1 else []
    else:
        *modifiers, base = key.split("+")
    modifiers = [modifier.strip().lower() for modifier in modifiers]
    base = base.strip()
    if not base or len(set(modifiers)) != len(modifiers) or any(m not in MODIFIERS for m in modifiers):
        return None
    if len(base) == 1:
        if not base.isprintable() or base.isspace():
            return None
        name = character_key_name(base)
        if name.isalpha() and name.isupper() and modifiers:
            # Textual reports shift+a as "A", but alt and ctrl with it as "alt+shift+a".
            name = name.lower()
            modifiers = [m for m in modifiers if m != "shift"] + ["shift"]
        if modifiers == ["shift"] and name.isalpha() and len(name) == 1:
            return name.upper()
    elif base.lower() in NAMED_KEYS or _is_character_name(base.lower()):
        name = base.lower()
    else:
        return None
    return "+".join([*sorted(modifiers), name])


def _keys_of(entry: str) -> list[str]:
    return [key.strip() for key in entry.split(",") if key.strip()]


def _same_key(key: str) -> str:
    """One spelling for keys Textual treats alike: "ctrl+i" is "tab", "?" is "question_mark"."""
    name = normalize_key(key) or key
    return KEY_ALIASES.get(name, name)


# --- The maps ----------------------------------------------------------------------------------------

def shipped_keymap() -> dict[str, str]:
    """The keys coachtui ships, by binding id, in the order of data/keymap.toml."""
    return dict(default_keys())


def scope_of(binding_id: str) -> str:
    """The part of a binding id before the first dot: "tagging.question" -> "tagging"."""
    return binding_id.split(".", 1)[0]


def _flatten(data: dict[str, Any], known: dict[str, str] | None = None) -> dict[str, Any]:
    """Entries from the tables (`[meeting]`) and from the top level alike; tables are only grouping.

    An unquoted dotted id (`meeting.end = "x"`) makes a nested table in TOML; it is read as the id.
    """
    flat: dict[str, Any] = {}

    def walk(table: dict[str, Any], path: list[str]) -> None:
        for name, value in table.items():
            if isinstance(value, dict):
                walk(value, [*path, name])
                continue
            parts = [*path, name]
            tails = [".".join(parts[start:]) for start in range(len(parts))]
            known_tail = next((tail for tail in tails if known is not None and tail in known), None)
            flat[known_tail or (name if "." in name or not path else ".".join(parts[-2:]))] = value

    walk(data, [])
    return flat


class Clash(NamedTuple):
    """`key` is bound to both `first` and `second` where both are live at once; `second` is None
    when `key` is one the tagging pane must leave free."""

    key: str
    first: str
    second: str | None


def _live_with(scope: str) -> set[str]:
    """The scopes whose keys are live while `scope`'s are (the scope itself, and tagging's shadows)."""
    if scope == TAGGING_SCOPE:
        return {scope, *SHADOWED_BY_TAGGING}
    if scope in SHADOWED_BY_TAGGING:
        return {scope, TAGGING_SCOPE}
    return {scope}


def clashes(keys: dict[str, str]) -> list[Clash]:
    """Every key bound twice where both bindings would be live at once, and every tagging key that
    takes a reserved key; `first` is the id that comes first in `keys`."""
    reserved = {_same_key(key) for key in RESERVED_FOR_TAGGING}
    owners: dict[tuple[str, str], str] = {}
    found: list[Clash] = []
    for binding_id, entry in keys.items():
        scope = scope_of(binding_id)
        for key in dict.fromkeys(_keys_of(entry)):
            same = _same_key(key)
            if scope == TAGGING_SCOPE and same in reserved:
                found.append(Clash(key, binding_id, None))
            for other_scope in sorted(_live_with(scope)):
                first = owners.get((other_scope, same))
                if first is not None and first != binding_id:
                    found.append(Clash(key, first, binding_id))
            owners.setdefault((scope, same), binding_id)
    return found


def _clash_message(clash: Clash, path: Path) -> str:
    if clash.second is None:
        return (f"Your keymap {path} gives '{clash.key}' to {clash.first}, but the tagging pane must leave "
                f"{', '.join(RESERVED_FOR_TAGGING)} free; using the shipped keys instead.")
    return f"Your keymap {path} gives '{clash.key}' to both {clash.first} and {clash.second}; " \
           "using the shipped keys instead."


def _entry_problem(binding_id: str, value: Any, path: Path, shipped: dict[str, str]) -> str | None:
    """Why the user's entry cannot be used, or None if it can."""
    if binding_id not in shipped:
        from difflib import get_close_matches

        near = get_close_matches(binding_id, shipped, n=1)
        hint = f" Did you mean {near[0]}?" if near else " `coachtui keys` lists them all."
        return f"Ignored '{binding_id}' in {path}: there is no action with that name.{hint}"
    if not isinstance(value, str):
        return f"Ignored '{binding_id}' in {path}: the key must be text in quotes, like \"k\"."
    if not _keys_of(value):
        return f"Ignored '{binding_id}' in {path}: no key is given; write one in quotes, like \"k\"."
    bad = next((key for key in _keys_of(value) if normalize_key(key) is None), None)
    if bad is not None:
        return (f"Ignored '{binding_id} = {value}' in {path}: '{bad}' is not a key name (use a letter, "
                "a digit, or a name such as backspace or f5).")
    taken = [key for key in _keys_of(value) if (normalize_key(key) or key) in RESERVED_BY_APP
             and (normalize_key(key) or key) not in _keys_of(shipped[binding_id])]
    if taken:
        key = normalize_key(taken[0]) or taken[0]
        return (f"Ignored '{binding_id} = {value}' in {path}: {key} is kept for {RESERVED_BY_APP[key]} "
                "everywhere in the app; choose another key.")
    return None


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """The active keymap and any problems found in the user's file (default: the config folder's).

    A bad entry is ignored and its shipped key kept. A clash ignores the whole file, since moving one
    key of a pair may be what the user meant by the other.
    """
    shipped = shipped_keymap()
    path = path if path is not None else user_keymap_path()
    if not is_file(path):
        return shipped, []
    try:
        data = toml_data(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return shipped, [f"Ignored your keymap {path}: {error}. Using the shipped keys."]
    keys = dict(shipped)
    problems: list[str] = []
    entries = _flatten(data, shipped)
    unknown = sum(1 for binding_id in entries if binding_id not in shipped)
    for binding_id, value in entries.items():
        if binding_id not in shipped and len(problems) >= MAX_PROBLEMS:
            continue  # counted below; naming each of thousands (with a suggestion) would take minutes
        problem = _entry_problem(binding_id, value, path, shipped)
        if problem is not None:
            problems.append(problem)
            continue
        normalized = [normalize_key(key) or key for key in _keys_of(value)]
        keys[binding_id] = ",".join(dict.fromkeys(normalized))
    named = sum(1 for problem in problems if "there is no action with that name" in problem)
    if unknown > named:
        problems.append(f"Ignored {unknown - named} more names in {path} that are not actions; "
                        "`coachtui keys` lists them all.")
    changed = {binding_id for binding_id, key in keys.items() if shipped[binding_id] != key}
    found = [clash for clash in clashes(keys) if {clash.first, clash.second} & changed]
    if found:
        return shipped, [*problems, *(_clash_message(clash, path) for clash in found)]
    return keys, problems


# --- `coachtui keys` ---------------------------------------------------------------------------------

def describe_keymap(keys: dict[str, str], shipped: dict[str, str]) -> str:
    """The active map as plain text: a `[scope]` heading per group in the shipped file's order, then
    one line per binding id with its key(s), marked "(yours)" where it is not the shipped key."""
    order = [*(binding_id for binding_id in shipped if binding_id in keys),
             *(binding_id for binding_id in keys if binding_id not in shipped)]
    groups: dict[str, list[str]] = {}
    for binding_id in order:
        groups.setdefault(scope_of(binding_id), []).append(binding_id)
    width = max(map(len, order), default=0)
    blocks = []
    for scope, ids in groups.items():
        lines = [f"[{scope}]"]
        for binding_id in ids:
            key = keys[binding_id]
            mark = "  (yours)" if shipped.get(binding_id) != key else ""
            lines.append(f"  {binding_id:<{width}}  {key}{mark}".rstrip())
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def keys_command(path: Path | None = None) -> tuple[str, list[str]]:
    """What `coachtui keys` prints: the active map (for stdout), and the problems with the user's
    keymap file (for stderr)."""
    path = path if path is not None else user_keymap_path()
    keys, problems = load_keymap(path)
    state = "" if is_file(path) else " (not there yet: copy lines from above into it)"
    unreadable = unreadable_folder(path.parent)
    if unreadable:
        problems, state = [*problems, unreadable], " (its folder cannot be read)"
    return f"{describe_keymap(keys, shipped_keymap())}\nRemap keys in {path}{state}.\n", problems
