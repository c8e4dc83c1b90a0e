"""The coordinator's view of one coach-training session: each group's rounds, their indicators side by
side, the interaction functions the whole group seldom used, and how far two observers of a round agreed.

Read through the store's existing methods; it carries participant codes, scenario ids and numbers only,
never a participant's name, the session's title, a round's notes or a turn's note or subject. The same
`SessionReport` feeds the screen, `coachtui session-report` and its CSV, so all three agree.
"""

from __future__ import annotations

import csv
import io
import textwrap
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from coachtui.core.analysis import CHALLENGE, DISSONANCE, TalkAnalysis, compare, format_figure
from coachtui.core.model import Turn, plural
from coachtui.core.rubric import Rubric, estimate_level
from coachtui.services.figures import bars, code_order
from coachtui.store import Store

if TYPE_CHECKING:
    from rich.console import Group

NOT_PLAYED, PLAYED_HERE, IMPORTED = "not played", "played here", "imported"
UNNAMED = "(unnamed)"
CO_CONSTRUCTION = "co-construction"
# The indicators shown side by side for every observer of every round, with their row labels.
KEY_INDICATORS = (
    ("turns", "turns tagged"),
    ("coachee_talk_share", "coachee's talk"),
    ("coachee_initiation_share", "coachee opens strands"),
    ("challenges", "challenges"),
    ("dissonances", "dissonance"),
    ("co_construction_runs", "co-construction runs"),
    ("future_share", "future lessons"),
    ("evidence_share", "evidence in the talk"),
)
RARE_RULE = "Rare: used in no more than a third of the tagged rounds. Not seen: used in none."
FUNCTION_HEADINGS = ["function", "turns", "share", "rounds", "", ""]
COUNTED_RULE = "* marks the observer whose tags count in the session totals: the one who tagged most turns."


@dataclass(frozen=True)
class ObserverFigures:
    """One observer's reading of one round."""

    observer: str  # a participant code; "(unnamed)" or "other-N" when the tags carry no participant code
    counted: bool  # whose tags the session totals count for this round
    level: int
    figures: dict[str, float]  # every indicator of `TalkAnalysis.indicators`
    functions: dict[str, int]  # each interaction function, in the vocabulary's order
    joint_turns: int  # turns inside joint co-construction runs (a lone flagged turn is not one)


@dataclass(frozen=True)
class ObserverAgreement:
    """Two observers of the same round, turns aligned in time, compared on the interaction function."""

    first: str
    second: str
    matched: int
    only_first: int
    only_second: int
    agreement: float | None  # share of matched turns given the same function; None when none matched
    kappa: float | None


@dataclass(frozen=True)
class RoundFigures:
    group: int
    number: int
    scenario: str
    coach: str
    coachee: str
    status: str  # not played, played here, imported
    observers: tuple[str, ...]  # as planned for the round
    readings: tuple[ObserverFigures, ...]  # one per observer who tagged, in code order
    agreements: tuple[ObserverAgreement, ...]

    @property
    def counted(self) -> ObserverFigures | None:
        return next((reading for reading in self.readings if reading.counted), None)


@dataclass(frozen=True)
class FunctionUse:
    name: str
    count: int
    share: float  # of all counted turns in the session
    rounds: int  # tagged rounds in which it was used at least once
    rare: bool


@dataclass(frozen=True)
class ValuedMove:
    """Challenge, dissonance or co-construction: the moves the guide calls rarest and most valuable."""

    name: str
    count: int  # challenges, dissonances, or joint co-construction runs
    rounds: int
    followed: int  # challenges answered, dissonances worked through, or turns in the joint runs
    rare: bool


@dataclass(frozen=True)
class SessionReport:
    session: str  # the session's code (its title is free text and stays out)
    rounds: tuple[RoundFigures, ...]
    functions: tuple[FunctionUse, ...]
    valued: tuple[ValuedMove, ...]
    level_names: dict[int, str]

    @property
    def groups(self) -> dict[int, list[RoundFigures]]:
        by_group: defaultdict[int, list[RoundFigures]] = defaultdict(list)
        for played in self.rounds:
            by_group[played.group].append(played)
        return dict(sorted(by_group.items()))

    def count(self, status: str) -> int:
        return sum(played.status == status for played in self.rounds)

    @property
    def tagged(self) -> int:
        return sum(played.counted is not None for played in self.rounds)

    @property
    def turns(self) -> int:
        return sum(use.count for use in self.functions)


def build_session_report(store: Store, session_id: int, rubric: Rubric, functions: Sequence[str]) -> SessionReport:
    """Everything the session view shows; StoreError when there is no such session."""
    session = store.training.session(session_id)
    rounds = store.training.rounds(session_id)
    known = {p.code for p in session.participants} | {
        code for r in rounds for code in (r.coach, r.coachee, *r.observers)}
    shown = []
    for played in rounds:
        readings: tuple[ObserverFigures, ...] = ()
        agreements: tuple[ObserverAgreement, ...] = ()
        if played.meeting_id is not None:
            readings, agreements = _readings(store, played.meeting_id, known, rubric, functions)
        status = NOT_PLAYED if played.meeting_id is None else IMPORTED if played.source == "imported" else PLAYED_HERE
        shown.append(RoundFigures(played.group, played.number, played.scenario, played.coach, played.coachee,
                                  status, played.observers, readings, agreements))
    counted = [r.counted for r in shown if r.counted is not None]
    return SessionReport(session.code, tuple(shown), _function_use(counted, functions), _valued(counted),
                         {level.number: level.name for level in rubric.levels})


def _readings(store: Store, meeting_id: int, known: set[str], rubric: Rubric, functions: Sequence[str]
              ) -> tuple[tuple[ObserverFigures, ...], tuple[ObserverAgreement, ...]]:
    by_observer: defaultdict[str, list[Turn]] = defaultdict(list)
    for turn in store.turns.of_meeting(meeting_id):
        by_observer[turn.observer].append(turn)
    if not by_observer:
        return (), ()
    main = store.turns.main_observer(meeting_id)  # as in the aggregate view: the one who tagged most turns
    labels = _labels(sorted(by_observer, key=code_order), known)
    order = sorted(by_observer, key=lambda code: code_order(labels[code]))
    readings = []
    for code in order:
        analysis = TalkAnalysis(by_observer[code])
        figures = analysis.indicators()
        readings.append(ObserverFigures(labels[code], code == main, estimate_level(figures, rubric).number,
                                        figures, {name: analysis.functions[name] for name in functions},
                                        sum(analysis.co_runs)))
    agreements = []
    for first, second in combinations(order, 2):
        compared = compare(by_observer[first], by_observer[second])
        agreements.append(ObserverAgreement(
            labels[first], labels[second], len(compared.matched), sum(b is None for _, b in compared.pairs),
            sum(a is None for a, _ in compared.pairs), compared.agreement, compared.kappa))
    return tuple(readings), tuple(agreements)


def _labels(codes: Sequence[str], known: set[str]) -> dict[str, str]:
    """Participant codes as they are; anything else an observer typed (it may be a name) is replaced."""
    others = iter(range(1, len(codes) + 1))
    return {code: code if code in known else UNNAMED if not code else f"other-{next(others)}" for code in codes}


def _is_rare(rounds: int, tagged: int) -> bool:
    return tagged > 0 and rounds * 3 <= tagged


def _function_use(counted: Sequence[ObserverFigures], functions: Sequence[str]) -> tuple[FunctionUse, ...]:
    total = sum(reading.figures["turns"] for reading in counted)
    uses = []
    for name in functions:
        count = sum(reading.functions[name] for reading in counted)
        rounds = sum(reading.functions[name] > 0 for reading in counted)
        uses.append(FunctionUse(name, count, count / total if total else 0.0, rounds, _is_rare(rounds, len(counted))))
    return tuple(uses)


def _valued(counted: Sequence[ObserverFigures]) -> tuple[ValuedMove, ...]:
    moves = []
    for name, count, followed in ((CHALLENGE, "challenges", "challenges_answered"),
                                  (DISSONANCE, "dissonances", "dissonances_resolved"),
                                  (CO_CONSTRUCTION, "co_construction_runs", "")):
        rounds = sum(reading.figures[count] > 0 for reading in counted)
        done = sum(r.figures[followed] if followed else r.joint_turns for r in counted)
        moves.append(ValuedMove(name, int(sum(r.figures[count] for r in counted)), rounds, int(done),
                                _is_rare(rounds, len(counted))))
    return tuple(moves)


# -- words for the valued moves, shared by the text and the screen -------------------------------


def describe_move(move: ValuedMove, tagged: int) -> str:
    where = f"in {move.rounds} of {plural(tagged, 'tagged round')}"
    if move.name == CHALLENGE:
        return f"{move.count} {where}; {move.followed} answered with defence, acceptance or dissonance"
    if move.name == DISSONANCE:
        return f"{move.count} {where}; {move.followed} worked through to a generalisation, new idea or suggestion"
    return f"{move.count} joint run{'s' if move.count != 1 else ''} ({move.followed} turns) {where}"


def describe_agreement(agreement: ObserverAgreement) -> str:
    only = (f"{agreement.only_first} turns tagged only by {agreement.first}, "
            f"{agreement.only_second} only by {agreement.second}")
    if agreement.kappa is None or agreement.agreement is None:
        return f"no turns line up in time, so agreement cannot be measured; {only}"
    return (f"{agreement.matched} turns matched; same function {agreement.agreement:.0%}, "
            f"Cohen's kappa {agreement.kappa:.2f}; {only}")


def _rarity(rounds: int, rare: bool) -> str:
    return "not seen" if rare and rounds == 0 else "rare" if rare else ""


def _side_by_side(rounds: Sequence[RoundFigures]) -> tuple[list[str], list[list[str]]]:
    """Column headings (round and observer) and rows (level, then each key indicator) for one group."""
    readings = [(played.number, reading) for played in rounds for reading in played.readings]
    headings = [f"R{number} {reading.observer}{'*' if reading.counted else ''}" for number, reading in readings]
    rows = [["level", *(str(reading.level) for _, reading in readings)]]
    rows += [[label, *(format_figure(key, reading.figures[key]) for _, reading in readings)]
             for key, label in KEY_INDICATORS]
    return headings, rows


# -- plain text and CSV ----------------------------------------------------------------------------


def _columns(rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    """Rows as aligned columns; a column of numbers (below its heading) is aligned on the right."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    right = [i > 0 and _numeric(rows[1:], i) for i in range(len(widths))]
    return [(indent + "  ".join(cell.rjust(width) if flush else cell.ljust(width)
                                for cell, width, flush in zip(row, widths, right, strict=True))).rstrip()
            for row in rows]


def _wrapped(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, width=100, initial_indent=indent, subsequent_indent=indent + "  ")


def _heading(report: SessionReport) -> list[str]:
    return [f"Training session {report.session}: codes and counts only, never names, notes or free text",
            f"{plural(len(report.groups), 'group')}, {plural(len(report.rounds), 'round')} planned, "
            f"{len(report.rounds) - report.count(NOT_PLAYED)} played ({report.count(PLAYED_HERE)} here, "
            f"{report.count(IMPORTED)} imported), {report.tagged} tagged"]


def _levels_note(report: SessionReport) -> str:
    levels = ", ".join(f"{number} {name}" for number, name in report.level_names.items())
    return f"Levels: {levels}.\nA level is an aid to reflection, never a grade."


def _functions_title(report: SessionReport) -> str:
    return (f"Interaction functions across the session ({plural(report.tagged, 'tagged round')}, "
            f"{plural(report.turns, 'turn')} counted)")


def _function_rows(report: SessionReport) -> list[list[str]]:
    """The most widely used first, so the rare ones gather at the foot."""
    order = sorted(report.functions, key=lambda use: (-use.rounds, -use.count))
    drawn = {label: bar for label, _, bar in bars({use.name: use.count for use in order}, width=20)}
    return [[use.name, str(use.count), f"{use.share:.0%}", str(use.rounds), drawn[use.name],
             _rarity(use.rounds, use.rare)] for use in order]


def as_text(report: SessionReport) -> str:
    """The session view as plain text for a terminal or a pipe."""
    lines = _heading(report)
    for group, rounds in report.groups.items():
        lines += ["", f"Group {group}"]
        lines += _columns([["round", "scenario", "coach", "coachee", "status", "observers"]] + [
            [str(r.number), r.scenario, r.coach, r.coachee, r.status, " ".join(r.observers)] for r in rounds])
        headings, rows = _side_by_side(rounds)
        lines.append("")
        lines += _columns([["", *headings], *rows]) if headings else ["  No round of this group is tagged yet."]
    lines += ["", COUNTED_RULE, *_levels_note(report).splitlines()]
    lines += ["", _functions_title(report)]
    lines += _columns([FUNCTION_HEADINGS, *_function_rows(report)])
    lines += [RARE_RULE, "", "The rarest and most valuable moves, as the coaching guide names them"]
    lines += _columns([[move.name, describe_move(move, report.tagged) + ("  (rare)" if move.rare else "")]
                       for move in report.valued])
    lines += ["", "Observer agreement, where two or more observers tagged the same round"]
    agreed = [(r, a) for r in report.rounds for a in r.agreements]
    for r, a in agreed:
        lines += _wrapped(f"Group {r.group} round {r.number}, {a.first} and {a.second}: {describe_agreement(a)}", "  ")
    if not agreed:
        lines.append("  No round was tagged by two observers.")
    return "\n".join(lines) + "\n"


CSV_ROUND = ["session", "group", "round", "scenario", "coach", "coachee", "status", "observers", "tagged_by",
             "counted_observer", "level"]
CSV_PAIRS = ["observer_pairs", "agreement", "kappa", "turns_one_observer_only"]


def as_csv(report: SessionReport) -> str:
    """One row per round: codes, the counted observer's level, indicators and function counts, then agreement.

    With several observer pairs in a round, the pair columns hold one value per pair, space-separated,
    in the order of `observer_pairs`.
    """
    functions = [use.name for use in report.functions]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CSV_ROUND, *(key for key, _ in KEY_INDICATORS), *functions, *CSV_PAIRS])
    for r in report.rounds:
        reading = r.counted
        row: list[object] = [report.session, r.group, r.number, r.scenario, r.coach, r.coachee, r.status,
                             " ".join(r.observers), " ".join(x.observer for x in r.readings)]
        if reading is None:
            row += [""] * (2 + len(KEY_INDICATORS) + len(functions))
        else:
            row += [reading.observer, reading.level, *(f"{reading.figures[key]:g}" for key, _ in KEY_INDICATORS),
                    *(reading.functions[name] for name in functions)]
        row += [" ".join(f"{a.first}+{a.second}" for a in r.agreements),
                " ".join("" if a.agreement is None else f"{a.agreement:.3f}" for a in r.agreements),
                " ".join("" if a.kappa is None else f"{a.kappa:.3f}" for a in r.agreements),
                " ".join(str(a.only_first + a.only_second) for a in r.agreements)]
        writer.writerow(row)
    return out.getvalue()


# -- for the screen --------------------------------------------------------------------------------


def render(report: SessionReport) -> Group:
    """The session view as titled tables and bars, for a Static on the screen."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    def table(headings: Sequence[str], rows: Sequence[Sequence[str | Text]]) -> Table:
        grid = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold", show_header=any(headings))
        for index, heading in enumerate(headings):
            numeric = index > 0 and _numeric(rows, index)
            grid.add_column(heading, no_wrap=index == 0, justify="right" if numeric else "left")
        for row in rows:
            grid.add_row(*row)
        return grid

    parts: list[Text | Table] = [Text("\n".join(_heading(report)), style="bold"), Text("")]
    for group, rounds in report.groups.items():
        parts.append(Text(f"Group {group}", style="bold underline"))
        parts.append(table(["Round", "Scenario", "Coach", "Coachee", "Status", "Observers"], [
            [str(r.number), r.scenario, r.coach, r.coachee, r.status, " ".join(r.observers)] for r in rounds]))
        headings, rows = _side_by_side(rounds)
        parts.append(Text(""))
        parts.append(table(["", *headings], rows) if headings
                     else Text("No round of this group is tagged yet.", style="dim"))
        parts.append(Text(""))
    parts += [Text(COUNTED_RULE, style="dim"), Text(_levels_note(report), style="dim"), Text("")]
    parts.append(Text(_functions_title(report), style="bold"))
    parts.append(table([heading.capitalize() for heading in FUNCTION_HEADINGS],
                       [[*row[:4], Text(row[4], style="bold"), Text(row[5], style="bold")]
                        for row in _function_rows(report)]))
    parts += [Text(RARE_RULE, style="dim"), Text(""),
              Text("The rarest and most valuable moves, as the coaching guide names them", style="bold")]
    parts.append(table(["", "", ""], [[move.name, describe_move(move, report.tagged),
                                       Text("rare" if move.rare else "", style="bold")] for move in report.valued]))
    parts += [Text(""), Text("Observer agreement, where two or more observers tagged the same round", style="bold")]
    agreed = [[f"Group {r.group} round {r.number}", f"{a.first} and {a.second}", describe_agreement(a)]
              for r in report.rounds for a in r.agreements]
    parts.append(table(["", "", ""], agreed) if agreed else Text("No round was tagged by two observers.", style="dim"))
    return Group(*parts)


def _numeric(rows: Sequence[Sequence[object]], index: int) -> bool:
    cells = [str(row[index]) for row in rows if str(row[index])]
    return bool(cells) and all(cell.rstrip("%").replace(".", "", 1).isdigit() for cell in cells)


def session_report_for(store: Store, code: str) -> SessionReport:
    """The report of the training session with this code (a data error naming the known codes if none)."""
    from coachtui.core.rubric import load_rubric
    from coachtui.core.vocabulary import vocabulary
    from coachtui.errors import DataFileError

    session = store.training.session_by_code(code)
    if session is None:
        known = ", ".join(s.code for s in store.training.sessions()) or "none"
        raise DataFileError(f"There is no training session called {code} in {store.path} (sessions: {known}).")
    return build_session_report(store, session.id, load_rubric(), vocabulary().functions)


def export_description(session_code: str) -> str:
    """What the sharing log says a saved session report holds, whoever saved it."""
    return f"training session {session_code} figures (codes and counts only)"
