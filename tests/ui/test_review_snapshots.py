"""Snapshots of the review pass at 80x24 and 120x40: the demo's post-lesson meeting as a live pass leaves it
(tone and time untagged on the later turns), opened from the observer console.

Update deliberately with `pytest tests/ui/test_review_snapshots.py --snapshot-update`, after looking at
snapshot_report.html.
"""

from __future__ import annotations

from typing import Any

import pytest

from coachtui.app import CoachApp

SIZES = [(80, 24), (120, 40)]

# From the observer console of the demo's post-lesson meeting (tagging as Priya).
JOURNEYS = {
    "review": ["V"],
    "review_stretch": ["V", "w", "shift+down", "shift+down", "shift+down"],
}


def leave_for_review(app: CoachApp) -> None:
    """Untag what a live pass leaves to the review: tone everywhere, time after the first few turns."""
    store = app.store
    meeting_id = max(meeting.id for meeting in store.meetings.of_cycle(store.cycles.current(1).id))
    turns = store.turns.of_meeting(meeting_id, "Priya")
    store.turns.update_many([turn.id for turn in turns], tone="")
    store.turns.update_many([turn.id for turn in turns[4:]], time="")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("view", list(JOURNEYS))
def test_review_snapshot(snap_compare, demo_app: CoachApp, view: str, size: tuple[int, int]) -> None:
    async def open_review(pilot: Any) -> None:
        leave_for_review(demo_app)
        await pilot.press("enter", "4", "c", *JOURNEYS[view])
        await pilot.pause()

    assert snap_compare(demo_app, run_before=open_review, terminal_size=size)
