"""The shapes of a coordinator's or coach's own `bands.toml` and `nudges.toml`."""

from __future__ import annotations

from typing import Literal

import msgspec

Values = list[str]


class BandEntry(msgspec.Struct, forbid_unknown_fields=True):
    """Where an indicator usually falls in a 10-15 minute meeting, and why."""

    indicator: str
    label: str
    low: float
    high: float
    source: str
    reasoning: str
    toward: Literal["higher", "lower"] = "higher"


class BandsFile(msgspec.Struct, forbid_unknown_fields=True):
    band: list[BandEntry] = []


class PhaseQuestions(msgspec.Struct, forbid_unknown_fields=True):
    goal: str | None = None
    reality: str | None = None
    options: str | None = None
    way_forward: str | None = None


class TakenUp(msgspec.Struct, forbid_unknown_fields=True):
    """Which following tag takes a nudge up, by dimension, within how many turns."""

    within_turns: int = 6
    function: Values | None = None
    time: Values | None = None
    initiation: Values | None = None
    scale: Values | None = None
    stimulus: Values | None = None
    speaker: Values | None = None


class NudgeRule(msgspec.Struct, forbid_unknown_fields=True):
    """A rule, whole or changing a shipped rule of the same id; each pattern reads its own numbers."""

    id: str
    title: str | None = None
    pattern: str | None = None
    enabled: bool = True
    minutes: float | None = None
    min_turns: int | None = None
    challenges: int | None = None
    minutes_left: float | None = None
    initiations: int | None = None
    taken_up: TakenUp | None = None
    questions: PhaseQuestions | None = None
    packs: dict[str, PhaseQuestions] = {}


class NudgesFile(msgspec.Struct, forbid_unknown_fields=True):
    rule: list[NudgeRule] = []


