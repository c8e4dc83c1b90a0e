"""The meeting's figures agree with each other: the end question names the time the clock shows, elapsed and
left add up to the length, and the pacing line's time is never cut at 80 columns."""

from __future__ import annotations

from coachtui.screens.confirm import ConfirmScreen
from coachtui.screens.meeting import MeetingScreen
from coachtui.store import Store
from coachtui.widgets.meeting.timer_bar import TimerBar
from tests.helpers import FakeTicker, post_lesson_meeting, screen_text


def bar_text(screen: MeetingScreen) -> str:
    return str(screen.query_one(TimerBar).render())


async def test_the_end_question_names_the_time_on_the_clock_and_not_now_carries_on(
        app_factory, store: Store, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(MeetingScreen(meeting_id))
        await pilot.pause()
        meeting = app.screen
        await pilot.press("space")
        ticker.advance(57.6)
        meeting.tick()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "End the meeting at 00:57?" in app.screen.question
        ticker.advance(1.5)  # the question stays open a moment: the clock behind it shows the same figure
        meeting.tick()
        await pilot.pause()
        assert "00:57 elapsed" in bar_text(meeting)
        await pilot.press("n")
        await pilot.pause()
        assert meeting.clock.running and round(meeting.clock.elapsed, 1) == 59.1  # the open seconds are counted
        await pilot.press("x")
        await pilot.pause()
        assert "End the meeting at 00:59?" in app.screen.question
        await pilot.press("y")
        await pilot.pause()
    assert round(store.meetings.get(meeting_id).clock_elapsed, 1) == 59.1


async def test_elapsed_and_left_add_up_to_the_length(app_factory, store: Store, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(MeetingScreen(meeting_id))
        await pilot.pause()
        planned = app.screen.clock.planned_seconds
        await pilot.press("space")
        ticker.advance(57.6)
        app.screen.tick()
        await pilot.pause()
        left = planned - 57
        assert f"00:57 elapsed   {int(left) // 60:02d}:{int(left) % 60:02d} left" in bar_text(app.screen)


async def test_the_pacing_line_keeps_its_time_whole_at_80_and_60_columns(
        app_factory, store: Store, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    for size in ((80, 24), (60, 20)):
        async with app.run_test(size=size) as pilot:
            app.push_screen(MeetingScreen(meeting_id))
            await pilot.pause()
            await pilot.press("o")  # Options, well ahead of its planned start
            await pilot.pause()
            text = screen_text(app)
            assert "elapsed   12:00 left of 12:00" in text
            assert "ahead of plan: Options starts around" in text
            start = text.split("Options starts around ")[1][:5]
            assert start[2] == ":" and start.replace(":", "").isdigit(), text
            await pilot.press("escape")
        app = app_factory()


def test_the_length_dialog_caps_a_meeting_at_ninety_minutes_and_says_so() -> None:
    import pytest

    from coachtui.screens.length import parse_minutes

    assert parse_minutes("90") == 90
    with pytest.raises(ValueError, match="600 minutes is more than a coaching meeting needs: choose 1 to 90"):
        parse_minutes("600")
