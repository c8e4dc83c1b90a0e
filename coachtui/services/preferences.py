"""Choices the app remembers for next time, written to the settings file (config.toml)."""

from __future__ import annotations

from pathlib import Path

from coachtui.errors import DataFileError


def remember_theme(theme: str, path: Path | None = None) -> None:
    """Set `theme = "..."` in the settings file, keeping everything else in it; DataFileError if it cannot."""
    from coachtui.locations import make_private_dir, settings_path
    from coachtui.services.files import save_private
    from coachtui.settings import with_theme

    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        make_private_dir(path.parent)
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(f"Cannot remember the theme in {path}: {error}.") from None
    save_private(path, with_theme(text, theme), replace=True)
