"""Settings read once at start from `config.toml` in the config folder; env and flags override them.

A malformed file never stops the app: its problems are reported and the defaults stand in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

KNOWN = {"database": "a file path in quotes", "encrypt": "true or false", "nudges": "true or false",
         "stamp": '"end" or "start"', "theme": "a theme's name in quotes"}
STAMPS = ("end", "start")


@dataclass(frozen=True)
class Settings:
    """What config.toml sets; the defaults where it is silent."""

    database: Path | None = None  # the database file when neither --db nor $COACHTUI_DB names one
    encrypt: bool = False  # open the database with a passphrase, as --encrypt does
    nudges: bool = True  # offer the coach nudges while an observer tags
    # When the observer presses a turn's key: as it ends (the default), or as it begins. Either way a
    # turn's stored stamp is its end: in "start" mode the next press ends the turn before it.
    stamp: str = "end"
    theme: str | None = None  # the theme last chosen in the command palette; Textual's default when unset
    problems: tuple[str, ...] = ()


def load_settings(path: Path | None = None) -> Settings:
    """The settings in `path` (default: config.toml in the config folder); defaults where absent."""
    if path is None:
        from coachtui.locations import settings_path

        path = settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except PermissionError as error:
        from coachtui.locations import unreadable_folder

        return Settings(problems=(unreadable_folder(path.parent)
                                  or f"The settings file {path} cannot be read ({error}); using the defaults.",))
    except (OSError, UnicodeDecodeError) as error:
        return Settings(problems=(f"The settings file {path} cannot be read ({error}); using the defaults.",))
    import tomllib  # only when there is a file to parse: most starts have none

    from coachtui.core.parsing import toml_data

    try:
        data = toml_data(text)
    except tomllib.TOMLDecodeError as error:
        return Settings(problems=(f"The settings file {path} is not valid TOML ({error}); using the defaults.",))
    problems = [f"The settings file {path} has an unknown setting '{key}'{_did_you_mean(key)}; it is ignored."
                for key in data if key not in KNOWN]
    values: dict[str, object] = {}
    for key, kind in (("encrypt", bool), ("nudges", bool), ("database", str), ("stamp", str), ("theme", str)):
        if key not in data:
            continue
        value = data[key]
        if (not isinstance(value, kind) or (kind is str and not str(value).strip())
                or (key == "stamp" and value not in STAMPS)):
            problems.append(f"In {path}, '{key}' must be {KNOWN[key]}; the default is used.")
            continue
        if key == "database":
            try:
                value = Path(str(value)).expanduser()
            except RuntimeError:  # "~name/..." for a user this computer does not know
                problems.append(f"In {path}, 'database' starts with ~ and an unknown user name; the default "
                                "is used.")
                continue
        values[key] = value
    return Settings(**values, problems=tuple(problems))  # type: ignore[arg-type]


def _did_you_mean(key: str) -> str:
    import difflib

    close = difflib.get_close_matches(key, KNOWN, n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


_THEME_LINE = re.compile(r"^[ \t]*theme[ \t]*=.*$", re.MULTILINE)
_FIRST_TABLE = re.compile(r"^[ \t]*\[", re.MULTILINE)


def with_theme(text: str, theme: str) -> str:
    """The settings file's text with `theme = "..."` set, everything else (comments too) as it was."""
    import json  # only when a theme is chosen: not on the way to the first screen

    line = f"theme = {json.dumps(theme)}"  # a TOML basic string is a JSON string for any name Textual has
    if _THEME_LINE.search(text):
        return _THEME_LINE.sub(lambda _: line, text, count=1)
    table = _FIRST_TABLE.search(text)  # keys after a [table] would belong to it: put ours before any
    at = table.start() if table else len(text)
    before = text[:at]
    if before and not before.endswith("\n"):
        before += "\n"
    return f"{before}{line}\n{text[at:]}"
