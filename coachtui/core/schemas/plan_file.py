"""The shape of a training plan (`.coachplan.json`): one coach-training session for every laptop in the room."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from coachtui.core.codes import PARTICIPANT_CODE, SCENARIO_KEY, SESSION_CODE
from coachtui.core.rotation import MAX_GROUPS, MAX_ROUNDS
from coachtui.core.schemas import ecma

ParticipantCode = Annotated[str, msgspec.Meta(pattern=ecma(PARTICIPANT_CODE), description="a participant's code")]


class PlanParticipant(msgspec.Struct, forbid_unknown_fields=True):
    """A person in the session, by code, in a group; the name stays on the laptops of the room."""

    code: ParticipantCode
    group: Annotated[int, msgspec.Meta(ge=1, le=MAX_GROUPS)]
    name: Annotated[str, msgspec.Meta(max_length=80)] | None = ""


class PlanRound(msgspec.Struct, forbid_unknown_fields=True):
    """Who plays what in one group's round."""

    group: Annotated[int, msgspec.Meta(ge=1, le=MAX_GROUPS)]
    round: Annotated[int, msgspec.Meta(ge=1, le=MAX_ROUNDS)]
    coach: ParticipantCode
    coachee: ParticipantCode
    observers: Annotated[list[ParticipantCode], msgspec.Meta(min_length=1)]


class PlanFile(msgspec.Struct, forbid_unknown_fields=True):
    """A coach-training session: participants in groups, each group playing every round once."""

    format: Literal["coachtui-training-plan"]
    version: Literal[1]
    code: Annotated[str, msgspec.Meta(pattern=ecma(SESSION_CODE), description="the training session's code")]
    round_minutes: Annotated[int, msgspec.Meta(ge=1, le=60)]
    debrief_minutes: Annotated[int, msgspec.Meta(ge=0, le=60)]
    participants: list[PlanParticipant]
    scenarios: dict[Annotated[str, msgspec.Meta(pattern="^[1-9][0-9]*$", description="a round number")],
                    Annotated[str, msgspec.Meta(pattern=ecma(SCENARIO_KEY))]]
    rounds: list[PlanRound]
    title: Annotated[str, msgspec.Meta(max_length=80)] | None = ""
