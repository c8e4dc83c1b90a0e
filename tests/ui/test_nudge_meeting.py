"""Nudges in a live meeting: one quiet line while tagging is live, taken up by a tag, or dismissed; all logged."""

from __future__ import annotations

from coachtui.core.model import GrowPhase
from coachtui.screens.meeting import MeetingScreen
from coachtui.store import Store
from coachtui.widgets.meeting.nudge_line import NudgeLine
from tests.helpers import FakeTicker, open_talk_tab, post_lesson_meeting, press_at


async def routine_talk_for_four_minutes(pilot, ticker: FakeTicker) -> MeetingScreen:  # type: ignore[no-untyped-def]
    """Eight routine turns ten seconds apart, then the talk carries on without a challenge."""
    await pilot.press("q")  # the first tag starts the clock at 0 s
    for key in "xqxqxqx":
        await press_at(pilot, ticker, 10, key)  # 10 s ... 70 s
    screen = pilot.app.screen
    assert isinstance(screen, MeetingScreen)
    await press_at(pilot, ticker, 100, "q")  # 170 s: still tagging, so still live
    ticker.advance(69)
    screen.tick()  # 239 s: one second short of four minutes without a challenge
    assert not screen.query_one(NudgeLine).display
    ticker.advance(1)
    screen.tick()  # 240 s
    await pilot.pause()
    return screen


async def test_a_nudge_appears_is_taken_up_by_a_challenge_and_the_log_shows_it(
        app_factory, store: Store, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_talk_tab(app, pilot, meeting_id)
        screen = await routine_talk_for_four_minutes(pilot, ticker)
        line = screen.query_one(NudgeLine)
        assert line.display and line.title == "No challenge for a while"
        # The meeting is in its Goal phase with the A4L pack, which has no goal question of its own.
        rule = next(r for r in app.nudge_rules if r.id == "quiet-challenge")
        assert line.question == rule.questions[GrowPhase.GOAL] == rule.question(GrowPhase.GOAL, "a4l")
        await press_at(pilot, ticker, 12, "c")  # the coach challenges at 252 s
        await pilot.pause()
        assert not line.display
        await pilot.press("escape", "f")  # the pair look back at the meeting in the feedback view
        await pilot.pause()
        looked_back = str(app.screen.query_one("#feedback-nudges").content)  # type: ignore[attr-defined]
        assert "Nudges offered to the coach" in looked_back
        assert "04:00 Goal · No challenge for a while: taken up by a tag at 04:12" in looked_back
    [logged] = store.turns.nudge_log(meeting_id)
    assert (logged.rule, logged.fired_at, logged.outcome, logged.outcome_at) == (
        "quiet-challenge", 240.0, "taken up", 252.0)


async def test_one_key_dismisses_the_nudge_and_it_does_not_come_back(
        app_factory, store: Store, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_talk_tab(app, pilot, meeting_id)
        screen = await routine_talk_for_four_minutes(pilot, ticker)
        await pilot.press("D")
        await pilot.pause()
        assert not screen.query_one(NudgeLine).display
        await press_at(pilot, ticker, 60, "q")
        screen.tick()
        assert not screen.query_one(NudgeLine).display
    assert [(n.rule, n.outcome) for n in store.turns.nudge_log(meeting_id)] == [("quiet-challenge", "dismissed")]


async def test_no_nudge_while_nobody_is_tagging(app_factory, store: Store, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_talk_tab(app, pilot, meeting_id)
        await pilot.press("q")
        for key in "xqxqxqx":
            await press_at(pilot, ticker, 10, key)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        ticker.advance(400)  # the clock runs on, but the last tag is 400 s old: tagging is not live
        screen.tick()
        await pilot.pause()
        assert not screen.query_one(NudgeLine).display
    assert store.turns.nudge_log(meeting_id) == []


async def test_nudges_can_be_switched_off_in_the_settings(store: Store, ticker: FakeTicker, db_path) -> None:  # type: ignore[no-untyped-def]
    from coachtui.app import make_app
    from coachtui.settings import Settings

    meeting_id = post_lesson_meeting(store)
    app = make_app(db_path, ticker=ticker, settings=Settings(nudges=False))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_talk_tab(app, pilot, meeting_id)
        screen = await routine_talk_for_four_minutes(pilot, ticker)
        assert not screen.query_one(NudgeLine).display
    assert store.turns.nudge_log(meeting_id) == []


async def test_a_nudge_still_on_show_when_the_meeting_ends_is_logged_as_lapsed(
        app_factory, store: Store, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_talk_tab(app, pilot, meeting_id)
        screen = await routine_talk_for_four_minutes(pilot, ticker)
        assert screen.query_one(NudgeLine).display
        ticker.advance(5)
        await pilot.press("escape", "x")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
    [logged] = store.turns.nudge_log(meeting_id)
    assert (logged.rule, logged.outcome, logged.outcome_at) == ("quiet-challenge", "expired", 245.0)
