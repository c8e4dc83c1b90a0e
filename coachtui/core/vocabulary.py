"""The dimensions of coaching talk, loaded once from `coachtui/data/dimensions.toml`.

Code names a dimension by its key (`function`, `scale`) and never spells the values itself: the groups
the analysis reads meaning into (`group`) and the timeline's colour families (`families`) are data too, and
the few single values code names (`named`) are checked against the data when the code is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from coachtui.errors import PackError

# Dimensions whose values are a fixed list (subject is free text).
CHOICE_DIMENSIONS = ("speaker", "function", "initiation", "stimulus", "scale", "tone", "time")


@dataclass(frozen=True)
class Dimension:
    key: str
    title: str
    values: tuple[str, ...]
    help: str = ""
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    families: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Vocabulary:
    dimensions: dict[str, Dimension]

    def values(self, key: str) -> tuple[str, ...]:
        return self.dimensions[key].values

    def title(self, key: str) -> str:
        return self.dimensions[key].title

    @property
    def functions(self) -> tuple[str, ...]:
        return self.values("function")

    def named(self, key: str, value: str) -> str:
        """`value`, once checked to be one of the dimension's: a value code reads meaning into."""
        if value not in self.values(key):
            raise PackError(f"The dimensions file has no {key} '{value}', which coachtui reads meaning into.")
        return value

    def group(self, key: str, name: str) -> tuple[str, ...]:
        """The values of the dimension's group `name` (`[function.groups]` in the data), in the data's order."""
        try:
            return self.dimensions[key].groups[name]
        except KeyError:
            raise PackError(f"The dimensions file has no group '{name}' of {key} values.") from None

    def families(self, key: str) -> dict[str, tuple[str, ...]]:
        return self.dimensions[key].families


def parse_vocabulary(text: str) -> Vocabulary:
    """Read dimensions TOML; raise PackError naming what is missing."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PackError(f"The dimensions file is not valid TOML: {error}.") from None
    dimensions: dict[str, Dimension] = {}
    for key in (*CHOICE_DIMENSIONS, "subject", "co_construction"):
        table = data.get(key)
        if not isinstance(table, dict):
            raise PackError(f"The dimensions file has no [{key}] table.")
        values = table.get("values", [])
        if key in CHOICE_DIMENSIONS and not values:
            raise PackError(f"The dimensions file lists no values for [{key}].")
        listed = tuple(str(v) for v in values)
        dimensions[key] = Dimension(key, str(table.get("title", key)), listed, str(table.get("help", "")),
                                    _groups(table, "groups", key, listed), _groups(table, "families", key, listed))
    if len(dimensions["function"].values) != 15:
        raise PackError("The dimensions file must list the 15 interaction functions.")
    families = dimensions["function"].families
    in_families = sorted(value for members in families.values() for value in members)
    if families and in_families != sorted(dimensions["function"].values):
        raise PackError("The dimensions file's [function.families] must hold each of the 15 functions once.")
    return Vocabulary(dimensions)


def _groups(table: dict[str, object], name: str, key: str, listed: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    raw = table.get(name, {})
    if not isinstance(raw, dict):
        raise PackError(f"The dimensions file's [{key}.{name}] must be a table of lists.")
    found: dict[str, tuple[str, ...]] = {}
    for group, members in raw.items():
        if not isinstance(members, list) or not all(isinstance(m, str) and m in listed for m in members):
            raise PackError(f"The dimensions file's {key} {name[:-1]} '{group}' must list {key} values only.")
        found[str(group)] = tuple(members)
    return found


@cache
def vocabulary() -> Vocabulary:
    """The shipped vocabulary (read once, on first use rather than at start-up)."""
    from importlib import resources

    text = (resources.files("coachtui") / "data" / "dimensions.toml").read_text(encoding="utf-8")
    return parse_vocabulary(text)


def turn_problems(turn: object, vocab: Vocabulary | None = None) -> list[str]:
    """What is wrong with a turn's values, in words a user can fix; empty when it is sound."""
    from math import isfinite

    from coachtui.core.model import Turn

    assert isinstance(turn, Turn)
    vocab = vocab or vocabulary()
    problems = []
    if not isfinite(turn.t) or turn.t < 0:
        problems.append(f"t must be seconds from the meeting's start (0 or more), not {turn.t!r}")
    if turn.speaker not in vocab.values("speaker"):
        problems.append(f"unknown speaker '{turn.speaker}' (expected {_listed(vocab.values('speaker'))})")
    if turn.function not in vocab.functions:
        problems.append(f"unknown function '{turn.function}' (expected one of the 15 in the guide)")
    for key in ("initiation", "stimulus", "scale", "tone", "time"):
        value = getattr(turn, key)
        allowed = vocab.values(key)
        if value and value not in allowed:
            problems.append(f"unknown {key} '{value}' (expected {_listed(allowed)})")
    return problems


def _listed(values: tuple[str, ...]) -> str:
    shown = [v for v in values if v]
    return ", ".join(shown[:-1]) + f" or {shown[-1]}" if len(shown) > 1 else shown[0]
