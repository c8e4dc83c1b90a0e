"""The role-play scenario library: shipped briefs, separate per role, and users' own files."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachtui.core.codes import SCENARIO_KEY
from coachtui.core.model import Stage
from coachtui.core.packs import load_packs
from coachtui.core.scenarios import load_scenarios

THEMES = set(load_packs(None).packs)
SHIPPED = load_scenarios(THEMES)

GOOD = """
id = "{id}"
title = "Our own scenario"
theme = "a4l"
stage = "pre-lesson"
minutes = 8

[coachee]
situation = "I teach Year 3 and plan to try talk partners."
unnoticed = "SECRET-UNNOTICED"

[coach]
focus = "Talk partners"
known = "The plan is shared."

[observer]
listen_for = ["Who asks the questions?"]
"""


def test_the_shipped_library_covers_every_theme_and_one_mentoring_case() -> None:
    assert SHIPPED.problems == []
    assert len(SHIPPED.scenarios) >= 8
    assert {s.theme for s in SHIPPED.scenarios.values()} == {
        "a4l", "engagement", "classroom-talk", "group-work", "starters-plenaries", "behaviour"}
    assert [s.id for s in SHIPPED.scenarios.values() if s.kind == "mentoring-vs-coaching"] == [
        "mentoring-tell-me-what-to-do"]
    assert {s.stage for s in SHIPPED.scenarios.values()} == {Stage.PRE_LESSON, Stage.POST_LESSON}
    assert all(5 <= s.minutes <= 20 for s in SHIPPED.scenarios.values())


def test_each_role_sees_only_its_own_brief() -> None:
    for scenario in SHIPPED.scenarios.values():
        coachee, coach, observer = (scenario.brief(role) for role in ("coachee", "coach", "observer"))
        assert scenario.coachee_unnoticed in coachee and scenario.coachee_situation in coachee
        for other in (coach, observer):
            assert scenario.coachee_unnoticed not in other, scenario.id
            assert scenario.coachee_situation not in other, scenario.id
        assert scenario.coach_known in coach and scenario.coach_known not in observer
        assert all(item in observer for item in scenario.observer_listen_for)
        assert not any(item in coach or item in coachee for item in scenario.observer_listen_for)
    with pytest.raises(ValueError, match="unknown role"):
        next(iter(SHIPPED.scenarios.values())).brief("coordinator")


def test_a_users_scenario_adds_to_the_library_and_replaces_a_shipped_one_by_id(tmp_path: Path) -> None:
    (tmp_path / "talk-partners.toml").write_text(GOOD.format(id="talk-partners"), encoding="utf-8")
    (tmp_path / "a4l-exit-tickets.toml").write_text(GOOD.format(id="a4l-exit-tickets"), encoding="utf-8")
    library = load_scenarios(THEMES, tmp_path)
    assert library.problems == []
    assert library.get("talk-partners") is not None
    assert library.get("a4l-exit-tickets").title == "Our own scenario"  # type: ignore[union-attr]
    assert len(library.scenarios) == len(SHIPPED.scenarios) + 1


@pytest.mark.parametrize(("text", "message"), [
    ("id = ", "is not valid TOML"),
    (GOOD.format(id="other-name"), "must be lower-case letters, digits and '-' and match the file name"),
    (GOOD.format(id="bad").replace('theme = "a4l"', 'theme = "cookery"'), "the theme 'cookery' is not a prompt pack"),
    (GOOD.format(id="bad").replace('stage = "pre-lesson"', 'stage = "lesson"'), "'stage' must be"),
    (GOOD.format(id="bad").replace("minutes = 8", "minutes = 90"), "'minutes' must be a whole number from 5 to 20"),
    (GOOD.format(id="bad").replace('unnoticed = "SECRET-UNNOTICED"', ""), "'coachee.unnoticed' is missing"),
    (GOOD.format(id="bad").replace("[observer]", "[watcher]"), "the [observer] brief is missing"),
    (GOOD.format(id="bad").replace('listen_for = ["Who asks the questions?"]', "listen_for = []"),
     "'observer.listen_for' must list"),
    (GOOD.format(id="bad").replace("minutes = 8", 'minutes = 8\nkind = "lecture"'), "'kind' must be one of"),
])
def test_a_malformed_user_file_is_reported_by_name_and_the_rest_still_load(
        tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "bad.toml").write_text(text, encoding="utf-8")
    (tmp_path / "fine.toml").write_text(GOOD.format(id="fine"), encoding="utf-8")
    library = load_scenarios(THEMES, tmp_path)
    assert library.get("fine") is not None
    assert library.get("bad") is None
    assert len(library.problems) == 1 and str(tmp_path / "bad.toml") in library.problems[0]
    assert message in library.problems[0]


def test_an_id_with_a_trailing_newline_is_not_a_scenario_id() -> None:
    assert SCENARIO_KEY.fullmatch("talk-partners")
    assert SCENARIO_KEY.match("talk-partners\n") is None  # '$' alone would let the newline through


def test_unreadable_user_files_are_reported_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "binary.toml").write_bytes(b"\xff\xfe\x00")
    (tmp_path / "folder.toml").mkdir()
    library = load_scenarios(THEMES, tmp_path)
    assert len(library.problems) == 2
    assert any("not a text file" in p for p in library.problems)
    assert len(library.scenarios) == len(SHIPPED.scenarios)
