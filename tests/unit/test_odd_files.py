"""Files of every shape: a device, a pipe or an oversized file gets a one-line message, never a hang, a
traceback or gigabytes of memory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from coachtui.errors import EXIT_DATA, DataFileError
from coachtui.services.reading import read_user_text
from tests.helpers import RunCli


@pytest.mark.skipif(sys.platform == "win32", reason="Windows has no /dev")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_at_once(device: str) -> None:
    assert Path(device).exists()  # on Linux and macOS these are always there
    with pytest.raises(DataFileError, match="not an ordinary file"):
        read_user_text(Path(device), "a file of turns")


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path, run_cli: RunCli) -> None:
    pipe = tmp_path / "rounds.coachround.json"
    os.mkfifo(pipe)
    result = run_cli("--db", str(tmp_path / "c.db"), "import-rounds", str(pipe))  # run_cli times out if it hangs
    assert result.returncode == EXIT_DATA
    assert "not an ordinary file" in result.stderr and "Traceback" not in result.stderr


def test_import_turns_from_a_device_gives_one_line(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli("--db", str(tmp_path / "c.db"), "import-turns", "/dev/zero")
    assert result.returncode == EXIT_DATA
    assert result.stderr.splitlines() == [
        "coachtui: /dev/zero is not an ordinary file (a device, pipe or socket), so it cannot be a file of turns."]


def test_the_size_limit_counts_the_bytes_read(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * 2_000_001)
    with pytest.raises(DataFileError, match="too large to be a file of turns"):
        read_user_text(big, "a file of turns", max_bytes=2_000_000)
    assert read_user_text(big, "a file of turns", max_bytes=2_000_001) == "x" * 2_000_001
