"""The coordinator's aggregate view: programme figures only, and never a figure about one person.

Built from the store's aggregate queries, which count only partnerships whose coach and coachee both
agreed (and role-play rounds, by their training session's terms) and select numbers only. Levels are
distributions by month and by cycle number, never a series per coach; any breakdown whose group
holds fewer than `MIN_GROUP` partnerships (or role-play participants) is withheld as "too few to
show". The same `Overview` feeds the screen and `coachtui aggregate`'s text; the files (CSV, SQLite) are
tables built in `figure_tables`, under the same rules.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from coachtui.core.analysis import TalkAnalysis
from coachtui.core.rubric import Rubric, estimate_level, load_rubric
from coachtui.store import Store
from coachtui.store.figures import MeetingTalk

LEVEL_BARS = " ▂▄▆█"  # index = level 1..4; a blank never shows because levels start at 1
BAR = "█"
BATCH = 200
# A breakdown over fewer partnerships (or role-play participants) than this could point at someone.
MIN_GROUP = 5
TOO_FEW = "too few to show"
LEVELS = (1, 2, 3, 4)
# What the coordinator sees and what they never see: said on their screen and in the text output.
COORDINATOR_SEES = (
    "Programme figures only: counts, time use, function totals and level distributions, from partnerships "
    "whose coach and coachee both agreed to be counted and from role-play rounds. Never names, notes, "
    "summaries or one person's figures; a group of fewer than five is not shown.")

Number = TypeVar("Number", int, float)
Distribution = dict[str, dict[int, int] | None]  # period -> meetings at each level, or None: too few


@dataclass(frozen=True)
class Overview:
    """What the coordinator sees. None, for a section or a period, is a breakdown too small to show."""

    counts: dict[str, int] | None
    time_use: dict[str, float] | None
    functions: dict[str, int] | None
    levels_by_month: Distribution | None
    levels_by_cycle: Distribution | None
    role_play: dict[str, int] | None
    role_play_levels_by_month: Distribution | None


def refresh_talk(store: Store, rubric: Rubric | None = None,
                 progress: Callable[[int, int], None] | None = None) -> int:
    """Compute and cache the talk figures of every tagged meeting that has none, or whose figures an
    earlier rubric levelled; return how many."""
    rubric = rubric or load_rubric()
    waiting = store.figures.meetings_needing_talk(rubric.version)
    for start in range(0, len(waiting), BATCH):
        batch = []
        for meeting_id in waiting[start:start + BATCH]:
            observer = store.turns.main_observer(meeting_id)
            analysis = TalkAnalysis(store.turns.of_meeting(meeting_id, observer))
            figures = analysis.indicators()
            level = estimate_level(figures, rubric).number
            batch.append((meeting_id, observer, level, figures, dict(analysis.functions),
                          store.turns.reviewed(meeting_id, observer)))
        store.figures.save_talks(batch, rubric.version)
        if progress is not None:
            progress(min(start + BATCH, len(waiting)), len(waiting))
    return len(waiting)


def build_overview(store: Store, functions: Sequence[str]) -> Overview:
    """Everything the aggregate view shows, from cached figures (call `refresh_talk` first)."""
    talks = store.figures.meeting_talk()
    live = [talk for talk in talks if talk.mode == "live"]
    role_play = [talk for talk in talks if talk.mode != "live"]
    counts = store.figures.aggregate_counts()
    # A level is provisional until its observer marks their review of the tags complete.
    counts["provisional_levels"] = sum(not talk.reviewed for talk in live)
    time_use = store.figures.time_use()
    rounds = store.figures.role_play_counts()
    return Overview(
        counts=_shown(counts, counts["partnerships"]),
        time_use=_shown(time_use, time_use.pop("partnerships")),
        functions=_shown(_in_order(store.figures.function_totals(), functions), _group_size(live)),
        levels_by_month=distribution(live, lambda talk: talk.day[:7]),
        levels_by_cycle=distribution(live, lambda talk: f"cycle {talk.cycle}"),
        role_play=_shown(rounds, rounds.pop("participants")),
        role_play_levels_by_month=distribution(role_play, lambda talk: talk.day[:7]),
    )


def _shown(figures: dict[str, Number], group: float) -> dict[str, Number] | None:
    return figures if group >= MIN_GROUP else None


def _group_size(talks: Iterable[MeetingTalk]) -> int:
    """How many partnerships (or role-play participants) some meetings come from."""
    return len({talk.group for talk in talks})


def distribution(talks: Sequence[MeetingTalk], period: Callable[[MeetingTalk], str]) -> Distribution | None:
    """Meetings at each level per period, each period only when its meetings come from at least
    `MIN_GROUP` partnerships (or participants); None when all of them together come from fewer."""
    if _group_size(talks) < MIN_GROUP:
        return None
    periods: defaultdict[str, list[MeetingTalk]] = defaultdict(list)
    for talk in talks:
        periods[period(talk)].append(talk)
    return {key: (_at_levels(periods[key]) if _group_size(periods[key]) >= MIN_GROUP else None)
            for key in sorted(periods, key=code_order)}


def _at_levels(talks: Sequence[MeetingTalk]) -> dict[int, int]:
    levels = Counter(max(1, min(4, talk.level)) for talk in talks)
    return {level: levels[level] for level in LEVELS}


def _in_order(totals: dict[str, int], functions: Sequence[str]) -> dict[str, int]:
    return {name: totals.get(name, 0) for name in functions}


def code_order(code: str) -> tuple[str, int, str]:
    """C2 before C10, cycle 2 before cycle 10: compare the trailing number as a number."""
    head = code.rstrip("0123456789")
    tail = code[len(head):]
    return (head, int(tail) if tail else -1, code)


# -- plain-text charts, shared by the screen and the CLI ------------------------------------


def level_trail(levels: Sequence[tuple[str, int]], width: int = 24) -> str:
    """The latest `width` levels as bar heights, oldest on the left."""
    return "".join(LEVEL_BARS[max(1, min(4, level))] for _, level in levels[-width:])


def bars(counts: dict[str, int], width: int = 30) -> list[tuple[str, int, str]]:
    """(label, count, bar) rows scaled to the largest count; a non-zero count always shows a sliver."""
    top = max(counts.values(), default=0)
    rows = []
    for label, count in counts.items():
        length = round(count / top * width) if top else 0
        rows.append((label, count, BAR * max(length, 1 if count else 0)))
    return rows


def spread(levels: dict[int, int]) -> str:
    """'L1 3 · L2 5 · L3 1 · L4 0': meetings at each level, for one period."""
    return " · ".join(f"L{level} {levels.get(level, 0)}" for level in LEVELS)


def level_key(level_names: dict[int, str]) -> str:
    """'L1 Emerging, L2 Developing, …': what the short level labels stand for."""
    return ", ".join(f"L{level} {level_names.get(level, level)}" for level in LEVELS)


def as_text(overview: Overview, level_names: dict[int, str]) -> str:
    """The aggregate view as plain text for a terminal or a pipe."""
    import textwrap

    lines = ["Coaching across this database (anonymous figures only)",
             *textwrap.wrap(COORDINATOR_SEES, 100), ""]

    def section(title: str, rows: list[str] | None) -> None:
        lines.extend(["", title])
        lines.extend([f"  {TOO_FEW}"] if rows is None else rows or ["  none yet"])

    counts, time_use, functions = overview.counts, overview.time_use, overview.functions
    section("Partnerships that agreed to be counted",
            None if counts is None else [f"  {key.replace('_', ' ')}: {value}" for key, value in counts.items()])
    section("Time use (ended meetings)",
            None if time_use is None else [f"  {key.replace('_', ' ')}: {value:g}" for key, value in time_use.items()])
    section("Interaction functions over the tagged meetings",
            None if functions is None else [f"  {label:<15} {count:>8}  {bar}"
                                            for label, count, bar in bars(functions)])
    for title, levels in (("Estimated levels, meetings at each level by month", overview.levels_by_month),
                          ("Estimated levels, meetings at each level by cycle number", overview.levels_by_cycle),
                          ("Role-play rounds, meetings at each level by month", overview.role_play_levels_by_month)):
        section(title, None if levels is None else [
            f"  {period:<10} {TOO_FEW if at is None else spread(at)}" for period, at in levels.items()])
    rounds = overview.role_play
    section("Role-play rounds (exercises, counted by the training session's terms)",
            None if rounds is None else [f"  {key.replace('_', ' ')}: {value}" for key, value in rounds.items()])
    lines += ["", f"Levels: {level_key(level_names)}.",
              "Levels are an aid to reflection, never a grade; they come from the observers' tags. A level is",
              "provisional until its observer has reviewed the tags and marked the review complete."]
    return "\n".join(lines) + "\n"

