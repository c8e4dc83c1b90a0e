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

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


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


# -- the TOML files a school writes: packs, scenarios, bands, nudges ----------------------------------------

PACK = """
key = "questioning"
title = "Questioning"
order = 7
summary = "Questions that make pupils think."
discussion = ["Which question made pupils think hardest?"]
evidence = ["Who answered, and who stayed quiet?"]

[headings]
principles = ["Wait before taking an answer."]
"""


def pack_problem(tmp_path: Path, text: str) -> str:
    from coachtui.core.packs import load_packs

    folder = tmp_path / "prompts"
    folder.mkdir(exist_ok=True)
    (folder / "questioning.toml").write_text(text)
    library = load_packs(folder)
    assert "questioning" not in library.packs
    [problem] = library.problems
    assert problem.startswith(f"Skipped prompt pack {folder / 'questioning.toml'}: ")
    return problem


def test_a_good_pack_passes_its_shape(tmp_path: Path) -> None:
    from coachtui.core.packs import load_packs

    (tmp_path / "questioning.toml").write_text(PACK)
    assert load_packs(tmp_path).packs["questioning"].headings["principles"] == ("Wait before taking an answer.",)


@pytest.mark.parametrize(("change", "said"), [
    (("summary =", "sumary ="), "unknown field 'sumary' (did you mean 'summary'?)"),
    (("principles =", "principals ="), "unknown field 'principals' in headings (did you mean 'principles'?)"),
    (("order = 7", "order = true"), "'order' must be a whole number, not true or false"),
])
def test_a_pack_with_a_misspelt_key_or_a_true_order_is_refused(tmp_path: Path, change: tuple[str, str],
                                                               said: str) -> None:
    assert said in pack_problem(tmp_path, PACK.replace(*change))


def test_a_scenario_with_a_misspelt_key_is_refused(tmp_path: Path) -> None:
    from coachtui.core.packs import load_packs
    from coachtui.core.scenarios import load_scenarios

    shipped = next((Path(__file__).resolve().parents[2] / "coachtui" / "data" / "scenarios").glob("*.toml"))
    text = shipped.read_text().replace("[observer]\n", "[observer]\nlisten_fro = ['x']\n")
    (tmp_path / f"{shipped.stem}.toml").write_text(text)
    library = load_scenarios(set(load_packs(None).packs), tmp_path)
    [problem] = library.problems
    assert f"{tmp_path / shipped.name}: unknown field 'listen_fro' in observer (did you mean 'listen_for'?)" in problem


BAND = """
[[band]]
indicator = "challenges_per_10_minutes"
label = "Challenges per 10 minutes"
low = 1
high = 3
toward = "higher"
source = "Our school."
reasoning = "Our reasons."
"""


@pytest.mark.parametrize(("change", "said"), [
    (("low = 1", "low = nan"), "nan"),  # our own check, first
    (("low = 1", "low = true"), "'band → item 1 → low' must be a number, not true or false"),
    (("high = 3", 'high = "3"'), "'band → item 1 → high' must be a number, not text"),
    (("toward =", "towards ="), "unknown field 'towards' in band → item 1 (did you mean 'toward'?)"),
])
def test_bands_that_python_would_take_as_numbers_are_refused(tmp_path: Path, change: tuple[str, str],
                                                            said: str) -> None:
    from coachtui.core.analysis import load_bands
    from coachtui.errors import PackError

    path = tmp_path / "bands.toml"
    path.write_text(BAND.replace(*change))
    with pytest.raises(PackError, match=str(path)) as refused:
        load_bands(path)
    assert said in str(refused.value)


def test_a_good_band_file_passes_its_shape(tmp_path: Path) -> None:
    from coachtui.core.analysis import load_bands

    (tmp_path / "bands.toml").write_text(BAND)
    assert any(band.source == "Our school." for band in load_bands(tmp_path / "bands.toml"))


def test_a_nudge_rule_with_a_misspelt_number_is_refused_not_dropped(tmp_path: Path) -> None:
    from coachtui.core.nudges import load_rules

    path = tmp_path / "nudges.toml"
    path.write_text('[[rule]]\nid = "quiet-challenge"\nminuts = 2\n')
    _, problems = load_rules(path)
    assert problems == [f"{path}: unknown field 'minuts' in rule → item 1 (did you mean 'minutes'?). "
                        "The shipped nudges are used."]
    path.write_text('[[rule]]\nid = "quiet-challenge"\nminutes = 2\n')
    assert load_rules(path)[1] == []


def test_the_shipped_files_have_the_shapes_users_files_are_held_to() -> None:
    """Shipped files are not shape-checked as they load (so reading them never imports msgspec): here instead."""
    import tomllib

    from coachtui.core.schemas import checked
    from coachtui.core.schemas.pack_file import PackFile, ScenarioFile
    from coachtui.core.schemas.rules_file import BandsFile, NudgesFile

    data = Path(__file__).resolve().parents[2] / "coachtui" / "data"

    def refuse(problem: str) -> Exception:
        return AssertionError(problem)

    for path in (data / "prompts").glob("*.toml"):
        checked(tomllib.loads(path.read_text()), PackFile, refuse)
    for path in (data / "scenarios").glob("*.toml"):
        checked(tomllib.loads(path.read_text()), ScenarioFile, refuse)
    checked(tomllib.loads((data / "bands.toml").read_text()), BandsFile, refuse)
    checked(tomllib.loads((data / "nudges.toml").read_text()), NudgesFile, refuse)
