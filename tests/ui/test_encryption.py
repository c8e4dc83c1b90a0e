"""Encryption at rest with SQLCipher: unreadable without the passphrase, readable with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachtui.core.model import GrowPhase, Stage, Turn
from coachtui.errors import EXIT_PASSPHRASE, EXIT_STORE, StoreError
from coachtui.store import Store
from coachtui.store.connection import WrongPassphrase
from tests.helpers import RunCli

pytest.importorskip("sqlcipher3", reason="the encrypt extra is not installed")

MARKER = "PANGOLIN-4410-SECRET"
PASSPHRASE = "correct horse 'battery' staple"


def encrypted_db(path: Path) -> Path:
    store = Store.open(path, passphrase=PASSPHRASE)
    partnership = store.partnerships.create(f"Ana {MARKER}", "Sam Reed", MARKER)
    meeting = store.meetings.open(store.cycles.current(partnership.id).id, Stage.PRE_LESSON)
    store.meetings.save_note(meeting.id, GrowPhase.GOAL, f"{MARKER} " * 200)
    store.turns.add(meeting.id, Turn(t=3, speaker="coach", function="question", observer="Jo", note=MARKER))
    store.close()
    return path


def test_the_file_holds_no_readable_text_and_opens_only_with_the_passphrase(tmp_path: Path) -> None:
    path = encrypted_db(tmp_path / "secret.db")
    for file in (path, path.with_name(path.name + "-wal")):
        if file.exists():
            assert MARKER.encode() not in file.read_bytes(), file.name
    assert not path.read_bytes().startswith(b"SQLite format 3")
    with pytest.raises(StoreError, match="--encrypt"):
        Store.open(path)
    with pytest.raises(WrongPassphrase, match="does not open"):
        Store.open(path, passphrase="wrong")
    store = Store.open(path, passphrase=PASSPHRASE)
    try:
        assert store.partnerships.all()[0].focus == MARKER
        assert store.turns.of_meeting(1)[0].note == MARKER
    finally:
        store.close()


def test_a_plain_database_is_not_opened_as_encrypted(tmp_path: Path) -> None:
    Store.open(tmp_path / "plain.db").close()
    with pytest.raises(StoreError, match="not encrypted"):
        Store.open(tmp_path / "plain.db", passphrase=PASSPHRASE)


def test_the_command_line_asks_for_the_passphrase_and_refuses_a_wrong_one(tmp_path: Path, run_cli: RunCli) -> None:
    path = encrypted_db(tmp_path / "secret.db")
    args = ("--db", str(path), "--encrypt", "report", "--meeting", "1", "--json")
    opened = run_cli(*args, extra_env={"COACHTUI_PASSPHRASE": PASSPHRASE})
    assert opened.returncode == 0, opened.stderr
    assert '"turns": 1' in opened.stdout
    wrong = run_cli(*args, extra_env={"COACHTUI_PASSPHRASE": "nope"})
    assert wrong.returncode == EXIT_PASSPHRASE and "does not open" in wrong.stderr
    unasked = run_cli("--db", str(path), "report", "--meeting", "1", "--json")
    assert unasked.returncode == EXIT_STORE and "--encrypt" in unasked.stderr


def test_three_tries_then_a_refusal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    from coachtui.cli.common import ask_passphrase

    path = encrypted_db(tmp_path / "secret.db")
    monkeypatch.delenv("COACHTUI_PASSPHRASE", raising=False)
    answers = iter(["one", "two", PASSPHRASE])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    assert ask_passphrase(path) == PASSPHRASE

    asked: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": asked.append(prompt) or "wrong")
    with pytest.raises(WrongPassphrase) as refused:
        ask_passphrase(path)
    assert len(asked) == 3 and refused.value.exit_code == EXIT_PASSPHRASE


def test_a_new_encrypted_database_asks_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    from coachtui.cli.common import ask_passphrase

    monkeypatch.delenv("COACHTUI_PASSPHRASE", raising=False)
    answers = iter(["first", "typo", "second", "second"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    assert ask_passphrase(tmp_path / "new.db") == "second"
    assert not (tmp_path / "new.db").read_bytes().startswith(b"SQLite format 3")


async def test_the_app_runs_on_an_encrypted_database(tmp_path: Path) -> None:
    from coachtui.app import make_app
    from coachtui.screens.home import HomeScreen

    path = encrypted_db(tmp_path / "secret.db")
    app = make_app(path, passphrase=PASSPHRASE, keymap_file=tmp_path / "none.toml")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#partnerships").row_count == 1
        await pilot.press("n")
    app.store.close()
