"""Snapshots of the codebook over the observer console at 80x24 and 120x40, on the demo data.

Update deliberately with `pytest tests/ui/test_codebook_snapshots.py --snapshot-update`, after looking at
snapshot_report.html.
"""

from __future__ import annotations

import pytest

from coachtui.app import CoachApp

SIZES = [(80, 24), (120, 40)]

# From the home screen: the demo partnership, its post-lesson meeting, the console, `?`, then clarification's key.
JOURNEYS = {
    "clarification": ["enter", "4", "c", "question_mark", "l"],
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("view", list(JOURNEYS))
def test_codebook_snapshot(snap_compare, demo_app: CoachApp, view: str, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app, press=JOURNEYS[view], terminal_size=size)
