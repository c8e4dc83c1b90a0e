"""The nudge log: which nudge was shown in a meeting, when, and what became of it."""

from __future__ import annotations

import pytest

from coachtui.model import NudgeRecord, Stage
from coachtui.store import Store
from tests.helpers import rows


def test_nudges_are_logged_with_their_outcome_and_reach_the_disk(store: Store) -> None:
    partnership = store.create_partnership("Ana", "Ben")
    meeting = store.open_meeting(store.current_cycle(partnership.id).id, Stage.POST_LESSON)
    first = store.log_nudge(meeting.id, "quiet-challenge", "reality", 241.5)
    second = store.log_nudge(meeting.id, "no-future-late", "way_forward", 560.0)
    store.settle_nudge(first, "taken up", 262.0)
    assert store.nudge_log(meeting.id) == [
        NudgeRecord(first, "quiet-challenge", "reality", 241.5, "taken up", 262.0),
        NudgeRecord(second, "no-future-late", "way_forward", 560.0, "shown", None)]
    on_disk = rows(store.path, "SELECT rule, outcome FROM nudge_log ORDER BY id")
    assert on_disk == [{"rule": "quiet-challenge", "outcome": "taken up"},
                       {"rule": "no-future-late", "outcome": "shown"}]
    with pytest.raises(ValueError, match="unknown nudge outcome"):
        store.settle_nudge(second, "ignored", 600.0)
