"""Turns out to researchers' tools and back: exact round trips, bad rows named by line, the CLI."""

from __future__ import annotations

import json
import stat
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachtui.demo import seed_demo
from coachtui.errors import EXIT_DATA, EXIT_USAGE, DataFileError
from coachtui.interchange import format_turns, parse_turns
from coachtui.model import TURN_COLUMNS, Stage, Turn
from coachtui.store import Store
from coachtui.vocabulary import vocabulary
from tests.helpers import rows, scalar
from tests.test_cli import run_cli

VOCAB = vocabulary()
# Text as people type it, commas, quotes and line breaks included; no lone surrogates (the store
# replaces those) and no surrounding spaces where the store trims them.
free_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
trimmed_text = free_text.map(str.strip)


@st.composite
def turns(draw: st.DrawFn) -> Turn:
    def pick(key: str, *, blank: bool = False) -> str:
        values = [v for v in VOCAB.values(key) if v]
        return draw(st.sampled_from([*values, ""] if blank else values))

    return Turn(
        t=draw(st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)),
        speaker=pick("speaker"), function=pick("function"), initiation=pick("initiation", blank=True),
        subject=draw(trimmed_text), stimulus=pick("stimulus"), scale=pick("scale", blank=True),
        tone=pick("tone"), time=pick("time", blank=True), co_construction=draw(st.booleans()),
        observer=draw(trimmed_text), note=draw(free_text),
    )


@pytest.mark.parametrize("fmt", ["csv", "json"])
@given(many=st.lists(turns(), max_size=12))
@settings(max_examples=60, deadline=None)
def test_export_then_import_gives_the_same_turns(fmt: str, many: list[Turn]) -> None:
    text = format_turns(many, fmt)
    assert parse_turns(text, fmt) == many
    assert parse_turns(text) == many, "the format is recognised without being named"
    assert format_turns(parse_turns(text), fmt) == text


@pytest.mark.parametrize("fmt", ["csv", "json"])
@given(many=st.lists(turns(), min_size=1, max_size=8))
@settings(max_examples=25, deadline=None)
def test_a_round_trip_through_the_database_file_keeps_every_field(tmp_path_factory, fmt: str,
                                                                    many: list[Turn]) -> None:
    store = Store.open(tmp_path_factory.mktemp("db") / "c.db", durable=False)
    try:
        partnership = store.create_partnership("Ana", "Sam")
        meeting = store.open_meeting(store.current_cycle(partnership.id).id, Stage.POST_LESSON)
        store.add_turns(meeting.id, parse_turns(format_turns(many, fmt)))
        # The store orders by time, then by when each was added.
        expected = sorted(many, key=lambda turn: turn.t)
        assert [replace(turn, id=0) for turn in store.turns(meeting.id)] == expected
    finally:
        store.close()


def test_the_columns_and_values_are_the_documented_ones() -> None:
    turn = Turn(t=12.5, speaker="coachee", function="new idea", initiation="coachee", subject="hinge questions",
                stimulus="pupils' work", scale="lesson as a whole", tone="positive", time="future specific lessons",
                co_construction=True, observer="Jo", note="said twice")
    assert format_turns([turn], "csv").splitlines() == [
        ",".join(TURN_COLUMNS),
        "12.5,coachee,new idea,coachee,hinge questions,pupils' work,lesson as a whole,positive,"
        "future specific lessons,1,Jo,said twice",
    ]
    assert json.loads(format_turns([turn], "json")) == [{
        "t": 12.5, "speaker": "coachee", "function": "new idea", "initiation": "coachee",
        "subject": "hinge questions", "stimulus": "pupils' work", "scale": "lesson as a whole", "tone": "positive",
        "time": "future specific lessons", "co_construction": 1, "observer": "Jo", "note": "said twice"}]


HEADER = ",".join(TURN_COLUMNS)


def test_bad_csv_rows_are_named_by_their_line_and_nothing_is_taken() -> None:
    text = "\n".join([
        HEADER,
        '1,coach,question,,,none,,neutral,,0,Jo,"a note',   # line 2: a note over two lines
        'that goes on"',
        "2,coachee,questoin,,,none,,neutral,,0,Jo,",          # line 4: misspelt function
        "3,coach,summary,,,none,,neutral,,2,Jo,",             # line 5: co_construction 2
        "-4,coach,summary,,,none,,neutral,,0,Jo,",            # line 6: negative time
        "5,coach,summary,,,none,,loud,,0,Jo,",                # line 7: unknown tone
        "6,coach,summary,,,none,,neutral,,0,Jo,",             # line 8: fine
    ]) + "\n"
    with pytest.raises(DataFileError) as caught:
        parse_turns(text)
    message = str(caught.value)
    assert message.startswith("4 bad rows; nothing was imported:")
    assert [line.strip().split(":")[0] for line in message.splitlines()[1:]] == [
        "line 4", "line 5", "line 6", "line 7"]
    assert "unknown function 'questoin'" in message
    assert "unknown tone 'loud'" in message


def test_bad_json_rows_are_named_by_the_line_they_start_on() -> None:
    text = ('[\n{"t": 1, "speaker": "coach", "function": "question", "initiation": "", "subject": "",\n'
            ' "stimulus": "none", "scale": "", "tone": "neutral", "time": "", "co_construction": 0,'
            ' "observer": "", "note": ""},\n'
            '{"t": "soon", "speaker": "coach", "function": "question", "initiation": "", "subject": "",'
            ' "stimulus": "none", "scale": "", "tone": "neutral", "time": "", "co_construction": 0,'
            ' "observer": "", "note": ""},\n'
            '{"t": 3}\n]\n')
    with pytest.raises(DataFileError) as caught:
        parse_turns(text)
    lines = str(caught.value).splitlines()[1:]
    assert lines[0].strip() == "line 4: t must be a number of seconds, not 'soon'"
    assert lines[1].strip().startswith("line 5: missing speaker, function")


@pytest.mark.parametrize(("text", "says"), [
    ("", "The file is empty"),
    ("t,speaker,function\n1,coach,question\n", "missing initiation"),
    (HEADER + ",mood\n", "unknown mood"),
    ("[1, 2", "not valid JSON"),
    ('{"t": 1}', "header row"),
    ("[] []", "more after its array"),
])
def test_files_that_are_not_turns_are_refused_with_a_reason(text: str, says: str) -> None:
    with pytest.raises(DataFileError, match=says):
        parse_turns(text)


def test_a_spreadsheet_export_with_a_byte_order_mark_and_crlf_reads() -> None:
    text = "\ufeff" + HEADER + "\r\n7,coach,challenge,,,none,,neutral,,0,Jo,\r\n"
    assert parse_turns(text) == [Turn(t=7.0, speaker="coach", function="challenge", observer="Jo")]


# -- the command line, on a real database file ----------------------------------------------


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "coach.db"
    store = Store.open(path, durable=False)
    seed_demo(store)
    store.close()
    return path


def test_export_prints_one_observers_turns_and_logs_it(tmp_path: Path, demo_db: Path) -> None:
    done = run_cli(tmp_path, "--db", str(demo_db), "export-turns", "--meeting", "1", "--observer", "Jo")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == HEADER
    assert len(lines) == 1 + 22 and all(line.split(",")[10] == "Jo" for line in lines[1:])
    assert rows(demo_db, "SELECT what, destination FROM export_log") == [
        {"what": "turns of meeting 1 (csv, Jo's tags)", "destination": "standard output"}]


def test_export_to_a_file_is_private_and_never_overwrites(tmp_path: Path, demo_db: Path) -> None:
    args = ("--db", str(demo_db), "export-turns", "--meeting", "1", "--format", "json", "--output", "turns.json")
    assert run_cli(tmp_path, *args).returncode == 0
    written = tmp_path / "turns.json"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert len(json.loads(written.read_text())) == 22 + 21
    again = run_cli(tmp_path, *args)
    assert again.returncode == EXIT_DATA
    assert "already exists" in again.stderr and "--force" in again.stderr
    assert run_cli(tmp_path, *args, "--force").returncode == 0
    assert scalar(demo_db, "SELECT count(*) FROM export_log") == 2


def test_import_into_a_new_meeting_prints_its_id_last(tmp_path: Path, demo_db: Path) -> None:
    exported = run_cli(tmp_path, "--db", str(demo_db), "export-turns", "--meeting", "1", "--observer", "Priya")
    (tmp_path / "priya.csv").write_text(exported.stdout)
    fresh = tmp_path / "fresh.db"
    done = run_cli(tmp_path, "--db", str(fresh), "import-turns", "priya.csv")
    assert done.returncode == 0, done.stderr
    meeting_id = int(done.stdout.splitlines()[-1])
    again = run_cli(tmp_path, "--db", str(fresh), "export-turns", "--meeting", str(meeting_id))
    assert again.stdout == exported.stdout, "export then import reproduces the turns exactly"
    assert rows(fresh, "SELECT coach, coachee FROM partnership") == [{"coach": "Imported", "coachee": "priya"}]


def test_import_into_an_existing_meeting_adds_to_it(tmp_path: Path, demo_db: Path) -> None:
    (tmp_path / "more.csv").write_text(HEADER + "\n500,coach,summary,,,none,,neutral,,0,Sam,\n")
    done = run_cli(tmp_path, "--db", str(demo_db), "import-turns", "more.csv", "--meeting", "2")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "2"
    assert scalar(demo_db, "SELECT count(*) FROM turn JOIN observer ON observer.id = observer_id "
                           "WHERE turn.meeting_id = 2 AND code = 'Sam'") == 1


def test_a_bad_file_imports_nothing(tmp_path: Path, demo_db: Path) -> None:
    before = scalar(demo_db, "SELECT count(*) FROM turn")
    (tmp_path / "bad.csv").write_text(HEADER + "\n1,coach,question,,,none,,neutral,,0,,\n2,coach,quiz,,,none,,"
                                      "neutral,,0,,\n")
    done = run_cli(tmp_path, "--db", str(demo_db), "import-turns", "bad.csv")
    assert done.returncode == EXIT_DATA
    assert "line 3: unknown function 'quiz'" in done.stderr
    assert scalar(demo_db, "SELECT count(*) FROM turn") == before
    assert scalar(demo_db, "SELECT count(*) FROM partnership") == 2, "no meeting was made for a refused file"


@pytest.mark.parametrize(("args", "says"), [
    (("import-turns", "missing.csv"), "There is no file"),
    (("import-turns", "latin1.csv"), "not UTF-8"),
    (("export-turns", "--meeting", "99"), "There is no meeting 99"),
    (("import-turns", "ok.csv", "--meeting", "99"), "There is no meeting 99"),
])
def test_wrong_files_and_meetings_get_one_line_and_exit_4(tmp_path: Path, demo_db: Path, args: tuple[str, ...],
                                                         says: str) -> None:
    (tmp_path / "latin1.csv").write_bytes(HEADER.encode() + b"\n1,coach,question,,caf\xe9,none,,neutral,,0,,\n")
    (tmp_path / "ok.csv").write_text(HEADER + "\n")
    done = run_cli(tmp_path, "--db", str(demo_db), *args)
    assert done.returncode == EXIT_DATA
    assert says in done.stderr and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_report_gives_the_level_reasons_counts_and_indicators(tmp_path: Path, demo_db: Path) -> None:
    done = run_cli(tmp_path, "--db", str(demo_db), "report", "--meeting", "1", "--observer", "Jo", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["level"] == 3 and report["observer"] == "Jo"
    assert report["reasons"] and all(isinstance(reason, str) for reason in report["reasons"])
    assert report["counts"]["question"] == 3 and set(report["counts"]) == set(VOCAB.functions)
    assert report["indicators"]["turns"] == 22


def test_report_asks_whose_tags_when_several_observers_tagged(tmp_path: Path, demo_db: Path) -> None:
    done = run_cli(tmp_path, "--db", str(demo_db), "report", "--meeting", "1", "--json")
    assert done.returncode == EXIT_USAGE
    assert "tagged by Jo, Priya" in done.stderr and "--observer" in done.stderr


def test_imported_turns_feed_the_same_report(tmp_path: Path, demo_db: Path) -> None:
    exported = run_cli(tmp_path, "--db", str(demo_db), "export-turns", "--meeting", "1", "--observer", "Jo")
    (tmp_path / "jo.csv").write_text(exported.stdout)
    fresh = tmp_path / "fresh.db"
    meeting_id = run_cli(tmp_path, "--db", str(fresh), "import-turns", "jo.csv").stdout.splitlines()[-1]
    original = json.loads(run_cli(tmp_path, "--db", str(demo_db), "report", "--meeting", "1", "--observer",
                                  "Jo").stdout)
    imported = json.loads(run_cli(tmp_path, "--db", str(fresh), "report", "--meeting", meeting_id).stdout)
    assert {k: v for k, v in imported.items() if k != "meeting"} == {
        k: v for k, v in original.items() if k != "meeting"}
