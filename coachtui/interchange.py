"""A meeting's turns as CSV or JSON, for researchers and other coding tools, and back again.

The columns are `TURN_COLUMNS`: `t` (seconds from the meeting's start), `speaker`, `function`,
`initiation`, `subject`, `stimulus`, `scale`, `tone`, `time`, `co_construction` (0/1), `observer`,
`note`, with the canonical lower-case values of `coachtui/data/dimensions.toml`. Writing and reading
back gives the same turns; a file with any bad row is refused whole, each problem named by line.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable
from typing import Any

from coachtui.errors import DataFileError
from coachtui.model import TURN_COLUMNS, Turn
from coachtui.vocabulary import turn_problems

FORMATS = ("csv", "json")
MAX_LISTED = 20


def turn_record(turn: Turn) -> dict[str, Any]:
    return {
        "t": turn.t, "speaker": turn.speaker, "function": turn.function, "initiation": turn.initiation,
        "subject": turn.subject, "stimulus": turn.stimulus, "scale": turn.scale, "tone": turn.tone,
        "time": turn.time, "co_construction": int(turn.co_construction), "observer": turn.observer,
        "note": turn.note,
    }


def format_turns(turns: Iterable[Turn], fmt: str) -> str:
    """The turns as CSV (a header, then a row each) or JSON (an array, one object per line)."""
    if fmt == "csv":
        out = io.StringIO()
        # RFC 4180 line ends, so a note holding a bare carriage return is quoted and survives.
        writer = csv.DictWriter(out, fieldnames=TURN_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        for turn in turns:
            writer.writerow({**turn_record(turn), "t": repr(float(turn.t))})
        return out.getvalue()
    if fmt == "json":
        lines = [json.dumps(turn_record(turn), ensure_ascii=False) for turn in turns]
        return "[\n" + ",\n".join(lines) + ("\n" if lines else "") + "]\n"
    raise ValueError(f"unknown format {fmt!r}")


def sniff_format(text: str) -> str:
    return "json" if text.lstrip("\ufeff \t\r\n").startswith("[") else "csv"


def parse_turns(text: str, fmt: str | None = None) -> list[Turn]:
    """Every turn in the file, or DataFileError listing each bad row by its line number."""
    text = text.removeprefix("\ufeff")
    fmt = fmt or sniff_format(text)
    records = _csv_records(text) if fmt == "csv" else _json_records(text)
    turns: list[Turn] = []
    problems: list[str] = []
    for line, record in records:
        try:
            turn = _turn(record)
        except ValueError as problem:
            problems.append(f"line {line}: {problem}")
            continue
        found = turn_problems(turn)
        if found:
            problems.append(f"line {line}: {'; '.join(found)}")
        else:
            turns.append(turn)
    if problems:
        shown = problems[:MAX_LISTED]
        more = f"\n  and {len(problems) - MAX_LISTED} more" if len(problems) > MAX_LISTED else ""
        raise DataFileError(f"{len(problems)} bad row{'s' if len(problems) != 1 else ''}; nothing was imported:\n  "
                            + "\n  ".join(shown) + more)
    return turns


def _csv_records(text: str) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames
    except csv.Error as error:
        raise DataFileError(f"The file is not readable as CSV: {error}.") from None
    if not header:
        raise DataFileError("The file is empty: a CSV of turns starts with a header row naming the columns.")
    header = [name.strip() for name in header]
    reader.fieldnames = header
    missing = [name for name in TURN_COLUMNS if name not in header]
    extra = [name for name in header if name not in TURN_COLUMNS]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing {', '.join(missing)}")
        if extra:
            parts.append(f"unknown {', '.join(extra)}")
        raise DataFileError(f"The header row does not match the turn columns ({'; '.join(parts)}). "
                            f"Expected: {','.join(TURN_COLUMNS)}.")
    records = []
    try:
        line = reader.line_num + 1
        for row in reader:
            if None in row or any(value is None for value in row.values()):
                records.append((line, {"__error__": "the row has a different number of fields from the header"}))
            elif any(value.strip() for value in row.values()):
                records.append((line, row))
            line = reader.line_num + 1
    except csv.Error as error:
        raise DataFileError(f"The file is not readable as CSV (line {reader.line_num}): {error}.") from None
    return records


def _json_records(text: str) -> list[tuple[int, dict[str, Any]]]:
    """Each element of the top-level array with the line it starts on."""
    decoder = json.JSONDecoder()
    position = _skip_space(text, 0)
    if text[position:position + 1] != "[":
        raise DataFileError("A JSON file of turns holds one array of objects, starting with '['.")
    position = _skip_space(text, position + 1)
    records: list[tuple[int, dict[str, Any]]] = []
    closed = text[position:position + 1] == "]"
    try:
        while not closed:
            value, end = decoder.raw_decode(text, position)
            line = text.count("\n", 0, position) + 1
            records.append((line, value if isinstance(value, dict) else {"__error__": "not an object"}))
            position = _skip_space(text, end)
            separator = text[position:position + 1]
            if separator not in (",", "]"):
                raise json.JSONDecodeError("expected ',' or ']'", text, position)
            closed = separator == "]"
            position = _skip_space(text, position + 1)
    except json.JSONDecodeError as error:
        raise DataFileError(f"The file is not valid JSON (line {error.lineno}): {error.msg}.") from None
    if closed and not records:
        position = _skip_space(text, position + 1)
    if position < len(text):
        raise DataFileError(f"The file has more after its array (line {text.count(chr(10), 0, position) + 1}).")
    return records


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _text(record: dict[str, Any], name: str) -> str:
    value = record.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{name} must be text, not {json.dumps(value)}")
    return value


def _turn(record: dict[str, Any]) -> Turn:
    if "__error__" in record:
        raise ValueError(record["__error__"])
    missing = [name for name in TURN_COLUMNS if name not in record]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    extra = [name for name in record if name not in TURN_COLUMNS]
    if extra:
        raise ValueError(f"unknown field {', '.join(extra)}")
    return Turn(
        t=_seconds(record["t"]), speaker=_text(record, "speaker").strip(), function=_text(record, "function").strip(),
        initiation=_text(record, "initiation").strip(), subject=_text(record, "subject").strip(),
        stimulus=_text(record, "stimulus").strip() or "none", scale=_text(record, "scale").strip(),
        tone=_text(record, "tone").strip() or "neutral", time=_text(record, "time").strip(),
        co_construction=_flag(record["co_construction"]), observer=_text(record, "observer").strip(),
        note=_text(record, "note"),
    )


def _seconds(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError("t must be a number of seconds")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        try:
            seconds = float(str(value).strip())
        except ValueError:
            raise ValueError(f"t must be a number of seconds, not '{str(value)[:20]}'") from None
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"t must be 0 or more seconds from the meeting's start, not {value}")
    return seconds


def _flag(value: Any) -> bool:
    if value in (0, 1, True, False) and not isinstance(value, float):
        return bool(value)
    if isinstance(value, str) and value.strip() in ("0", "1", ""):
        return value.strip() == "1"
    raise ValueError(f"co_construction must be 0 or 1, not {json.dumps(value)}")
