"""Shared fixtures: a real database file in tmp_path, a controllable clock, a pinned date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coachtui.app import CoachApp, make_app
from coachtui.store import Store

FIXED_START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class FakeTicker:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class FakeNow:
    """Wall-clock time for timestamps, advancing with the ticker so stored times are predictable."""

    def __init__(self, ticker: FakeTicker) -> None:
        self.ticker = ticker

    def __call__(self) -> datetime:
        return FIXED_START + timedelta(seconds=self.ticker.now - 1000.0)


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text cursors do not blink in any app a test builds, so a snapshot never catches one mid-blink."""
    monkeypatch.setattr(CoachApp, "CURSOR_BLINK", False)


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the developer's real config or data folders."""
    monkeypatch.setenv("COACHTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.delenv("COACHTUI_DB", raising=False)


@pytest.fixture
def ticker() -> FakeTicker:
    return FakeTicker()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "coach.db"


@pytest.fixture
def store(db_path: Path, ticker: FakeTicker) -> Iterator[Store]:
    opened = Store.open(db_path, now=FakeNow(ticker))
    yield opened
    opened.close()


@pytest.fixture
def app_factory(db_path: Path, ticker: FakeTicker, tmp_path: Path) -> Iterator[type]:
    """Build the real app on the test's database file, with time under the test's control."""
    made: list[CoachApp] = []

    def build() -> CoachApp:
        app = make_app(db_path, ticker=ticker, now=FakeNow(ticker), packs_dir=tmp_path / "config" / "prompts",
                       keymap_file=tmp_path / "config" / "keymap.toml")
        made.append(app)
        return app

    yield build  # type: ignore[misc]
    for app in made:
        app.store.close()


@pytest.fixture
def demo_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CoachApp:
    """The app on the demo's data, with time and date pinned: what the snapshot tests photograph."""
    import time
    from datetime import date

    from coachtui.demo import seed_demo
    from coachtui.packs import load_packs

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    ticker = FakeTicker()
    store = Store.open(tmp_path / "demo.db", now=FakeNow(ticker))
    seed_demo(store, today=date(2026, 11, 23))
    return CoachApp(store, ticker=ticker, packs=load_packs(None), keymap_file=tmp_path / "none.toml",
                    subtitle="snapshot")
