"""Snapshots of the screens issue 19 added or changed, on the demo data with time pinned: whose practice, my
practice over time, and the arrangements' question about the school's figures, at 80x24 and 120x40.

Update deliberately with `make snapshots`, after looking at snapshot_report.html.
"""

from __future__ import annotations

import pytest

from coachtui.app import CoachApp

SIZES = [(80, 24), (120, 40)]


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def whose_practice(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("P")
    await settle(pilot)


async def coach_practice(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("P", "enter")
    await settle(pilot)


async def coachee_practice(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("P", "down", "down", "enter")  # Sam Reed, the third name
    await settle(pilot)


async def figures_question(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("enter", "1")
    await settle(pilot)
    box = pilot.app.screen.query_one("#figures_coach")
    box.focus()
    box.scroll_visible(animate=False, immediate=True)
    await pilot.press("space")  # the coach agrees; the coachee has not yet
    await settle(pilot)


JOURNEYS = {"whose_practice": whose_practice, "coach_practice": coach_practice,
            "coachee_practice": coachee_practice, "figures_question": figures_question}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(JOURNEYS))
def test_practice_and_consent_snapshot(snap_compare, demo_app: CoachApp, screen: str, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app, run_before=JOURNEYS[screen], terminal_size=size)
