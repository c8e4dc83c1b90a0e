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
from coachtui.keymap import load_keymap, shipped_keymap
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
