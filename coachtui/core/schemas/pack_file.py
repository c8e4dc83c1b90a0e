"""The shape of a prompt pack (`prompts/*.toml`) and of a role-play scenario (`scenarios/*.toml`)."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from coachtui.core.codes import PACK_KEY, SCENARIO_KEY
from coachtui.core.schemas import ecma

Prompts = list[str]


class GrowPrompts(msgspec.Struct, forbid_unknown_fields=True):
    """Prompts for each GROW phase."""

    goal: Prompts = []
    reality: Prompts = []
    options: Prompts = []
    way_forward: Prompts = []


class Headings(msgspec.Struct, forbid_unknown_fields=True):
    """What a school grows under each heading over time."""

    principles: Prompts = []
    misconceptions: Prompts = []
    strategies: Prompts = []
    barriers: Prompts = []
    resources: Prompts = []


class PackFile(msgspec.Struct, forbid_unknown_fields=True):
    """A pedagogy prompt pack."""

    key: Annotated[str, msgspec.Meta(pattern=ecma(PACK_KEY))]
    title: str
    discussion: Prompts
    evidence: Prompts
    order: int = 100
    summary: str = ""
    grow: GrowPrompts = msgspec.field(default_factory=GrowPrompts)
    headings: Headings = msgspec.field(default_factory=Headings)


class CoacheeBrief(msgspec.Struct, forbid_unknown_fields=True):
    situation: str
    unnoticed: str


class CoachBrief(msgspec.Struct, forbid_unknown_fields=True):
    focus: str
    known: str


class ObserverBrief(msgspec.Struct, forbid_unknown_fields=True):
    listen_for: Prompts


class ScenarioFile(msgspec.Struct, forbid_unknown_fields=True):
    """A role-play scenario with one brief per role."""

    id: Annotated[str, msgspec.Meta(pattern=ecma(SCENARIO_KEY))]
    title: str
    theme: str
    stage: Literal["pre-lesson", "post-lesson"]
    minutes: Annotated[int, msgspec.Meta(ge=5, le=20)]
    coachee: CoacheeBrief
    coach: CoachBrief
    observer: ObserverBrief
    kind: Literal["coaching", "mentoring-vs-coaching"] = "coaching"
