"""A really full disk, in a real terminal: coachtui runs in tmux with its database on a small filesystem of its
own (a tmpfs mounted inside a mount namespace of the pane's, which nothing else on the machine sees), the test
fills that filesystem while the coach types, then frees it."""

from __future__ import annotations

import errno
import os
import shlex
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from coachtui.core.model import Stage
from coachtui.store import Store
from tests.helpers import rows, scalar
from tests.tmux import Terminal, tmux_available

pytestmark = pytest.mark.skipif(not tmux_available() and not os.environ.get("CI"),
                                reason="tmux is not installed (make setup installs it where it can)")

SIZE = "2m"  # room for the database and its write-ahead log, small enough to fill in a moment


def mount_namespace(probe: Path) -> list[str] | None:
    """The command that gives a shell a mount namespace of its own in which it may mount a tmpfs: plain as root,
    inside a user namespace of its own otherwise. None when this machine allows neither."""
    if shutil.which("unshare") is None:
        return None
    probe.mkdir()
    ways = [["unshare", "--mount"]] if os.geteuid() == 0 else []
    ways.append(["unshare", "--user", "--map-root-user", "--mount"])
    for way in ways:
        try:
            done = subprocess.run([*way, "sh", "-c", f"mount -t tmpfs -o size=64k none {shlex.quote(str(probe))}"],
                                  capture_output=True, timeout=10, check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return way
    return None


@pytest.fixture
def namespace(tmp_path: Path) -> list[str]:
    way = mount_namespace(tmp_path / "probe")
    if way is None:
        reason = ("this machine cannot mount a small filesystem for the test: it needs unshare and either root or "
                  "unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1)")
        if os.environ.get("CI"):
            pytest.fail(reason)  # CI runs as the machines it stands for: there, a skip would hide a lost test
        pytest.skip(reason)
    return way


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    opened = Terminal(tmp_path, width=120, height=30)
    yield opened
    opened.close()


def fill(path: Path) -> None:
    """Write to `path` until the filesystem holds not one byte more."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        chunk = 1 << 16
        while chunk:
            try:
                os.write(handle, bytes(chunk))
            except OSError as error:
                if error.errno != errno.ENOSPC:
                    raise
                chunk //= 2
    finally:
        os.close(handle)


def goal_notes_become(app: Terminal, inside: Path, text: str, copies: Path, timeout: float = 10.0) -> None:
    """Wait until the running app has saved the Goal notes as `text`. SQLite would follow /proc/PID/root to this
    namespace's folder of the same name, so the database and its log are read from copies."""
    deadline = time.monotonic() + timeout
    copies.mkdir(exist_ok=True)
    while True:
        for name in ("coach.db", "coach.db-wal"):
            if (inside / name).exists():
                shutil.copyfile(inside / name, copies / name)
            else:
                (copies / name).unlink(missing_ok=True)
        (copies / "coach.db-shm").unlink(missing_ok=True)
        saved = scalar(copies / "coach.db", "SELECT text FROM grow_note WHERE phase = 'goal'")
        if saved == text:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"the Goal notes are {saved!r}, never {text!r}:\n{app.screen()}")
        time.sleep(0.1)


def test_a_full_disk_is_said_plainly_the_typed_text_stays_and_nothing_saved_is_lost(
        namespace: list[str], terminal: Terminal, tmp_path: Path) -> None:
    seed = tmp_path / "seed" / "coach.db"
    store = Store.open(seed)
    partnership = store.partnerships.create("Ana Lopez", "Sam Reed", "wait time")
    cycle_id = store.cycles.current(partnership.id).id
    meeting_id = store.meetings.open(cycle_id, Stage.POST_LESSON).id
    store.actions.add(cycle_id, meeting_id, "try wait time")
    store.close()
    small, out = tmp_path / "small", tmp_path / "out"
    small.mkdir()
    out.mkdir()
    db_path = small / "coach.db"
    # The pane's shell mounts the small filesystem, runs coachtui on a copy of the database there, and once
    # coachtui has ended copies the database out: the filesystem goes with the namespace.
    q = shlex.quote
    script = (f"echo $$ > {q(str(out / 'shell.pid'))} && mount -t tmpfs -o size={SIZE} none {q(str(small))} && "
              f"cp {q(str(seed))} {q(str(db_path))} && {terminal.command('--db', q(str(db_path)))}; "
              f"cp {q(str(small))}/coach.db* {q(str(out))}/")
    app = terminal.run(shlex.join([*namespace, "sh", "-c", script]))
    app.wait_for("Ana Lopez")
    # The small filesystem as the test sees it: through the root of the shell inside the namespace.
    inside = Path(f"/proc/{(out / 'shell.pid').read_text().strip()}/root") / small.relative_to("/")
    assert (inside / "coach.db").is_file()
    app.press("Enter")
    app.wait_for("cycle 1")
    app.press("4")
    app.wait_for("Goal notes")
    app.press("n")
    app.type("saved first")
    app.wait_for("saved first")
    goal_notes_become(app, inside, "saved first", tmp_path / "copies")

    fill(inside / "filler")
    assert os.statvfs(inside).f_bavail == 0
    app.type(" typed while full")
    screen = app.wait_for("the disk is full")
    assert "Not saved" in screen and "saved first typed while full" in screen, screen
    assert "I/O" not in screen and "Traceback" not in screen, screen

    (inside / "filler").unlink()
    app.type(" and after")  # with room again, the next key saves the whole text
    goal_notes_become(app, inside, "saved first typed while full and after", tmp_path / "copies")
    app.press("Escape", "C-q")
    assert app.exited()

    saved = out / "coach.db"
    conn = sqlite3.connect(saved)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert rows(saved, "SELECT coach, coachee, focus FROM partnership") == [
        {"coach": "Ana Lopez", "coachee": "Sam Reed", "focus": "wait time"}]
    assert scalar(saved, "SELECT text FROM action") == "try wait time"
    assert scalar(saved, "SELECT text FROM grow_note WHERE phase = 'goal'") == "saved first typed while full and after"
