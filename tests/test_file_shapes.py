"""Files users give us are checked for their shape (msgspec) as well as by our own rules: an unknown or
misspelt field and a value of the wrong type are refused, in words naming the file and the field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from coachtui.core.bundle import bundle_from_json, bundle_to_json
from coachtui.core.model import Turn
from coachtui.core.schemas import explain, published
from coachtui.core.training_plan import make_plan, plan_from_json, plan_to_json
from coachtui.errors import DataFileError
from tests.helpers import bundle

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def a_bundle() -> dict[str, Any]:
    turn = Turn(t=12.5, speaker="coach", function="question", observer="P1")
    return json.loads(bundle_to_json(bundle({"P1": (turn,)})))


def a_plan() -> dict[str, Any]:
    plan = make_plan(code="AUT-1", title="Autumn", people="A1\nA2\nA3\n", by_hand=False, rounds=3,
                     round_minutes=10, debrief_minutes=5, scenarios={1: "s1", 2: "s2", 3: "s3"})
    return json.loads(plan_to_json(plan))


def refused_bundle(data: dict[str, Any]) -> str:
    with pytest.raises(DataFileError) as refused:
        bundle_from_json(json.dumps(data), "g1r2.coachround.json")
    message = str(refused.value)
    assert message.startswith("g1r2.coachround.json is not a usable round bundle: ")
    return message


def refused_plan(data: dict[str, Any]) -> str:
    with pytest.raises(DataFileError) as refused:
        plan_from_json(json.dumps(data), "day.coachplan.json")
    assert str(refused.value).startswith("day.coachplan.json")
    return str(refused.value)


def test_the_files_we_write_have_the_shape_we_check() -> None:
    assert bundle_from_json(json.dumps(a_bundle()), "x").turns["P1"][0].t == 12.5
    assert plan_from_json(json.dumps(a_plan()), "x").code == "AUT-1"


@pytest.mark.parametrize("t", [True, "1e2", "12"])
def test_a_turn_time_that_is_not_a_number_is_refused_as_the_turns_importer_refuses_it(t: object) -> None:
    data = a_bundle()
    data["turns"]["P1"][0]["t"] = t
    message = refused_bundle(data)
    assert "'turns → … → item 1 → t' must be a number, not" in message


def test_an_unknown_field_in_a_bundle_is_refused_with_a_suggestion() -> None:
    data = a_bundle()
    data["sesion"] = "AUT1"
    assert refused_bundle(data).endswith("unknown field 'sesion' (did you mean 'session'?).")
    data = a_bundle()
    data["turns"]["P1"][0]["tonne"] = "warm"
    assert "turn 1 of P1 has an unknown field 'tonne'" in refused_bundle(data)  # our own check, first


def test_a_plan_with_a_misspelt_or_mistyped_field_is_refused() -> None:
    data = a_plan()
    data["titel"] = "Autumn"
    assert "unknown field 'titel' (did you mean 'title'?)" in refused_plan(data)
    data = a_plan()
    data["participants"][0]["grup"] = 1
    assert "unknown field 'grup' in participants → item 1 (did you mean 'group'?)" in refused_plan(data)
    data = a_plan()
    data["round_minutes"] = True
    assert "round_minutes" in refused_plan(data)


def test_msgspec_s_words_become_ours() -> None:
    assert explain("Expected `int` >= 1 - at `$.rounds[2].group`") == (
        "'rounds → item 3 → group' must be a whole number of at least 1")
    assert explain("Object missing required field `coach` - at `$.rounds[0]`") == (
        "'coach' is missing in rounds → item 1")
    assert explain("Expected `str` of length <= 80 - at `$.title`") == "'title' must have at most 80 characters"
    assert explain("Invalid enum value 3 - at `$.stage`") == "'stage' cannot be 3"
    assert explain("Object contains unknown field `zzz`", {"session"}) == "unknown field 'zzz'"


@pytest.mark.parametrize("name", ["coachround.schema.json", "coachplan.schema.json"])
def test_the_published_json_schemas_match_the_code(name: str) -> None:
    """After changing a shape: `python -m coachtui.core.schemas` rewrites schemas/, then commit it."""
    assert (SCHEMAS / name).read_text(encoding="utf-8") == published()[name]
    schema = json.loads(published()[name])
    assert schema["$schema"].endswith("2020-12/schema")
    top = schema["$defs"][schema["$ref"].rsplit("/", 1)[1]]
    assert top["additionalProperties"] is False
