"""Keys as data: the shipped keymap matches the app's bindings, and a user's keymap remaps
keys, with mistakes reported and the shipped keys kept."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

import coachtui
from coachtui.keymap import clashes, keys_command, load_keymap, shipped_keymap
from coachtui.screens.home import HomeScreen
from coachtui.screens.partnership_form import PartnershipForm


def coachtui_bindings() -> dict[str, tuple[str, Binding]]:
    """Every Binding with an id declared on a screen, widget or app class in coachtui."""
    found: dict[str, tuple[str, Binding]] = {}
    for module_info in pkgutil.walk_packages(coachtui.__path__, "coachtui."):
        if module_info.name == "coachtui.__main__":
            continue  # running it starts the app
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, DOMNode):
                continue
            for binding in cls.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding) and binding.id:
                    owner = f"{cls.__module__}.{cls.__qualname__}"
                    assert binding.id not in found, f"{binding.id}: {owner}, {found[binding.id][0]}"
                    found[binding.id] = (owner, binding)
    return found


def write_keymap(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_walk_finds_the_screens_bindings() -> None:
    bindings = coachtui_bindings()
    assert bindings["home.new"][0] == "coachtui.screens.home.HomeScreen"
    assert bindings["app.help"][0] == "coachtui.app.CoachApp"
    assert len(bindings) > 30


def test_every_shipped_keymap_id_belongs_to_a_binding() -> None:
    missing = sorted(set(shipped_keymap()) - set(coachtui_bindings()))
    # A remap of such an id is accepted without complaint and does nothing.
    assert missing == [], f"keymap ids that no Binding in coachtui carries: {missing}"


def test_every_binding_with_an_id_is_in_the_shipped_keymap() -> None:
    unlisted = sorted(set(coachtui_bindings()) - set(shipped_keymap()))
    assert unlisted == [], f"Bindings users cannot see or remap in keymap.toml: {unlisted}"


def test_shipped_keymap_states_the_bindings_default_keys() -> None:
    shipped = shipped_keymap()
    differing = {
        binding_id: (shipped[binding_id], binding.key)
        for binding_id, (_, binding) in coachtui_bindings().items()
        if binding_id in shipped and shipped[binding_id] != binding.key
    }
    assert differing == {}


def test_no_user_file_means_the_shipped_keys(tmp_path: Path) -> None:
    keys, problems = load_keymap(tmp_path / "config" / "keymap.toml")
    assert keys == shipped_keymap()
    assert problems == []


def test_a_user_keymap_overrides_a_key(tmp_path: Path) -> None:
    text = '[home]\n"home.new" = "k"\n[meeting]\n"meeting.end" = "f10,x"\n'
    path = write_keymap(tmp_path / "keymap.toml", text)
    keys, problems = load_keymap(path)
    assert problems == []
    assert keys["home.new"] == "k"
    assert keys["meeting.end"] == "f10,x"
    shipped = shipped_keymap()
    assert {k: v for k, v in keys.items() if k not in ("home.new", "meeting.end")} == {
        k: v for k, v in shipped.items() if k not in ("home.new", "meeting.end")
    }


def test_an_unknown_id_is_reported_and_the_rest_applied(tmp_path: Path) -> None:
    path = write_keymap(tmp_path / "keymap.toml", '[home]\n"home.nwe" = "k"\n"home.open" = "o"\n')
    keys, problems = load_keymap(path)
    assert len(problems) == 1
    assert "home.nwe" in problems[0] and str(path) in problems[0]
    assert "home.nwe" not in keys
    assert keys["home.new"] == shipped_keymap()["home.new"]
    assert keys["home.open"] == "o"


def test_a_bad_key_name_is_reported_and_the_shipped_key_kept(tmp_path: Path) -> None:
    path = write_keymap(tmp_path / "keymap.toml", '[home]\n"home.new" = "ctrl+ n!"\n')
    keys, problems = load_keymap(path)
    assert len(problems) == 1
    assert "home.new" in problems[0] and str(path) in problems[0]
    assert "not a key name" in problems[0]
    assert keys == shipped_keymap()


def test_malformed_toml_is_reported_and_the_shipped_keys_kept(tmp_path: Path) -> None:
    path = write_keymap(tmp_path / "keymap.toml", '[home\n"home.new" = "k"\n')
    keys, problems = load_keymap(path)
    assert len(problems) == 1
    assert str(path) in problems[0] and "Using the shipped keys" in problems[0]
    assert keys == shipped_keymap()


@pytest.mark.parametrize(
    "text",
    ['"home.new" = "k"\n', '[home]\n"home.new" = 5\n'],
    ids=["entry-outside-a-table", "key-not-a-string"],
)
def test_an_entry_the_loader_cannot_use_is_reported_not_dropped(tmp_path: Path, text: str) -> None:
    path = write_keymap(tmp_path / "keymap.toml", text)
    keys, problems = load_keymap(path)
    applied = keys["home.new"] == "k"
    reported = any("home.new" in p for p in problems)
    assert applied or reported, f"{text!r} was neither applied nor reported: {problems}"


async def test_a_user_keymap_remaps_new_partnership_in_the_app(app_factory, tmp_path: Path) -> None:
    write_keymap(tmp_path / "config" / "keymap.toml", '[home]\n"home.new" = "k"\n')
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert list(app._notifications) == []
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, PartnershipForm)


def test_the_shipped_keymap_has_no_clash() -> None:
    assert clashes(shipped_keymap()) == []


def test_a_key_name_textual_does_not_know_is_reported(tmp_path: Path) -> None:
    path = write_keymap(tmp_path / "keymap.toml", '[tagging]\n"tagging.question" = "qq"\n"tagging.summary" = "f5"\n')
    keys, problems = load_keymap(path)
    assert keys["tagging.question"] == "q"
    assert keys["tagging.summary"] == "f5"
    assert problems == [f"Ignored 'tagging.question = qq' in {path}: 'qq' is not a key name (use a letter, a digit, "
                        "or a name such as backspace or f5)."]


def test_each_key_of_a_multi_key_entry_is_checked(tmp_path: Path) -> None:
    path = write_keymap(tmp_path / "keymap.toml", '"tagging.undo" = "backspace, nope"\n')
    keys, problems = load_keymap(path)
    assert keys["tagging.undo"] == "backspace,z"
    assert "'nope' is not a key name" in problems[0]


def test_a_clash_within_tagging_ignores_the_whole_user_file(tmp_path: Path) -> None:
    path = write_keymap(tmp_path / "keymap.toml",
                        '[tagging]\n"tagging.context" = "c"\n[home]\n"home.new" = "a"\n')
    keys, problems = load_keymap(path)
    assert keys == shipped_keymap(), "the valid home.new change is dropped too"
    assert problems[0] == f"Your keymap {path} gives 'c' to both tagging.challenge and tagging.context."
    assert "all of" in problems[-1] and "shipped keys are in use" in problems[-1]


def test_a_tagging_key_may_not_shadow_quit_help_or_the_consoles_keys(tmp_path: Path) -> None:
    path = write_keymap(tmp_path / "keymap.toml", '"tagging.question" = "question_mark"\n"tagging.summary" = "v"\n')
    keys, problems = load_keymap(path)
    assert keys == shipped_keymap()
    assert any("'question_mark' to both tagging.question and app.help" in p for p in problems)
    assert any("'v' to both tagging.summary and console.feedback" in p for p in problems)


def test_a_tagging_key_may_not_take_a_reserved_key(tmp_path: Path) -> None:
    path = write_keymap(tmp_path / "keymap.toml", '"tagging.question" = "space"\n')
    keys, problems = load_keymap(path)
    assert keys["tagging.question"] == "q"
    assert problems[0] == f"Your keymap {path} gives 'space' to both tagging.question and a reserved key."


def test_keys_in_different_screens_may_repeat() -> None:
    # `n` is both the home screen's new partnership and the meeting's notes: never live at once.
    keys = shipped_keymap()
    assert keys["home.new"] == keys["meeting.notes"] == "n"
    assert clashes(keys) == []


def test_coachtui_keys_marks_the_users_changes(tmp_path: Path) -> None:
    path = write_keymap(tmp_path / "keymap.toml", '"tagging.question" = "Q"\n')
    text, problems = keys_command(path)
    assert problems == []
    assert "[tagging]" in text
    line = next(line for line in text.splitlines() if "tagging.question" in line)
    assert line.split() == ["tagging.question", "Q", "(yours)"]
    assert "(yours)" not in next(line for line in text.splitlines() if "tagging.summary" in line)
