"""GROW prompts and pedagogy prompt packs, loaded from TOML and validated once.

Shipped packs live in `coachtui/data/prompts/`; a school adds its own as `*.toml` files in
the config folder's `prompts/`. A malformed file is skipped and named in `problems`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from coachtui.core.codes import PACK_KEY
from coachtui.core.model import GROW_ORDER, GrowPhase, Stage
from coachtui.core.parsing import toml_data
from coachtui.errors import PackError
from coachtui.text import clean_text

HEADINGS = ("principles", "misconceptions", "strategies", "barriers", "resources")
HEADING_TITLES = {
    "principles": "Principles",
    "misconceptions": "Common misconceptions",
    "strategies": "Strategies that work",
    "barriers": "Barriers",
    "resources": "Resources",
}


@dataclass(frozen=True)
class PhaseGuide:
    phase: GrowPhase
    title: str
    purpose: str
    share: float
    pre_lesson: tuple[str, ...]
    post_lesson: tuple[str, ...]

    def questions(self, stage: Stage) -> tuple[str, ...]:
        return self.post_lesson if stage is Stage.POST_LESSON else self.pre_lesson


@dataclass(frozen=True)
class GrowGuide:
    phases: dict[GrowPhase, PhaseGuide]

    @property
    def shares(self) -> dict[GrowPhase, float]:
        return {phase: guide.share for phase, guide in self.phases.items()}


@dataclass(frozen=True)
class PromptPack:
    key: str
    title: str
    order: int
    summary: str
    discussion: tuple[str, ...]
    evidence: tuple[str, ...]
    grow: dict[GrowPhase, tuple[str, ...]] = field(default_factory=dict)
    headings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    source: str = "shipped"


@dataclass
class PackLibrary:
    packs: dict[str, PromptPack]
    problems: list[str]

    def get(self, key: str) -> PromptPack:
        """The pack with this key, or the first pack if it has gone (a school removed it)."""
        return self.packs.get(key) or next(iter(self.packs.values()))

    def ordered(self) -> list[PromptPack]:
        return sorted(self.packs.values(), key=lambda p: (p.order, p.title))


def _strings(data: dict[str, Any], name: str, *, required: bool) -> tuple[str, ...]:
    value = data.get(name)
    if value is None:
        if required:
            raise PackError(f"'{name}' is missing")
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise PackError(f"'{name}' must be a list of non-empty strings")
    if required and not value:
        raise PackError(f"'{name}' must have at least one entry")
    return tuple(clean_text(v).strip() for v in value)


def _text(data: dict[str, Any], name: str, *, required: bool = True) -> str:
    value = data.get(name, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise PackError(f"'{name}' must be a non-empty string")
    return clean_text(value).strip()


def parse_pack(data: dict[str, Any], source: str) -> PromptPack:
    key = _text(data, "key")
    if not PACK_KEY.fullmatch(key):
        raise PackError(f"key '{key}' must be lower-case letters, digits and dashes")
    order = data.get("order", 100)
    if not isinstance(order, int):
        raise PackError("'order' must be a whole number")
    grow_table = data.get("grow", {})
    headings_table = data.get("headings", {})
    if not isinstance(grow_table, dict) or not isinstance(headings_table, dict):
        raise PackError("'grow' and 'headings' must be tables")
    unknown = set(grow_table) - {p.value for p in GrowPhase}
    if unknown:
        raise PackError(f"'grow' has unknown phase {sorted(unknown)[0]!r}; use goal, reality, options, way_forward")
    return PromptPack(
        key=key,
        title=_text(data, "title"),
        order=order,
        summary=_text(data, "summary", required=False),
        discussion=_strings(data, "discussion", required=True),
        evidence=_strings(data, "evidence", required=True),
        grow={p: _strings(grow_table, p.value, required=False) for p in GrowPhase if p.value in grow_table},
        headings={h: _strings(headings_table, h, required=False) for h in HEADINGS if h in headings_table},
        source=source,
    )


def _read_toml(text: str) -> dict[str, Any]:
    try:
        return toml_data(text)
    except tomllib.TOMLDecodeError as error:
        raise PackError(f"not valid TOML ({error})") from None


def _check_shape(data: dict[str, Any]) -> None:
    """What parse_pack lets through in a user's pack: a misspelt key (`sumary`, `principals`), `order = true`.
    Shipped packs are checked by the tests, so reading them never loads msgspec."""
    from coachtui.core.schemas import checked
    from coachtui.core.schemas.pack_file import PackFile

    checked(data, PackFile, PackError)


def load_packs(user_dir: Path | None = None) -> PackLibrary:
    """Shipped packs, then the user's; a user pack with a shipped key replaces it."""
    packs: dict[str, PromptPack] = {}
    problems: list[str] = []
    shipped = resources.files("coachtui") / "data" / "prompts"
    for entry in sorted(shipped.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            pack = parse_pack(_read_toml(entry.read_text(encoding="utf-8")), "shipped")
            packs[pack.key] = pack
    from coachtui.locations import is_dir

    if user_dir is not None and is_dir(user_dir):
        for path in sorted(user_dir.glob("*.toml")):
            try:
                text = path.read_text(encoding="utf-8")
                data = _read_toml(text)
                pack = parse_pack(data, str(path))
                _check_shape(data)
            except (PackError, OSError, UnicodeDecodeError) as error:
                reason = error.strerror if isinstance(error, OSError) else str(error)
                problems.append(f"Skipped prompt pack {path}: {reason}.")
                continue
            packs[pack.key] = pack
    return PackLibrary(packs, problems)


def load_grow() -> GrowGuide:
    data = _read_toml((resources.files("coachtui") / "data" / "grow.toml").read_text(encoding="utf-8"))
    phases = {}
    for phase in GROW_ORDER:
        table = data["phases"][phase.value]
        phases[phase] = PhaseGuide(
            phase=phase,
            title=_text(table, "title"),
            purpose=_text(table, "purpose"),
            share=float(table["share"]),
            pre_lesson=_strings(table, "pre_lesson", required=True),
            post_lesson=_strings(table, "post_lesson", required=True),
        )
    return GrowGuide(phases)
