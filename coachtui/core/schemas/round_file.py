"""The shape of a round bundle (`.coachround.json`): one role-play round from a triad's laptop."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from coachtui.core.codes import PARTICIPANT_CODE, SCENARIO_KEY, SESSION_CODE
from coachtui.core.rotation import MAX_GROUPS, MAX_ROUNDS
from coachtui.core.schemas import ecma

SIX_HOURS = 6 * 3600
ParticipantCode = Annotated[str, msgspec.Meta(pattern=ecma(PARTICIPANT_CODE), description="a participant's code")]


class RoundTurn(msgspec.Struct, forbid_unknown_fields=True):
    """One tagged turn: when it ended and what the observer tagged (values from coachtui's dimensions)."""

    t: Annotated[float, msgspec.Meta(ge=0, le=SIX_HOURS, description="seconds from the round's start")]
    speaker: str
    function: str
    initiation: str = ""
    stimulus: str = "none"
    scale: str = ""
    tone: str = "neutral"
    time: str = ""
    co_construction: Literal[0, 1] | bool = 0
    subject: str = ""  # free text: only in a file that says it includes text
    note: str = ""


class RoundFile(msgspec.Struct, forbid_unknown_fields=True):
    """A played role-play round: codes, timings and each observer's tags; free text only if the triad chose."""

    format: Literal["coachtui-round"]
    version: Literal[1]
    session: Annotated[str, msgspec.Meta(pattern=ecma(SESSION_CODE), description="the training session's code")]
    group: Annotated[int, msgspec.Meta(ge=1, le=MAX_GROUPS)]
    round: Annotated[int, msgspec.Meta(ge=1, le=MAX_ROUNDS)]
    scenario: Annotated[str, msgspec.Meta(pattern=ecma(SCENARIO_KEY))]
    stage: Literal[2, 4]
    coach: ParticipantCode
    coachee: ParticipantCode
    observers: Annotated[list[ParticipantCode], msgspec.Meta(min_length=1)]
    planned_minutes: Annotated[int, msgspec.Meta(ge=1, le=60)]
    elapsed_seconds: Annotated[float, msgspec.Meta(ge=0, le=SIX_HOURS)]
    played_on: Annotated[str, msgspec.Meta(description="the day, as YYYY-MM-DD")]
    includes_text: bool
    turns: dict[ParticipantCode, list[RoundTurn]] = {}
    notes: str = ""
