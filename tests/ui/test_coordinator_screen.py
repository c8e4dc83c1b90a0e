"""The coordinator's view in the app: figures computed in a worker, CSV saved privately, no names."""

from __future__ import annotations

import html
from pathlib import Path

from textual.widgets import Static

from coachtui.app import make_app
from coachtui.screens.coordinator import CoordinatorScreen
from coachtui.services.figure_tables import as_csv, build_tables
from coachtui.store import Store
from tests.helpers import agree_to_figures, answer_prompt, school_of_three_coaches


async def test_the_coordinator_opens_the_view_from_home_and_saves_the_figures(
        store: Store, markers: dict[str, str], db_path: Path, tmp_path: Path) -> None:
    agree_to_figures(store, store.partnerships.all()[0].id)  # the marked partnership, and four more
    school_of_three_coaches(store, 4)
    app = make_app(db_path)
    target = tmp_path / "out" / "figures.csv"
    target.parent.mkdir()
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.press("C")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CoordinatorScreen)
        counts = screen.overview.counts if screen.overview else None
        assert counts is not None and counts["meetings_tagged"] == 5
        shown = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        assert "Partnerships that agreed to be counted" in shown and "cycle 1" in shown  # the figures are on screen
        # What the coordinator never sees, said where they look.
        assert "Never names, notes" in str(screen.query_one("#coordinator-sees", Static).render())
        assert "too few to show" in shown  # one role-play participant: never shown on their own
        assert "S1/P1" not in shown and "C1" not in shown  # and no code that stands for a person
        assert not [marker for marker in markers.values() if marker in shown]
        await pilot.press("s")
        await answer_prompt(pilot, str(target))  # the file is written in a worker
        written = target.read_text(encoding="utf-8")  # the tables that combine across schools
        assert written == as_csv(build_tables(app.store, app.vocabulary.functions))
        assert written.startswith("format_version,table_name,breakdown,")
        assert "\n2,meetings,,live," in written
        assert target.stat().st_mode & 0o777 == 0o600
        await pilot.press("s")
        await answer_prompt(pilot, str(target))
        assert any("already exists" in str(n.message) for n in app._notifications)
        await pilot.press("escape")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CoordinatorScreen)
    assert any(entry["what"].startswith("aggregate figures") for entry in
               Store.open(db_path).db.conn.execute("SELECT what FROM export_log"))


async def test_an_unexpected_failure_in_the_figures_worker_is_told_not_swallowed(
        tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import coachtui.services.figures

    def broken(*_: object) -> None:
        raise RuntimeError("figures exploded")

    monkeypatch.setattr(coachtui.services.figures, "build_overview", broken)
    app = make_app(tmp_path / "school.db")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("C")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CoordinatorScreen)  # the app is still running
        assert any("Something went wrong (RuntimeError: figures exploded)" in str(n.message)
                   for n in app._notifications)


async def test_an_unexpected_failure_while_saving_the_figures_is_told(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import coachtui.services.files

    def broken(*_: object, **__: object) -> None:
        raise ValueError("disk said no")

    monkeypatch.setattr(coachtui.services.files, "save_private", broken)
    app = make_app(tmp_path / "school.db")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("C")
        await app.workers.wait_for_complete()
        await pilot.press("s")
        await answer_prompt(pilot, str(tmp_path / "figures.csv"))
        assert any("Something went wrong (ValueError: disk said no)" in str(n.message) for n in app._notifications)
