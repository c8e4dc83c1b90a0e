"""The command line as a user meets it: ids they can find, options where they type them, a mistyped database
path that creates nothing, a wrong passphrase that says one thing, and help that starts with the purpose."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coachtui.cli.parser import COMMANDS
from coachtui.core.interchange import format_turns
from coachtui.core.model import Stage, Turn
from coachtui.errors import EXIT_DATA, EXIT_PASSPHRASE, EXIT_STORE
from coachtui.services.demo import seed_demo
from coachtui.store import Store
from tests.helpers import RunCli


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    store = Store.open(path, durable=False)
    seed_demo(store)
    store.close()
    return path


def test_list_shows_every_partnership_cycle_and_meeting_with_its_id(seeded: Path, run_cli: RunCli) -> None:
    store = Store.open(seeded)
    partnership = store.partnerships.all()[0]
    meetings = [m for c in store.cycles.of_partnership(partnership.id) for m in store.meetings.of_cycle(c.id)]
    store.close()
    result = run_cli("list", "--db", str(seeded))
    assert result.returncode == 0, result.stderr
    assert f"Partnership {partnership.id}: {partnership.coach} & {partnership.coachee}" in result.stdout
    for meeting in meetings:
        assert f"meeting {meeting.id}: {meeting.stage.title}" in result.stdout
    listed = json.loads(run_cli("--db", str(seeded), "list", "--json").stdout)
    first = next(item for item in listed if item["partnership"] == partnership.id)
    assert [m["id"] for c in first["cycles"] for m in c["meetings"]] == [m.id for m in meetings]
    assert {m["summary"] for c in first["cycles"] for m in c["meetings"]} <= {None, "draft", "approved", "void",
                                                                              "withdrawn"}


def test_a_command_that_reads_never_creates_a_database_where_the_path_was_mistyped(
        tmp_path: Path, run_cli: RunCli) -> None:
    missing = tmp_path / "typo.db"
    for command in (["list"], ["report", "--meeting", "1"], ["export", "--meeting", "1", "--to", "x.md"],
                    ["export-turns", "--meeting", "1"], ["aggregate"]):
        result = run_cli("--db", str(missing), *command)
        assert result.returncode == EXIT_STORE, (command, result.stderr)
        assert "There is no database at" in result.stderr and "Traceback" not in result.stderr
        assert not missing.exists()


def test_db_is_taken_after_the_command_as_well_as_before_it(seeded: Path, run_cli: RunCli) -> None:
    after = run_cli("aggregate", "--db", str(seeded))
    before = run_cli("--db", str(seeded), "aggregate")
    assert after.returncode == 0 == before.returncode, after.stderr
    assert after.stdout == before.stdout


def test_export_turns_for_an_observer_who_never_tagged_says_so(seeded: Path, run_cli: RunCli) -> None:
    store = Store.open(seeded)
    meeting = store.meetings.open(store.cycles.current(store.partnerships.all()[0].id).id, Stage.PRE_LESSON)
    store.turns.add(meeting.id, Turn(t=3.0, speaker="coach", function="question", observer="Priya"))
    store.close()
    result = run_cli("--db", str(seeded), "export-turns", "--meeting", str(meeting.id), "--observer", "Nobody")
    assert result.returncode == EXIT_DATA
    assert "Nobody called 'Nobody' tagged meeting" in result.stderr and "Priya" in result.stderr
    assert result.stdout == ""


def test_a_wrong_passphrase_gives_our_one_line_and_its_own_exit_code(tmp_path: Path, run_cli: RunCli) -> None:
    pytest.importorskip("sqlcipher3", reason="the encrypt extra is not installed")
    path = tmp_path / "secret.db"
    Store.open(path, passphrase="the right one").close()
    result = run_cli("--encrypt", "--db", str(path), "list", extra_env={"COACHTUI_PASSPHRASE": "a wrong one"})
    assert result.returncode == EXIT_PASSPHRASE == 6
    assert result.stderr.splitlines() == [f"coachtui: That passphrase does not open {path}."]


def test_a_new_encrypted_database_is_announced(tmp_path: Path, run_cli: RunCli) -> None:
    pytest.importorskip("sqlcipher3", reason="the encrypt extra is not installed")
    path = tmp_path / "new.db"
    turns = tmp_path / "turns.csv"
    turns.write_text(format_turns([Turn(t=1.0, speaker="coach", function="question", observer="P")], "csv"),
                     encoding="utf-8")
    result = run_cli("--encrypt", "--db", str(path), "import-turns", str(turns),
                     extra_env={"COACHTUI_PASSPHRASE": "a long phrase"})
    assert result.returncode == 0, result.stderr
    assert f"Creating a new encrypted database at {path}." in result.stderr


def test_every_command_help_starts_with_its_purpose_and_the_top_level_says_commands_do_not_open_the_app(
        run_cli: RunCli) -> None:
    top = run_cli("--help").stdout
    assert "With no command, coachtui opens the app." in top
    for name, (purpose, _) in COMMANDS.items():
        usage, description = run_cli(name, "--help").stdout.split("\n\n")[:2]
        assert usage.startswith(f"usage: coachtui {name}")
        assert description.replace("\n", " ") == purpose[0].upper() + purpose[1:] + "."
    for option in ("--meeting", "--partnership"):
        command = "export" if option == "--meeting" else "erase"
        assert "coachtui list shows them" in run_cli(command, "--help").stdout.replace("\n", " ").replace("  ", " ")


def test_keys_flags_a_binding_that_takes_a_key_the_app_keeps(tmp_path: Path, run_cli: RunCli) -> None:
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "keymap.toml").write_text('"home.new" = "ctrl+p"\n', encoding="utf-8")
    result = run_cli("keys")
    assert result.returncode == 0
    assert "ctrl+p is kept for the command palette" in result.stderr


def test_keys_lists_a_few_unknown_names_and_counts_the_rest(tmp_path: Path, run_cli: RunCli) -> None:
    (tmp_path / "config").mkdir(exist_ok=True)
    lines = "\n".join(f'"nothing.here{i}" = "k"' for i in range(5000))
    (tmp_path / "config" / "keymap.toml").write_text(lines + "\n", encoding="utf-8")
    result = run_cli("keys")
    problems = result.stderr.splitlines()
    assert len(problems) == 21
    assert problems[-1].startswith("Ignored 4980 more names")


def test_a_reader_that_stops_early_is_no_error(seeded: Path, tmp_path: Path) -> None:
    import subprocess

    from tests.helpers import COACHTUI

    for command in (["aggregate"], ["list"], ["keys"], ["export-turns", "--all"]):
        done = subprocess.run(f"'{COACHTUI}' --db '{seeded}' {' '.join(command)} | head -c 1 >/dev/null; "
                              "echo \"exit ${PIPESTATUS[0]}\"", shell=True, executable="/bin/bash",
                              capture_output=True, text=True, timeout=60, cwd=tmp_path,
                              env={"PATH": "/usr/bin:/bin", "COACHTUI_CONFIG_DIR": str(tmp_path / "config"),
                                   "XDG_DATA_HOME": str(tmp_path / "d"), "XDG_STATE_HOME": str(tmp_path / "s")})
        assert "Traceback" not in done.stderr and "Broken pipe" not in done.stderr, (command, done.stderr)
        assert done.stdout.strip() == "exit 0", (command, done.stdout)


def test_only_the_chosen_commands_parser_is_built_and_every_message_stays_the_same(run_cli: RunCli) -> None:
    from coachtui.cli.parser import build_parser

    def commands_declared(argv: list[str]) -> set[str]:
        parser = build_parser(argv)
        sub = next(a for a in parser._actions if a.dest == "command")
        return set(getattr(sub, "choices", None) or {})

    assert commands_declared(["demo"]) == {"demo"}
    assert commands_declared(["--db", "x.db"]) == set()  # the app: no command to declare
    assert commands_declared(["--db", "list"]) == {"list"}  # a path that reads like a command is harmless
    assert commands_declared(["--help"]) == set(COMMANDS)
    assert commands_declared(["nonsense"]) == set(COMMANDS)
    wrong = run_cli("nonsense")
    assert wrong.returncode == 2 and "invalid choice: 'nonsense'" in wrong.stderr
    missing = run_cli("export", "--to", "x.md")
    assert missing.returncode == 2 and "--meeting" in missing.stderr
