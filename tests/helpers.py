"""Read the database file through a fresh connection: proves data reached the disk."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlite_utils import Database


def rows(db_path: Path, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    conn = sqlite3.connect(db_path)
    try:
        return list(Database(conn).query(sql, params))
    finally:
        conn.close()


def scalar(db_path: Path, sql: str, params: tuple[Any, ...] = ()) -> Any:
    found = rows(db_path, sql, params)
    return next(iter(found[0].values())) if found else None


KEY_NAMES = {" ": "space", "-": "minus", ":": "colon", "/": "slash", ".": "full_stop", ",": "comma"}


async def type_text(pilot: Any, text: str) -> None:
    """Type text key by key, as a person would."""
    await pilot.press(*[KEY_NAMES.get(ch, ch) for ch in text])


async def click_visible(pilot: Any, selector: str) -> None:
    """Scroll a widget into view, then click it: long forms do not fit small terminals."""
    pilot.app.screen.query_one(selector).scroll_visible(animate=False, immediate=True)
    await pilot.pause()
    await pilot.click(selector)


async def tag_then_end_meeting(pilot: Any, ticker: Any, keys: tuple[str, ...], seconds: float) -> None:
    """Start the clock, tag one turn per key `seconds` apart in the Talk tab, then end the meeting."""
    await pilot.press("space", "t")
    for key in keys:
        ticker.advance(seconds)
        await pilot.press(key)
    await pilot.press("escape", "x")
    await pilot.pause()
    await pilot.click("#yes")
    await pilot.pause()


async def answer_prompt(pilot: Any, text: str) -> None:
    """Type an answer into the text prompt on screen, press Enter, and let any work it starts finish."""
    pilot.app.screen.query_one("#prompt-input").value = text
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
