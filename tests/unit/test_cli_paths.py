"""`coachtui paths` says where this computer keeps everything; `coachtui completion` completes the commands."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import COACHTUI, RunCli

KEYS = ["database", "config", "settings", "packs", "keymap", "scenarios", "bands", "nudges", "logs"]


def test_paths_lists_every_place_as_this_computer_has_them(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("paths", "--json")
    assert result.returncode == 0, result.stderr
    places = json.loads(result.stdout)
    assert list(places) == KEYS
    config = tmp_path / "config"
    assert places["config"] == str(config) and places["keymap"] == str(config / "keymap.toml")
    assert places["packs"] == str(config / "prompts" / "*.toml")
    assert places["database"] == str(tmp_path / "xdg-data" / "coachtui" / "coachtui.db")
    assert places["logs"] is None  # nothing is logged to a file
    text = run_cli("paths").stdout
    assert "database (the default)" in text and "writes no log file" in text and str(config) in text
    assert not (tmp_path / "xdg-data").exists()  # only says where; creates nothing


def test_paths_names_the_database_that_would_be_used(run_cli: RunCli, tmp_path: Path) -> None:
    chosen = run_cli("paths", extra_env={"COACHTUI_DB": str(tmp_path / "env.db")}).stdout
    assert chosen.startswith("database ($COACHTUI_DB)") and str(tmp_path / "env.db") in chosen
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text(f'database = "{tmp_path / "set.db"}"\n')
    assert "database (config.toml)" in run_cli("paths").stdout and str(tmp_path / "set.db") in run_cli("paths").stdout
    assert str(tmp_path / "flag.db") in run_cli("paths", "--db", str(tmp_path / "flag.db")).stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash here")
def test_bash_completion_offers_the_commands_and_their_options(run_cli: RunCli, tmp_path: Path) -> None:
    script = run_cli("completion", "bash")
    assert script.returncode == 0, script.stderr
    (tmp_path / "coachtui.bash").write_text(script.stdout)

    def complete(*words: str) -> list[str]:
        line = " ".join(words)
        probe = (f"source {tmp_path / 'coachtui.bash'}; COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; "
                 f"COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}; _shtab_coachtui; "
                 "printf '%s\\n' \"${COMPREPLY[@]}\"")
        done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, check=False, cwd=tmp_path)
        return done.stdout.split()

    assert "paths" in complete("coachtui", "pa")
    assert {"import-turns", "import-rounds"} <= set(complete("coachtui", "imp"))
    assert "--partnership" in complete("coachtui", "erase", "--pa")
    assert set(complete("coachtui", "completion", "")) == {"bash", "zsh"}


def test_zsh_completion_is_a_compdef_script(run_cli: RunCli) -> None:
    script = run_cli("completion", "zsh")
    assert script.returncode == 0, script.stderr
    assert script.stdout.startswith("#compdef coachtui") and "import-rounds" in script.stdout
    if shutil.which("zsh"):
        assert subprocess.run(["zsh", "-n"], input=script.stdout, text=True, check=False).returncode == 0


def test_an_unknown_shell_is_refused(run_cli: RunCli) -> None:
    result = run_cli("completion", "fish")
    assert result.returncode == 2 and "invalid choice" in result.stderr
    assert COACHTUI.exists()


def test_paths_show_control_characters_as_escapes_and_a_closed_pipe_is_no_error(tmp_path: Path) -> None:
    env = {**os.environ, "COACHTUI_DB": str(tmp_path / "a\x1b[2Jb.db"), "COACHTUI_CONFIG_DIR": str(tmp_path)}
    shown = subprocess.run(f"{COACHTUI} paths | head -1", shell=True, env=env, capture_output=True, text=True,
                           check=False)
    assert "a\\x1b[2Jb.db" in shown.stdout and "\x1b" not in shown.stdout
    assert shown.stderr == ""
