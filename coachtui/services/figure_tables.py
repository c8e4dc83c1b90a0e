"""The coordinator's figures as tables that combine across schools: `coachtui aggregate --csv/--sqlite`.

Two tables with the same columns (format_version 2). `meetings`: one row per counted meeting, with no
code, name or day (a month, the kind of meeting, its stage, time, turns, function counts, level and
whether it was reviewed). `totals`: keyed counts and sums only, one row per key, so many schools' files
add up by summing rows with the same key. Any group of fewer than `MIN_GROUP` partnerships (or
role-play participants) is withheld as a row whose `note` says "too few to show", never left out silently.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from coachtui.errors import CoachError
from coachtui.services.figures import MIN_GROUP, TOO_FEW, code_order
from coachtui.store import Store
from coachtui.store.figures import MeetingFigures

FORMAT_VERSION = 2  # 1 was the earlier `section, period, measure, value` table
FIGURES_HINT = "pip install 'coachtui[figures]'"
WHAT = "aggregate figures (counts only, no codes)"
STAGES = {2: "pre-lesson", 4: "post-lesson"}
MODES = ("live", "role-play")
LEVELS = (1, 2, 3, 4)
KEYS = ("format_version", "table_name", "breakdown", "mode", "month", "stage", "cycle", "level", "note")
PROGRAMME = ("partnerships", "participants", "cycles", "lessons_observed", "lesson_minutes")
MEASURES = ("meetings", "meetings_ended", "meetings_tagged", "meetings_reviewed", "meetings_over_time",
            "minutes_planned", "minutes_used", "turns")
# A breakdown: its name in the `breakdown` column, and the key it groups meetings by.
BREAKDOWNS: dict[str, Callable[[MeetingFigures], object]] = {
    "stage": lambda meeting: STAGES.get(meeting.stage, str(meeting.stage)),
    "month": lambda meeting: meeting.month,
}
# Levels as distributions: the period a breakdown groups tagged meetings by, then their level.
LEVEL_BREAKDOWNS: dict[str, tuple[str, Callable[[MeetingFigures], object]]] = {
    "month level": ("month", lambda meeting: meeting.month),
    "cycle level": ("cycle", lambda meeting: meeting.cycle),
}

Row = dict[str, object]


@dataclass(frozen=True)
class FigureTables:
    """The per-meeting table and the keyed totals, rows as column -> value (None is an empty cell)."""

    functions: tuple[str, ...]
    meetings: list[Row]
    totals: list[Row]

    @property
    def columns(self) -> tuple[str, ...]:
        return (*KEYS, *PROGRAMME, *MEASURES, *self.functions)


def build_tables(store: Store, functions: Sequence[str]) -> FigureTables:
    """Both tables from the counted meetings' cached figures (call `refresh_talk` first)."""
    records = store.meeting_figures()
    programme = store.programme_totals()
    functions = tuple(functions)
    meetings: list[Row] = []
    totals: list[Row] = []
    for mode in MODES:
        measured = [(record, _measures(record, functions)) for record in records if record.mode == mode]
        everyone = int(programme["partnerships"]) if mode == "live" else _group_size(measured)
        level_breakdowns = [name for name in LEVEL_BREAKDOWNS if mode == "live" or name != "cycle level"]
        if everyone < MIN_GROUP:
            # Too few altogether: the meetings and every breakdown of this kind are one row each, saying so.
            meetings.append(_withheld("meetings", "", mode))
            totals += [_withheld("totals", name, mode) for name in ("all", *BREAKDOWNS, *level_breakdowns)]
            continue
        meetings += _meeting_rows(measured, mode)
        # The whole: shown as the screen's counts are, once five partnerships (or participants) are counted.
        totals.append({**_total(measured, functions, "all", mode, whole=True), **_programme(programme, measured, mode)})
        for name, key in BREAKDOWNS.items():
            groups = _grouped(measured, key)
            totals += [_total(groups[value], functions, name, mode, {name: value})
                       for value in sorted(groups, key=lambda value: code_order(str(value)))]
        for name in level_breakdowns:
            column, period = LEVEL_BREAKDOWNS[name]
            totals += _level_rows([pair for pair in measured if pair[0].level is not None], functions, name,
                                  mode, column, period)
    columns = (*KEYS, *PROGRAMME, *MEASURES, *functions)
    return FigureTables(functions, [_complete(row, columns) for row in meetings],
                        [_complete(row, columns) for row in totals])


Pair = tuple[MeetingFigures, Row]  # a meeting and its numbers
Measured = Sequence[Pair]


def _complete(row: Row, columns: Sequence[str]) -> Row:
    return {column: row.get(column) for column in columns}


def _measures(record: MeetingFigures, functions: Sequence[str]) -> Row:
    """One meeting's counts and sums: the per-meeting row's numbers, and what totals add up."""
    tagged = record.level is not None
    over = record.ended and record.seconds_used > record.planned_minutes * 60
    row: Row = {
        "meetings": 1, "meetings_ended": int(record.ended), "meetings_tagged": int(tagged),
        "meetings_reviewed": int(tagged and record.reviewed), "meetings_over_time": int(over),
        # Time use counts ended meetings only: a meeting still open has not used its time yet.
        "minutes_planned": record.planned_minutes if record.ended else 0,
        "minutes_used": round(record.seconds_used / 60, 2) if record.ended else 0.0,
        "turns": record.turns,
    }
    row.update({name: int(record.functions.get(name, 0)) for name in functions})
    return row


def _group_size(measured: Measured) -> int:
    """How many partnerships (or role-play participants) some meetings come from."""
    return len({record.group for record, _ in measured})


def _tagged(measured: Measured) -> list[Pair]:
    return [pair for pair in measured if pair[0].level is not None]


def _grouped(measured: Measured, key: Callable[[MeetingFigures], object]) -> dict[object, list[Pair]]:
    groups: defaultdict[object, list[Pair]] = defaultdict(list)
    for pair in measured:
        groups[key(pair[0])].append(pair)
    return groups


def _blank(table: str, breakdown: str, mode: str, **keys: object) -> Row:
    row: Row = dict.fromkeys((*KEYS, *PROGRAMME, *MEASURES))
    row.update(format_version=FORMAT_VERSION, table_name=table, breakdown=breakdown or None, mode=mode, **keys)
    return row


def _withheld(table: str, breakdown: str, mode: str, **keys: object) -> Row:
    return {**_blank(table, breakdown, mode, **keys), "note": TOO_FEW}


def _sums(measured: Measured, functions: Sequence[str], row: Row) -> Row:
    for column in (*MEASURES, *functions):
        row[column] = sum(numbers[column] for _, numbers in measured)  # type: ignore[misc]
    row["minutes_used"] = round(float(row["minutes_used"]), 2)  # type: ignore[arg-type]
    return row


def _total(measured: Measured, functions: Sequence[str], breakdown: str, mode: str, keys: Row | None = None, *,
           whole: bool = False) -> Row:
    """The sums over a group of meetings, or a row saying the group is too small to show. The talk
    figures (turns, function counts) need five partnerships among the tagged meetings too."""
    keys = keys or {}
    if not whole and _group_size(measured) < MIN_GROUP:
        return _withheld("totals", breakdown, mode, **keys)
    row = _sums(measured, functions, _blank("totals", breakdown, mode, **keys))
    if _group_size(_tagged(measured)) < MIN_GROUP:
        row.update(dict.fromkeys(("turns", *functions)), note=f"turns and functions {TOO_FEW}")
    return row


def _programme(programme: dict[str, float], measured: Measured, mode: str) -> Row:
    if mode == "live":
        return {"partnerships": int(programme["partnerships"]), "cycles": int(programme["cycles"]),
                "lessons_observed": int(programme["lessons_observed"]),
                "lesson_minutes": round(float(programme["lesson_minutes"]), 2)}
    return {"participants": _group_size(measured)}


def _level_rows(tagged: Measured, functions: Sequence[str], breakdown: str, mode: str, column: str,
                period: Callable[[MeetingFigures], object]) -> list[Row]:
    """Meetings at each level per period, zeros included; a period of fewer than five partnerships is one
    withheld row, and so is the whole breakdown when all its meetings come from fewer."""
    if _group_size(tagged) < MIN_GROUP:
        return [_withheld("totals", breakdown, mode)]
    rows = []
    periods = _grouped(tagged, period)
    for value in sorted(periods, key=lambda value: code_order(str(value))):
        if _group_size(periods[value]) < MIN_GROUP:
            rows.append(_withheld("totals", breakdown, mode, **{column: value}))
            continue
        at_level = _grouped(periods[value], lambda record: record.level)
        rows += [_sums(at_level.get(level, []), functions, _blank("totals", breakdown, mode, level=level,
                                                                  **{column: value})) for level in LEVELS]
    return rows


def _meeting_rows(measured: Measured, mode: str) -> list[Row]:
    """One row per meeting, or one withheld row while its tagged meetings come from fewer than five
    partnerships. A month or stage that fewer than five partnerships' meetings of the same kind (tagged,
    or untagged) share is left empty, as the totals withhold it. Rows are sorted by their contents, so
    their order tells nothing the rows do not."""
    tagged = _tagged(measured)
    if _group_size(tagged) < MIN_GROUP:
        return [_withheld("meetings", "", mode)]
    shown: dict[tuple[str, bool], set[object]] = {}
    for name, key in BREAKDOWNS.items():
        for is_tagged, pairs in ((True, tagged), (False, measured)):
            shown[name, is_tagged] = {value for value, members in _grouped(pairs, key).items()
                                      if _group_size(members) >= MIN_GROUP}
    rows = []
    for record, numbers in measured:
        keys = {name: key(record) for name, key in BREAKDOWNS.items()}
        hidden = [name for name, value in keys.items() if value not in shown[name, record.level is not None]]
        row = _blank("meetings", "", mode, level=record.level,
                     **{name: None if name in hidden else value for name, value in keys.items()})
        if hidden:
            row["note"] = f"{' and '.join(hidden)} {TOO_FEW}"
        rows.append({**row, **numbers})
    return sorted(rows, key=lambda row: [(value is None, str(value)) for value in row.values()])


# -- writing -----------------------------------------------------------------------------------


def as_csv(tables: FigureTables) -> str:
    """Both tables as one CSV (the `table_name` column says which), numbers only."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=tables.columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows([*tables.meetings, *tables.totals])
    return out.getvalue()


def sqlite_writer(tables: FigureTables) -> Callable[[Path], None]:
    """A function that writes both tables (`meetings`, `totals`) into an empty SQLite file. sqlite-utils is
    imported here, not at start: it is the optional `figures` extra."""
    try:
        import sqlite_utils
    except ImportError:
        raise CoachError(f"Writing the figures as SQLite needs an optional package: {FIGURES_HINT}.") from None

    kinds: dict[str, type] = {column: int for column in tables.columns}
    kinds.update(dict.fromkeys(("breakdown", "mode", "month", "stage", "note"), str))
    kinds.update(dict.fromkeys(("lesson_minutes", "minutes_used"), float))
    del kinds["table_name"]  # the table's own name says it

    def write(path: Path) -> None:
        database = sqlite_utils.Database(str(path))
        try:
            for name, rows in (("meetings", tables.meetings), ("totals", tables.totals)):
                table = database.table(name)
                table.create(kinds)
                table.insert_all([{key: value for key, value in row.items() if key != "table_name"} for row in rows])
        finally:
            database.close()

    return write

