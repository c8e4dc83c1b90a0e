"""Two schools' figure files add up to their trust's: the CSV's keyed totals summed by key, and two SQLite files
combined as the README shows (with sqlite-utils), both against totals worked out by hand."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import subprocess
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import pytest

from coachtui.core.model import Stage
from coachtui.core.vocabulary import vocabulary
from coachtui.services.figure_tables import KEYS, as_csv, build_tables
from coachtui.services.figures import refresh_talk
from coachtui.store import Store
from tests.helpers import DEVELOPING, FakeNow, FakeTicker, RunCli, co_constructive

FUNCTIONS = vocabulary().functions
TOTAL_KEYS = ("breakdown", "mode", "month", "stage", "cycle", "level")
Key = tuple[str, ...]


def school_a(path: Path) -> None:
    """Five partnerships in November 2026, each one ended pre-lesson meeting of 10 minutes (12 planned) holding
    the DEVELOPING talk: 12 turns, 3 questions, 2 explanations, level 2."""
    store = Store.open(path, now=FakeNow(FakeTicker()))
    for number in range(5):
        partnership = store.partnerships.create(("Ana", "Dev", "Fen")[number % 3], f"Coachee {number + 1}")
        store.partnerships.set_figures_consent(partnership.id, coach=True, coachee=True)
        meeting = store.meetings.open(store.cycles.current(partnership.id).id, Stage.PRE_LESSON)
        store.turns.add_many(meeting.id, [replace(turn, observer="Jo") for turn in DEVELOPING])
        store.meetings.end(meeting.id, 600)
    store.close()


def school_b(path: Path) -> None:
    """Six partnerships in January 2027, each one ended pre-lesson meeting of 11 minutes (10 planned: over time)
    holding the co-constructive talk (14 turns, 2 questions, 1 explanation, 1 challenge, level 4); the sixth
    also had an untagged post-lesson meeting of 9 minutes (12 planned), the only post-lesson meeting there."""
    ticker = FakeTicker()
    ticker.advance(40 * 86400)  # 2026-11-23 + 40 days: 2 January 2027
    store = Store.open(path, now=FakeNow(ticker))
    for number in range(6):
        partnership = store.partnerships.create(("Gus", "Hal")[number % 2], f"Pupil lead {number + 1}")
        store.partnerships.set_figures_consent(partnership.id, coach=True, coachee=True)
        cycle_id = store.cycles.current(partnership.id).id
        meeting = store.meetings.open(cycle_id, Stage.PRE_LESSON, planned_minutes=10)
        store.turns.add_many(meeting.id, [replace(turn, observer="Kit") for turn in co_constructive()])
        store.meetings.end(meeting.id, 660)
    after = store.meetings.open(cycle_id, Stage.POST_LESSON)
    store.meetings.end(after.id, 540)
    store.close()


def expected_totals() -> dict[Key, dict[str, float]]:
    """The trust's totals, worked out by hand from the two schools above (only what neither school withheld)."""
    nothing = dict.fromkeys(("meetings", "meetings_tagged", "turns", "question", "challenge"), 0)
    level_2 = {"meetings": 5, "meetings_tagged": 5, "turns": 60, "question": 15, "challenge": 0}
    level_4 = {"meetings": 6, "meetings_tagged": 6, "turns": 84, "question": 12, "challenge": 6}
    return {
        ("all", "live", "", "", "", ""): {
            "partnerships": 11, "cycles": 11, "meetings": 12, "meetings_ended": 12, "meetings_tagged": 11,
            "meetings_reviewed": 0, "meetings_over_time": 6,
            "minutes_planned": 5 * 12 + 6 * 10 + 12, "minutes_used": 5 * 10 + 6 * 11 + 9,
            "turns": 60 + 84, "question": 15 + 12, "explanation": 10 + 6, "challenge": 6},
        # School B's post-lesson meeting is one partnership's: withheld there, so only pre-lesson adds up.
        ("stage", "live", "", "pre-lesson", "", ""): {"meetings": 11, "minutes_used": 116, "turns": 144},
        ("month", "live", "2026-11", "", "", ""): {"meetings": 5, "minutes_used": 50, "turns": 60},
        ("month", "live", "2027-01", "", "", ""): {"meetings": 7, "minutes_used": 75, "turns": 84},
        **{("month level", "live", "2026-11", "", "", str(level)): (level_2 if level == 2 else nothing)
           for level in (1, 2, 3, 4)},
        **{("month level", "live", "2027-01", "", "", str(level)): (level_4 if level == 4 else nothing)
           for level in (1, 2, 3, 4)},
        ("cycle level", "live", "", "", "1", "1"): nothing,
        ("cycle level", "live", "", "", "1", "2"): level_2,
        ("cycle level", "live", "", "", "1", "3"): nothing,
        ("cycle level", "live", "", "", "1", "4"): level_4,
    }


def summed(rows: list[dict[str, str]]) -> tuple[dict[Key, dict[str, float]], dict[Key, int]]:
    """Keyed totals added up across files (every number column summed per key, empty cells skipped), and how
    many files withheld each key."""
    totals: defaultdict[Key, defaultdict[str, float]] = defaultdict(lambda: defaultdict(float))
    withheld: defaultdict[Key, int] = defaultdict(int)
    for row in rows:
        if row["table_name"] != "totals":
            continue
        key = tuple(row[column] or "" for column in TOTAL_KEYS)
        if row["note"] == "too few to show":
            withheld[key] += 1
            continue
        for column, value in row.items():
            if column not in KEYS and value not in ("", None):
                totals[key][column] += float(value)
    return {key: dict(values) for key, values in totals.items()}, dict(withheld)


def assert_matches_hand_worked(totals: dict[Key, dict[str, float]], withheld: dict[Key, int]) -> None:
    for key, expected in expected_totals().items():
        assert key in totals, f"no total for {key}"
        assert {column: totals[key][column] for column in expected} == expected, key
    # Exactly what was expected: no key repeated under another spelling, nothing more.
    assert set(totals) == set(expected_totals())
    # Keys a school withheld are named as such, never silently missing: B's post-lesson stage, and every
    # role-play breakdown of both schools (they had no rounds).
    assert withheld[("stage", "live", "", "post-lesson", "", "")] == 1
    assert withheld[("all", "role-play", "", "", "", "")] == 2


def test_two_schools_csv_files_combine_into_the_trusts_totals(tmp_path: Path, run_cli: RunCli) -> None:
    rows: list[dict[str, str]] = []
    for name, make in (("school-a", school_a), ("school-b", school_b)):
        make(tmp_path / f"{name}.db")
        target = tmp_path / f"{name}.csv"
        written = run_cli("--db", str(tmp_path / f"{name}.db"), "aggregate", "--csv", str(target))
        assert written.returncode == 0, written.stderr
        assert target.stat().st_mode & 0o777 == 0o600
        rows += csv.DictReader(io.StringIO(target.read_text(encoding="utf-8")))
    assert {row["format_version"] for row in rows} == {"2"}
    totals, withheld = summed(rows)
    assert_matches_hand_worked(totals, withheld)
    # The per-meeting rows add up to the same whole, and none carries a day (a month only).
    meetings = [row for row in rows if row["table_name"] == "meetings" and row["mode"] == "live"]
    assert len(meetings) == 12 and sum(float(row["minutes_used"]) for row in meetings) == 125
    assert sum(int(row["turns"]) for row in meetings) == 144
    assert {row["month"] for row in meetings} == {"2026-11", "2027-01"}
    # B's post-lesson meeting is there, its stage left empty: one partnership's only post-lesson meeting.
    assert [(row["stage"], row["level"], row["note"]) for row in meetings if row["minutes_used"] == "9.0"] == [
        ("", "", "stage too few to show")]


def recipe(folder: Path, *schools: str) -> None:
    """The README's recipe for one SQLite file of many schools: copy the first, insert the rest with sqlite-utils."""
    bin_dir = Path(sys.executable).parent
    first, *rest = schools
    script = f"cp {first} trust.sqlite\n" + "".join(
        f"for table in meetings totals; do sqlite-utils rows {school} $table | sqlite-utils insert trust.sqlite"
        f" $table -; done\n" for school in rest)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=folder, env=env, check=True, timeout=60)


def test_two_schools_sqlite_files_combine_into_the_trusts_totals(tmp_path: Path, run_cli: RunCli) -> None:
    for name, make in (("school-a", school_a), ("school-b", school_b)):
        make(tmp_path / f"{name}.db")
        target = tmp_path / f"{name}.sqlite"
        written = run_cli("--db", str(tmp_path / f"{name}.db"), "aggregate", "--sqlite", str(target))
        assert written.returncode == 0, written.stderr
        assert "tables meetings and totals" in written.stdout
        assert target.stat().st_mode & 0o777 == 0o600
        assert not [path.name for path in tmp_path.iterdir() if path.name.endswith((".part", "-journal"))]
    recipe(tmp_path, "school-a.sqlite", "school-b.sqlite")
    connection = sqlite3.connect(tmp_path / "trust.sqlite")
    connection.row_factory = sqlite3.Row
    try:
        rows = [{key: "" if value is None else str(value) for key, value in dict(row).items()}
                for row in connection.execute("SELECT 'totals' AS table_name, * FROM totals")]
        kinds = {row["name"]: row["type"] for row in connection.execute("PRAGMA table_info(totals)")}
        meetings = connection.execute("SELECT count(*), sum(minutes_used), sum(turns) FROM meetings"
                                      " WHERE mode = 'live'").fetchone()
    finally:
        connection.close()
    assert (kinds["meetings"], kinds["minutes_used"], kinds["month"]) == ("INTEGER", "REAL", "TEXT")
    totals, withheld = summed(rows)
    assert_matches_hand_worked(totals, withheld)
    assert tuple(meetings) == (12, 125.0, 144)


def test_the_sqlite_file_is_never_written_over_an_existing_file_and_is_logged(
        tmp_path: Path, run_cli: RunCli) -> None:
    school_a(tmp_path / "school.db")
    target = tmp_path / "figures.sqlite"
    target.write_text("someone's file", encoding="utf-8")
    refused = run_cli("--db", str(tmp_path / "school.db"), "aggregate", "--sqlite", str(target))
    assert refused.returncode == 4 and "already exists" in refused.stderr and "Traceback" not in refused.stderr
    assert target.read_text(encoding="utf-8") == "someone's file"
    both = run_cli("--db", str(tmp_path / "school.db"), "aggregate", "--csv", str(tmp_path / "f.csv"),
                   "--sqlite", str(target))
    assert both.returncode == 4 and not (tmp_path / "f.csv").exists()  # neither file, rather than one of two
    target.unlink()
    assert run_cli("--db", str(tmp_path / "school.db"), "aggregate", "--sqlite", str(target)).returncode == 0
    store = Store.open(tmp_path / "school.db")
    try:
        logged = [tuple(row) for row in store.db.conn.execute("SELECT what, destination FROM export_log")]
    finally:
        store.close()
    assert logged == [("aggregate figures (counts only, no codes), SQLite", str(target.resolve()))]


def test_without_the_figures_extra_the_sqlite_option_names_it_and_writes_nothing(
        tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from coachtui.cli.figures import aggregate_files
    from coachtui.errors import CoachError

    monkeypatch.setitem(sys.modules, "sqlite_utils", None)  # as if it were not installed
    with pytest.raises(CoachError, match=r"pip install 'coachtui\[figures\]'"):
        aggregate_files(store, csv=tmp_path / "figures.csv", sqlite=tmp_path / "figures.sqlite")
    assert list(tmp_path.glob("figures.*")) == []  # not even the CSV: nothing half done


def test_under_five_partnerships_the_meeting_rows_are_withheld_and_the_file_says_so(tmp_path: Path) -> None:
    school_a(tmp_path / "school.db")
    store = Store.open(tmp_path / "school.db")
    try:
        store.partnerships.set_figures_consent(store.partnerships.all()[0].id, coachee=False)  # four left
        refresh_talk(store)
        tables = build_tables(store, FUNCTIONS)
    finally:
        store.close()
    assert [(row["mode"], row["note"], row["meetings"]) for row in tables.meetings] == [
        ("live", "too few to show", None), ("role-play", "too few to show", None)]
    assert {row["note"] for row in tables.totals} == {"too few to show"}
    assert "2026-11" not in as_csv(tables)
