"""Training sessions in the store: participants, planned rounds, and rounds played as role-play meetings."""

from __future__ import annotations

import pytest

from coachtui.core.codes import SESSION_CODE
from coachtui.core.model import MeetingMode, Participant, Stage
from coachtui.core.vocabulary import vocabulary
from coachtui.errors import StoreError
from coachtui.services.figures import build_overview, refresh_talk
from coachtui.store import Store
from tests.helpers import DEVELOPING, EMERGING

PEOPLE = [Participant("P1", 1, "Asha"), Participant("P2", 1, "Bryn"), Participant("P3", 1, "Cai")]
TRIAD_PLAN = [(1, 1, "P1", "P2", ("P3",)), (1, 2, "P2", "P3", ("P1",)), (1, 3, "P3", "P1", ("P2",))]
SCENARIOS = {1: "a4l-exit-tickets", 2: "group-work-roles", 3: "behaviour-transitions"}


def session(store: Store, code: str = "AUT1") -> int:
    return store.training.create_session(code, title="Autumn course", round_minutes=10, debrief_minutes=5,
                                         participants=PEOPLE, plan=TRIAD_PLAN, scenarios=SCENARIOS).id


def test_a_session_keeps_its_people_and_every_planned_round(store: Store) -> None:
    created = store.training.session(session(store))
    assert (created.code, created.rounds, created.round_minutes, created.debrief_minutes) == ("AUT1", 3, 10, 5)
    assert [p.code for p in created.participants] == ["P1", "P2", "P3"]
    rounds = store.training.rounds(created.id)
    assert [(r.number, r.coach, r.coachee, r.observers, r.scenario) for r in rounds] == [
        (1, "P1", "P2", ("P3",), "a4l-exit-tickets"), (2, "P2", "P3", ("P1",), "group-work-roles"),
        (3, "P3", "P1", ("P2",), "behaviour-transitions")]
    assert not any(r.played for r in rounds)
    assert store.training.session_by_code("AUT1") == created
    assert store.training.session_by_code("nope") is None


@pytest.mark.parametrize(("code", "minutes", "scenarios", "message"), [
    ("has space", 10, SCENARIOS, "cannot be a session code"),
    ("AUT2", 0, SCENARIOS, "Rounds last 1 to 60 minutes"),
    ("AUT2", 10, {1: "x", 2: "y"}, "Choose a scenario for round 3"),
])
def test_a_session_with_bad_settings_is_refused_and_nothing_is_saved(
        store: Store, code: str, minutes: int, scenarios: dict[int, str], message: str) -> None:
    with pytest.raises(StoreError, match=message):
        store.training.create_session(code, round_minutes=minutes, debrief_minutes=5, participants=PEOPLE,
                                      plan=TRIAD_PLAN, scenarios=scenarios)
    assert store.training.sessions() == []


def test_a_session_code_with_a_trailing_newline_is_not_a_session_code() -> None:
    assert SESSION_CODE.fullmatch("AUT-1")
    assert SESSION_CODE.match("AUT-1\n") is None  # '$' alone would let the newline through


def test_a_session_code_is_used_once(store: Store) -> None:
    session(store)
    with pytest.raises(StoreError, match="already a training session called AUT1"):
        session(store)


def test_a_round_is_played_as_a_role_play_meeting_kept_off_the_home_list(store: Store) -> None:
    round_id = store.training.rounds(session(store))[0].id
    meeting_id = store.training.start_round(round_id, stage=Stage.POST_LESSON, theme="a4l", focus="Exit tickets")
    again = store.training.start_round(round_id, stage=Stage.POST_LESSON, theme="a4l", focus="Exit tickets")
    assert again == meeting_id
    meeting = store.meetings.get(meeting_id)
    assert (meeting.mode, meeting.stage, meeting.planned_minutes, meeting.pack) == (
        MeetingMode.ROLE_PLAY, Stage.POST_LESSON, 10, "a4l")
    partnership = store.partnerships.get(store.cycles.get(meeting.cycle_id).partnership_id)
    assert (partnership.coach, partnership.coachee, partnership.kind) == ("P1", "P2", "role-play")
    assert store.partnerships.overview() == [] and store.partnerships.all() == []
    assert store.training.round_for_meeting(meeting_id) == store.training.round(round_id)
    store.training.save_round_notes(round_id, "Two challenges, both defended.")
    assert store.training.round(round_id).notes == "Two challenges, both defended."


def test_role_play_rounds_count_by_the_sessions_terms_and_never_as_one_participants_series(store: Store) -> None:
    rounds = store.training.rounds(session(store))
    for played, turns in zip(rounds[:2], (EMERGING, DEVELOPING), strict=True):
        meeting_id = store.training.start_round(played.id, stage=Stage.PRE_LESSON, theme="a4l", focus="x")
        store.turns.add_many(meeting_id, turns)
        store.meetings.end(meeting_id, 600)
    refresh_talk(store)
    # Counted without anyone's agreement (an exercise, not a colleague's practice) ...
    assert [talk.level for talk in store.figures.meeting_talk()] == [1, 2]
    assert store.figures.role_play_counts() == {"rounds_played": 2, "participants": 2, "rounds_tagged": 2,
                                                "turns_tagged": len(EMERGING) + len(DEVELOPING)}
    # ... but two participants coached: too few to show anything of, and no coaching partnership is counted.
    overview = build_overview(store, vocabulary().functions)
    assert overview.role_play is None and overview.role_play_levels_by_month is None
    assert overview.counts is None
