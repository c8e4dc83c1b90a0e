"""The reference bands in use: the coordinator's `bands.toml` where it is good, else the shipped ones."""

from __future__ import annotations

from dataclasses import replace

from coachtui.core.analysis import Band, load_bands
from coachtui.errors import PackError
from coachtui.text import clean_text


def bands_in_use() -> tuple[list[Band], str | None]:
    """The bands, and what was wrong with the coordinator's file when the shipped ones stand in for it."""
    from coachtui.locations import user_bands_path

    try:
        bands = load_bands(user_bands_path())
    except PackError as problem:
        return load_bands(), f"{problem} Using the shipped bands."
    # The coordinator's file is read as every file is: its words never carry control codes to a screen.
    return [replace(band, label=clean_text(band.label), source=clean_text(band.source),
                    reasoning=clean_text(band.reasoning)) for band in bands], None
