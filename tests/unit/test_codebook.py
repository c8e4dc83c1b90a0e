"""The codebook: a definition and an example for every tag, read once, checked against the dimensions so
the two never drift, and printed by `coachtui keys --codebook` as plain text."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib import resources

import pytest

from coachtui.cli import main
from coachtui.core.codebook import Codebook, Entry, Section, codebook, describe_codebook, parse_codebook
from coachtui.core.keymap import shipped_keymap
from coachtui.core.vocabulary import vocabulary
from coachtui.errors import PackError
from coachtui.locations import user_keymap_path


def shipped_text() -> str:
    return (resources.files("coachtui") / "data" / "codebook.toml").read_text(encoding="utf-8")


def replaced(old: str, new: str) -> str:
    text = shipped_text()
    assert old in text
    return text.replace(old, new, 1)


# -- the codebook and the dimensions cannot drift ---------------------------------------------------

def test_the_codebook_covers_exactly_the_values_of_every_dimension() -> None:
    vocab = vocabulary()
    raw = tomllib.loads(shipped_text())
    assert set(raw) == set(vocab.dimensions), "one table per dimension, and no others"
    for key, dimension in vocab.dimensions.items():
        written = [entry["value"] for entry in raw[key].get("entries", [])]
        assert sorted(written) == sorted(dimension.values), key
        assert len(written) == len(set(written)), f"{key}: a value has two entries"
    book = codebook()
    assert [entry.value for entry in book.functions] == list(vocab.functions)
    assert len(book.functions) == 15
    for key in ("speaker", "initiation", "stimulus", "scale", "tone", "time", "co_construction"):
        assert tuple(entry.value for entry in book.section(key).entries) == vocab.values(key)
        assert book.section(key).title == vocab.title(key)


def test_every_entry_has_a_one_sentence_definition_and_a_short_example() -> None:
    for section in codebook().sections:
        assert section.about
        for entry in section.entries:
            where = f"{entry.dimension} '{entry.value}'"
            assert entry.definition.endswith("."), where
            # One sentence: no full stop, question or exclamation mark inside it.
            assert not re.search(r"[.?!] [A-Z]", entry.definition), where
            assert entry.example and len(entry.example) <= 90, where


def test_asking_for_clarification_is_a_question_and_clarifying_ones_own_intention_is_clarification() -> None:
    book = codebook()
    question = book.entry("function", "question")
    clarification = book.entry("function", "clarification")
    assert question is not None and clarification is not None
    assert "clarification" in question.definition  # asking for one is a question
    assert "own meaning or intention" in clarification.definition
    assert "question" in clarification.tell_apart and "question" in question.tell_apart
    assert "?" not in clarification.example and question.example.endswith("?")


@pytest.mark.parametrize(("one", "other"), [
    ("justification", "explanation"), ("explanation", "justification"), ("evaluation", "acceptance"),
    ("acceptance", "evaluat"), ("dissonance", "defence"), ("defence", "dissonance"), ("defence", "justification"),
    ("new idea", "suggestion"), ("suggestion", "new idea"), ("context", "explanation"),
    ("continuity", "acceptance"), ("summary", "generalisation"), ("challenge", "question"),
])
def test_functions_an_observer_mixes_up_say_how_to_tell_them_apart(one: str, other: str) -> None:
    entry = codebook().entry("function", one)
    assert entry is not None
    assert other in entry.tell_apart


def test_every_function_says_how_to_tell_it_from_its_neighbours() -> None:
    assert all(entry.tell_apart for entry in codebook().functions)


def test_the_empty_initiation_reads_as_none() -> None:
    entry = codebook().entry("initiation", "")
    assert entry is not None and entry.label == "(none)"


# -- a codebook that does not fit is refused, naming what is wrong -----------------------------------

@pytest.mark.parametrize(("text", "problem"), [
    (replaced('value = "suggestion"', 'value = "suggestions"'), "suggestions"),
    (replaced('[[tone.entries]]\nvalue = "neutral"', '[[tone.entries]]\nvalue = "positive"'), "two entries"),
    (replaced('value = "episode"', 'value = "lesson"'), "no entry for scale: episode"),
    (replaced('[co_construction]', '[mood]\nabout = "x"\n\n[co_construction]'), "do not exist: mood"),
    (replaced('example = "Mm-hm, go on."', 'examples = "Mm-hm, go on."'), "unknown fields: examples"),
    (replaced('example = "Mm-hm, go on."', 'example = ""'), "needs example"),
    (replaced('example = "Mm-hm, go on."', 'example = "Mm\\u001b[31m go on."'), "control character"),
    (replaced('about = "Who is talking in this turn."', ''), "[speaker] table needs about"),
    (shipped_text() + "\n[broken", "not valid TOML"),
], ids=["unknown value", "duplicate", "renamed value", "unknown dimension", "unknown field", "empty example",
        "control character", "no about", "bad toml"])
def test_a_codebook_that_does_not_fit_the_dimensions_is_refused(text: str, problem: str) -> None:
    with pytest.raises(PackError) as raised:
        parse_codebook(text)
    assert problem in str(raised.value)


def test_a_missing_dimension_table_is_refused() -> None:
    text = shipped_text()
    without_tone = re.sub(r"\[tone\].*?(?=# -- Time)", "", text, flags=re.DOTALL)
    with pytest.raises(PackError, match=r"no \[tone\] table"):
        parse_codebook(without_tone)


def test_the_codebook_loads_without_textual() -> None:
    # `coachtui keys --codebook` should print without paying for Textual's import.
    code = "import sys, coachtui.core.codebook as c; c.codebook(); print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# -- printed -------------------------------------------------------------------------------------------

def test_the_printed_codebook_gives_each_function_its_key_definition_and_example() -> None:
    text = describe_codebook(codebook(), shipped_keymap())
    assert text.startswith("Codebook: what each tag means\n")
    block = text.split("  clarification  (key l)\n", 1)[1].split("\n\n", 1)[0]
    entry = codebook().entry("function", "clarification")
    assert entry is not None
    assert " ".join(block.split()).startswith(entry.definition)
    assert f'e.g. "{entry.example}"' in " ".join(block.split())
    for section in codebook().sections:
        assert f"\n{section.title}\n" in text
    assert all(len(line) <= 78 for line in text.splitlines())


def test_control_characters_in_a_codebook_never_reach_the_terminal() -> None:
    entry = Entry("function", "question", "Asks\x1b]0;pwned\x07 things.", "What\x9b?", "Not \x1b[2J this.")
    book = Codebook((Section("function", "Interaction function", "What a turn\x00 does.", (entry,)),))
    text = describe_codebook(book, {"tagging.question": "q"})
    assert not any((ord(ch) < 0x20 and ch != "\n") or 0x7F <= ord(ch) <= 0x9F for ch in text)
    assert "\\x1b]0;pwned\\x07" in text and "\\x9b" in text and "\\x00" in text


def test_keys_codebook_prints_the_codebook_with_the_users_keys(capsys: pytest.CaptureFixture[str]) -> None:
    user_keymap_path().parent.mkdir(parents=True, exist_ok=True)
    user_keymap_path().write_text('"tagging.clarification" = "L"\n', encoding="utf-8")
    assert main(["keys", "--codebook"]) == 0
    printed = capsys.readouterr()
    assert "  clarification  (key L)\n" in printed.out
    assert "  question  (key q)\n" in printed.out
    assert "Co-construction\n" in printed.out
    assert not any(ord(ch) < 0x20 and ch != "\n" for ch in printed.out)
    assert printed.err == ""


def test_keys_without_codebook_still_prints_the_keymap(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys"]) == 0
    printed = capsys.readouterr().out
    assert "[tagging]" in printed and "Codebook" not in printed
