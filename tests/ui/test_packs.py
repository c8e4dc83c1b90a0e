"""Prompt packs and GROW prompts: the shipped data loads, a school's own packs add or replace,
and a malformed file is skipped with a reason instead of stopping the app."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from coachtui.core.model import GROW_ORDER, GrowPhase, Stage
from coachtui.core.packs import load_grow, load_packs
from coachtui.screens.home import HomeScreen
from tests.helpers import notified

VALID_EXTRA = """
key = "questioning"
title = "Questioning"
order = 7
summary = "Questions that make pupils think."
discussion = ["Which question made pupils think hardest?"]
evidence = ["Who answered, and who stayed quiet?"]

[grow]
goal = ["Which kind of question do you want to try?"]

[headings]
strategies = ["Wait three seconds before taking an answer."]
"""

REPLACES_A4L = """
key = "a4l"
title = "Our school's A4L"
order = 1
discussion = ["How do pupils use the success criteria in our school?"]
evidence = ["Which pupils checked their work against the criteria?"]
"""

MALFORMED_TOML = 'key = "broken"\ntitle = "Broken\ndiscussion = [\n'

MISSING_DISCUSSION = """
key = "no-discussion"
title = "No discussion"
evidence = ["What did pupils write?"]
"""

BAD_KEY = """
key = "Bad Key!"
title = "Bad key"
discussion = ["A question?"]
evidence = ["Some evidence?"]
"""

UNKNOWN_PHASE = """
key = "odd-phase"
title = "Odd phase"
discussion = ["A question?"]
evidence = ["Some evidence?"]

[grow]
wrap_up = ["What did we learn?"]
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problem_for(problems: list[str], path: Path) -> str:
    found = [p for p in problems if str(path) in p]
    assert len(found) == 1, f"expected one problem naming {path}, got {problems}"
    return found[0]


# -- shipped data --------------------------------------------------------------------------


def test_shipped_packs_load_without_problems_and_a4l_comes_first() -> None:
    library = load_packs(None)
    assert library.problems == []
    assert len(library.packs) >= 6
    ordered = library.ordered()
    assert ordered[0].key == "a4l"
    assert [p.order for p in ordered] == sorted(p.order for p in ordered)
    for pack in ordered:
        assert pack.source == "shipped"
        assert pack.title.strip(), pack.key
        assert pack.discussion and all(q.strip() for q in pack.discussion), pack.key
        assert pack.evidence and all(q.strip() for q in pack.evidence), pack.key


def test_a_missing_user_folder_is_not_a_problem(tmp_path: Path) -> None:
    library = load_packs(tmp_path / "config" / "prompts")
    assert library.problems == []
    assert library.ordered()[0].key == "a4l"


def test_grow_guide_has_four_phases_sharing_the_whole_meeting() -> None:
    guide = load_grow()
    assert list(guide.phases) == list(GROW_ORDER)
    assert len(guide.phases) == 4
    assert math.isclose(sum(guide.shares.values()), 1.0, abs_tol=1e-9)
    for phase, phase_guide in guide.phases.items():
        assert phase_guide.phase is phase
        assert phase_guide.share > 0
        assert phase_guide.title.strip() and phase_guide.purpose.strip()
        assert phase_guide.pre_lesson and phase_guide.post_lesson
        assert phase_guide.questions(Stage.PRE_LESSON) == phase_guide.pre_lesson
        assert phase_guide.questions(Stage.POST_LESSON) == phase_guide.post_lesson
        assert phase_guide.pre_lesson != phase_guide.post_lesson


# -- a school's own packs ------------------------------------------------------------------


def test_a_valid_user_pack_is_added_after_the_shipped_ones(tmp_path: Path) -> None:
    folder = tmp_path / "prompts"
    path = write(folder, "questioning.toml", VALID_EXTRA)
    library = load_packs(folder)
    assert library.problems == []
    pack = library.packs["questioning"]
    assert pack.source == str(path)
    assert pack.title == "Questioning"
    assert pack.discussion == ("Which question made pupils think hardest?",)
    assert pack.grow == {GrowPhase.GOAL: ("Which kind of question do you want to try?",)}
    assert pack.headings == {"strategies": ("Wait three seconds before taking an answer.",)}
    assert library.ordered()[-1].key == "questioning"
    assert len(library.packs) == len(load_packs(None).packs) + 1


def test_a_user_pack_with_a_shipped_key_replaces_it(tmp_path: Path) -> None:
    folder = tmp_path / "prompts"
    path = write(folder, "our-a4l.toml", REPLACES_A4L)
    library = load_packs(folder)
    assert library.problems == []
    a4l = library.packs["a4l"]
    assert a4l.title == "Our school's A4L"
    assert a4l.source == str(path)
    assert a4l.discussion == ("How do pupils use the success criteria in our school?",)
    assert len(library.packs) == len(load_packs(None).packs)
    assert library.get("a4l") is a4l


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("malformed.toml", MALFORMED_TOML.encode(), "not valid TOML"),
        ("no-discussion.toml", MISSING_DISCUSSION.encode(), "'discussion' is missing"),
        ("bad-key.toml", BAD_KEY.encode(), "lower-case letters, digits and dashes"),
        ("odd-phase.toml", UNKNOWN_PHASE.encode(), "unknown phase 'wrap_up'"),
        ("latin1.toml", 'key = "caf\xe9"\n'.encode("latin-1"), "utf-8"),
    ],
    ids=["malformed-toml", "missing-discussion", "bad-key", "unknown-phase", "not-utf8"],
)
def test_a_malformed_user_pack_is_skipped_and_named(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    folder = tmp_path / "prompts"
    folder.mkdir(parents=True)
    path = folder / name
    path.write_bytes(content)
    library = load_packs(folder)
    problem = problem_for(library.problems, path)
    assert reason.lower() in problem.lower()
    assert problem.startswith("Skipped prompt pack")
    assert all(pack.source != str(path) for pack in library.packs.values())
    assert library.packs.keys() == load_packs(None).packs.keys()


def test_good_and_bad_packs_together_keep_the_good_ones(tmp_path: Path) -> None:
    folder = tmp_path / "prompts"
    extra = write(folder, "questioning.toml", VALID_EXTRA)
    replacement = write(folder, "our-a4l.toml", REPLACES_A4L)
    bad = [
        write(folder, "malformed.toml", MALFORMED_TOML),
        write(folder, "no-discussion.toml", MISSING_DISCUSSION),
        write(folder, "bad-key.toml", BAD_KEY),
        write(folder, "odd-phase.toml", UNKNOWN_PHASE),
    ]
    not_utf8 = folder / "latin1.toml"
    not_utf8.write_bytes(b'key = "caf\xe9"\n')
    bad.append(not_utf8)
    write(folder, "notes.txt", "not a pack, and not a .toml file")

    library = load_packs(folder)

    assert len(library.problems) == len(bad)
    for path in bad:
        problem_for(library.problems, path)
    assert library.packs["questioning"].source == str(extra)
    assert library.packs["a4l"].source == str(replacement)
    assert "no-discussion" not in library.packs
    assert "odd-phase" not in library.packs


# -- in the app ----------------------------------------------------------------------------


async def test_app_starts_and_warns_about_a_malformed_pack(app_factory, tmp_path: Path) -> None:
    path = write(tmp_path / "config" / "prompts", "broken.toml", MALFORMED_TOML)
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        warning = await notified(app, pilot, str(path))
        assert isinstance(app.screen, HomeScreen)
        assert warning is not None, [n.message for n in app._notifications]
        assert warning.severity == "warning"
        assert "not valid TOML" in warning.message
        assert app.packs.ordered()[0].key == "a4l"


async def test_app_survives_a_pack_key_that_looks_like_markup(app_factory, tmp_path: Path) -> None:
    # The key is echoed in the warning; shown as a toast, it must be read as text, not markup.
    path = write(tmp_path / "config" / "prompts", "typo.toml", BAD_KEY.replace("Bad Key!", "[/]"))
    app = app_factory()
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause()  # the toast is on screen: its text was never read as markup
        assert isinstance(app.screen, HomeScreen)
        assert any(str(path) in n.message for n in app._notifications)
