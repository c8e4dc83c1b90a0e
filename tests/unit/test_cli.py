"""The installed `coachtui` command: version, help, one-line errors for files it must not open."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

from coachtui import __version__
from coachtui.errors import EXIT_STORE
from coachtui.store import Store
from tests.helpers import COACHTUI, RunCli


def assert_one_line_error(result: subprocess.CompletedProcess[str], path: Path) -> None:
    assert result.returncode == EXIT_STORE == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.endswith("\n")
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("coachtui:")
    assert str(path) in lines[0]


def test_console_script_is_installed() -> None:
    assert COACHTUI.is_file()


def test_version_prints_the_package_version(run_cli: RunCli) -> None:
    result = run_cli("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"coachtui {__version__}"


def test_help_lists_the_demo_command(run_cli: RunCli) -> None:
    result = run_cli("--help")
    assert result.returncode == 0, result.stderr
    assert "demo" in result.stdout
    assert "--db" in result.stdout


def test_a_text_file_is_refused_and_left_alone(tmp_path: Path, run_cli: RunCli) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"Lesson notes for Tuesday\nnot a database\n")
    before = notes.read_bytes()
    result = run_cli("--db", str(notes))
    assert_one_line_error(result, notes)
    assert "not a coachtui database" in result.stderr
    assert notes.read_bytes() == before


def test_a_database_from_a_newer_coachtui_is_refused_and_left_alone(tmp_path: Path, run_cli: RunCli) -> None:
    path = tmp_path / "newer.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO schema_version VALUES (99, '2030-01-01T00:00:00+00:00')")
    conn.close()
    before = path.read_bytes()
    result = run_cli("--db", str(path))
    assert_one_line_error(result, path)
    assert "newer coachtui" in result.stderr and "99" in result.stderr
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("newer.db.*.bak"))


def test_a_folder_is_refused(tmp_path: Path, run_cli: RunCli) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    result = run_cli("--db", str(folder))
    assert_one_line_error(result, folder)
    assert "folder" in result.stderr
    assert list(folder.iterdir()) == []


def test_the_database_env_var_is_honoured(tmp_path: Path, run_cli: RunCli) -> None:
    notes = tmp_path / "elsewhere" / "notes.txt"
    notes.parent.mkdir()
    notes.write_bytes(b"not a database either\n")
    before = notes.read_bytes()
    result = run_cli(extra_env={"COACHTUI_DB": str(notes)})
    assert_one_line_error(result, notes)
    assert notes.read_bytes() == before
    assert not (tmp_path / "xdg-data" / "coachtui").exists()
