"""The codebook: a definition and an example for every tag, loaded once from `coachtui/data/codebook.toml`.

It is checked against the dimensions (`coachtui/data/dimensions.toml`) as it loads, so the two cannot
drift: every interaction function and every value of each dimension has exactly one entry. Textual-free,
so `coachtui keys --codebook` prints it without loading the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from coachtui.core.vocabulary import Vocabulary, vocabulary
from coachtui.errors import PackError
from coachtui.text import escape_controls

# The order the codebook is read in: what a turn does first, then who, then the rest as the guide lists them.
ORDER = ("function", "speaker", "initiation", "subject", "stimulus", "scale", "tone", "time", "co_construction")
ENTRY_FIELDS = frozenset({"value", "definition", "example", "tell_apart"})
WIDTH = 78


@dataclass(frozen=True)
class Entry:
    """What one value of a dimension means."""

    dimension: str
    value: str
    definition: str
    example: str
    tell_apart: str = ""

    @property
    def label(self) -> str:
        """The value as shown: the empty initiation reads "(none)"."""
        return self.value or "(none)"


@dataclass(frozen=True)
class Section:
    """One dimension: what it asks of a turn, and its values' entries in the order of dimensions.toml."""

    key: str
    title: str
    about: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Codebook:
    sections: tuple[Section, ...]

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)

    def entry(self, dimension: str, value: str) -> Entry | None:
        """The entry for `value` of `dimension`, or None for a value the codebook does not know."""
        return next((entry for entry in self.section(dimension).entries if entry.value == value), None)

    @property
    def functions(self) -> tuple[Entry, ...]:
        return self.section("function").entries


def _text(value: object, where: str, field: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise PackError(f"The codebook's {where} needs {field} as text in quotes.")
    if not value.isprintable():
        raise PackError(f"The codebook's {where} has a control character in its {field}.")
    return value.strip()


def _entries(key: str, table: dict[str, object], vocab: Vocabulary) -> tuple[Entry, ...]:
    listed = table.get("entries", [])
    if not isinstance(listed, list) or not all(isinstance(item, dict) for item in listed):
        raise PackError(f"The codebook's [{key}] entries must be [[{key}.entries]] tables.")
    found: dict[str, Entry] = {}
    for item in listed:
        value = item.get("value")
        if not isinstance(value, str):
            raise PackError(f"An entry under [{key}] in the codebook has no value in quotes.")
        where = f"entry for {key} '{value}'"
        unknown = sorted(set(item) - ENTRY_FIELDS)
        if unknown:
            raise PackError(f"The codebook's {where} has unknown fields: {', '.join(unknown)}.")
        if value in found:
            raise PackError(f"The codebook has two entries for {key} '{value}'.")
        found[value] = Entry(key, value, _text(item.get("definition"), where, "definition"),
                             _text(item.get("example"), where, "example"),
                             _text(item.get("tell_apart"), where, "tell_apart", required=False))
    values = vocab.values(key)
    extra = [value for value in found if value not in values]
    missing = [value or "(none)" for value in values if value not in found]
    problems = ([f"no entry for {key}: {', '.join(missing)}"] if missing else []) + (
        [f"entries for {key} values the dimensions do not list: {', '.join(extra)}"] if extra else [])
    if problems:
        raise PackError(f"The codebook has {'; and '.join(problems)}.")
    return tuple(found[value] for value in values)


def parse_codebook(text: str, vocab: Vocabulary | None = None) -> Codebook:
    """Read codebook TOML against the dimensions; raise PackError naming what is missing or extra."""
    import tomllib

    vocab = vocab or vocabulary()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PackError(f"The codebook is not valid TOML: {error}.") from None
    unknown = sorted(set(data) - set(vocab.dimensions))
    if unknown:
        raise PackError(f"The codebook has tables for dimensions that do not exist: {', '.join(unknown)}.")
    order = [*(key for key in ORDER if key in vocab.dimensions), *(key for key in vocab.dimensions if key not in ORDER)]
    sections = []
    for key in order:
        table = data.get(key)
        if not isinstance(table, dict):
            raise PackError(f"The codebook has no [{key}] table.")
        about = _text(table.get("about"), f"[{key}] table", "about")
        sections.append(Section(key, vocab.title(key), about, _entries(key, table, vocab)))
    return Codebook(tuple(sections))


@cache
def codebook() -> Codebook:
    """The shipped codebook (read once, on first use rather than at start-up)."""
    from importlib import resources

    text = (resources.files("coachtui") / "data" / "codebook.toml").read_text(encoding="utf-8")
    return parse_codebook(text)


def function_key(keys: dict[str, str], function: str) -> str:
    """The key that tags `function`, from a keymap by binding id ("" when it has none)."""
    return keys.get(f"tagging.{function.replace(' ', '_')}", "")


# --- `coachtui keys --codebook` ------------------------------------------------------------------------

def _plain(text: str) -> str:
    """Text safe for a terminal on one line: control characters written as escapes, never sent."""
    return escape_controls(text, one_line=True)


def describe_codebook(book: Codebook, keys: dict[str, str] | None = None) -> str:
    """The codebook as plain text: a heading and its `about` per dimension, then each value with its
    tagging key (from `keys`, where it has one), definition, example and how to tell it apart."""
    from textwrap import fill

    keys = keys or {}
    blocks = ["Codebook: what each tag means"]
    for section in book.sections:
        lines = [_plain(section.title), fill(_plain(section.about), WIDTH, initial_indent="  ",
                                              subsequent_indent="  ")]
        for entry in section.entries:
            key = function_key(keys, entry.value) if section.key == "function" else ""
            lines.append("")
            lines.append(f"  {_plain(entry.label)}" + (f"  (key {_plain(key)})" if key else ""))
            for prefix, text in (("", entry.definition), ("e.g. ", f'"{entry.example}"'),
                                 ("Tell apart: ", entry.tell_apart)):
                if text:
                    lines.append(fill(prefix + _plain(text), WIDTH, initial_indent="    ", subsequent_indent="    "))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
