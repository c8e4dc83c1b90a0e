"""Settings from config.toml: read once, overridden by env and flags, never fatal when malformed."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachtui.app import make_app
from coachtui.settings import Settings, load_settings
from coachtui.store import Store
from tests.helpers import RunCli, notified


def write_config(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "config"
    folder.mkdir(exist_ok=True)
    (folder / "config.toml").write_text(text, encoding="utf-8")
    return folder / "config.toml"


def test_no_file_means_the_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "absent.toml") == Settings()


def test_a_valid_file_sets_each_setting(tmp_path: Path) -> None:
    path = write_config(tmp_path, 'database = "~/coaching/school.db"\nencrypt = true\nnudges = false\n'
                                  'stamp = "start"\n')
    settings = load_settings(path)
    assert settings.database == Path.home() / "coaching" / "school.db"
    assert (settings.encrypt, settings.nudges, settings.stamp, settings.problems) == (True, False, "start", ())


@pytest.mark.parametrize(("text", "expected"), [
    ("encrypt = yes please", "is not valid TOML"),
    ('encrypt = "true"', "'encrypt' must be true or false"),
    ("database = 3", "'database' must be a file path in quotes"),
    ('database = "  "', "'database' must be a file path in quotes"),
    ("colour = 'blue'", "unknown setting 'colour'"),
    ('stamp = "middle"', "'stamp' must be \"end\" or \"start\""),
    ('database = "~nosuchuser-7f2/coach.db"', "starts with ~ and an unknown user name"),
])
def test_a_malformed_setting_is_reported_and_the_default_used(tmp_path: Path, text: str, expected: str) -> None:
    settings = load_settings(write_config(tmp_path, text))
    assert len(settings.problems) == 1 and expected in settings.problems[0]
    assert str(tmp_path / "config" / "config.toml") in settings.problems[0]
    assert (settings.database, settings.encrypt) == (None, False)


def test_a_file_that_is_not_text_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xff\xfe\x00binary")
    assert "cannot be read" in load_settings(path).problems[0]


def test_the_database_setting_is_used_unless_a_flag_or_the_environment_names_another(
        tmp_path: Path, run_cli: RunCli) -> None:
    # A command that only reads refuses a database that is not there, so each run finds only the one it chose.
    chosen = tmp_path / "from-settings.db"
    write_config(tmp_path, f'database = "{chosen}"\n')
    assert run_cli("aggregate").returncode == 3
    Store.open(chosen).close()
    result = run_cli("aggregate")
    assert result.returncode == 0, result.stderr
    flagged = tmp_path / "from-flag.db"
    assert run_cli("--db", str(flagged), "aggregate").returncode == 3
    Store.open(flagged).close()
    assert run_cli("--db", str(flagged), "aggregate").returncode == 0


def test_the_encrypt_setting_opens_the_database_encrypted(tmp_path: Path, run_cli: RunCli) -> None:
    pytest.importorskip("sqlcipher3", reason="the encrypt extra is not installed")
    path = tmp_path / "secret.db"
    Store.open(path, passphrase="a long phrase").close()
    write_config(tmp_path, "encrypt = true\n")
    result = run_cli("--db", str(path), "aggregate", extra_env={"COACHTUI_PASSPHRASE": "a long phrase"})
    assert result.returncode == 0, result.stderr
    assert not path.read_bytes().startswith(b"SQLite format 3")
    plain = run_cli("--db", str(path), "aggregate", extra_env={"COACHTUI_CONFIG_DIR": str(tmp_path / "x")})
    assert plain.returncode == 3 and "--encrypt" in plain.stderr


def test_a_bad_settings_file_is_reported_on_the_command_line_without_stopping_it(
        tmp_path: Path, run_cli: RunCli) -> None:
    write_config(tmp_path, "nudges = 1\n")
    Store.open(tmp_path / "c.db").close()
    result = run_cli("--db", str(tmp_path / "c.db"), "aggregate")
    assert result.returncode == 0
    assert "'nudges' must be true or false" in result.stderr


async def test_the_app_shows_settings_problems_as_a_notice(tmp_path: Path) -> None:
    settings = Settings(problems=("The settings file x has an unknown setting 'colour'; it is ignored.",))
    app = make_app(tmp_path / "c.db", settings=settings)
    async with app.run_test() as pilot:
        assert await notified(app, pilot, "unknown setting 'colour'")


def test_a_database_path_with_an_unknown_users_tilde_is_one_line_not_a_traceback(run_cli: RunCli) -> None:
    result = run_cli("aggregate", extra_env={"COACHTUI_DB": "~nosuchuser-7f2/coach.db"})
    assert result.returncode == 3
    assert "a user name this computer does not know" in result.stderr and "Traceback" not in result.stderr


def test_a_database_named_with_a_tilde_is_found_before_asking_for_a_passphrase(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coachtui.cli.common import chosen_database
    from coachtui.cli.parser import build_parser
    from coachtui.settings import Settings

    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("COACHTUI_DB", "~/coaching/secret.db")
    path, encrypt = chosen_database(build_parser().parse_args(["--encrypt"]), Settings())
    # Expanded before the passphrase is asked for, so an existing file is known to exist (asked once, not twice).
    assert (path, encrypt) == (home / "coaching" / "secret.db", True)
