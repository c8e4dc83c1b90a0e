"""The meeting clock, its alerts and GROW pacing, with time under the test's control."""

from __future__ import annotations

import pytest

from coachtui.core.clock import Alert, MeetingClock, Stopwatch, pace_message, phase_plan
from coachtui.core.model import GrowPhase, format_clock, parse_clock, parse_due
from tests.helpers import FakeTicker


def test_stopwatch_counts_only_while_running(ticker: FakeTicker) -> None:
    watch = Stopwatch(now=ticker)
    ticker.advance(30)
    assert watch.elapsed == 0
    watch.start()
    ticker.advance(45)
    watch.pause()
    ticker.advance(100)
    assert watch.elapsed == 45
    assert watch.toggle() is True
    ticker.advance(5)
    assert watch.elapsed == 50


def test_meeting_clock_alerts_once_at_two_minutes_and_at_the_end(ticker: FakeTicker) -> None:
    clock = MeetingClock(10, now=ticker)
    clock.start()
    ticker.advance(7 * 60 + 59)
    assert clock.new_alerts() == []
    ticker.advance(1)
    assert clock.new_alerts() == [Alert.TWO_MINUTES]
    assert clock.new_alerts() == []
    ticker.advance(120)
    assert clock.new_alerts() == [Alert.TIME_UP]
    ticker.advance(90)
    assert clock.new_alerts() == []
    assert clock.overrun == 90
    assert clock.remaining == -90
    assert clock.running, "overrunning never stops the meeting"


def test_resumed_clock_does_not_replay_old_alerts(ticker: FakeTicker) -> None:
    clock = MeetingClock(12, elapsed=11 * 60, now=ticker)
    assert clock.new_alerts() == []


def test_lengthening_the_meeting_rearms_the_alerts(ticker: FakeTicker) -> None:
    clock = MeetingClock(10, elapsed=9 * 60, now=ticker)
    clock.set_planned(15)
    clock.start()
    ticker.advance(4 * 60)
    assert clock.new_alerts() == [Alert.TWO_MINUTES]


def test_phase_plan_splits_time_by_share() -> None:
    shares = {GrowPhase.GOAL: 0.2, GrowPhase.REALITY: 0.3, GrowPhase.OPTIONS: 0.25, GrowPhase.WAY_FORWARD: 0.25}
    plan = phase_plan(600, shares)
    assert [(w.start, w.end) for w in plan] == [(0, 120), (120, 300), (300, 450), (450, 600)]
    assert pace_message(plan, GrowPhase.GOAL, 60) == "Goal until about 02:00"
    assert "planned to end at 02:00" in pace_message(plan, GrowPhase.GOAL, 200)
    assert "ahead of plan" in pace_message(plan, GrowPhase.WAY_FORWARD, 100)


@pytest.mark.parametrize(("text", "seconds"), [("00:00", 0), ("12:05", 725), ("1:02:03", 3723)])
def test_parse_clock(text: str, seconds: float) -> None:
    assert parse_clock(text) == seconds
    assert format_clock(seconds) == (text if seconds < 3600 else "62:03")


@pytest.mark.parametrize("text", ["", "12", "ab:cd", "12:60", "-1:00", "1:2:3:4"])
def test_parse_clock_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_clock(text)


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "tomorrow", "31/12/2026"])
def test_impossible_dates_are_refused_with_a_reason(text: str) -> None:
    with pytest.raises(ValueError, match="not a real date"):
        parse_due(text)


def test_empty_due_date_means_none() -> None:
    assert parse_due("  ") is None
