"""The theme chosen in the command palette is remembered in config.toml and used at the next start."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachtui.app import make_app
from coachtui.settings import load_settings, with_theme
from tests.helpers import FakeNow, FakeTicker, notified


def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "config" / "config.toml"  # COACHTUI_CONFIG_DIR, as conftest sets it


async def test_a_chosen_theme_is_written_to_config_and_used_next_time(db_path: Path, tmp_path: Path) -> None:
    path = settings_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text('# my settings\nnudges = false\n')
    app = make_app(db_path, ticker=FakeTicker(), settings=load_settings())
    async with app.run_test() as pilot:
        assert app.theme == "textual-dark"
        assert path.read_text() == '# my settings\nnudges = false\n'  # nothing written for the default
        app.theme = "nord"  # what choosing it in the command palette does
        await app.workers.wait_for_complete()
        await pilot.pause()
    app.store.close()
    assert path.read_text() == '# my settings\nnudges = false\ntheme = "nord"\n'
    assert path.stat().st_mode & 0o077 == 0

    settings = load_settings()
    assert settings.theme == "nord" and settings.nudges is False and settings.problems == ()
    again = make_app(db_path, ticker=FakeTicker(), settings=settings)
    async with again.run_test() as pilot:
        await pilot.pause()
        assert again.theme == "nord"
        await again.workers.wait_for_complete()
    again.store.close()
    assert path.read_text().count("theme") == 1


async def test_a_theme_coachtui_does_not_have_is_reported_and_the_default_used(db_path: Path,
                                                                                tmp_path: Path) -> None:
    path = settings_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text('theme = "no-such-theme"\n')
    ticker = FakeTicker()
    app = make_app(db_path, ticker=ticker, now=FakeNow(ticker), settings=load_settings())
    async with app.run_test() as pilot:
        assert await notified(app, pilot, "'no-such-theme'")
        assert app.theme == "textual-dark"
    app.store.close()
    assert path.read_text() == 'theme = "no-such-theme"\n'  # left for the user to correct


@pytest.mark.parametrize(("before", "after"), [
    ("", 'theme = "nord"\n'),
    ('encrypt = true', 'encrypt = true\ntheme = "nord"\n'),
    ('# mine\ntheme = "gruvbox"  # the old one\nstamp = "start"\n', '# mine\ntheme = "nord"\nstamp = "start"\n'),
])
def test_remembering_a_theme_keeps_the_rest_of_the_file(tmp_path: Path, before: str, after: str) -> None:
    assert with_theme(before, "nord") == after
    path = tmp_path / "config.toml"
    path.write_text(after)
    assert load_settings(path).theme == "nord" and load_settings(path).problems == ()


def test_a_misspelt_setting_is_named_with_the_one_meant(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('them = "nord"\n')
    assert load_settings(path).problems == (
        f"The settings file {path} has an unknown setting 'them' (did you mean 'theme'?); it is ignored.",)
