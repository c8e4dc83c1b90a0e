"""The shapes of the files users give us, checked with msgspec: structure first, our own checks after.

Each file kind declares its shape as msgspec Structs (`forbid_unknown_fields`, strict types, ranges) in a module
here; `checked` converts parsed data to that shape and turns msgspec's complaint into one plain-English line
naming the field. msgspec is imported only when a file is read, never at start (tests/ui/test_startup.py).
The loaders keep the checks a shape cannot express (rotation completeness, vocabularies, roles).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")

_MESSAGE = re.compile(r"^(?P<what>.*?)(?: - at `(?P<path>[^`]*)`)?$", re.DOTALL)
_TYPES = {"float": "a number", "int": "a whole number", "str": "text", "bool": "true or false", "array": "a list",
          "object": "a table of fields", "null": "empty (null)"}


def checked(data: Any, shape: type[T], bad: Callable[[str], Exception]) -> T:
    """`data` (parsed JSON or TOML) as `shape`; anything else raises `bad(problem)` with the field named."""
    import msgspec

    try:
        return msgspec.convert(data, shape, strict=True)
    except msgspec.ValidationError as error:
        raise bad(explain(str(error), field_names(shape))) from None


def field_names(shape: type) -> set[str]:
    """Every field name in `shape` and the Structs inside it: what a misspelt key is compared with."""
    import msgspec

    names: set[str] = set()
    seen: set[type] = set()

    def walk(kind: Any) -> None:
        if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
            if kind in seen:
                return
            seen.add(kind)
            for field in msgspec.structs.fields(kind):
                names.add(field.encode_name)
                walk(field.type)
        for inner in getattr(kind, "__args__", ()) or ():
            walk(inner)
        origin = getattr(kind, "__origin__", None)
        if origin is not None and hasattr(kind, "__metadata__"):  # Annotated[...]
            walk(origin)

    walk(shape)
    return names


def where(path: str) -> str:
    """msgspec's `$.rounds[2].coach` as 'rounds → item 3 → coach'."""
    parts = []
    for name, index, _ in re.findall(r"\.([^.\[]+)|\[(\d+)\]|\[(\.\.\.)\]", path.removeprefix("$")):
        parts.append(name if name else f"item {int(index) + 1}" if index else "…")
    return " → ".join(parts)


def explain(message: str, names: Iterable[str] = ()) -> str:
    """msgspec's validation message in words: which field, and what it must be."""
    found = _MESSAGE.match(message)
    what, path = (found.group("what"), found.group("path") or "$") if found else (message, "$")
    place = where(path)
    inside = f" in {place}" if place else ""
    if unknown := re.fullmatch(r"Object contains unknown field `(.*)`", what):
        key = unknown.group(1)
        close = difflib.get_close_matches(key, sorted(names), n=1, cutoff=0.75)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown field '{key}'{inside}{hint}"
    if missing := re.fullmatch(r"Object missing required field `(.*)`", what):
        return f"'{missing.group(1)}' is missing{inside}"
    field = f"'{place}'" if place else "the file"
    if typed := re.fullmatch(r"Expected `(\w+)`, got `(\w+)`", what):
        expected, got = (_TYPES.get(name, name) for name in typed.groups())
        return f"{field} must be {expected}, not {got}"
    if bounded := re.fullmatch(r"Expected `(\w+)` (>=|<=|>|<) (\S+)", what):
        kind, sign, limit = bounded.groups()
        words = {">=": "of at least", "<=": "of at most", ">": "over", "<": "under"}[sign]
        return f"{field} must be {_TYPES.get(kind, kind)} {words} {float(limit):g}"
    if re.fullmatch(r"Expected `str` matching regex .*", what):
        return f"{field} is not a valid code"
    if long := re.fullmatch(r"Expected `(\w+)` of length (<=|>=) (\d+)", what):
        kind, sign, size = long.groups()
        noun = "characters" if kind == "str" else "items"
        return f"{field} must have {'at most' if sign == '<=' else 'at least'} {size} {noun}"
    if enum := re.fullmatch(r"Invalid enum value (.*)", what):
        return f"{field} cannot be {enum.group(1)}"
    return f"{field}: {what}"


def ecma(pattern: re.Pattern[str]) -> str:
    """A code pattern for JSON Schema (ECMA regex): `\\Z` as `$`. Our own full-match check still runs after."""
    return pattern.pattern.replace("\\Z", "$")


def json_schema_text(shape: type, title: str, description: str) -> str:
    """The JSON Schema of a file kind, as committed under schemas/ in the repository."""
    import json

    import msgspec

    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title,
              "description": description, **msgspec.json.schema(shape)}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def published() -> dict[str, str]:
    """File name -> JSON Schema text, for each file kind whose schema the repository publishes."""
    from coachtui.core.schemas.plan_file import PlanFile
    from coachtui.core.schemas.round_file import RoundFile

    return {
        "coachround.schema.json": json_schema_text(
            RoundFile, "coachtui round bundle (.coachround.json)",
            "One role-play round from a triad's laptop, for the coordinator (coachtui export-round). coachtui "
            "also checks what a schema cannot: vocabularies, roles, that turns come from the round's observers."),
        "coachplan.schema.json": json_schema_text(
            PlanFile, "coachtui training plan (.coachplan.json)",
            "A coach-training session for every laptop in the room. coachtui also checks what a schema cannot: "
            "groups numbered from 1, each member one role a round, every group playing every round once."),
    }
