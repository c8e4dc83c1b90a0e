"""The coordinator's figures as tables that combine across schools: `coachtui aggregate --csv/--sqlite`.

Two tables with the same columns (format_version 2), in one CSV whose `table_name` column says which, or
as the two tables of a SQLite file. `meetings`: one row per counted meeting, with no
code, name or day (a month, the kind of meeting, its stage, time, turns, function counts, level and
whether it was reviewed). `totals`: keyed counts and sums only, one row per key, so many schools' files
add up by summing rows with the same key. Any group of fewer than `MIN_GROUP` partnerships (or
role-play participants) is withheld as a row whose `note` says "too few to show", never left out silently.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
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
    tables = _Tables(tuple(functions))
    programme = store.figures.programme_totals()
    records = store.figures.meeting_figures()
    for mode in MODES:
        tables.add_mode(mode, [record for record in records if record.mode == mode], programme)
    return FigureTables(tables.functions, tables.meetings, tables.totals)


Pair = tuple[MeetingFigures, tuple[float, ...]]  # a meeting and its numbers, in the order of `_Tables.numbers`
MINUTES_USED = MEASURES.index("minutes_used")


def _group_size(measured: Sequence[Pair]) -> int:
    """How many partnerships (or role-play participants) some meetings come from."""
    return len({record.group for record, _ in measured})


def _tagged(measured: Sequence[Pair]) -> list[Pair]:
    return [pair for pair in measured if pair[0].level is not None]


def _grouped(measured: Sequence[Pair], key: Callable[[MeetingFigures], object]) -> dict[object, list[Pair]]:
    groups: defaultdict[object, list[Pair]] = defaultdict(list)
    for pair in measured:
        groups[key(pair[0])].append(pair)
    return groups


def _in_order(values: Iterable[object]) -> list[object]:
    return sorted(values, key=lambda value: code_order(str(value)))


class _Tables:
    """Builds the rows of both tables, one kind of meeting (live, role-play) at a time."""

    def __init__(self, functions: tuple[str, ...]) -> None:
        self.functions = functions
        self.columns = (*KEYS, *PROGRAMME, *MEASURES, *functions)
        self.numbers = (*MEASURES, *functions)
        self.meetings: list[Row] = []
        self.totals: list[Row] = []

    def add_mode(self, mode: str, records: Sequence[MeetingFigures], programme: dict[str, float]) -> None:
        measured = [(record, self._measures(record)) for record in records]
        everyone = int(programme["partnerships"]) if mode == "live" else _group_size(measured)
        level_breakdowns = [name for name in LEVEL_BREAKDOWNS if mode == "live" or name != "cycle level"]
        if everyone < MIN_GROUP:
            # Too few altogether: the meetings and every breakdown of this kind are one row each, saying so.
            self.meetings.append(self._withheld("meetings", "", mode))
            self.totals += [self._withheld("totals", name, mode) for name in ("all", *BREAKDOWNS, *level_breakdowns)]
            return
        self.meetings += self._meeting_rows(measured, mode)
        # The whole: shown as the screen's counts are, once five partnerships (or participants) are counted.
        whole = self._total(measured, "all", mode, {}, whole=True)
        if mode == "live":
            whole.update(partnerships=int(programme["partnerships"]), cycles=int(programme["cycles"]),
                         lessons_observed=int(programme["lessons_observed"]),
                         lesson_minutes=round(float(programme["lesson_minutes"]), 2))
        else:
            whole["participants"] = everyone
        self.totals.append(whole)
        for name, key in BREAKDOWNS.items():
            groups = _grouped(measured, key)
            self.totals += [self._total(groups[value], name, mode, {name: value}) for value in _in_order(groups)]
        tagged = _tagged(measured)
        for name in level_breakdowns:
            column, period = LEVEL_BREAKDOWNS[name]
            self.totals += self._level_rows(tagged, name, mode, column, period)

    def _measures(self, record: MeetingFigures) -> tuple[float, ...]:
        """One meeting's counts and sums, in the order of `numbers`: its row's numbers, and what totals add."""
        tagged = record.level is not None
        over = record.ended and record.seconds_used > record.planned_minutes * 60
        return (1, int(record.ended), int(tagged), int(tagged and record.reviewed), int(over),
                # Time use counts ended meetings only: a meeting still open has not used its time yet.
                record.planned_minutes if record.ended else 0,
                round(record.seconds_used / 60, 2) if record.ended else 0.0,
                record.turns, *(int(record.functions.get(name, 0)) for name in self.functions))

    def _row(self, table: str, breakdown: str, mode: str, **keys: object) -> Row:
        row: Row = dict.fromkeys(self.columns)
        row.update(format_version=FORMAT_VERSION, table_name=table, breakdown=breakdown or None, mode=mode, **keys)
        return row

    def _withheld(self, table: str, breakdown: str, mode: str, **keys: object) -> Row:
        return {**self._row(table, breakdown, mode, **keys), "note": TOO_FEW}

    def _sums(self, measured: Sequence[Pair], row: Row) -> Row:
        sums = [sum(column) for column in zip(*(numbers for _, numbers in measured), strict=True)]
        if not sums:
            sums = [0] * len(self.numbers)
        sums[MINUTES_USED] = round(float(sums[MINUTES_USED]), 2)
        row.update(zip(self.numbers, sums, strict=True))
        return row

    def _total(self, measured: Sequence[Pair], breakdown: str, mode: str, keys: Row, *, whole: bool = False) -> Row:
        """The sums over a group of meetings, or a row saying the group is too small to show. The talk
        figures (turns, function counts) need five partnerships among the tagged meetings too."""
        if not whole and _group_size(measured) < MIN_GROUP:
            return self._withheld("totals", breakdown, mode, **keys)
        row = self._sums(measured, self._row("totals", breakdown, mode, **keys))
        if _group_size(_tagged(measured)) < MIN_GROUP:
            row.update(dict.fromkeys(("turns", *self.functions)), note=f"turns and functions {TOO_FEW}")
        return row

    def _level_rows(self, tagged: Sequence[Pair], breakdown: str, mode: str, column: str,
                    period: Callable[[MeetingFigures], object]) -> list[Row]:
        """Meetings at each level per period, zeros included; a period of fewer than five partnerships is one
        withheld row, and so is the whole breakdown when all its meetings come from fewer."""
        if _group_size(tagged) < MIN_GROUP:
            return [self._withheld("totals", breakdown, mode)]
        rows = []
        periods = _grouped(tagged, period)
        for value in _in_order(periods):
            if _group_size(periods[value]) < MIN_GROUP:
                rows.append(self._withheld("totals", breakdown, mode, **{column: value}))
                continue
            at_level = _grouped(periods[value], lambda record: record.level)
            rows += [self._sums(at_level.get(level, []), self._row("totals", breakdown, mode, level=level,
                                                                   **{column: value})) for level in LEVELS]
        return rows

    def _meeting_rows(self, measured: Sequence[Pair], mode: str) -> list[Row]:
        """One row per meeting, or one withheld row while its tagged meetings come from fewer than five
        partnerships. A month or stage that fewer than five partnerships' meetings of the same kind (tagged,
        or untagged) share is left empty, as the totals withhold it. Rows are sorted by their contents, so
        their order tells nothing the rows do not."""
        tagged = _tagged(measured)
        if _group_size(tagged) < MIN_GROUP:
            return [self._withheld("meetings", "", mode)]
        shown: dict[tuple[str, bool], set[object]] = {}
        for name, key in BREAKDOWNS.items():
            for is_tagged, pairs in ((True, tagged), (False, measured)):
                shown[name, is_tagged] = {value for value, members in _grouped(pairs, key).items()
                                          if _group_size(members) >= MIN_GROUP}
        keyed = []
        for record, numbers in measured:
            keys = {name: key(record) for name, key in BREAKDOWNS.items()}
            hidden = [name for name, value in keys.items() if value not in shown[name, record.level is not None]]
            for name in hidden:
                keys[name] = None
            note = f"{' and '.join(hidden)} {TOO_FEW}" if hidden else None
            order = (keys["month"] or "", keys["stage"] or "", record.level or 0, note or "", numbers)
            keyed.append((order, keys, record.level, note, numbers))
        rows = []
        for _, keys, level, note, numbers in sorted(keyed, key=lambda item: item[0]):
            row = self._row("meetings", "", mode, level=level, note=note, **keys)
            row.update(zip(self.numbers, numbers, strict=True))
            rows.append(row)
        return rows


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

