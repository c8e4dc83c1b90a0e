"""Start-up discipline: what the first screen does not need is neither imported nor read before it,
and deferring it changes nothing the user sees (bench/startup.py measures the time itself)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from coachtui.core.keymap import shipped_keymap
from coachtui.screens.home import HomeScreen
from tests.helpers import notified

# Modules the first screen never needs: data files (and the TOML and schema parsers), analysis, completion.
NOT_AT_START = ("tomllib", "json", "sqlite_utils", "msgspec", "shtab", "markdown_it", "coachtui.core.keymap",
                "coachtui.core.packs", "coachtui.core.vocabulary", "coachtui.core.analysis", "coachtui.core.nudges",
                "coachtui.core.scenarios", "rich._emoji_codes")

# Runs `coachtui demo` headless in a fresh interpreter, printing the guarded modules already loaded:
# after the imports, and again once the first screen has been painted.
DEMO_TO_FIRST_SCREEN = f"""
import sys
GUARDED = {NOT_AT_START!r}
from coachtui.app import CoachApp
from coachtui.cli import main
print("imported", [m for m in GUARDED if m in sys.modules])
original = CoachApp.run

async def first_screen(pilot):
    await pilot.pause()
    print("painted", [m for m in GUARDED if m in sys.modules])
    pilot.app.exit()

CoachApp.run = lambda self: original(self, headless=True, auto_pilot=first_screen)
main(["demo"])
"""


def run_demo_to_first_screen(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "COACHTUI_DB"}
    env.update(COACHTUI_CONFIG_DIR=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "xdg-data"),
               TMPDIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", DEMO_TO_FIRST_SCREEN], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return dict(line.split(" ", 1) for line in result.stdout.splitlines() if line.startswith(("imported", "painted")))


def test_the_demo_paints_its_first_screen_without_data_files_or_their_modules(tmp_path: Path) -> None:
    loaded = run_demo_to_first_screen(tmp_path)
    assert loaded == {"imported": "[]", "painted": "[]"}


async def test_a_bad_user_pack_is_still_reported_at_start(app_factory, tmp_path: Path) -> None:
    folder = tmp_path / "config" / "prompts"
    folder.mkdir(parents=True)
    (folder / "broken.toml").write_text("key = [\n", encoding="utf-8")
    app = app_factory()
    async with app.run_test() as pilot:
        assert await notified(app, pilot, "Skipped prompt pack")
        assert isinstance(app.screen, HomeScreen)


async def test_a_bad_user_keymap_is_still_reported_at_start(app_factory, tmp_path: Path) -> None:
    folder = tmp_path / "config"
    folder.mkdir(parents=True)
    (folder / "keymap.toml").write_text('"home.nwe" = "k"\n', encoding="utf-8")
    app = app_factory()
    async with app.run_test() as pilot:
        assert await notified(app, pilot, "home.nwe")
        assert app.active_keys == shipped_keymap()


async def test_without_a_user_keymap_the_active_keys_are_the_shipped_ones(app_factory) -> None:
    app = app_factory()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert list(app._notifications) == []
        assert app.active_keys == shipped_keymap()
