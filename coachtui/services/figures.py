"""The coordinator's aggregate view: anonymous counts, time use, talk and levels over time.

Built from the store's aggregate queries, which select codes and numbers only. The same
`Overview` feeds the screen, `coachtui aggregate` and its CSV, so all three show the same figures.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from coachtui.core.analysis import TalkAnalysis
from coachtui.core.rubric import Rubric, estimate_level, load_rubric
from coachtui.store import Store
from coachtui.store.figures import MeetingTalk

LEVEL_BARS = " ▂▄▆█"  # index = level 1..4; a blank never shows because levels start at 1
BAR = "█"
BATCH = 200


@dataclass(frozen=True)
class Overview:
    counts: dict[str, int]
    time_use: dict[str, float]
    functions: dict[str, int]
    levels_by_coach: dict[str, list[tuple[str, int]]]  # coach code -> (day, level), oldest first
    role_play_progress: dict[str, list[tuple[str, int]]]  # session/participant code -> (day, level)
    levels_by_month: dict[str, Counter[int]] = field(default_factory=dict)


def refresh_talk(store: Store, rubric: Rubric | None = None,
                 progress: Callable[[int, int], None] | None = None) -> int:
    """Compute and cache the talk figures of every tagged meeting that has none, or whose figures an
    earlier rubric levelled; return how many."""
    rubric = rubric or load_rubric()
    waiting = store.meetings_needing_talk(rubric.version)
    for start in range(0, len(waiting), BATCH):
        batch = []
        for meeting_id in waiting[start:start + BATCH]:
            observer = store.main_observer(meeting_id)
            analysis = TalkAnalysis(store.turns(meeting_id, observer))
            figures = analysis.indicators()
            level = estimate_level(figures, rubric).number
            batch.append((meeting_id, observer, level, figures, dict(analysis.functions),
                          store.reviewed(meeting_id, observer)))
        store.save_talks(batch, rubric.version)
        if progress is not None:
            progress(min(start + BATCH, len(waiting)), len(waiting))
    return len(waiting)


def build_overview(store: Store, functions: Sequence[str]) -> Overview:
    """Everything the aggregate view shows, from cached figures (call `refresh_talk` first)."""
    talks = store.meeting_talk()
    return Overview(
        # A level is provisional until its observer marks their review of the tags complete.
        counts={**store.aggregate_counts(), "provisional_levels": sum(not talk.reviewed for talk in talks)},
        time_use=store.time_use(),
        functions=_in_order(store.function_totals(), functions),
        levels_by_coach=_levels(t for t in talks if t.mode == "live"),
        role_play_progress=_levels(t for t in talks if t.mode == "role-play"),
        levels_by_month=_levels_by_month(talks),
    )


def _in_order(totals: dict[str, int], functions: Sequence[str]) -> dict[str, int]:
    return {name: totals.get(name, 0) for name in functions}


def _levels(talks: Iterable[MeetingTalk]) -> dict[str, list[tuple[str, int]]]:
    by_code: defaultdict[str, list[tuple[str, int]]] = defaultdict(list)
    for talk in talks:
        by_code[talk.coach_code].append((talk.day, talk.level))
    return dict(sorted(by_code.items(), key=lambda item: code_order(item[0])))


def code_order(code: str) -> tuple[str, int, str]:
    """C2 before C10: compare the trailing number as a number."""
    head = code.rstrip("0123456789")
    tail = code[len(head):]
    return (head, int(tail) if tail else -1, code)


def _levels_by_month(talks: Sequence[MeetingTalk]) -> dict[str, Counter[int]]:
    months: defaultdict[str, Counter[int]] = defaultdict(Counter)
    for talk in talks:
        if talk.mode == "live":
            months[talk.day[:7]][talk.level] += 1
    return dict(sorted(months.items()))


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


def as_text(overview: Overview, level_names: dict[int, str]) -> str:
    """The aggregate view as plain text for a terminal or a pipe."""
    lines = ["Coaching across this database (anonymous figures only)", ""]
    lines += [f"  {key.replace('_', ' ')}: {value}" for key, value in overview.counts.items()]
    lines += ["", "Time use (ended meetings)"]
    lines += [f"  {key.replace('_', ' ')}: {value:g}" for key, value in overview.time_use.items()]
    lines += ["", "Interaction functions over all tagged meetings"]
    lines += [f"  {label:<15} {count:>8}  {bar}" for label, count, bar in bars(overview.functions)]
    for title, trails in (("Estimated levels over time, per coach code", overview.levels_by_coach),
                          ("Role-play rounds coached, per participant code", overview.role_play_progress)):
        lines += ["", title]
        if not trails:
            lines.append("  none yet")
        for code, levels in trails.items():
            latest = levels[-1][1]
            lines.append(f"  {code:<12} {level_trail(levels):<24}  {len(levels)} meeting(s), latest "
                         f"{level_names.get(latest, latest)} ({latest})")
    lines += ["", "Levels are an aid to reflection, never a grade; they come from the observers' tags. A level is",
              "provisional until its observer has reviewed the tags and marked the review complete."]
    return "\n".join(lines) + "\n"


def as_csv(overview: Overview) -> str:
    """One tidy table: section, code, period, measure, value. Codes and numbers only."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "code", "period", "measure", "value"])
    for key, count in overview.counts.items():
        writer.writerow(["counts", "", "", key, count])
    for key, minutes in overview.time_use.items():
        writer.writerow(["time use", "", "", key, minutes])
    for name, count in overview.functions.items():
        writer.writerow(["functions", "", "", name, count])
    for section, trails in (("level", overview.levels_by_coach), ("role-play level", overview.role_play_progress)):
        for code, levels in trails.items():
            for day, level in levels:
                writer.writerow([section, code, day, "estimated level", level])
    for month, at_level in overview.levels_by_month.items():
        for level, count in sorted(at_level.items()):
            writer.writerow(["levels by month", "", month, f"meetings at level {level}", count])
    return out.getvalue()
