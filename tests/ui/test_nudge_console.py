"""Nudges while an observer tags on the console: one watcher for the meeting, whichever screen the tags come from."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachtui.core.model import GrowPhase
from coachtui.screens.meeting import MeetingScreen
from coachtui.screens.observer_console import ObserverConsole
from coachtui.store import Store
from coachtui.widgets.meeting.nudge_line import NudgeLine
from coachtui.widgets.meeting.pack_panel import PackPanel
from coachtui.widgets.tagging.pane import TaggingPane
from tests.helpers import FakeNow, FakeTicker, post_lesson_meeting, press_at


async def open_console(app, pilot, meeting_id: int) -> tuple[MeetingScreen, ObserverConsole]:  # type: ignore[no-untyped-def]
    app.push_screen(MeetingScreen(meeting_id))
    await pilot.pause()
    meeting = app.screen
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(meeting, MeetingScreen) and isinstance(app.screen, ObserverConsole)
    return meeting, app.screen


async def tag_routine_talk(pilot, ticker: FakeTicker) -> None:  # type: ignore[no-untyped-def]
    """Eight routine turns ten seconds apart from 0 s, and one more at 170 s: no challenge yet."""
    await pilot.press("q")  # the first tag starts the shared clock at 0 s
    for key in "xqxqxqx":
        await press_at(pilot, ticker, 10, key)
    await press_at(pilot, ticker, 100, "q")
    await pilot.pause()


def tick_both(meeting: MeetingScreen, console: ObserverConsole, ticker: FakeTicker, seconds: float) -> None:
    # Textual keeps the meeting screen's timer running under the console: both screens tick.
    ticker.advance(seconds)
    meeting.tick()
    console.tick()


async def test_tags_on_the_console_fire_the_nudge_once_shown_there_and_a_challenge_takes_it_up(
        app_factory, store: Store, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        meeting, console = await open_console(app, pilot, meeting_id)
        await tag_routine_talk(pilot, ticker)
        tick_both(meeting, console, ticker, 69)  # 239 s
        assert not console.query_one(NudgeLine).display
        tick_both(meeting, console, ticker, 1)  # 240 s: four minutes without a challenge
        tick_both(meeting, console, ticker, 0.5)
        await pilot.pause()
        line = console.query_one(NudgeLine)
        assert line.display and line.title == "No challenge for a while"
        assert line.question == next(r for r in app.nudge_rules if r.id == "quiet-challenge").questions[GrowPhase.GOAL]
        assert "D dismisses" in line.render().plain
        await press_at(pilot, ticker, 12, "c")  # the coach challenges; the observer tags it on the console
        await pilot.pause()
        assert not line.display
    assert [(n.rule, n.fired_at, n.outcome) for n in store.turns.nudge_log(meeting_id)] == [
        ("quiet-challenge", 240.0, "taken up")]
    assert store.turns.nudge_log(meeting_id)[0].outcome_at == 252.5


async def test_a_nudge_the_console_tags_do_not_take_up_lapses_and_is_logged_so(
        app_factory, store: Store, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        meeting, console = await open_console(app, pilot, meeting_id)
        await tag_routine_talk(pilot, ticker)
        tick_both(meeting, console, ticker, 70)
        for key in "xqxqx":
            await press_at(pilot, ticker, 5, key)
        await pilot.pause()
        assert console.query_one(NudgeLine).display  # five turns: still inside its window of six
        await press_at(pilot, ticker, 5, "q")
        await pilot.pause()
        assert not console.query_one(NudgeLine).display
    assert [(n.rule, n.outcome, n.outcome_at) for n in store.turns.nudge_log(meeting_id)] == [
        ("quiet-challenge", "expired", 270.0)]


async def test_D_on_the_console_dismisses_and_the_rule_stays_quiet_back_on_the_meeting_screen(
        app_factory, store: Store, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        meeting, console = await open_console(app, pilot, meeting_id)
        await tag_routine_talk(pilot, ticker)
        tick_both(meeting, console, ticker, 70)
        await pilot.pause()
        assert console.query_one(NudgeLine).display
        await pilot.press("D")
        await pilot.pause()
        assert not console.query_one(NudgeLine).display
        assert len(store.turns.of_meeting(meeting_id)) == 9  # D tagged nothing
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is meeting
        await pilot.press("t")
        await press_at(pilot, ticker, 20, "q")
        ticker.advance(180)  # 440 s: still no challenge, tagging live, and not yet late in the meeting
        await press_at(pilot, ticker, 0, "x")
        meeting.tick()
        await pilot.pause()
        assert not meeting.query_one(NudgeLine).display
    assert [(n.rule, n.outcome, n.outcome_at) for n in store.turns.nudge_log(meeting_id)] == [
        ("quiet-challenge", "dismissed", 240.0)]


async def test_after_the_console_the_meeting_shows_its_turns_and_its_nudge_and_takes_it_up(
        app_factory, store: Store, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        meeting, _ = await open_console(app, pilot, meeting_id)
        await tag_routine_talk(pilot, ticker)
        await pilot.press("escape")  # the observer closes the console before the nudge is due
        await pilot.pause()
        assert app.screen is meeting
        assert len(meeting.query_one(TaggingPane).turns) == 9
        ticker.advance(70)
        meeting.tick()  # 240 s: the watcher counted the console's turns, and tagging is still live
        await pilot.pause()
        line = meeting.query_one(NudgeLine)
        assert line.display and line.title == "No challenge for a while"
        await pilot.press("t")
        await press_at(pilot, ticker, 5, "c")
        await pilot.pause()
        assert not line.display
    assert [(n.rule, n.outcome, n.outcome_at) for n in store.turns.nudge_log(meeting_id)] == [
        ("quiet-challenge", "taken up", 245.0)]


async def test_a_nudge_on_show_when_the_console_opens_is_shown_there_too(
        app_factory, store: Store, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        meeting, _ = await open_console(app, pilot, meeting_id)
        await tag_routine_talk(pilot, ticker)
        await pilot.press("escape")
        await pilot.pause()
        ticker.advance(70)
        meeting.tick()
        await pilot.press("c")  # the meeting's focus is outside the tagging pane: c opens the console again
        await pilot.pause()
        console = app.screen
        assert isinstance(console, ObserverConsole)
        assert console.query_one(NudgeLine).title == "No challenge for a while"
        assert console.query_one(NudgeLine).display
    assert len(store.turns.nudge_log(meeting_id)) == 1


async def test_the_question_follows_the_meetings_phase_and_pack(app_factory, store: Store,
                                                                ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        meeting, _ = await open_console(app, pilot, meeting_id)
        await tag_routine_talk(pilot, ticker)
        await pilot.press("escape")
        await pilot.pause()
        ticker.advance(70)
        meeting.tick()
        rule = next(r for r in app.nudge_rules if r.id == "quiet-challenge")
        line = meeting.query_one(NudgeLine)
        assert line.question == rule.questions[GrowPhase.GOAL]
        await pilot.press("r")  # to Reality: the A4L pack has its own question there
        await pilot.pause()
        assert line.question == rule.question(GrowPhase.REALITY, "a4l") != rule.questions[GrowPhase.REALITY]
        meeting.query_one(PackPanel).post_message(PackPanel.PackChosen("behaviour"))
        await pilot.pause()
        assert line.question == rule.question(GrowPhase.REALITY, "behaviour")
        assert "behaviour" in line.question
    # The log keeps the phase the nudge fired in.
    assert [(n.rule, n.phase) for n in store.turns.nudge_log(meeting_id)] == [("quiet-challenge", "goal")]


async def test_reopening_the_meeting_keeps_a_dismissed_rule_quiet_and_brings_back_the_nudge_on_show(
        app_factory, store: Store, ticker: FakeTicker) -> None:
    dismissed_id, shown_id = post_lesson_meeting(store), post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        for meeting_id in (dismissed_id, shown_id):
            meeting, console = await open_console(app, pilot, meeting_id)
            await tag_routine_talk(pilot, ticker)
            tick_both(meeting, console, ticker, 70)
            if meeting_id == dismissed_id:
                await pilot.press("D")
            await pilot.press("escape")  # back to the meeting ...
            await pilot.pause()
            await pilot.press("escape")  # ... and out of it: the clock pauses
            await pilot.pause()
            assert not isinstance(app.screen, MeetingScreen | ObserverConsole)
        for meeting_id in (dismissed_id, shown_id):
            app.push_screen(MeetingScreen(meeting_id))
            await pilot.pause()
            await pilot.press("t", "q")  # the clock runs again and tagging is live
            ticker.advance(1)
            app.screen.tick()
            await pilot.pause()
            line = app.screen.query_one(NudgeLine)
            assert line.display is (meeting_id == shown_id)
            await press_at(pilot, ticker, 1, "c")
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
    assert [(n.rule, n.outcome) for n in store.turns.nudge_log(dismissed_id)] == [("quiet-challenge", "dismissed")]
    assert [(n.rule, n.outcome) for n in store.turns.nudge_log(shown_id)] == [("quiet-challenge", "taken up")]


async def test_a_malformed_rules_file_in_the_config_folder_is_reported_when_the_meeting_opens(
        app_factory, store: Store, tmp_path: Path) -> None:
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "nudges.toml").write_text('[[rule]]\nid = "quiet-challenge"\nminutes = "four"\n',
                                                     encoding="utf-8")
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(MeetingScreen(meeting_id))
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("nudges.toml, rule 'quiet-challenge': 'minutes' must be a number" in m
                   and "The shipped nudges are used." in m for m in messages), messages
        assert isinstance(app.screen, MeetingScreen) and app.screen.session.nudges is not None


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_console_with_a_nudge_snapshot(snap_compare, store: Store, db_path: Path, ticker: FakeTicker,
                                       tmp_path: Path, size: tuple[int, int]) -> None:
    from coachtui.app import make_app

    meeting_id = post_lesson_meeting(store)
    app = make_app(db_path, ticker=ticker, now=FakeNow(ticker), packs_dir=tmp_path / "config" / "prompts",
                   keymap_file=tmp_path / "config" / "keymap.toml", subtitle="snapshot")

    async def nudge_on_show(pilot) -> None:  # type: ignore[no-untyped-def]
        meeting, console = await open_console(pilot.app, pilot, meeting_id)
        await tag_routine_talk(pilot, ticker)
        tick_both(meeting, console, ticker, 70)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, run_before=nudge_on_show, terminal_size=size)


@pytest.mark.parametrize(("width", "shown"), [
    (100, "➜ Quiet: What makes it hard?   D dismisses"),
    (36, "➜ What makes it hard?   D dismisses"),
    (30, "➜ What makes it hard?   D "),
    (20, "➜ What makes i…   D "),
])
async def test_a_narrow_line_drops_the_title_then_the_hint_words_before_cutting_the_question(
        width: int, shown: str) -> None:
    from textual.app import App, ComposeResult

    class OneLine(App[None]):
        def compose(self) -> ComposeResult:
            yield NudgeLine()

    async with OneLine().run_test(size=(width, 3)) as pilot:  # without the app stylesheet: no padding
        line = pilot.app.query_one(NudgeLine)
        line.title, line.question = "Quiet", "What makes it hard?"
        await pilot.pause()
        assert line.render().plain == shown


def test_the_late_nudge_follows_a_change_of_meeting_length(store: Store) -> None:
    from coachtui.core.model import Turn
    from coachtui.core.nudges import NudgeWatcher, shipped_rules
    from coachtui.services.meeting_session import MeetingNudges

    meeting_id = post_lesson_meeting(store)
    late = [rule for rule in shipped_rules() if rule.id == "no-future-late"]
    nudges = MeetingNudges(NudgeWatcher(late, planned_seconds=600, pack="a4l"), store, meeting_id,
                           GrowPhase.OPTIONS, lambda error: None)
    nudges.resume([])
    nudges.add_turn(Turn(t=420, speaker="coach", function="question"))
    nudges.tick(425, True, planned_seconds=900)  # the coach made it a 15-minute meeting: 7:55 still left
    assert nudges.on_show(425, True) == ("", "")
    nudges.tick(721, True, planned_seconds=900)
    assert nudges.on_show(721, True) == ("", "")  # tagging has not been live for three minutes
    nudges.add_turn(Turn(t=722, speaker="coachee", function="explanation"))
    nudges.tick(722, True, planned_seconds=900)
    assert nudges.on_show(722, True)[0] == "Nothing yet about future lessons"
    assert nudges.on_show(722, False) == ("", "")  # paused clock: nothing shows
    assert [(n.rule, n.phase, n.fired_at) for n in store.turns.nudge_log(meeting_id)] == [
        ("no-future-late", "options", 722.0)]
