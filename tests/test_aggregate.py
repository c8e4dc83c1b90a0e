"""The coordinator's aggregate view on a hand-made database whose answers are worked out by hand."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from coachtui.core.model import Stage, Turn
from coachtui.core.rubric import load_rubric
from coachtui.core.vocabulary import vocabulary
from coachtui.services.figures import as_csv, as_text, bars, build_overview, level_trail, refresh_talk
from coachtui.store import Store
from tests.helpers import DEVELOPING, EMERGING, FakeTicker, RunCli, co_constructive

RUBRIC_VERSION = load_rubric().version

FUNCTIONS = vocabulary().functions


def tagged(turns: list[Turn], observer: str) -> list[Turn]:
    return [replace(turn, observer=observer) for turn in turns]


def meeting(store: Store, ticker: FakeTicker, cycle_id: int, stage: Stage, *, minutes: float,
            planned: int = 12, turns: list[Turn] = ()) -> int:  # type: ignore[assignment]
    opened = store.open_meeting(cycle_id, stage, planned_minutes=planned)
    store.add_turns(opened.id, turns)
    store.end_meeting(opened.id, minutes * 60)
    ticker.advance(86400 * 20)  # the next meeting is about three weeks later
    return opened.id


def hand_made(store: Store, ticker: FakeTicker) -> dict[str, int]:
    """Ana coaches Ben and Cleo, Dev coaches Eve. Four meetings, one of them tagged by two observers."""
    ana_ben = store.create_partnership("Anaïs", "Benedikt", "questioning")
    dev_eve = store.create_partnership("Devika", "Evander", "group work")
    ana_cleo = store.create_partnership("Anaïs", "Cleopatra", "plenaries")
    ab = store.current_cycle(ana_ben.id).id
    de = store.current_cycle(dev_eve.id).id
    ids = {
        "emerging": meeting(store, ticker, ab, Stage.PRE_LESSON, minutes=10, turns=tagged(EMERGING, "Jovanka")),
        "developing": meeting(store, ticker, ab, Stage.POST_LESSON, minutes=15,
                              turns=tagged(DEVELOPING, "Jovanka") + tagged(EMERGING[:3], "Samwise")),
        "dev": meeting(store, ticker, de, Stage.PRE_LESSON, minutes=11, planned=10,
                       turns=tagged(co_constructive(), "")),
        "untagged": meeting(store, ticker, store.current_cycle(ana_cleo.id).id, Stage.PRE_LESSON, minutes=9),
    }
    store.open_meeting(de, Stage.POST_LESSON)  # opened, never ended: counted, but not in time use
    return ids


def test_aggregate_figures_match_the_hand_worked_answers(store: Store, ticker: FakeTicker) -> None:
    hand_made(store, ticker)
    assert refresh_talk(store) == 3  # three meetings hold tags
    assert refresh_talk(store) == 0  # cached: nothing left to compute
    overview = build_overview(store, FUNCTIONS)

    assert overview.counts == {
        "partnerships": 3, "cycles": 3, "meetings": 5, "pre_lesson_meetings": 3, "post_lesson_meetings": 2,
        "meetings_ended": 4, "lessons_observed": 0, "role_play_rounds": 0, "meetings_tagged": 3,
        # Jo's 12 + 12 (Sam's 3 lose to Jo's 12 as the main observer) + 14 untitled-observer turns.
        "turns_tagged": 38,
        "provisional_levels": 3,  # no observer has marked a review complete yet
    }
    # 10 + 15 + 11 + 9 = 45 minutes over four ended meetings; planned 12, 12, 10, 12; two ran over.
    assert overview.time_use["meeting_minutes"] == 45.0
    assert overview.time_use["average_meeting_minutes"] == 11.25
    assert overview.time_use["average_planned_minutes"] == 11.5
    assert overview.time_use["share_over_time"] == 0.5
    # Questions: 6 in EMERGING, 3 in DEVELOPING, 2 in the co-constructive talk; Sam's turns are not counted.
    assert overview.functions["question"] == 11
    assert overview.functions["explanation"] == 6 + 2 + 1
    assert overview.functions["challenge"] == 1
    assert sum(overview.functions.values()) == 38
    assert list(overview.functions) == list(FUNCTIONS)
    # Ana is the first coach named (C1) and Dev the second (C2); levels in meeting order.
    assert list(overview.levels_by_coach) == ["C1", "C2"]
    assert [level for _, level in overview.levels_by_coach["C1"]] == [1, 2]
    assert [level for _, level in overview.levels_by_coach["C2"]] == [4]
    assert overview.role_play_progress == {}
    assert sum(sum(c.values()) for c in overview.levels_by_month.values()) == 3


def test_editing_a_tag_drops_the_cached_figures_so_they_are_recomputed(store: Store, ticker: FakeTicker) -> None:
    ids = hand_made(store, ticker)
    refresh_talk(store)
    jo_turn = store.turns(ids["emerging"], "Jovanka")[0]
    store.update_turn(jo_turn.id, function="challenge")
    assert store.meetings_needing_talk(RUBRIC_VERSION) == [ids["emerging"]]
    refresh_talk(store)
    assert build_overview(store, FUNCTIONS).functions["challenge"] == 2
    store.delete_turn(jo_turn.id)
    assert store.meetings_needing_talk(RUBRIC_VERSION) == [ids["emerging"]]


def test_figures_levelled_by_an_earlier_rubric_are_recomputed(store: Store, ticker: FakeTicker) -> None:
    ids = hand_made(store, ticker)
    tagged = sorted(ids[name] for name in ("emerging", "developing", "dev"))
    assert refresh_talk(store) == 3  # the untagged meeting has nothing to cache
    assert refresh_talk(store) == 0  # nothing changed: nothing to do
    store.conn.execute("UPDATE meeting_talk SET rubric_version = 1, level = 4")  # as an older app left it
    assert store.meetings_needing_talk(RUBRIC_VERSION) == tagged
    assert refresh_talk(store) == 3
    assert [level for _, level in build_overview(store, FUNCTIONS).levels_by_coach["C1"]] == [1, 2]


def test_a_level_is_provisional_until_its_observer_marks_the_review_complete(store: Store, ticker: FakeTicker
                                                                             ) -> None:
    ids = hand_made(store, ticker)
    refresh_talk(store)
    assert build_overview(store, FUNCTIONS).counts["provisional_levels"] == 3
    store.mark_reviewed(ids["developing"], "Jovanka")  # the main observer of that meeting
    assert store.meetings_needing_talk(RUBRIC_VERSION) == [ids["developing"]]  # its cached row follows
    refresh_talk(store)
    assert build_overview(store, FUNCTIONS).counts["provisional_levels"] == 2
    store.mark_reviewed(ids["developing"], "Samwise")  # a second observer's review changes nothing here
    store.mark_reviewed(ids["developing"], "Jovanka", done=False)  # unmarked: provisional again
    refresh_talk(store)
    assert build_overview(store, FUNCTIONS).counts["provisional_levels"] == 3
    store.mark_reviewed(ids["developing"], "Jovanka")
    refresh_talk(store)
    assert build_overview(store, FUNCTIONS).counts["provisional_levels"] == 2
    assert "provisional until its observer" in as_text(build_overview(store, FUNCTIONS), {})


def test_the_text_and_csv_carry_codes_and_numbers_but_no_names_or_focus(store: Store, ticker: FakeTicker) -> None:
    hand_made(store, ticker)
    refresh_talk(store)
    overview = build_overview(store, FUNCTIONS)
    text = as_text(overview, {1: "Emerging", 2: "Developing", 3: "Refining", 4: "Co-constructive"})
    table = as_csv(overview)
    for secret in ("Anaïs", "Benedikt", "Cleopatra", "Devika", "Evander", "Jovanka", "Samwise",
                   "questioning", "group work", "plenaries"):
        assert secret not in text
        assert secret not in table
    assert "C1" in text and "▂▄" in text  # Ana's trail: level 1 then level 2
    assert "level,C2,2027-01-02,estimated level,4" in table  # ended 40 days after the first
    assert "functions,,,question,11" in table


def test_level_trails_and_bars_are_scaled_and_never_hide_a_count() -> None:
    assert level_trail([("d", 1), ("d", 4), ("d", 9), ("d", 0)]) == "▂██▂"  # out-of-range levels are clamped
    assert bars({"a": 10, "b": 1, "c": 0}, width=10) == [("a", 10, "█" * 10), ("b", 1, "█"), ("c", 0, "")]
    assert bars({}, width=10) == []


def test_an_empty_database_has_an_empty_overview(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "empty.db")
    assert refresh_talk(store) == 0
    overview = build_overview(store, FUNCTIONS)
    assert overview.counts["meetings"] == 0
    assert overview.time_use["meeting_minutes"] == 0
    assert set(overview.functions.values()) == {0}
    assert "none yet" in as_text(overview, {})


def test_the_aggregate_command_prints_the_overview_and_writes_a_private_csv(
        store: Store, ticker: FakeTicker, db_path: Path, tmp_path: Path, run_cli: RunCli) -> None:
    hand_made(store, ticker)
    shown = run_cli("--db", str(db_path), "aggregate")
    assert shown.returncode == 0, shown.stderr
    assert "meetings tagged: 3" in shown.stdout
    assert "C1" in shown.stdout and "Anaïs" not in shown.stdout

    target = tmp_path / "figures.csv"
    written = run_cli("--db", str(db_path), "aggregate", "--csv", str(target))
    assert written.returncode == 0, written.stderr
    assert target.stat().st_mode & 0o777 == 0o600
    assert target.read_text(encoding="utf-8").startswith("section,code,period,measure,value\n")
    again = run_cli("--db", str(db_path), "aggregate", "--csv", str(target))
    assert again.returncode == 4 and "already exists" in again.stderr
    assert "Traceback" not in again.stderr
