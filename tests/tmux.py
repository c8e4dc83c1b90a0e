"""Drive the installed `coachtui` command in a real terminal: tmux, keys in, screen text out."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path

from tests.helpers import COACHTUI


def tmux_available() -> bool:
    return shutil.which("tmux") is not None


class Terminal:
    """One tmux session running one command; the pane stays after the command ends, for reading."""

    def __init__(self, tmp_path: Path, *, width: int = 100, height: int = 30, term: str = "xterm-256color",
                 extra_env: dict[str, str] | None = None) -> None:
        # Each test has its own tmux server, on a socket in its own tmp_path, so tests running at the same time
        # on other pytest-xdist workers never meet; the session name is unique on top of that.
        self.name = f"coachtui-test-{uuid.uuid4().hex[:8]}"
        self.socket = tmp_path / "tmux.sock"
        self.width, self.height = width, height
        self.env = {
            "COACHTUI_CONFIG_DIR": str(tmp_path / "config"),
            "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
            "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
            "XDG_STATE_HOME": str(tmp_path / "xdg-state"),
            "TERM": term,
            **(extra_env or {}),
        }

    def tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-S", str(self.socket), *args], capture_output=True, text=True, timeout=20,
                              check=False, env={**os.environ, "TERM": "xterm-256color"})
        return done.stdout

    def command(self, *args: str) -> str:
        """The shell command that runs coachtui with these arguments in this terminal's environment."""
        exports = " ".join(f"{key}={value!s}" for key, value in self.env.items())
        return f"env {exports} {COACHTUI} {' '.join(args)}"

    def start(self, *args: str) -> Terminal:
        return self.run(self.command(*args))

    def run(self, command: str) -> Terminal:
        """Run any shell command in the pane (coachtui inside a wrapper, say)."""
        self.tmux("new-session", "-d", "-s", self.name, "-x", str(self.width), "-y", str(self.height), command)
        self.tmux("set-option", "-t", self.name, "remain-on-exit", "on")
        return self

    def press(self, *keys: str, pause: float = 0.15) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", self.name, key)
            time.sleep(pause)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", self.name, "-l", text)
        time.sleep(0.2)

    def screen(self, *, escapes: bool = False) -> str:
        """The visible text; with `escapes`, the colour and style codes too."""
        return self.tmux("capture-pane", "-p", *(["-e"] if escapes else []), "-t", self.name)

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        """The screen once `text` is on it and the app has stopped redrawing it, so the next key meets the
        screen that shows the text (on a machine busy with parallel tests, a fixed pause was too short)."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return self.steady(screen, deadline)
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared on screen:\n{screen}")
            time.sleep(0.1)

    def wait_until_gone(self, text: str, timeout: float = 15.0) -> str:
        """The screen once `text` has left it (a dialog closed) and the app has stopped redrawing it."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text not in screen:
                return self.steady(screen, deadline)
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never left the screen:\n{screen}")
            time.sleep(0.1)

    def steady(self, screen: str, deadline: float) -> str:
        """Wait until two captures a moment apart agree: the app has drawn what the last key did."""
        while time.monotonic() < deadline:
            time.sleep(0.1)
            again = self.screen()
            if again == screen:
                break
            screen = again
        return screen

    def pid(self) -> int:
        return int(self.tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").strip())

    def exited(self, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.tmux("display-message", "-p", "-t", self.name, "#{pane_dead}").strip() == "1":
                return True
            time.sleep(0.1)
        return False

    def close(self) -> None:
        self.tmux("kill-session", "-t", self.name)
        self.tmux("kill-server")
