"""Where coachtui keeps its files. Paths come from platformdirs; folders are private."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "coachtui"
DB_ENV = "COACHTUI_DB"
# For scripts and tests only: a passphrase in the environment is visible to other programs of the user.
PASSPHRASE_ENV = "COACHTUI_PASSPHRASE"
CONFIG_ENV = "COACHTUI_CONFIG_DIR"


def data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override)
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def known_databases_path() -> Path:
    """The databases coachtui has opened here, one path a line: a database that vanishes is noticed."""
    from platformdirs import user_state_path

    return user_state_path(APP_NAME, appauthor=False) / "databases"


def default_db_path() -> Path:
    """The database used when neither --db nor COACHTUI_DB says otherwise."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override)  # Store.open expands "~", and explains a "~name" it cannot
    return data_dir() / "coachtui.db"


def is_file(path: Path) -> bool:
    """Whether `path` is a file we may try to read: False, not an exception, when its folder cannot be
    searched (a config folder of mode 000 is reported once, by the settings, and the defaults stand in)."""
    try:
        return path.is_file()
    except OSError:
        return False


def unreadable_folder(folder: Path) -> str | None:
    """What to say when `folder` exists but cannot be read (mode 000, say): the defaults stand in."""
    try:
        if not folder.is_dir() or os.access(folder, os.R_OK | os.X_OK):
            return None
    except OSError:
        pass
    return (f"The config folder {folder} cannot be read (permission denied), so its settings, keys, packs, "
            "nudges, bands and scenarios are not used: the defaults stand in.")


def is_dir(path: Path) -> bool:
    """As `is_file`, for a folder."""
    try:
        return path.is_dir()
    except OSError:
        return False


def user_packs_dir() -> Path:
    return config_dir() / "prompts"


def secure_data_dir() -> None:
    """Our own data folder is ours alone, even if something else created it wider."""
    folder = data_dir()
    make_private_dir(folder)
    folder.chmod(0o700)


def make_private_dir(path: Path) -> None:
    """Create a folder readable only by its owner; existing folders we did not make are left alone."""
    if path.exists():
        return
    path.mkdir(parents=True, mode=0o700)
    path.chmod(0o700)


def user_keymap_path() -> Path:
    """The user's own keys, replacing shipped ones by binding id."""
    return config_dir() / "keymap.toml"


def user_bands_path() -> Path:
    """A coordinator's own reference bands, replacing the shipped ones indicator by indicator."""
    return config_dir() / "bands.toml"


def user_nudges_path() -> Path:
    """A coordinator's or coach's own nudge rules, replacing shipped rules with the same id."""
    return config_dir() / "nudges.toml"


def user_scenarios_dir() -> Path:
    """Role-play scenarios a school writes for itself, one `*.toml` file each."""
    return config_dir() / "scenarios"


def settings_path() -> Path:
    """The settings file, read once at start."""
    return config_dir() / "config.toml"
