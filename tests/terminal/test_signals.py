"""Signals in a real terminal: SIGTERM ends coachtui as Ctrl+Q does, with the terminal put back."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from coachtui.store import Store
from tests.tmux import Terminal, tmux_available

pytestmark = pytest.mark.skipif(not tmux_available() and not os.environ.get("CI"),
                                reason="tmux is not installed (make setup installs it where it can)")


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    opened = Terminal(tmp_path)
    yield opened
    opened.close()


def test_sigterm_exits_cleanly_and_restores_the_terminal(terminal: Terminal, tmp_path: Path) -> None:
    db_path = tmp_path / "coach.db"
    store = Store.open(db_path)
    store.partnerships.create("Ana Lopez", "Sam Reed", "wait time")
    store.close()
    terminal.start("--db", str(db_path))
    terminal.wait_for("Ana Lopez")
    assert terminal.tmux("display-message", "-p", "-t", terminal.name, "#{alternate_on}").strip() == "1"
    os.kill(terminal.pid(), signal.SIGTERM)
    assert terminal.exited()
    state = terminal.tmux("display-message", "-p", "-t", terminal.name, "#{alternate_on} #{mouse_any_flag}").split()
    assert state == ["0", "0"], "out of the alternate screen, mouse tracking off"
