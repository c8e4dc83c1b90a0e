"""A pack's prompts follow the meeting's stage: planning questions before the lesson, the evidence after it."""

from __future__ import annotations

from textual.widgets import Static

from coachtui.core.model import Stage
from coachtui.screens.meeting import MeetingScreen
from coachtui.store import Store

PLANNING = "Which A4L strategy do you want to sharpen in this lesson?"
EVIDENCE = "Against the objectives, what does pupils' work show they understood?"


def shown(screen: MeetingScreen) -> str:
    return str(screen.query_one("#pack-text", Static).render()) + str(
        screen.query_one("#phase-prompts", Static).render())


async def test_a_post_lesson_meeting_never_shows_pre_lesson_prompts(app_factory, store: Store) -> None:
    partnership = store.partnerships.create("Ana", "Sam", "wait time")
    cycle = store.cycles.current(partnership.id)
    before = store.meetings.open(cycle.id, Stage.PRE_LESSON).id
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(MeetingScreen(before))
        await pilot.pause()
        assert PLANNING in shown(app.screen)
        await pilot.press("escape")
        store.meetings.end(before, 600)
        after = store.meetings.open(cycle.id, Stage.POST_LESSON).id
        app.push_screen(MeetingScreen(after))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        for phase in ("g", "r", "o", "w"):
            await pilot.press(phase)
            await pilot.pause()
            assert PLANNING not in shown(screen)
            assert "For goal" not in shown(screen)
        await pilot.press("r")  # Reality after the lesson: the evidence
        await pilot.pause()
        assert f"◆ {EVIDENCE}" in str(screen.query_one("#phase-prompts", Static).render())
