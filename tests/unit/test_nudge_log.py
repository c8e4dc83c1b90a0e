"""The nudge log: which nudge was shown in a meeting, when, and what became of it."""

from __future__ import annotations

import pytest

from coachtui.core.model import NudgeRecord, Stage
from coachtui.store import Store
from tests.helpers import rows


def test_nudges_are_logged_with_their_outcome_and_reach_the_disk(store: Store) -> None:
    partnership = store.partnerships.create("Ana", "Ben")
    meeting = store.meetings.open(store.cycles.current(partnership.id).id, Stage.POST_LESSON)
    first = store.turns.log_nudge(meeting.id, "quiet-challenge", "reality", 241.5)
    second = store.turns.log_nudge(meeting.id, "no-future-late", "way_forward", 560.0)
    store.turns.settle_nudge(first, "taken up", 262.0)
    assert store.turns.nudge_log(meeting.id) == [
        NudgeRecord(first, "quiet-challenge", "reality", 241.5, "taken up", 262.0),
        NudgeRecord(second, "no-future-late", "way_forward", 560.0, "shown", None)]
    on_disk = rows(store.path, "SELECT rule, outcome FROM nudge_log ORDER BY id")
    assert on_disk == [{"rule": "quiet-challenge", "outcome": "taken up"},
                       {"rule": "no-future-late", "outcome": "shown"}]
    with pytest.raises(ValueError, match="unknown nudge outcome"):
        store.turns.settle_nudge(second, "ignored", 600.0)


def test_the_log_reads_as_one_line_per_nudge_for_the_pair() -> None:
    from coachtui.core.nudges import describe_log, shipped_rules

    log = [NudgeRecord(1, "quiet-challenge", "reality", 241.5, "taken up", 262.0),
           NudgeRecord(2, "coach-led-run", "options", 400.0, "dismissed", 401.0),
           NudgeRecord(3, "defence-only", "options", 450.0, "expired", 520.0),
           NudgeRecord(4, "an-old-rule", "way_forward", 600.0, "shown", None)]
    assert describe_log(log, shipped_rules()) == [
        "04:01 Reality · No challenge for a while: taken up by a tag at 04:22",
        "06:40 Options · The coach is leading every turn: dismissed at 06:41",
        "07:30 Options · Challenges met with defence: not taken up by the tags that followed",
        "10:00 Way forward · an-old-rule: no tag has taken it up yet"]


def test_the_json_report_carries_the_meetings_nudges(store: Store) -> None:
    from coachtui.core.model import Turn
    from coachtui.services.meeting_report import meeting_report

    partnership = store.partnerships.create("Ana", "Ben")
    meeting = store.meetings.open(store.cycles.current(partnership.id).id, Stage.POST_LESSON)
    store.turns.add_many(meeting.id, [Turn(10, "coach", "question", observer="Kim")])
    logged = store.turns.log_nudge(meeting.id, "quiet-challenge", "reality", 241.5)
    store.turns.settle_nudge(logged, "dismissed", 250.0)
    assert meeting_report(store, meeting.id)["nudges"] == [
        {"rule": "quiet-challenge", "phase": "reality", "fired_at": 241.5, "outcome": "dismissed", "outcome_at": 250.0}]
