"""Bad input of every family: each case gives a clear message and changes nothing.

The README's reliability table is counted from FAMILIES below (a test checks it), so the table says
exactly what these tests try.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from coachtui.core.bundle import bundle_to_json
from coachtui.core.model import Stage, Turn
from coachtui.core.training_plan import make_plan, plan_to_json
from coachtui.errors import EXIT_REFUSED, CoachError, DataFileError, PackError, StoreError
from coachtui.store import Store
from tests.helpers import COACHTUI, RunCli, bundle, scalar

ROOT = Path(__file__).resolve().parents[2]
DEEP_ARRAY = "[" * 500 + "]" * 500
HUGE_INT = "9" * 5000
TURNS_HEADER = "t,speaker,function,initiation,subject,stimulus,scale,tone,time,co_construction,observer,note"


def csv_turns(*rows: str) -> str:
    return "\n".join([TURNS_HEADER, *rows]) + "\n"


def row(t: str = "5", function: str = "question", note: str = "") -> str:
    return f"{t},coach,{function},,,,,,,0,Jo,{note}"


def json_turn(**changes: object) -> dict[str, object]:
    return {"t": 5, "speaker": "coach", "function": "question", "initiation": "", "subject": "", "stimulus": "",
            "scale": "", "tone": "", "time": "", "co_construction": 0, "observer": "Jo", "note": ""} | changes


GOOD_BUNDLE = json.loads(bundle_to_json(bundle({"P1": (Turn(5.0, "coach", "question", observer="P1"),)})))
GOOD_PLAN = json.loads(plan_to_json(make_plan(code="S1", title="t", people="Ana\nSam\nKim", by_hand=False, rounds=1,
                                              round_minutes=10, debrief_minutes=5, scenarios={})))


def edited(base: dict[str, object], **changes: object) -> str:
    return json.dumps(base | changes)


# Each family: case name -> the file's content (text, or bytes for encodings).
TURNS_FILES: dict[str, str | bytes] = {
    "empty": "",
    "not UTF-8": b"t,speaker\n\xff\xfe\x00junk",
    "binary noise": bytes(range(256)) * 4,
    "wrong header": "when,who,what\n1,coach,question\n",
    "misspelt function": csv_turns(row(function="questoin")),
    "time 1e300": csv_turns(row(t="1e300")),
    "time nan": csv_turns(row(t="nan")),
    "time past a day": csv_turns(row(t="86401")),
    "negative time": csv_turns(row(t="-1")),
    "note over the limit": csv_turns(row(note="x" * 10_001)),
    "unclosed quote": csv_turns(row(note='"never closed')),
    "row with extra fields": csv_turns(row() + ",extra"),
    "JSON object, not array": json.dumps(json_turn()),
    "JSON duplicate key": '[{"t": 5, "t": 6, ' + json.dumps(json_turn())[1:].replace('"t": 5, ', "") + "]",
    "JSON 500 nested arrays": f"[{DEEP_ARRAY}]",
    "JSON 5000-digit integer": json.dumps([json_turn()]).replace('"t": 5', f'"t": {HUGE_INT}'),
    "JSON NaN time": json.dumps([json_turn()]).replace('"t": 5', '"t": NaN'),
    "JSON text after the array": json.dumps([json_turn()]) + " []",
    "more rows than the limit": csv_turns(*(row(t=str(n)) for n in range(12))),  # the limit is lowered to 10
}

BUNDLES: dict[str, str | bytes] = {
    "empty": "",
    "not UTF-8": b"{\xff}",
    "not JSON": "round 2, group 1",
    "an array": "[]",
    "another format": edited(GOOD_BUNDLE, format="something-else"),
    "newer version": edited(GOOD_BUNDLE, version=99),
    "duplicate key": bundle_to_json(bundle()).replace('"group": 1,', '"group": 1, "group": 2,'),
    "500 nested arrays": edited(GOOD_BUNDLE, observers=[json.loads(DEEP_ARRAY[:200] + DEEP_ARRAY[-200:])])
    .replace('"observers": [', '"observers": [' + "[" * 300, 1).replace("]]", "]]" + "]" * 300, 1),
    "5000-digit integer": edited(GOOD_BUNDLE).replace('"group": 1', f'"group": {HUGE_INT}'),
    "NaN elapsed": edited(GOOD_BUNDLE).replace('"elapsed_seconds": 604.5', '"elapsed_seconds": NaN'),
    "Infinity elapsed": edited(GOOD_BUNDLE).replace('"elapsed_seconds": 604.5', '"elapsed_seconds": Infinity'),
    "turn by a stranger": edited(GOOD_BUNDLE, turns={"P9": [GOOD_BUNDLE["turns"]["P1"][0]]}),  # type: ignore[index]
}

PLANS: dict[str, str | bytes] = {
    "empty": "",
    "not UTF-8": b"{\xff}",
    "not JSON": "S1 plan",
    "another format": edited(GOOD_PLAN, format="x"),
    "newer version": edited(GOOD_PLAN, version=99),
    "duplicate key": edited(GOOD_PLAN).replace('"code": "S1",', '"code": "S1", "code": "S2",'),
    "500 nested arrays": edited(GOOD_PLAN).replace('"rounds": [', '"rounds": [' + DEEP_ARRAY + ",", 1),
    "5000-digit integer": edited(GOOD_PLAN).replace('"round_minutes": 10', f'"round_minutes": {HUGE_INT}'),
    "NaN minutes": edited(GOOD_PLAN).replace('"round_minutes": 10', '"round_minutes": NaN'),
    "bad participant code": edited(GOOD_PLAN).replace('"code": "P1"', '"code": "not a code!"'),
}

KEYMAPS: dict[str, str | bytes] = {
    "not TOML": "meeting.start = \n",
    "not UTF-8": b"[meeting]\nstart = \"\xff\"\n",
    "500 nested arrays": f"x = {DEEP_ARRAY}\n",
    "5000-digit integer": f"x = {HUGE_INT}\n",
    "unknown action": '[meeting]\nfly = "f"\n',
    "not a key name": '[app]\nhelp = "ctrl+nothing"\n',
    "a number for a key": "[app]\nhelp = 5\n",
    "Ctrl+Q taken": '[app]\nhelp = "ctrl+q"\n',
    "thousands of unknown ids": "".join(f'unknown{n} = "x"\n' for n in range(5000)),
}

CONFIGS: dict[str, str | bytes] = {
    "not TOML": "encrypt = \n",
    "not UTF-8": b"database = \"\xff\"\n",
    "500 nested arrays": f"nudges = {DEEP_ARRAY}\n",
    "5000-digit integer": f"nudges = {HUGE_INT}\n",
    "unknown setting": "colour = true\n",
    "wrong kind": 'encrypt = "yes"\n',
    "empty database path": 'database = " "\n',
    "unknown stamp": 'stamp = "middle"\n',
}

PACK_BASE = ('key = "mine"\ntitle = "Mine"\norder = 9\nsummary = "s"\ndiscussion = ["d"]\nevidence = ["e"]\n'
             '[grow]\ngoal = ["g"]\nreality = ["r"]\noptions = ["o"]\nway_forward = ["w"]\n')
PACKS: dict[str, str | bytes] = {
    "not TOML": "key = \n",
    "not UTF-8": b"key = \"\xff\"\n",
    "500 nested arrays": PACK_BASE.replace('discussion = ["d"]', f"discussion = {DEEP_ARRAY}"),
    "5000-digit integer": PACK_BASE.replace("order = 9", f"order = {HUGE_INT}"),
    "no title": PACK_BASE.replace('title = "Mine"\n', ""),
    "a number for prompts": PACK_BASE.replace('evidence = ["e"]', "evidence = 5"),
}

NUDGES: dict[str, str | bytes] = {
    "not TOML": "[[rule]\n",
    "not UTF-8": b"[[rule]]\nid = \"\xff\"\n",
    "500 nested arrays": f"[[rule]]\nid = \"quiet-challenge\"\nminutes = {DEEP_ARRAY}\n",
    "5000-digit integer": f"[[rule]]\nid = \"quiet-challenge\"\nmin_turns = {HUGE_INT}\n",
    "nan minutes": '[[rule]]\nid = "quiet-challenge"\nminutes = nan\n',
    "inf minutes": '[[rule]]\nid = "quiet-challenge"\nminutes = inf\n',
    "unknown pattern": '[[rule]]\nid = "new"\ntitle = "t"\npattern = "telepathy"\n',
}

BAND = ('[[band]]\nindicator = "coachee_initiation_share"\nlabel = "l"\nlow = 0.2\nhigh = 0.5\n'
        'toward = "higher"\nsource = "s"\nreasoning = "r"\n')
BANDS: dict[str, str | bytes] = {
    "not TOML": "[[band]\n",
    "not UTF-8": b"[[band]]\nlabel = \"\xff\"\n",
    "500 nested arrays": BAND.replace("low = 0.2", f"low = {DEEP_ARRAY}"),
    "5000-digit integer": BAND.replace("low = 0.2", f"low = {HUGE_INT}"),
    "nan low": BAND.replace("low = 0.2", "low = nan"),
    "inf high": BAND.replace("high = 0.5", "high = inf"),
    "low above high": BAND.replace("low = 0.2", "low = 0.9"),
    "unknown indicator": BAND.replace("coachee_initiation_share", "luck"),
    "no label": BAND.replace('label = "l"\n', ""),
}


def scenario_text() -> str:
    return (ROOT / "coachtui" / "data" / "scenarios" / "a4l-exit-tickets.toml").read_text().replace(
        'id = "a4l-exit-tickets"', 'id = "mine"')


SCENARIOS: dict[str, str | bytes] = {
    "not TOML": "title = \n",
    "not UTF-8": b"title = \"\xff\"\n",
    "500 nested arrays": f"title = {DEEP_ARRAY}\n",
    "5000-digit integer": f"minutes = {HUGE_INT}\n",
    "unknown theme": "THEME",
    "no briefs": "NO BRIEFS",
}

FOLDERS = ("database path is a folder", "a file where the database folder should be", "config folder mode 000",
           "data folder out of reach", "turns file is a folder", "round bundles folder with bad files")
DATABASES = ("plain text", "another program's SQLite", "damaged pages", "empty file", "read-only 0400",
             "stale -wal of an earlier copy", "from a newer coachtui", "encrypted, opened without --encrypt",
             "plain, opened with --encrypt")

FAMILIES: dict[str, int] = {
    "turns files": len(TURNS_FILES), "bundles": len(BUNDLES), "plans": len(PLANS), "keymaps": len(KEYMAPS),
    "config": len(CONFIGS), "packs": len(PACKS), "nudges": len(NUDGES), "bands": len(BANDS),
    "scenarios": len(SCENARIOS), "folders": len(FOLDERS), "databases": len(DATABASES),
}


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def one_clear_line(message: str) -> None:
    first = message.splitlines()[0]
    assert first and "Traceback" not in message and "Error:" not in first, message
    assert len(first) < 600, first


# -- turns files: refused whole, the meeting untouched ------------------------------------------------


@pytest.mark.parametrize("case", TURNS_FILES)
def test_a_bad_turns_file_is_refused_and_the_meeting_keeps_its_turns(
        case: str, tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from coachtui.services.turns import import_turns, read_turns_file

    monkeypatch.setattr("coachtui.core.interchange.MAX_ROWS", 10)
    meeting = store.meetings.open(store.cycles.current(store.partnerships.create("Ana", "Sam").id).id,
                                  Stage.POST_LESSON)
    store.turns.add(meeting.id, Turn(1.0, "coach", "question", observer="Jo"))
    path = write(tmp_path / "turns.csv", TURNS_FILES[case])
    with pytest.raises(DataFileError) as refused:
        import_turns(store, read_turns_file(path), source=path, meeting_id=meeting.id)
    one_clear_line(str(refused.value))
    assert len(store.turns.of_meeting(meeting.id)) == 1


# -- bundles and plans: DataFileError naming the file -------------------------------------------------


@pytest.mark.parametrize("case", BUNDLES)
def test_a_bad_round_bundle_is_named_and_skipped(case: str, tmp_path: Path) -> None:
    from coachtui.services.rounds import read_bundle

    path = write(tmp_path / "x.coachround.json", BUNDLES[case])
    with pytest.raises(DataFileError, match=re.escape(str(path))) as refused:
        read_bundle(path)
    one_clear_line(str(refused.value))


@pytest.mark.parametrize("case", PLANS)
def test_a_bad_plan_is_named(case: str, tmp_path: Path) -> None:
    from coachtui.services.rounds import read_plan

    path = write(tmp_path / "S1.coachplan.json", PLANS[case])
    with pytest.raises(CoachError, match=re.escape(str(path))) as refused:
        read_plan(path)
    one_clear_line(str(refused.value))


def test_import_rounds_goes_on_past_a_bad_file_to_the_next(tmp_path: Path, store: Store) -> None:
    from coachtui.services.rounds import create_session, import_rounds

    plan = make_plan(code="AUT1", title="t", people="P1\nP2\nP3", by_hand=False, rounds=2, round_minutes=10,
                     debrief_minutes=5, scenarios={1: "a4l-exit-tickets", 2: "a4l-exit-tickets"})
    create_session(store, plan)
    deep = write(tmp_path / "a.coachround.json", BUNDLES["500 nested arrays"])
    huge = write(tmp_path / "b.coachround.json", BUNDLES["5000-digit integer"])
    assignment = next(a for a in plan.assignments if a.round == 2)
    good = write(tmp_path / "c.coachround.json", bundle_to_json(bundle(
        {assignment.observers[0]: (Turn(5.0, "coach", "question", observer=assignment.observers[0]),)},
        coach=assignment.coach, coachee=assignment.coachee, observers=assignment.observers)))
    result = import_rounds(store, [deep, huge, good])
    assert len(result.problems) == 2 and len(result.lines) == 1, result


# -- keymaps, config, packs, nudges, bands, scenarios: reported, the shipped data stands in ----------


@pytest.mark.parametrize("case", KEYMAPS)
def test_a_bad_keymap_is_reported_and_the_shipped_keys_stand(case: str, tmp_path: Path) -> None:
    from coachtui.core.keymap import load_keymap, shipped_keymap

    path = write(tmp_path / "keymap.toml", KEYMAPS[case])
    started = time.monotonic()
    keys, problems = load_keymap(path)
    assert time.monotonic() - started < 10
    assert keys == shipped_keymap()
    assert problems and str(path) in problems[0] and len(problems) <= 30
    one_clear_line(problems[0])


@pytest.mark.parametrize("case", CONFIGS)
def test_a_bad_config_file_is_reported_and_the_defaults_stand(case: str, tmp_path: Path) -> None:
    from coachtui.settings import Settings, load_settings

    path = write(tmp_path / "config.toml", CONFIGS[case])
    settings = load_settings(path)
    assert replace(settings, problems=()) == Settings()
    assert settings.problems and str(path) in settings.problems[0]
    one_clear_line(settings.problems[0])


@pytest.mark.parametrize("case", PACKS)
def test_a_bad_pack_is_skipped_with_its_name(case: str, tmp_path: Path) -> None:
    from coachtui.core.packs import load_packs

    shipped = load_packs(None)
    write(tmp_path / "prompts" / "mine.toml", PACKS[case])
    library = load_packs(tmp_path / "prompts")
    assert library.packs.keys() == shipped.packs.keys()
    assert len(library.problems) == 1 and "mine.toml" in library.problems[0]
    one_clear_line(library.problems[0])


@pytest.mark.parametrize("case", NUDGES)
def test_bad_nudges_are_reported_and_the_shipped_ones_used(case: str, tmp_path: Path) -> None:
    from coachtui.core.nudges import load_rules

    shipped, _ = load_rules(None)
    path = write(tmp_path / "nudges.toml", NUDGES[case])
    rules, problems = load_rules(path)
    assert rules == shipped
    assert len(problems) == 1 and str(path) in problems[0]
    one_clear_line(problems[0])


@pytest.mark.parametrize("case", BANDS)
def test_bad_bands_are_refused_and_never_reach_a_report(case: str, tmp_path: Path) -> None:
    from coachtui.core.analysis import load_bands

    path = write(tmp_path / "bands.toml", BANDS[case])
    with pytest.raises(PackError, match=re.escape(str(path))) as refused:
        load_bands(path)
    one_clear_line(str(refused.value))


@pytest.mark.parametrize("case", SCENARIOS)
def test_a_bad_scenario_is_skipped_with_its_name(case: str, tmp_path: Path) -> None:
    from coachtui.core.packs import load_packs
    from coachtui.core.scenarios import load_scenarios

    themes = load_packs(None).packs.keys()
    shipped = load_scenarios(themes)
    content = SCENARIOS[case]
    if content == "THEME":
        content = scenario_text().replace('theme = "a4l"', 'theme = "astrology"')
    elif content == "NO BRIEFS":
        content = re.sub(r"\[coach\].*", "", scenario_text(), flags=re.S)
    write(tmp_path / "scenarios" / "mine.toml", content)
    library = load_scenarios(themes, tmp_path / "scenarios")
    assert library.scenarios.keys() == shipped.scenarios.keys()
    assert len(library.problems) == 1 and "mine.toml" in library.problems[0]
    one_clear_line(library.problems[0])


# -- folders --------------------------------------------------------------------------------------


def without_file_mode_override() -> list[str]:
    """A prefix that runs a command without root's power to read any folder whatever its mode, when the tests
    run as root: the same user, minus the two capabilities that override file modes, so the command still
    reaches the checkout and its virtual environment wherever they are (a uid of nobody could not)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        # CI runs as root on Linux, where util-linux brings setpriv: missing there, the test must not pass quietly.
        if os.environ.get("CI"):
            pytest.fail("setpriv is needed to drop root's file-mode override for this test")
        pytest.skip("setpriv is needed to drop root's file-mode override for this test")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


@pytest.mark.parametrize("case", FOLDERS)
def test_a_folder_that_is_not_what_it_seems(case: str, tmp_path: Path, store: Store) -> None:
    if case == "database path is a folder":
        with pytest.raises(StoreError, match="is a folder") as refused:
            Store.open(tmp_path)
    elif case == "a file where the database folder should be":
        write(tmp_path / "blocker", "x")
        with pytest.raises(StoreError, match="Cannot create the folder") as refused:
            Store.open(tmp_path / "blocker" / "data" / "coach.db")
    elif case == "turns file is a folder":
        from coachtui.services.turns import read_turns_file

        with pytest.raises(DataFileError, match="is a folder") as refused:
            read_turns_file(tmp_path)
    elif case == "round bundles folder with bad files":
        from coachtui.core.bundle import SUFFIX
        from coachtui.services.rounds import import_rounds

        write(tmp_path / "in" / f"a{SUFFIX}", BUNDLES["not JSON"])
        write(tmp_path / "in" / f"b{SUFFIX}", BUNDLES["duplicate key"])
        # As the training screen reads a folder it is given: each bundle in it in turn.
        result = import_rounds(store, sorted((tmp_path / "in").glob(f"*{SUFFIX}")))
        assert len(result.problems) == 2 and not result.lines
        return
    elif case == "data folder out of reach":
        result = in_locked_folders("data", ["list"])
        assert result.returncode == 3 and "Traceback" not in result.stderr, result.stderr
        assert result.stderr.startswith("coachtui: Cannot use the folder ") and "permission denied" in result.stderr
        return
    else:
        keys = in_locked_folders("config", ["keys"])
        listed = in_locked_folders("config", ["list"])  # a command that reads the settings, then the database
        assert keys.returncode == 0 and "Remap keys in" in keys.stdout, keys.stderr
        for result in (keys, listed):
            assert "config folder" in result.stderr and "cannot be read" in result.stderr
            assert "Traceback" not in result.stderr
        return
    one_clear_line(str(refused.value))


def in_locked_folders(locked: str, command: list[str]) -> subprocess.CompletedProcess[str]:
    """Run coachtui (as an ordinary user) with its `locked` folder ("config" or "data") at mode 000."""
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="coachtui-locked-"))
    try:
        home.chmod(0o777)  # the unprivileged user may make its own folders here
        folder = home / locked
        folder.mkdir(mode=0o000)
        folder.chmod(0o000)
        env = {**os.environ, "COACHTUI_CONFIG_DIR": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
               "TERM": "dumb"}
        env.pop("COACHTUI_DB", None)
        return subprocess.run([*without_file_mode_override(), str(COACHTUI), *command], env=env,
                              capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL, check=False,
                              cwd=home)
    finally:
        (home / locked).chmod(0o700)
        shutil.rmtree(home, ignore_errors=True)


# -- databases ------------------------------------------------------------------------------------


def database_case(case: str, path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], object]:
    """Make the case's file at `path`; the call that should refuse it."""
    if case == "plain text":
        write(path, "name,focus\nAna,questions\n")
    elif case == "another program's SQLite":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE songs (title TEXT)")
        conn.commit()
        conn.close()
    elif case == "damaged pages":
        store = Store.open(path)
        for number in range(40):
            store.partnerships.create(f"Coach {number}" * 20, f"Coachee {number}" * 20, "focus " * 50)
        store.close()
        with path.open("r+b") as handle:
            for page in range(2, 6):
                handle.seek(page * 4096)
                handle.write(os.urandom(4096))
    elif case == "empty file":
        write(path, "")
    elif case == "read-only 0400":
        Store.open(path).close()
        path.chmod(0o400)
    elif case == "stale -wal of an earlier copy":
        store = Store.open(path)
        store.db.conn.execute("PRAGMA wal_autocheckpoint = 0")
        store.partnerships.create("Ana", "Sam")
        shutil.copy(path.with_name(path.name + "-wal"), path.with_name("old-wal"))
        store.close()
        shutil.copy(path.with_name("old-wal"), path.with_name(path.name + "-wal"))
        os.utime(path.with_name(path.name + "-wal"), (time.time() - 3600,) * 2)
    elif case == "from a newer coachtui":
        Store.open(path).close()
        conn = sqlite3.connect(path)
        conn.execute("INSERT INTO schema_version VALUES (99, 'future')")
        conn.commit()
        conn.close()
    elif case == "encrypted, opened without --encrypt":
        pytest.importorskip("sqlcipher3")
        Store.open(path, passphrase="secret").close()
    else:
        Store.open(path).close()
        return lambda: Store.open(path, passphrase="secret")
    return lambda: Store.open(path)


def companions(path: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), stat.S_IMODE(p.stat().st_mode)) for p in sorted(path.parent.iterdir())}


@pytest.mark.parametrize("case", DATABASES)
def test_a_database_that_is_not_what_it_seems_is_refused_untouched(
        case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "db" / "coach.db"
    path.parent.mkdir()
    opening = database_case(case, path, monkeypatch)
    before = companions(path)
    with pytest.raises(StoreError) as refused:
        opening()
    assert len(str(refused.value).splitlines()) == 1
    one_clear_line(str(refused.value))
    assert companions(path) == before


# -- the README's table ---------------------------------------------------------------------------


def test_the_readme_table_counts_what_these_tests_try() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for family, count in FAMILIES.items():
        assert f"| {family} | {count} | {count} |" in readme, f"README: the row for {family} should count {count}"


def test_importing_the_same_turns_file_twice_is_refused_unless_again(tmp_path: Path, run_cli: RunCli) -> None:
    db = tmp_path / "coach.db"
    path = write(tmp_path / "turns.csv", csv_turns(row(t="5"), row(t="9", function="challenge")))
    first = run_cli("--db", str(db), "import-turns", str(path))
    meeting = first.stdout.splitlines()[-1]
    again = run_cli("--db", str(db), "import-turns", str(path), "--meeting", meeting)
    assert again.returncode == EXIT_REFUSED
    assert again.stderr.splitlines() == [
        f"coachtui: All 2 turns in turns.csv are already in meeting {meeting} (the same time, speaker, tags, "
        "observer and note): was it imported before? Nothing was imported; add --again to import them once more."]
    assert scalar(db, "SELECT count(*) FROM turn") == 2
    meant = run_cli("--db", str(db), "import-turns", str(path), "--meeting", meeting, "--again")
    assert meant.returncode == 0, meant.stderr
    assert scalar(db, "SELECT count(*) FROM turn") == 4
