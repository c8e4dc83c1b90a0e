"""The dimensions of coaching talk, loaded once from `coachtui/data/dimensions.toml`.

Code names a dimension by its key (`function`, `scale`) and never spells the values itself,
except the handful the analysis reads meaning into, which are checked against the data here.
"""

from __future__ import annotations

from dataclasses import dataclass
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
        dimensions[key] = Dimension(key, str(table.get("title", key)), tuple(str(v) for v in values),
                                    str(table.get("help", "")))
    if len(dimensions["function"].values) != 15:
        raise PackError("The dimensions file must list the 15 interaction functions.")
    return Vocabulary(dimensions)


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
