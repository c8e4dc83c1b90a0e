"""Keys as data: the shipped keymap matches the app's bindings, and a user's keymap remaps
keys, with mistakes reported and the shipped keys kept."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

import coachtui
from coachtui.core.default_keys import SHIPPED_KEYMAP, default_keys
from coachtui.core.keymap import (
    CHARACTER_NAME_REPLACEMENTS,
    NAMED_KEYS,
    Clash,
    character_key_name,
    clashes,
    describe_keymap,
    keys_command,
    load_keymap,
    normalize_key,
    shipped_keymap,
)
from coachtui.core.keymap import KEY_ALIASES as KEY_ALIASES_OF_COACHTUI
from coachtui.screens.home import HomeScreen
from coachtui.screens.partnership_form import PartnershipForm
from coachtui.widgets.keys import keyed


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


def test_every_binding_with_an_id_takes_its_key_from_the_shipped_keymap() -> None:
    """Default keys are written once, in data/keymap.toml: a binding users can remap is made by `keyed`, which
    reads its key there, never by spelling a key out beside an id."""
    spelt_out = []
    for path in sorted(Path(coachtui.__file__).parent.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Binding"
                    and any(k.arg == "id" for k in node.keywords) and path.name != "keys.py"):
                spelt_out.append(f"{path.name}:{node.lineno}")
    assert spelt_out == []
    shipped = shipped_keymap()
    assert {binding_id: binding.key for binding_id, (_, binding) in coachtui_bindings().items()} == {
        binding_id: shipped[binding_id] for binding_id in coachtui_bindings()}


def test_the_start_up_reader_of_the_shipped_keymap_reads_what_toml_reads() -> None:
    tables = tomllib.loads(SHIPPED_KEYMAP.read_text(encoding="utf-8"))
    as_toml = {binding_id: keys for table in tables.values() for binding_id, keys in table.items()}
    assert default_keys() == as_toml and list(default_keys()) == list(as_toml)


def test_a_binding_id_without_a_key_in_the_shipped_keymap_is_refused_when_the_class_is_made() -> None:
    with pytest.raises(KeyError, match=r"home\.nothing has no key in data/keymap\.toml"):
        keyed("home.nothing", "new", "New")


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



async def test_a_punctuation_key_remaps_new_partnership_in_the_app(app_factory, tmp_path: Path) -> None:
    write_keymap(tmp_path / "config" / "keymap.toml", '[home]\n"home.new" = ">"\n')
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert list(app._notifications) == []
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert isinstance(app.screen, PartnershipForm)

# --- Key names -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "textual_name"), [
    ("q", "q"), ("Q", "Q"), ("7", "7"), ("?", "question_mark"), ("question_mark", "question_mark"),
    ("[", "left_square_bracket"), ("-", "minus"), ("+", "plus"), ("comma", "comma"),
    ("backspace", "backspace"), ("Enter", "enter"), ("F5", "f5"), ("pageup", "pageup"),
    ("ctrl+t", "ctrl+t"), ("shift+ctrl+up", "ctrl+shift+up"), ("ctrl+?", "ctrl+question_mark"),
    ("ctrl++", "ctrl+plus"), ("shift+m", "M"), ("alt+M", "alt+shift+m"), ("meta+x", "meta+x"),
])
def test_keys_are_read_as_textual_names_them(written: str, textual_name: str) -> None:
    assert normalize_key(written) == textual_name


@pytest.mark.parametrize("written", [
    "qq", "nope", "", "ctrl+", "ctrl+ n!", "cmd+k", "ctrl+ctrl+k", "f25",
    "hyphen_minus",  # Unicode's name for "-", but Textual's key events say "minus": it would never fire
    "latin_small_letter_a",
])
def test_strings_textual_has_no_key_for_are_refused(written: str) -> None:
    assert normalize_key(written) is None


def test_the_key_tables_match_the_installed_textual() -> None:
    from textual.keys import KEY_ALIASES, KEY_NAME_REPLACEMENTS, Keys, _character_to_key

    assert CHARACTER_NAME_REPLACEMENTS == KEY_NAME_REPLACEMENTS
    special = {"<any>", "<scroll-up>", "<scroll-down>", "<ignore>", "ctrl-at"}
    bases = {key.value.rpartition("+")[2] for key in Keys if key.value not in special}
    assert bases >= NAMED_KEYS
    assert all(normalize_key(base) == (base if len(base) > 1 else character_key_name(base)) for base in bases)
    assert {alias: key for key, aliases in KEY_ALIASES.items() for alias in aliases
            if normalize_key(alias) is not None} == KEY_ALIASES_OF_COACHTUI
    for character in [*map(chr, range(0x21, 0x7F)), "é", "£", "€", "☃"]:
        assert character_key_name(character) == _character_to_key(character), character


def test_the_keymap_module_loads_without_textual() -> None:
    # `coachtui keys` should print without paying for Textual's import.
    code = ("import sys, coachtui.core.keymap as k; k.load_keymap(); k.normalize_key('?'); "
            "print('textual' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_shipped_keys_are_written_as_textual_names_them() -> None:
    assert {binding_id: ",".join(normalize_key(key) or "?" for key in entry.split(","))
            for binding_id, entry in shipped_keymap().items()} == shipped_keymap()


def test_a_key_name_textual_does_not_know_is_reported(tmp_path: Path) -> None:
    path = write_keymap(tmp_path / "keymap.toml", '[tagging]\n"tagging.question" = "qq"\n"tagging.summary" = "f5"\n')
    keys, problems = load_keymap(path)
    assert keys["tagging.question"] == "q"
    assert keys["tagging.summary"] == "f5"
    assert problems == [f"Ignored 'tagging.question = qq' in {path}: 'qq' is not a key name (use a letter, a digit, "
                        "or a name such as backspace or f5)."]


def test_each_key_of_a_multi_key_entry_is_checked(tmp_path: Path) -> None:
    path = write_keymap(tmp_path / "keymap.toml", '"tagging.undo" = "backspace, nope"\n"tagging.delete" = "delete,K"\n')
    keys, problems = load_keymap(path)
    assert keys["tagging.undo"] == "backspace,z"
    assert keys["tagging.delete"] == "delete,K"
    assert problems == [f"Ignored 'tagging.undo = backspace, nope' in {path}: 'nope' is not a key name (use a "
                        "letter, a digit, or a name such as backspace or f5)."]


def test_a_printable_character_is_accepted_and_stored_by_its_key_name(tmp_path: Path) -> None:
    path = write_keymap(tmp_path / "keymap.toml", '"meeting.next_phase" = ">, ]"\n"home.new" = "shift+n"\n')
    keys, problems = load_keymap(path)
    assert problems == []
    assert keys["meeting.next_phase"] == "greater_than_sign,right_square_bracket"
    assert keys["home.new"] == "N"


def test_an_empty_key_is_reported(tmp_path: Path) -> None:
    path = write_keymap(tmp_path / "keymap.toml", '"home.new" = " , "\n')
    keys, problems = load_keymap(path)
    assert keys == shipped_keymap()
    assert problems == [f"Ignored 'home.new' in {path}: no key is given; write one in quotes, like \"k\"."]


def test_a_misspelt_id_gets_a_suggestion(tmp_path: Path) -> None:
    path = write_keymap(tmp_path / "keymap.toml", '"tagging.questoin" = "Q"\n')
    _, problems = load_keymap(path)
    assert problems == [f"Ignored 'tagging.questoin' in {path}: there is no action with that name. "
                        "Did you mean tagging.question?"]


def test_unquoted_ids_and_empty_tables_read_as_toml_means_them(tmp_path: Path) -> None:
    # `meeting.end = "x"` unquoted is a nested table in TOML; `[home]` left empty is just a heading.
    path = write_keymap(tmp_path / "keymap.toml", '[home]\n[meeting]\nmeeting.end = "f10"\n[tagging]\nnote = "R"\n')
    keys, problems = load_keymap(path)
    assert problems == []
    assert keys["meeting.end"] == "f10"
    assert keys["tagging.note"] == "R"


# --- Clashes -------------------------------------------------------------------------------------------

def test_the_shipped_keymap_has_no_clash() -> None:
    assert clashes(shipped_keymap()) == []


def test_keys_in_different_screens_may_repeat() -> None:
    # `n` is both the home screen's new partnership and the meeting's notes: never live at once.
    keys = shipped_keymap()
    assert keys["home.new"] == keys["meeting.notes"] == "n"
    assert clashes(keys) == []


def test_a_clash_within_a_scope_is_found() -> None:
    keys = {**shipped_keymap(), "meeting.goal": "r"}
    assert clashes(keys) == [Clash("r", "meeting.goal", "meeting.reality")]


def test_a_clash_within_tagging_ignores_the_whole_user_file(tmp_path: Path) -> None:
    path = write_keymap(tmp_path / "keymap.toml",
                        '[tagging]\n"tagging.context" = "c"\n[home]\n"home.new" = "a"\n"home.nwe" = "b"\n')
    keys, problems = load_keymap(path)
    assert keys == shipped_keymap(), "the valid home.new change is dropped too"
    assert problems == [
        f"Ignored 'home.nwe' in {path}: there is no action with that name. Did you mean home.new?",
        f"Your keymap {path} gives 'c' to both tagging.challenge and tagging.context; using the shipped keys instead.",
    ]


def test_two_user_entries_on_one_key_clash(tmp_path: Path) -> None:
    path = write_keymap(tmp_path / "keymap.toml", '"meeting.goal" = "f2"\n"meeting.reality" = "F2"\n')
    keys, problems = load_keymap(path)
    assert keys == shipped_keymap()
    assert problems == [f"Your keymap {path} gives 'f2' to both meeting.goal and meeting.reality; "
                        "using the shipped keys instead."]


def test_a_tagging_key_may_not_shadow_quit_help_or_the_consoles_keys(tmp_path: Path) -> None:
    path = write_keymap(tmp_path / "keymap.toml", '"tagging.question" = "?"\n"tagging.summary" = "v"\n')
    keys, problems = load_keymap(path)
    assert keys == shipped_keymap()
    assert problems == [
        f"Your keymap {path} gives 'question_mark' to both app.help and tagging.question; "
        "using the shipped keys instead.",
        f"Your keymap {path} gives 'v' to both tagging.summary and console.feedback; using the shipped keys instead.",
    ]


def test_moving_an_app_key_onto_a_tagging_key_clashes_too(tmp_path: Path) -> None:
    path = write_keymap(tmp_path / "keymap.toml", '"app.save_elsewhere" = "q"\n')
    keys, problems = load_keymap(path)
    assert keys == shipped_keymap()
    assert problems == [f"Your keymap {path} gives 'q' to both app.save_elsewhere and tagging.question; "
                        "using the shipped keys instead."]


@pytest.mark.parametrize("key", ["space", "escape", "tab", "shift+tab", "ctrl+i"])
def test_a_tagging_key_may_not_take_a_reserved_key(tmp_path: Path, key: str) -> None:
    path = write_keymap(tmp_path / "keymap.toml", f'"tagging.question" = "{key}"\n')
    keys, problems = load_keymap(path)
    assert keys == shipped_keymap()
    assert problems[0] == (f"Your keymap {path} gives '{key}' to tagging.question, but the tagging pane must leave "
                           "escape, tab, shift+tab, space, ctrl+c, ctrl+q free; using the shipped keys instead.")


@pytest.mark.parametrize(("key", "kept_for"),
                         [("ctrl+c", "copy"), ("ctrl+q", "quit"), ("ctrl+p", "the command palette")])
def test_no_binding_may_take_a_key_the_app_keeps_everywhere(tmp_path: Path, key: str, kept_for: str) -> None:
    path = write_keymap(tmp_path / "keymap.toml", f'"tagging.question" = "{key}"\n"home.new" = "{key}"\n')
    keys, problems = load_keymap(path)
    assert keys == shipped_keymap()
    assert problems == [f"Ignored '{binding} = {key}' in {path}: {key} is kept for {kept_for} everywhere in the app; "
                        "choose another key." for binding in ("tagging.question", "home.new")]


def test_a_key_and_its_alias_clash() -> None:
    # Textual fires a ctrl+m binding for enter as well.
    assert clashes({"home.new": "ctrl+m", "home.open": "enter"}) == [Clash("enter", "home.new", "home.open")]


def test_other_screens_may_use_the_reserved_keys() -> None:
    assert clashes({"meeting.timer": "space", "lesson.leave": "escape"}) == []


# --- `coachtui keys` -----------------------------------------------------------------------------------

def test_coachtui_keys_marks_the_users_changes(tmp_path: Path) -> None:
    path = write_keymap(tmp_path / "keymap.toml", '"tagging.question" = "Q"\n"tagging.undo" = "backspace,u"\n'
                                                  '"tagging.suggestion" = "U"\n"home.new" = "n"\n')
    text, problems = keys_command(path)
    assert problems == []
    lines = text.splitlines()
    line = {line.split()[0]: line.split()[1:] for line in lines if line.startswith("  ")}
    assert line["tagging.question"] == ["Q", "(yours)"]
    assert line["tagging.undo"] == ["backspace,u", "(yours)"]
    assert line["tagging.summary"] == ["s"]
    assert line["home.new"] == ["n"], "the same key as shipped is not marked"
    assert lines[-1] == f"Remap keys in {path}."


def test_coachtui_keys_groups_by_scope_in_the_shipped_files_order(tmp_path: Path) -> None:
    text, problems = keys_command(tmp_path / "keymap.toml")
    assert problems == []
    headings = [line for line in text.splitlines() if line.startswith("[")]
    shipped_tables = [line for line in (resources.files("coachtui") / "data" / "keymap.toml")
                      .read_text(encoding="utf-8").splitlines() if line.startswith("[")]
    assert headings == shipped_tables
    assert "(yours)" not in text
    assert text.splitlines()[-1].endswith("(not there yet: copy lines from above into it).")
    assert len([line for line in text.splitlines() if line.startswith("  ")]) == len(shipped_keymap())


def test_coachtui_keys_with_a_clash_lists_the_shipped_keys_and_the_clash(tmp_path: Path) -> None:
    path = write_keymap(tmp_path / "keymap.toml", '"tagging.context" = "c"\n')
    text, problems = keys_command(path)
    assert "(yours)" not in text
    assert problems == [f"Your keymap {path} gives 'c' to both tagging.challenge and tagging.context; "
                        "using the shipped keys instead."]


def test_describe_keymap_aligns_the_keys() -> None:
    text = describe_keymap({"app.help": "question_mark", "app.quit": "ctrl+x", "home.new": "n"},
                           {"app.help": "question_mark", "app.quit": "ctrl+q", "home.new": "n"})
    assert text == ("[app]\n"
                    "  app.help  question_mark\n"
                    "  app.quit  ctrl+x  (yours)\n"
                    "\n"
                    "[home]\n"
                    "  home.new  n\n")
