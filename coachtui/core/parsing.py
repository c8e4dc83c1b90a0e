"""Parsing a file's text as TOML or JSON within Python's own limits.

A file can be well-formed and still be more than the parser takes: arrays nested hundreds deep
(RecursionError), an integer of thousands of digits (ValueError), or, in JSON, the same key twice in
one object (which value was meant?). Each comes out as the parser's usual error type, so every loader's
existing message ("not valid TOML", "not valid JSON") covers it, and a batch of files carries on.
"""

from __future__ import annotations

import json
import tomllib
from typing import Any

TOO_DEEP = "a value is nested too deeply or a number is too long"


class BadJson(ValueError):
    """Valid JSON syntax that we still refuse: a repeated key, deep nesting, a huge integer."""


def toml_data(text: str) -> dict[str, Any]:
    """`tomllib.loads`, with nesting and number limits raised as TOMLDecodeError."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        raise
    except (RecursionError, ValueError, MemoryError):
        raise tomllib.TOMLDecodeError(TOO_DEEP) from None


def refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """`object_pairs_hook` for the JSON we read: a key given twice is an error, not "the last one wins"."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            shown = key if len(key) <= 40 else key[:39] + "…"
            raise BadJson(f"the key {json.dumps(shown)} appears twice in one object")
        found[key] = value
    return found


def json_data(text: str) -> Any:
    """`json.loads` refusing repeated keys; those, deep nesting and huge integers raise BadJson (syntax errors
    stay JSONDecodeError, with their line)."""
    try:
        return json.loads(text, object_pairs_hook=refuse_duplicate_keys)
    except (json.JSONDecodeError, BadJson):
        raise
    except (RecursionError, ValueError, MemoryError):
        raise BadJson(TOO_DEEP) from None
