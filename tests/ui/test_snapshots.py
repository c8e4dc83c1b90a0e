"""Snapshots of each main screen at 80x24 and 120x40, on the demo data with time pinned.

Update deliberately with `make snapshots`, after looking at snapshot_report.html.
"""

from __future__ import annotations

import pytest

from coachtui.app import CoachApp

SIZES = [(80, 24), (120, 40)]

# Keys from the home screen to each main screen of the demo partnership.
JOURNEYS = {
    "home": [],
    "partnership_form": ["n"],
    "cycle": ["enter"],
    "arrangements": ["enter", "1"],
    "pre_lesson_meeting": ["enter", "2"],
    "lesson": ["enter", "3"],
    "post_lesson_meeting": ["enter", "4"],
    "evidence": ["enter", "4", "e"],
    "way_forward": ["enter", "4", "w"],
    "help": ["enter", "4", "question_mark"],
    "talk_tab": ["enter", "4", "t"],
    "turn_editor": ["enter", "4", "t", "up", "enter"],
    "observer_console": ["enter", "4", "c"],
    "feedback": ["enter", "f"],
    "observer_comparison": ["enter", "f", "k"],
    "summary": ["enter", "s"],
    "approve_summary": ["enter", "s", "a"],
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(JOURNEYS))
def test_screen_snapshot(snap_compare, demo_app: CoachApp, screen: str, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app, press=JOURNEYS[screen], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_coordinator_view_snapshot(snap_compare, demo_app: CoachApp, size: tuple[int, int]) -> None:
    async def open_and_wait(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("C")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(demo_app, run_before=open_and_wait, terminal_size=size)


async def test_text_cursors_hold_still_so_no_snapshot_depends_on_the_moment(demo_app: CoachApp) -> None:
    from textual.widgets import Input

    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        focused = demo_app.focused
        assert isinstance(focused, Input)
        assert focused.cursor_blink is False
        assert focused._cursor_visible, "the cursor stays shown"
