"""Researchers' exports: several meetings in one file, and BORIS projects whose events are our turns."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from coachtui.core.boris import MODIFIER_DIMENSIONS, Observation, boris_project, event
from coachtui.core.interchange import format_meetings_turns, parse_turns
from coachtui.core.model import TURN_COLUMNS, Turn
from coachtui.core.vocabulary import vocabulary
from coachtui.errors import EXIT_DATA, EXIT_USAGE, DataFileError
from coachtui.services.demo import seed_demo
from coachtui.store import Store
from tests.helpers import RunCli, rows

DEMO_TURNS = {1: 43, 2: 25}  # the demo's two meetings, each tagged by Jo and Priya


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "coach.db"
    store = Store.open(path, durable=False)
    seed_demo(store)
    store.close()
    return path


def demo_turns(db: Path, meeting_id: int, observer: str | None = None) -> list[Turn]:
    store = Store.open(db, durable=False)
    try:
        return store.turns.of_meeting(meeting_id, observer)
    finally:
        store.close()


def test_several_meetings_share_one_csv_with_a_meeting_column_first(demo_db: Path, run_cli: RunCli) -> None:
    done = run_cli("--db", str(demo_db), "export-turns", "--meeting", "1", "--meeting", "2")
    assert done.returncode == 0, done.stderr
    table = list(csv.DictReader(io.StringIO(done.stdout)))
    assert done.stdout.splitlines()[0] == ",".join(("meeting", *TURN_COLUMNS))
    assert [int(row["meeting"]) for row in table] == [1] * DEMO_TURNS[1] + [2] * DEMO_TURNS[2]
    assert [float(row["t"]) for row in table if row["meeting"] == "2"] == [t.t for t in demo_turns(demo_db, 2)]


def test_each_meeting_of_a_combined_export_is_in_its_partnerships_log(demo_db: Path, run_cli: RunCli) -> None:
    done = run_cli("--db", str(demo_db), "export-turns", "--meeting", "1", "--meeting", "2", "--format", "json",
                   "--output", "both.json")
    assert done.returncode == 0, done.stderr
    assert "2 meetings" in done.stdout
    logged = rows(demo_db, "SELECT what, meeting_id, partnership_id FROM export_log ORDER BY meeting_id")
    assert [(entry["meeting_id"], entry["partnership_id"]) for entry in logged] == [(1, 1), (2, 1)]
    assert all("with 1 other meeting" in entry["what"] for entry in logged)


def test_several_meetings_as_json_are_one_array_of_turns_each_naming_its_meeting(
        tmp_path: Path, demo_db: Path, run_cli: RunCli) -> None:
    done = run_cli("--db", str(demo_db), "export-turns", "--meeting", "2", "--meeting", "1", "--format", "json")
    assert done.returncode == 0, done.stderr
    turns = json.loads(done.stdout)
    assert isinstance(turns, list) and len(turns) == DEMO_TURNS[1] + DEMO_TURNS[2]
    assert list(turns[0]) == ["meeting", *TURN_COLUMNS]
    assert [turn["meeting"] for turn in turns] == [2] * DEMO_TURNS[2] + [1] * DEMO_TURNS[1], "in the order asked"


def test_all_exports_every_tagged_meeting_even_one(demo_db: Path, run_cli: RunCli) -> None:
    everything = run_cli("--db", str(demo_db), "export-turns", "--all")
    listed = run_cli("--db", str(demo_db), "export-turns", "--meeting", "1", "--meeting", "2")
    assert everything.returncode == 0, everything.stderr
    assert everything.stdout == listed.stdout

    jo = run_cli("--db", str(demo_db), "export-turns", "--all", "--observer", "Jo", "--format", "json")
    assert {turn["observer"] for turn in json.loads(jo.stdout)} == {"Jo"}
    assert {turn["meeting"] for turn in json.loads(jo.stdout)} == {1, 2}


def test_one_meeting_keeps_the_columns_import_turns_reads(demo_db: Path, run_cli: RunCli) -> None:
    done = run_cli("--db", str(demo_db), "export-turns", "--meeting", "1", "--meeting", "1")
    assert done.stdout.splitlines()[0] == ",".join(TURN_COLUMNS), "a repeated id is one meeting"


def test_a_file_of_several_meetings_is_not_imported_into_one(demo_db: Path, run_cli: RunCli) -> None:
    run_cli("--db", str(demo_db), "export-turns", "--all", "--output", "all.csv")
    done = run_cli("--db", str(demo_db), "import-turns", "all.csv", "--meeting", "1")
    assert done.returncode == EXIT_DATA
    assert "several meetings" in done.stderr and "--meeting ID" in done.stderr


@pytest.mark.parametrize(("args", "code", "says"), [
    (("--all", "--meeting", "1"), EXIT_USAGE, "not allowed with"),
    (("--meeting", "1", "--meeting", "99"), EXIT_DATA, "There is no meeting 99"),
    (("--meeting", "1", "--meeting", "2", "--observer", "Sam"), EXIT_DATA, "Nobody called 'Sam'"),
    (("--all", "--observer", "Sam"), EXIT_DATA, "No meeting"),
])
def test_wrong_choices_of_meetings_export_and_log_nothing(
        demo_db: Path, run_cli: RunCli, args: tuple[str, ...], code: int, says: str) -> None:
    done = run_cli("--db", str(demo_db), "export-turns", *args)
    assert done.returncode == code
    assert says in done.stderr and done.stdout == ""
    assert rows(demo_db, "SELECT * FROM export_log") == []


def test_formula_like_cells_stay_defused_beside_the_meeting_column() -> None:
    turn = Turn(t=1.0, speaker="coach", function="question", note="=HYPERLINK(\"x\")", subject="+1", observer="@me")
    text = format_meetings_turns([(7, [turn])], "csv")
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["meeting"] == "7"
    assert (row["note"], row["subject"], row["observer"]) == ("'=HYPERLINK(\"x\")", "'+1", "'@me")
    with pytest.raises(DataFileError, match="several meetings"):
        parse_turns(text)


# -- BORIS --------------------------------------------------------------------------------------


def read_project(path: Path) -> dict[str, Any]:
    project = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(project, dict)
    return project


def test_boris_project_has_the_ethogram_subjects_and_one_observation_per_meeting_and_observer(
        tmp_path: Path, demo_db: Path, run_cli: RunCli) -> None:
    done = run_cli("--db", str(demo_db), "export-turns", "--all", "--format", "boris", "--output", "turns.boris")
    assert done.returncode == 0, done.stderr
    project = read_project(tmp_path / "turns.boris")
    vocab = vocabulary()

    assert project["project_format_version"] and project["time_format"] == "s"
    ethogram = project["behaviors_conf"]
    assert sorted(ethogram, key=int) == [str(i) for i in range(15)]
    assert [ethogram[str(i)]["code"] for i in range(15)] == list(vocab.functions)
    assert {entry["type"] for entry in ethogram.values()} == {"Point event"}
    assert {entry["category"] for entry in ethogram.values()} <= set(project["behavioral_categories"])
    assert [subject["name"] for subject in project["subjects_conf"].values()] == ["coach", "coachee", "observer"]
    assert sorted(project["observations"]) == ["meeting 1 - Jo", "meeting 1 - Priya", "meeting 2 - Jo",
                                               "meeting 2 - Priya"]
    for observation in project["observations"].values():
        assert observation["type"] == "LIVE" and observation["time offset"] == 0
        assert set(observation["independent_variables"]) == {
            entry["label"] for entry in project["independent_variables"].values()}
    assert [entry["meeting_id"] for entry in rows(demo_db, "SELECT meeting_id FROM export_log")] == [1, 2]


def test_boris_events_are_the_turns_one_to_one(tmp_path: Path, demo_db: Path, run_cli: RunCli) -> None:
    run_cli("--db", str(demo_db), "export-turns", "--meeting", "2", "--format", "boris", "--output", "m2.boris")
    project = read_project(tmp_path / "m2.boris")
    modifier_sets = project["behaviors_conf"]["0"]["modifiers"]
    assert [modifier_sets[str(i)]["name"] for i in range(len(modifier_sets))] == list(MODIFIER_DIMENSIONS)
    codes = {entry["code"] for entry in project["behaviors_conf"].values()}
    for observer in ("Jo", "Priya"):
        turns = demo_turns(demo_db, 2, observer)
        events = project["observations"][f"meeting 2 - {observer}"]["events"]
        assert len(events) == len(turns)
        for (time, subject, behaviour, modifiers, comment), turn in zip(events, turns, strict=True):
            assert (time, subject, behaviour, comment) == (turn.t, turn.speaker, turn.function, turn.note)
            assert behaviour in codes
            chosen = modifiers.split("|")
            assert len(chosen) == len(MODIFIER_DIMENSIONS)
            for index, (key, value) in enumerate(zip(MODIFIER_DIMENSIONS, chosen, strict=True)):
                expected = str(int(turn.co_construction)) if key == "co_construction" else getattr(turn, key)
                assert value == (expected or "None")
                assert value == "None" or value in modifier_sets[str(index)]["values"]


def test_boris_one_observer_only(tmp_path: Path, demo_db: Path, run_cli: RunCli) -> None:
    done = run_cli("--db", str(demo_db), "export-turns", "--meeting", "1", "--observer", "Priya", "--format", "boris")
    assert done.returncode == 0, done.stderr
    assert list(json.loads(done.stdout)["observations"]) == ["meeting 1 - Priya"]


def test_boris_keeps_user_text_as_data_and_modifiers_readable() -> None:
    turn = Turn(t=3.5, speaker="coachee", function="challenge", subject="AfL (exit | tickets), week~2",
                note="fine\x1b]52;c;aGk=\x07 then", observer="Jo\x9b31m")
    project = boris_project([Observation(4, turn.observer, "2026-11-23T10:00:00", "post-lesson", "live", [turn])],
                            name="t", date="2026-11-23T10:00:00")
    text = json.dumps(project, ensure_ascii=False)
    assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
    assert list(project["observations"]) == ["meeting 4 - Jo31m"]
    subject = event(turn)[3].split("|")[MODIFIER_DIMENSIONS.index("subject")]
    assert subject == "AfL [exit / tickets]; week-2"
    assert project["behaviors_conf"]["0"]["modifiers"][str(MODIFIER_DIMENSIONS.index("subject"))]["values"] == [
        subject]
