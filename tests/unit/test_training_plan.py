"""Planning a training session from what the coordinator types, and the plan file for other laptops."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from coachtui.core.training_plan import (
    assign_codes,
    choose_scenarios,
    make_plan,
    parse_participants,
    plan_from_json,
    plan_to_json,
)
from coachtui.errors import CoachError, DataFileError
from coachtui.services.rounds import create_session, plan_for_session, read_plan
from coachtui.store import Store
from tests.helpers import bundle

SIX = "Ana Lopez\nSam Reed\nT07\nK2 = Kim Park\nLee Ho\nMo Ray\n"


def plan_of(people: str = SIX, *, by_hand: bool = False, rounds: int = 3):  # type: ignore[no-untyped-def]
    return make_plan(code="AUT-1", title="  Autumn   day 2 ", people=people, by_hand=by_hand, rounds=rounds,
                     round_minutes=10, debrief_minutes=5, scenarios={n: f"s{n}" for n in range(1, rounds + 1)})


def test_a_line_is_a_name_a_code_or_both() -> None:
    assert parse_participants("Ana Lopez\nT07\nK2 = Kim Park\nkim\n  \n\n") == [
        [("", "Ana Lopez"), ("T07", ""), ("K2", "Kim Park"), ("", "kim")]]


def test_blank_lines_separate_the_groups_typed_by_hand() -> None:
    assert parse_participants("A1\nA2\nA3\n\n\nB1\nB2\nB3") == [
        [("A1", ""), ("A2", ""), ("A3", "")], [("B1", ""), ("B2", ""), ("B3", "")]]


def test_a_bad_code_before_the_equals_sign_names_its_line() -> None:
    with pytest.raises(CoachError, match="Line 2: 'no/slash' cannot be a code"):
        parse_participants("Ana\nno/slash = Sam")


def test_names_get_the_next_free_code() -> None:
    blocks = assign_codes([[("", "Ana"), ("P1", ""), ("", "Sam"), ("P3", "Lee"), ("", "Mo")]])
    assert blocks == [[("P2", "Ana"), ("P1", ""), ("P4", "Sam"), ("P3", "Lee"), ("P5", "Mo")]]


def test_six_people_make_two_triads_in_the_order_typed_and_each_plays_each_role_once() -> None:
    plan = plan_of()
    assert plan.groups == (("P1", "P2", "T07"), ("K2", "P3", "P4"))
    assert plan.title == "Autumn day 2"
    assert plan.name_of("K2") == "Kim Park" and plan.name_of("T07") == ""
    assert plan.problems == ()
    assert [(a.group, a.round, a.coach, a.coachee, a.observers) for a in plan.assignments if a.group == 1] == [
        (1, 1, "P1", "P2", ("T07",)), (1, 2, "P2", "T07", ("P1",)), (1, 3, "T07", "P1", ("P2",))]
    assert plan.rows()[0] == (1, 1, "P1", "P2", ("T07",))


def test_too_few_rounds_are_shown_as_problems_before_starting() -> None:
    plan = plan_of(rounds=2)
    assert "With 2 rounds, T07 is never the coach." in plan.problems


def test_groups_by_hand_must_be_three_or_more() -> None:
    with pytest.raises(CoachError, match="Group 2 has 2 people"):
        plan_of("A1\nA2\nA3\n\nB1\nB2", by_hand=True)


def test_two_people_cannot_make_a_triad() -> None:
    with pytest.raises(CoachError, match="at least 3 people"):
        plan_of("Ana\nSam")


def test_the_same_code_twice_is_refused() -> None:
    with pytest.raises(CoachError, match="used twice"):
        plan_of("T1\nt1\nT3")


@pytest.mark.parametrize(("minutes", "debrief", "message"), [(0, 5, "A round lasts"), (10, 61, "A debrief lasts")])
def test_lengths_out_of_range_are_refused(minutes: int, debrief: int, message: str) -> None:
    with pytest.raises(CoachError, match=message):
        make_plan(code="X", title="", people="A1\nA2\nA3", by_hand=False, rounds=3, round_minutes=minutes,
                  debrief_minutes=debrief, scenarios={1: "a", 2: "a", 3: "a"})


def test_scenarios_ticked_are_played_in_order_and_repeat() -> None:
    assert choose_scenarios([("a", "x")], 5, ["c", "b"]) == {1: "c", 2: "b", 3: "c", 4: "b", 5: "c"}


def test_with_none_ticked_each_round_takes_another_theme() -> None:
    available = [("a1", "a4l"), ("a2", "a4l"), ("e1", "engagement"), ("t1", "talk")]
    assert choose_scenarios(available, 5) == {1: "a1", 2: "e1", 3: "t1", 4: "a2", 5: "a1"}


def test_no_scenarios_at_all_is_explained() -> None:
    with pytest.raises(CoachError, match="no scenarios"):
        choose_scenarios([], 3)


def test_the_plan_file_carries_the_whole_plan() -> None:
    plan = plan_of()
    again = plan_from_json(plan_to_json(plan), "plan.json")
    assert again.rows() == plan.rows()
    assert again.participants == plan.participants
    assert again.scenarios == plan.scenarios
    assert (again.code, again.title, again.round_minutes, again.debrief_minutes) == ("AUT-1", "Autumn day 2", 10, 5)


def test_a_session_written_back_as_a_plan_is_the_same_plan(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "a.db")
    plan = plan_of()
    session = create_session(store, plan)
    again = plan_for_session(store, session.id)
    assert again.rows() == plan.rows() and again.scenarios == plan.scenarios
    assert again.participants == plan.participants
    store.close()


def _broken(**changes: object) -> str:
    data = json.loads(plan_to_json(plan_of()))
    data.update(changes)
    return json.dumps(data)


def _edited(edit: Callable[[dict[str, Any]], object]) -> str:
    """The good plan's file with one edit made to its parsed JSON (two groups of three, three rounds)."""
    data = json.loads(plan_to_json(plan_of()))
    edit(data)
    return json.dumps(data)


@pytest.mark.parametrize(("text", "message"), [
    ("not json", "not JSON"),
    ("[]", "not a coachtui training plan"),
    (_broken(version=9), "version 9"),
    (_broken(participants="everyone"), "'participants' is missing"),
    (_broken(rounds=[]), "plans no rounds"),
    (_broken(scenarios={"first": "x"}), "listed by round number"),
    (_broken(participants=[{"code": "A1", "group": 1}, {"code": "A2", "group": 1}]), "Role-plays need at least"),
    (_broken(rounds=[{"group": 1, "round": 1, "coach": "P1", "coachee": "P1", "observers": ["P2", "T07"]}]),
     "exactly one role"),
    (_broken(rounds=[{"group": 1, "round": 9, "coach": "P1", "coachee": "P2", "observers": ["T07"]}]),
     "round 9 has no scenario"),
    (_broken(rounds=["round one"]), "table of fields"),
    (_edited(lambda d: d["rounds"][0].update(round=-1)), "entry 1 of 'rounds': 'round' must be a whole number "
     "from 1 to 12"),
    (_edited(lambda d: d["rounds"][0].update(round=21)), "'round' must be a whole number from 1 to 12"),
    (_edited(lambda d: d["scenarios"].update({"1": "../../etc"})),
     "the scenario for round 1 is not a valid scenario id: '../../etc'"),
    (_edited(lambda d: d["scenarios"].update({"2": 7})), "the scenario for round 2 is not a valid scenario id: 7"),
    (_edited(lambda d: d["scenarios"].update({"7": "s7"})), "names a scenario for round 7, which no group plays"),
    (_edited(lambda d: d["scenarios"].update({"01": "s1"})), "listed by round number"),
    (_edited(lambda d: [p.update(group=p["group"] - 1) for p in d["participants"]]),
     "entry 1 of 'participants': 'group' must be a whole number from 1 to 20"),
    (_edited(lambda d: [p.update(group=3) for p in d["participants"] if p["group"] == 2]),
     "the groups must be numbered from 1 with none left out: no one is in group 2"),
    (_edited(lambda d: d["rounds"][0].update(group=3)), "entry 1 of 'rounds': 'group' must be a whole number "
     "from 1 to 2"),
    (_edited(lambda d: d["rounds"].append(dict(d["rounds"][0]))), "round 1 of group 1 is listed twice"),
    (_edited(lambda d: d["rounds"].pop()), "group 2 has no round 3 (every group plays rounds 1 to 3)"),
    (_edited(lambda d: d["rounds"].pop(0)), "group 1 has no round 1 (every group plays rounds 1 to 3)"),
    (_broken(round_minutes=0), "'round_minutes' must be a whole number from 1 to 60"),
    (_broken(round_minutes=61), "'round_minutes' must be a whole number from 1 to 60"),
    (_broken(debrief_minutes=-1), "'debrief_minutes' must be a whole number from 0 to 60"),
    (_broken(title={"text": "Autumn"}), "'title' must be text of at most 80 characters"),
    (_broken(title="x" * 81), "'title' must be text of at most 80 characters"),
    (_edited(lambda d: d["participants"][1].update(name=["Sam", "Reed"])),
     "entry 2 of 'participants': 'name' must be text of at most 80 characters"),
    (_edited(lambda d: d["participants"][1].update(name="S" * 81)), "'name' must be text of at most 80"),
    (_broken(code="AUT 1"), "'code' is not a valid code: 'AUT 1'"),
    (_broken(code="AUT-1\n"), "'code' is not a valid code"),
    (_edited(lambda d: d["rounds"][0].update(observers=[7])),
     "entry 1 of 'rounds': 'observers' must list one or more participant codes"),
])
def test_a_bad_plan_file_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(DataFileError) as caught:
        plan_from_json(text, "plan.json")
    assert str(caught.value).startswith("plan.json")
    assert message in str(caught.value)


def test_a_plan_without_a_title_or_names_is_still_a_plan() -> None:
    def bare(data: dict[str, Any]) -> None:
        del data["title"]
        for person in data["participants"]:
            del person["name"]

    plan = plan_from_json(_edited(bare), "plan.json")
    assert plan.title == "" and plan.name_of("P1") == ""
    assert plan.rows() == plan_of().rows()


def test_unreadable_plan_files_are_explained(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="There is no file"):
        read_plan(tmp_path / "missing.json")
    with pytest.raises(DataFileError, match="is a folder"):
        read_plan(tmp_path)
    binary = tmp_path / "photo.json"
    binary.write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(DataFileError, match="not UTF-8 text"):
        read_plan(binary)


def test_a_session_pieced_together_from_bundles_is_shared_only_if_it_makes_a_whole_plan(tmp_path: Path) -> None:
    from dataclasses import replace

    from coachtui.services.rounds import import_bundle, shareable_plan

    store = Store.open(tmp_path / "coordinator.db")
    import_bundle(store, bundle(group=2))  # only group 2 came back: there is no group 1 to plan
    session = store.training.session_by_code("AUT1")
    assert session is not None
    with pytest.raises(CoachError, match="cannot be shared as a plan"):
        shareable_plan(store, session.id)
    import_bundle(store, replace(bundle(group=1, session="AUT2"), round=1))
    whole = store.training.session_by_code("AUT2")
    assert whole is not None
    assert plan_from_json(shareable_plan(store, whole.id), "x").rows() == [(1, 1, "P2", "P3", ("P1",))]
    store.close()
