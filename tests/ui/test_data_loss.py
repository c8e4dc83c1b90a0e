"""Data lost or leaked: a database deleted under the app, a database that vanished between starts."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import TextArea

from coachtui.screens.meeting import MeetingScreen
from coachtui.store import Store
from tests.helpers import type_text


async def test_a_database_folder_deleted_mid_meeting_is_said_at_once_and_the_text_stays(
        app_factory, db_path: Path) -> None:
    store = Store.open(db_path)
    store.partnerships.create("Ana", "Sam", "wait time")
    store.close()
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "2")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        await pilot.press("n")
        await type_text(pilot, "saved")
        shutil.rmtree(db_path.parent)
        app.check_database()  # the app's own tick, run now rather than waited for
        await pilot.pause()
        told = [n.message for n in app._notifications if n.title == "Database gone"]
        assert len(told) == 1 and "deleted, moved or replaced" in told[0] and "Ctrl+G" in told[0]
        app.check_database()
        assert len([n for n in app._notifications if n.title == "Database gone"]) == 1, "said once"
        await type_text(pilot, " and more")
        await pilot.pause()
        assert screen.query_one("#notes-goal", TextArea).text == "saved and more"
        assert any("deleted, moved or replaced" in n.message and "still on screen" in n.message
                   for n in app._notifications if n.title == "Not saved")


def test_a_database_that_vanished_between_starts_is_not_silently_replaced(tmp_path: Path, run_cli) -> None:
    db = tmp_path / "school" / "coach.db"
    turns = tmp_path / "turns.csv"
    turns.write_text("t,speaker,function,initiation,subject,stimulus,scale,tone,time,co_construction,observer,note\n"
                     "5,coach,question,,,,,,,0,Jo,\n")
    assert run_cli("--db", str(db), "import-turns", str(turns)).returncode == 0
    shutil.rmtree(db.parent)
    again = run_cli("--db", str(db), "import-turns", str(turns))
    assert again.returncode == 3
    assert again.stderr.startswith(f"coachtui: The database {db} that coachtui used before is gone")
    assert not db.exists() and not db.parent.exists(), "no new, empty database in its place"
    other = run_cli("--db", str(tmp_path / "new.db"), "import-turns", str(turns))
    assert other.returncode == 0, "a database never opened before is simply made"
