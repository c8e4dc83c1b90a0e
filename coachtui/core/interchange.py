"""A meeting's turns as CSV or JSON, for researchers and other coding tools, and back again.

The columns are `TURN_COLUMNS`: `t` (seconds from the meeting's start), `speaker`, `function`,
`initiation`, `subject`, `stimulus`, `scale`, `tone`, `time`, `co_construction` (0/1), `observer`,
`note`, with the canonical lower-case values of `coachtui/data/dimensions.toml`. Writing and reading
back gives the same turns; a file with any bad row is refused whole, each problem named by line.
Several meetings' turns go in one file with a `meeting` column (or field) first; such a file is for
researchers' tools and is not imported back.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from coachtui.core.model import TURN_COLUMNS, Turn
from coachtui.core.parsing import BadJson, refuse_duplicate_keys
from coachtui.core.vocabulary import turn_problems, vocabulary
from coachtui.errors import DataFileError
from coachtui.text import clean_text, escape_controls

FORMATS = ("csv", "json")
MAX_LISTED = 20
MAX_PROBLEM_CHARS = 240
FREE_TEXT = ("subject", "observer", "note")

# Limits on what a file of turns may hold (the README lists them): a meeting is minutes long, never a day;
# a turn's note is a few sentences; a long meeting tagged by several observers is a few thousand turns.
MAX_SECONDS = 86_400
MAX_NOTE_CHARS = 10_000
MAX_LABEL_CHARS = 200  # subject and observer
MAX_ROWS = 100_000

# A spreadsheet reads a cell starting with one of these as a formula (=HYPERLINK(...), @SUM(...)), so the CSV
# writes such a cell with a leading apostrophe, as OWASP advises; a cell that already starts with apostrophes
# and then one of these gets one more, so reading back (which takes one off) gives the text as it was.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")

# A CSV `t` is a plain decimal (what repr(float) writes): no '1_000', no 'nan', no Arabic-Indic digits.
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_JSON_SPACE = " \t\r\n"

# One record read from a file: the line it starts on, and its fields or why it is not a row at all.
Record = tuple[int, dict[str, Any] | str]


# -- writing ----------------------------------------------------------------------------------


def turn_record(turn: Turn) -> dict[str, Any]:
    """The turn's interchange fields (every column, no id), with co_construction as 0/1."""
    return {
        "t": float(turn.t), "speaker": turn.speaker, "function": turn.function, "initiation": turn.initiation,
        "subject": turn.subject, "stimulus": turn.stimulus, "scale": turn.scale, "tone": turn.tone,
        "time": turn.time, "co_construction": int(turn.co_construction), "observer": turn.observer,
        "note": turn.note,
    }


def format_turns(turns: Iterable[Turn], fmt: str) -> str:
    """The turns as CSV (a header, then a row each) or JSON (an array, one object per line)."""
    return _format(((None, turn) for turn in turns), fmt)


def format_meetings_turns(meetings: Iterable[tuple[int, Iterable[Turn]]], fmt: str) -> str:
    """Several meetings' turns in one file: a `meeting` column (CSV) or field (JSON) first, then the turn's."""
    return _format(((meeting_id, turn) for meeting_id, turns in meetings for turn in turns), fmt, with_meeting=True)


def _format(rows: Iterable[tuple[int | None, Turn]], fmt: str, *, with_meeting: bool = False) -> str:
    columns = ["meeting", *TURN_COLUMNS] if with_meeting else list(TURN_COLUMNS)

    def record(meeting_id: int | None, turn: Turn) -> dict[str, Any]:
        return ({"meeting": meeting_id} if with_meeting else {}) | turn_record(turn)

    if fmt == "csv":
        out = io.StringIO()
        # RFC 4180 line ends, so a note holding a bare carriage return is quoted and survives.
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
        writer.writeheader()
        for meeting_id, turn in rows:
            fields = record(meeting_id, turn)
            writer.writerow({**fields, **{name: _defused(fields[name]) for name in FREE_TEXT},
                             "t": repr(float(turn.t))})
        return out.getvalue()
    if fmt == "json":
        lines = [json.dumps(record(meeting_id, turn), ensure_ascii=False) for meeting_id, turn in rows]
        return "[\n" + ",\n".join(lines) + ("\n" if lines else "") + "]\n"
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def _defused(text: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if _FORMULA.match(text) else text


def _restored(text: str) -> str:
    """The text `_defused` was given."""
    return text[1:] if text.startswith("'") and _FORMULA.match(text) else text


# -- reading ----------------------------------------------------------------------------------


def sniff_format(text: str) -> str:
    """"json" when the file starts with '[' (or, mistakenly, a lone '{'), else "csv"."""
    return "json" if text.lstrip("\ufeff" + _JSON_SPACE)[:1] in ("[", "{") else "csv"


def parse_turns(text: str, fmt: str | None = None) -> list[Turn]:
    """Every turn in the file, or DataFileError listing each bad row by its line number.

    `fmt` is "csv" or "json"; without it the content decides. Nothing is returned unless every row is sound.
    """
    text = text.removeprefix("\ufeff")
    fmt = fmt or sniff_format(text)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if not text.strip(_JSON_SPACE):
        raise DataFileError("The file is empty: it should start with a header row (CSV) or '[' (JSON).")
    records = _csv_records(text) if fmt == "csv" else _json_records(text)
    turns: list[Turn] = []
    problems: list[str] = []
    for line, record in records:
        turn, found = (None, [record]) if isinstance(record, str) else _read_turn(record, from_csv=fmt == "csv")
        if turn is None:
            problems.append(f"line {line}: " + "; ".join(_printable(problem) for problem in found))
        else:
            turns.append(turn)
    if problems:
        raise _refusal(problems)
    return turns


def _refusal(problems: list[str]) -> DataFileError:
    count = len(problems)
    lines = [f"{count} bad row{'s' if count != 1 else ''}; nothing was imported:"]
    lines += [f"  {problem}" for problem in problems[:MAX_LISTED]]
    if count > MAX_LISTED:
        lines.append(f"  and {count - MAX_LISTED} more")
    return DataFileError("\n".join(lines))


def _printable(text: str) -> str:
    """A problem safe to print on one terminal line: control characters escaped, length capped."""
    shown = escape_controls(text, one_line=True)
    return shown if len(shown) <= MAX_PROBLEM_CHARS else shown[:MAX_PROBLEM_CHARS - 1] + "…"


def _read_turn(record: dict[str, Any], *, from_csv: bool) -> tuple[Turn | None, list[str]]:
    """The turn a record describes, or None and everything wrong with it."""
    problems: list[str] = []
    missing = [name for name in TURN_COLUMNS if name not in record]
    if missing:
        problems.append(f"missing {', '.join(missing)}")
    unknown = [name for name in record if name not in TURN_COLUMNS]
    if unknown:
        problems.append(f"unknown field{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}")
    fields: dict[str, Any] = {}
    for name in TURN_COLUMNS:
        read = _seconds if name == "t" else _flag if name == "co_construction" else _text
        if name in record:
            try:
                fields[name] = read(name, record[name], from_csv)
            except ValueError as problem:
                problems.append(str(problem))
    # Fields already found wrong get a sound stand-in, so the vocabulary check adds only new problems.
    vocab = vocabulary()
    stand_ins: dict[str, Any] = {"t": 0.0, "speaker": vocab.values("speaker")[0], "function": vocab.functions[0]}
    turn = Turn(**(stand_ins | fields))
    problems += turn_problems(turn, vocab)
    return (None, problems) if problems else (turn, [])


def _text(name: str, value: Any, from_csv: bool) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValueError(f"{name} must be text, not {_shown(value, from_csv)}")
    # Free text as the store keeps it: no control characters (an escape sequence in a cell would reach the
    # terminal of whoever shows it) and lone surrogates (possible in JSON escapes) as U+FFFD. A value from the
    # vocabulary is checked as written, so a stray character in it is named rather than dropped.
    if name in FREE_TEXT:
        value = clean_text(value)
    if name != "note":
        value = value.strip()
    if name in FREE_TEXT:
        if from_csv:
            value = _restored(value)
        limit = MAX_NOTE_CHARS if name == "note" else MAX_LABEL_CHARS
        if len(value) > limit:
            raise ValueError(f"{name} is {len(value):,} characters long; the limit is {limit:,}")
    return value  # empty: not tagged (the live pass leaves stimulus, scale, tone and time to the review)


def _seconds(name: str, value: Any, from_csv: bool) -> float:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError(f"{name} is empty; give the seconds from the meeting's start")
    if from_csv and isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
        seconds = float(value)
    elif not from_csv and isinstance(value, int | float) and not isinstance(value, bool):
        try:
            seconds = float(value)
        except OverflowError:
            raise ValueError(f"{name} is far too large to be seconds from the meeting's start") from None
    else:
        raise ValueError(f"{name} must be a number of seconds, not {_shown(value, from_csv)}")
    if not math.isfinite(seconds) or not 0 <= seconds <= MAX_SECONDS:
        raise ValueError(f"{name} must be between 0 and {MAX_SECONDS:,} seconds (a day) from the meeting's start, "
                         f"not {_shown(value, from_csv)}")
    return seconds


def _flag(name: str, value: Any, from_csv: bool) -> bool:
    if from_csv and isinstance(value, str) and value.strip() in ("0", "1"):
        return value.strip() == "1"
    if not from_csv and (isinstance(value, bool) or (isinstance(value, int) and value in (0, 1))):
        return bool(value)
    expected = "0 or 1" if from_csv else "0, 1, true or false"
    raise ValueError(f"{name} must be {expected}, not {_shown(value, from_csv) if value != '' else 'empty'}")


def _shown(value: Any, from_csv: bool) -> str:
    shown = f"'{value}'" if from_csv else json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 40 else shown[:39] + "…"


# -- CSV --------------------------------------------------------------------------------------


def _csv_records(text: str) -> list[Record]:
    """Each data row with the physical line it starts on (a quoted note may span several)."""
    # strict: an unclosed quote is an error, not a note that silently swallows the rest of the file.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[Record] = []
    try:
        with _fields_as_long_as(len(text)):
            first = next(reader, None)
            while first == []:  # blank lines before the header
                first = next(reader, None)
            header = _check_header([name.strip() for name in first or []])
            start = reader.line_num + 1
            for row in reader:
                if not any(field.strip() for field in row):
                    pass  # blank lines, and the rows of empty cells spreadsheets leave
                elif len(records) == MAX_ROWS:
                    raise _too_many_rows()
                elif len(row) != len(header):
                    records.append((start, f"the row has {len(row)} field{'s' if len(row) != 1 else ''} "
                                           f"where the header has {len(header)}"))
                else:
                    records.append((start, dict(zip(header, row, strict=True))))
                start = reader.line_num + 1
    except csv.Error as error:
        raise DataFileError(f"The file is not readable as CSV (line {reader.line_num}): {error}.") from None
    return records


def _too_many_rows() -> DataFileError:
    return DataFileError(f"The file holds more than {MAX_ROWS:,} turns, the most one import takes; split it into "
                         "smaller files. Nothing was imported.")


def _check_header(header: list[str]) -> list[str]:
    if "meeting" in header:
        raise DataFileError("The file holds the turns of several meetings (it has a meeting column); import-turns "
                            "takes one meeting's turns at a time: export them with a single --meeting ID.")
    missing = [name for name in TURN_COLUMNS if name not in header]
    unknown = [name or "(a blank name)" for name in header if name not in TURN_COLUMNS]
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    parts = [f"{label} {', '.join(names)}" for label, names in
             (("missing", missing), ("unknown", unknown), ("repeated", repeated)) if names]
    if parts:
        raise DataFileError(_printable(f"The header row does not match the turn columns ({'; '.join(parts)}). "
                                       f"Expected: {','.join(TURN_COLUMNS)}."))
    return header


@contextmanager
def _fields_as_long_as(size: int) -> Iterator[None]:
    # csv refuses fields over 128 KiB by default; a long note is still a note, so allow the whole file.
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, size + 1))
    try:
        yield
    finally:
        csv.field_size_limit(limit)


# -- JSON -------------------------------------------------------------------------------------


class _LineCounter:
    """Line numbers of increasing offsets in one text, counted once rather than from the start each time."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offset = 0
        self.line = 1

    def at(self, offset: int) -> int:
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


def _json_records(text: str) -> list[Record]:
    """Each element of the top-level array with the line it starts on."""
    decoder = json.JSONDecoder(object_pairs_hook=refuse_duplicate_keys)
    lines = _LineCounter(text)
    position = _skip_space(text, 0)
    if text[position:position + 1] != "[":
        raise DataFileError("A JSON file of turns holds one array of objects, so it starts with '[', "
                            f"not '{_printable(text[position:position + 1])}'.")
    position = _skip_space(text, position + 1)
    records: list[Record] = []
    try:
        closed = text[position:position + 1] == "]"
        while not closed:
            if len(records) == MAX_ROWS:
                raise _too_many_rows()
            value, end = decoder.raw_decode(text, position)
            records.append((lines.at(position), value if isinstance(value, dict) else
                            f"each item of the array must be an object of a turn's fields, not {_shown(value, False)}"))
            position = _skip_space(text, end)
            if text[position:position + 1] not in (",", "]"):
                raise json.JSONDecodeError("Expecting ',' or ']' after an item", text, position)
            closed = text[position] == "]"
            if not closed:
                position = _skip_space(text, position + 1)
    except json.JSONDecodeError as error:
        raise DataFileError(f"The file is not valid JSON (line {error.lineno}, column {error.colno}): "
                            f"{error.msg}.") from None
    except BadJson as error:
        raise DataFileError(f"The file is not a sound JSON file of turns (near line {lines.at(position)}): "
                            f"{error}.") from None
    except (ValueError, RecursionError):
        # Python's own limits: integers of thousands of digits, arrays nested thousands deep.
        raise DataFileError(f"The file is not readable as JSON of turns (near line {lines.at(position)}): "
                            "a value is too long or nested too deeply.") from None
    position = _skip_space(text, position + 1)
    if position < len(text):
        raise DataFileError(f"The file has more after its array (line {lines.at(position)}).")
    return records


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in _JSON_SPACE:
        position += 1
    return position
