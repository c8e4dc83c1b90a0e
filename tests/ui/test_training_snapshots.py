"""Snapshots of the coach-training screens at 80x24 and 120x40, on the demo's training session.

Update deliberately with `make snapshots`, after looking at snapshot_report.html.
"""

from __future__ import annotations

import pytest

from coachtui.app import CoachApp

SIZES = [(80, 24), (120, 40)]
# The demo's session DEMO-1 has its first round in group 1 played and debriefed; round 2 is to play.
JOURNEYS = {
    "training_list": ["T"],
    "training_form": ["T", "n"],
    "training_session": ["T", "enter"],
    "debrief": ["T", "enter", "enter"],
    "briefs_hidden": ["T", "enter", "down", "enter"],
    "briefs_coachee": ["T", "enter", "down", "enter", "2"],
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(JOURNEYS))
def test_training_snapshot(snap_compare, demo_app: CoachApp, screen: str, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app, press=JOURNEYS[screen], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_training_plan_snapshot(snap_compare, demo_app: CoachApp, size: tuple[int, int]) -> None:
    async def fill_and_show(pilot) -> None:  # type: ignore[no-untyped-def]
        from textual.widgets import Input, TextArea

        await pilot.press("T", "n")
        screen = pilot.app.screen
        screen.query_one("#training-code", Input).value = "SPR-2"
        screen.query_one("#training-people", TextArea).load_text("Ana\nSam\nKim\nLee\nMo\nJo\nAl")
        screen.show_plan()
        await pilot.pause()

    assert snap_compare(demo_app, run_before=fill_and_show, terminal_size=size)
