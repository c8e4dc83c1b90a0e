"""`coachtui paths`: where this computer keeps coachtui's database and the files a user may add."""

from __future__ import annotations

import argparse
import json
import os

from coachtui.cli.common import write_standard_output
from coachtui.errors import EXIT_OK
from coachtui.text import escape_controls

NO_LOGS = "none: coachtui writes no log file (the sharing log of exports is kept in the database)"


def where(args: argparse.Namespace) -> list[tuple[str, str, str | None]]:
    """(key, what, where) for each place, as this platform, the environment and config.toml set them."""
    from coachtui import locations
    from coachtui.settings import load_settings

    settings = load_settings()
    if args.db is not None:
        database, chosen_by = args.db, "--db"
    elif os.environ.get(locations.DB_ENV):
        database, chosen_by = locations.default_db_path(), f"${locations.DB_ENV}"
    elif settings.database is not None:
        database, chosen_by = settings.database, "config.toml"
    else:
        database, chosen_by = locations.default_db_path(), "the default"
    return [
        ("database", f"database ({chosen_by})", str(database)),
        ("config", "config folder", str(locations.config_dir())),
        ("settings", "settings", str(locations.settings_path())),
        ("packs", "your prompt packs", str(locations.user_packs_dir() / "*.toml")),
        ("keymap", "your keymap", str(locations.user_keymap_path())),
        ("scenarios", "your role-play scenarios", str(locations.user_scenarios_dir() / "*.toml")),
        ("bands", "your reference bands", str(locations.user_bands_path())),
        ("nudges", "your nudge rules", str(locations.user_nudges_path())),
        # Nothing is logged to a file: the sharing log of exports lives in the database.
        ("logs", "logs", None),
    ]


def run_paths(args: argparse.Namespace) -> int:
    places = where(args)
    if args.json:
        document = json.dumps({key: place for key, _, place in places}, indent=2, ensure_ascii=False)
        write_standard_output(escape_controls(document, json=True) + "\n")
        return EXIT_OK
    width = max(len(what) for _, what, _ in places)
    # A path may hold control characters (from $COACHTUI_DB, say): shown as escapes; `| head` is no error.
    lines = [f"{what:<{width}}  {place or NO_LOGS}\n" for _, what, place in places]
    write_standard_output(escape_controls("".join(lines)))
    return EXIT_OK
