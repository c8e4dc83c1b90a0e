"""The coordinator's aggregate view on a hand-made school of three coaches whose answers are worked out by hand."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

from coachtui.core.model import Stage, Turn
from coachtui.core.rubric import load_rubric
from coachtui.core.vocabulary import vocabulary
from coachtui.services.figure_tables import as_csv, build_tables
from coachtui.services.figures import Overview, as_text, bars, build_overview, level_trail, refresh_talk
from coachtui.store import Store
from tests.helpers import DEVELOPING, EMERGING, FakeTicker, RunCli, co_constructive

RUBRIC_VERSION = load_rubric().version

FUNCTIONS = vocabulary().functions


def tagged(turns: list[Turn], observer: str) -> list[Turn]:
    return [replace(turn, observer=observer) for turn in turns]


def meeting(store: Store, ticker: FakeTicker, cycle_id: int, stage: Stage, *, minutes: float,
            planned: int = 12, turns: list[Turn] = ()) -> int:  # type: ignore[assignment]
    opened = store.meetings.open(cycle_id, stage, planned_minutes=planned)
    store.turns.add_many(opened.id, turns)
    store.meetings.end(opened.id, minutes * 60)
    ticker.advance(86400 * 20)  # the next meeting is about three weeks later
    return opened.id


def hand_made(store: Store, ticker: FakeTicker) -> dict[str, int]:
    """A school of three coaches: Ana coaches Ben and Cleo, Dev coaches Eve, Fen coaches Gil and Hal. All five
    partnerships agreed to be counted. Seven meetings ended, six tagged, one of them by two observers."""
    ana_ben = store.partnerships.create("Anaïs", "Benedikt", "questioning")
    dev_eve = store.partnerships.create("Devika", "Evander", "group work")
    ana_cleo = store.partnerships.create("Anaïs", "Cleopatra", "plenaries")
    fen_gil = store.partnerships.create("Fenella", "Gilberto", "behaviour")
    fen_hal = store.partnerships.create("Fenella", "Hallgerd", "starters")
    for partnership in (ana_ben, dev_eve, ana_cleo, fen_gil, fen_hal):
        store.partnerships.set_figures_consent(partnership.id, coach=True, coachee=True)
    ab = store.cycles.current(ana_ben.id).id
    de = store.cycles.current(dev_eve.id).id
    ac = store.cycles.current(ana_cleo.id).id
    fg = store.cycles.current(fen_gil.id).id
    fh = store.cycles.current(fen_hal.id).id
    ids = {
        "emerging": meeting(store, ticker, ab, Stage.PRE_LESSON, minutes=10, turns=tagged(EMERGING, "Jovanka")),
        "dev": meeting(store, ticker, de, Stage.PRE_LESSON, minutes=11, planned=10,
                       turns=tagged(co_constructive(), "")),
        "cleo": meeting(store, ticker, ac, Stage.PRE_LESSON, minutes=9, turns=tagged(EMERGING, "Jovanka")),
        "gil": meeting(store, ticker, fg, Stage.PRE_LESSON, minutes=12, turns=tagged(DEVELOPING, "Jovanka")),
        "hal": meeting(store, ticker, fh, Stage.PRE_LESSON, minutes=12, turns=tagged(co_constructive(), "Samwise")),
        "untagged": meeting(store, ticker, fh, Stage.POST_LESSON, minutes=9),
    }
    # Ana and Ben's second cycle: the only meeting of any cycle 2, so too few to show on its own.
    ab2 = store.cycles.open_next(ab).id
    ids["developing"] = meeting(store, ticker, ab2, Stage.POST_LESSON, minutes=15,
                                turns=tagged(DEVELOPING, "Jovanka") + tagged(EMERGING[:3], "Samwise"))
    store.meetings.open(de, Stage.POST_LESSON)  # opened, never ended: counted, but not in time use
    return ids


def test_aggregate_figures_match_the_hand_worked_answers(store: Store, ticker: FakeTicker) -> None:
    hand_made(store, ticker)
    assert refresh_talk(store) == 6  # six meetings hold tags
    assert refresh_talk(store) == 0  # cached: nothing left to compute
    overview = build_overview(store, FUNCTIONS)

    assert overview.counts == {
        "partnerships": 5, "cycles": 6, "meetings": 8, "pre_lesson_meetings": 5, "post_lesson_meetings": 3,
        "meetings_ended": 7, "lessons_observed": 0, "meetings_tagged": 6,
        # 12 + 14 + 12 + 12 + 14 + 12 (Sam's 3 lose to Jo's 12 as the main observer).
        "turns_tagged": 76,
        "provisional_levels": 6,  # no observer has marked a review complete yet
    }
    # 10 + 11 + 9 + 12 + 12 + 9 + 15 = 78 minutes over seven ended meetings; planned 12 but one 10; two ran over.
    assert overview.time_use == {"meeting_minutes": 78.0, "average_meeting_minutes": 11.143,
                                 "average_planned_minutes": 11.714, "share_over_time": 0.286,
                                 "lesson_minutes": 0.0}
    # Questions: 6 in each EMERGING, 3 in each DEVELOPING, 2 in each co-constructive talk; Sam's are not counted.
    assert overview.functions is not None
    assert overview.functions["question"] == 2 * (6 + 3 + 2)
    assert overview.functions["challenge"] == 2
    assert sum(overview.functions.values()) == 76
    assert list(overview.functions) == list(FUNCTIONS)
    # Levels as distributions, never a series per coach: cycle 1 holds a meeting of each of the five
    # partnerships; cycle 2 one partnership's, and no month more than two partnerships'.
    assert overview.levels_by_cycle == {"cycle 1": {1: 2, 2: 1, 3: 0, 4: 2}, "cycle 2": None}
    assert overview.levels_by_month is not None and set(overview.levels_by_month.values()) == {None}
    assert overview.role_play is None and overview.role_play_levels_by_month is None


def test_editing_a_tag_drops_the_cached_figures_so_they_are_recomputed(store: Store, ticker: FakeTicker) -> None:
    ids = hand_made(store, ticker)
    refresh_talk(store)
    jo_turn = store.turns.of_meeting(ids["emerging"], "Jovanka")[0]
    store.turns.update(jo_turn.id, function="challenge")
    assert store.figures.meetings_needing_talk(RUBRIC_VERSION) == [ids["emerging"]]
    refresh_talk(store)
    functions = build_overview(store, FUNCTIONS).functions
    assert functions is not None and functions["challenge"] == 3
    store.turns.delete(jo_turn.id)
    assert store.figures.meetings_needing_talk(RUBRIC_VERSION) == [ids["emerging"]]


def test_figures_levelled_by_an_earlier_rubric_are_recomputed(store: Store, ticker: FakeTicker) -> None:
    ids = hand_made(store, ticker)
    tagged_ids = sorted(ids[name] for name in ids if name != "untagged")
    assert refresh_talk(store) == 6  # the untagged meeting has nothing to cache
    assert refresh_talk(store) == 0  # nothing changed: nothing to do
    store.db.conn.execute("UPDATE meeting_talk SET rubric_version = 1, level = 4")  # as an older app left it
    assert store.figures.meetings_needing_talk(RUBRIC_VERSION) == tagged_ids
    assert refresh_talk(store) == 6
    levels = build_overview(store, FUNCTIONS).levels_by_cycle
    assert levels is not None and levels["cycle 1"] == {1: 2, 2: 1, 3: 0, 4: 2}


def provisional(store: Store) -> int:
    counts = build_overview(store, FUNCTIONS).counts
    assert counts is not None
    return counts["provisional_levels"]


def test_a_level_is_provisional_until_its_observer_marks_the_review_complete(store: Store, ticker: FakeTicker
                                                                             ) -> None:
    ids = hand_made(store, ticker)
    refresh_talk(store)
    assert provisional(store) == 6
    store.turns.mark_reviewed(ids["developing"], "Jovanka")  # the main observer of that meeting
    assert store.figures.meetings_needing_talk(RUBRIC_VERSION) == [ids["developing"]]  # its cached row follows
    refresh_talk(store)
    assert provisional(store) == 5
    store.turns.mark_reviewed(ids["developing"], "Samwise")  # a second observer's review changes nothing here
    store.turns.mark_reviewed(ids["developing"], "Jovanka", done=False)  # unmarked: provisional again
    refresh_talk(store)
    assert provisional(store) == 6
    store.turns.mark_reviewed(ids["developing"], "Jovanka")
    refresh_talk(store)
    assert provisional(store) == 5
    assert "provisional until its observer" in as_text(build_overview(store, FUNCTIONS), {})


def test_the_text_and_csv_carry_numbers_but_no_names_focus_or_codes(store: Store, ticker: FakeTicker) -> None:
    hand_made(store, ticker)
    refresh_talk(store)
    overview = build_overview(store, FUNCTIONS)
    text = as_text(overview, {1: "Emerging", 2: "Developing", 3: "Refining", 4: "Co-constructive"})
    table = as_csv(build_tables(store, FUNCTIONS))
    for secret in ("Anaïs", "Benedikt", "Cleopatra", "Devika", "Evander", "Fenella", "Gilberto", "Hallgerd",
                   "Jovanka", "Samwise", "questioning", "group work", "plenaries", "behaviour", "starters",
                   "C1", "C2", "C3"):
        assert secret not in text
        assert secret not in table
    assert "cycle 1    L1 2 · L2 1 · L3 0 · L4 2" in text
    assert "cycle 2    too few to show" in text
    assert table.startswith("format_version,table_name,breakdown,mode,month,stage,cycle,level,note,")
    rows = list(csv.DictReader(io.StringIO(table)))
    by_cycle = {(row["cycle"], row["level"]): (row["meetings"], row["note"]) for row in rows
                if row["breakdown"] == "cycle level"}
    assert by_cycle == {("1", "1"): ("2", ""), ("1", "2"): ("1", ""), ("1", "3"): ("0", ""), ("1", "4"): ("2", ""),
                        ("2", ""): ("", "too few to show")}
    whole = next(row for row in rows if row["breakdown"] == "all" and row["mode"] == "live")
    assert (whole["question"], whole["turns"], whole["meetings"], whole["minutes_used"]) == ("22", "76", "8", "78.0")
    # Every month holds two partnerships' meetings at most: no meeting row names its month.
    meetings = [row for row in rows if row["table_name"] == "meetings" and row["mode"] == "live"]
    assert len(meetings) == 8 and {row["month"] for row in meetings} == {""}
    assert {row["note"] for row in meetings} >= {"month too few to show"}


def test_level_trails_and_bars_are_scaled_and_never_hide_a_count() -> None:
    assert level_trail([("d", 1), ("d", 4), ("d", 9), ("d", 0)]) == "▂██▂"  # out-of-range levels are clamped
    assert bars({"a": 10, "b": 1, "c": 0}, width=10) == [("a", 10, "█" * 10), ("b", 1, "█"), ("c", 0, "")]
    assert bars({}, width=10) == []


def test_an_empty_database_shows_too_few_to_show(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "empty.db")
    assert refresh_talk(store) == 0
    overview = build_overview(store, FUNCTIONS)
    assert overview == Overview(None, None, None, None, None, None, None)
    assert "too few to show" in as_text(overview, {})
    # The meetings of each kind, and each breakdown (five of coaching, four of role-play): a row saying so.
    assert as_csv(build_tables(store, FUNCTIONS)).count("too few to show") == 11


def test_the_aggregate_command_prints_the_overview_and_writes_a_private_csv(
        store: Store, ticker: FakeTicker, db_path: Path, tmp_path: Path, run_cli: RunCli) -> None:
    hand_made(store, ticker)
    shown = run_cli("--db", str(db_path), "aggregate")
    assert shown.returncode == 0, shown.stderr
    assert "meetings tagged: 6" in shown.stdout
    assert "cycle 1" in shown.stdout and "C1" not in shown.stdout and "Anaïs" not in shown.stdout

    target = tmp_path / "figures.csv"
    written = run_cli("--db", str(db_path), "aggregate", "--csv", str(target))
    assert written.returncode == 0, written.stderr
    assert target.stat().st_mode & 0o777 == 0o600
    assert target.read_text(encoding="utf-8").startswith("format_version,table_name,breakdown,")
    again = run_cli("--db", str(db_path), "aggregate", "--csv", str(target))
    assert again.returncode == 4 and "already exists" in again.stderr
    assert "Traceback" not in again.stderr
