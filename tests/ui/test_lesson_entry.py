"""The lesson's evidence entry: what is typed shows whole in the table as it is saved, in a text field that
keeps an undo history of its own for each note."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import events

from coachtui.screens.lesson import LessonScreen
from coachtui.store import Store
from coachtui.widgets.field import Field
from coachtui.widgets.lesson.evidence_table import EvidenceTable
from tests.helpers import press_in_one_go, rows


async def test_a_note_typed_fast_shows_whole_in_the_table(app_factory, store: Store, db_path: Path) -> None:
    partnership = store.partnerships.create("Ana", "Sam", "wait time")
    cycle = store.cycles.current(partnership.id)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(LessonScreen(cycle.id))
        await pilot.pause()
        await pilot.press("n", *"Teacher asks why")
        await pilot.pause()
        table = app.screen.query_one(EvidenceTable)
        assert str(table.get_row_at(0)[-1]) == "Teacher asks why"
        # Wide enough to show it all, not as wide as the header the empty row had.
        assert table.columns[table.coordinate_to_cell_key((0, 3)).column_key].content_width >= len(
            "Teacher asks why")
    assert rows(db_path, "SELECT text FROM evidence") == [{"text": "Teacher asks why"}]


async def test_undo_in_a_note_never_brings_back_another_notes_text(app_factory, store: Store,
                                                                   db_path: Path) -> None:
    partnership = store.partnerships.create("Ana", "Sam", "wait time")
    cycle = store.cycles.current(partnership.id)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(LessonScreen(cycle.id))
        await pilot.pause()
        await pilot.press("n", *"first", "enter", "n", *"second word")
        await pilot.pause()
        field = app.screen.query_one("#entry-text", Field)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert field.value == "second"
        await pilot.press("ctrl+z", "ctrl+z")
        await pilot.pause()
        assert field.value == ""
    assert rows(db_path, "SELECT text FROM evidence ORDER BY id") == [{"text": "first"}, {"text": ""}]


async def test_keys_typed_the_moment_a_note_opens_are_all_saved(app_factory, store: Store, db_path: Path) -> None:
    partnership = store.partnerships.create("Ana", "Sam", "wait time")
    cycle = store.cycles.current(partnership.id)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(LessonScreen(cycle.id))
        await pilot.pause()
        # The note opens and the first keys arrive as soon as the text box has the focus, before the screen
        # has been drawn again (a loaded laptop, a quick typist).
        key = events.Key("n", "n")
        key.set_sender(app)
        app._driver.send_message(key)
        for _ in range(1000):
            if app.focused is not None and app.focused.id == "entry-text":
                break
            await asyncio.sleep(0.001)
        await press_in_one_go(pilot, list("Hands up"))
        await pilot.pause()
    assert rows(db_path, "SELECT text FROM evidence") == [{"text": "Hands up"}]
