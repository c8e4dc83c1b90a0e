"""The optional observation signal: off by default, then one beep and flash per interval of the clock."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from coachtui.core.model import Stage
from coachtui.screens.interval_signal import parse_interval
from coachtui.screens.lesson import LessonScreen
from coachtui.screens.text_prompt import TextPrompt
from coachtui.store import Store
from tests.helpers import FakeTicker, type_text


@pytest.mark.parametrize(("text", "seconds"), [("0", 0), ("45", 45), (" 3600 ", 3600)])
def test_intervals_are_whole_seconds_up_to_an_hour(text: str, seconds: int) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "-5", "1.5", "soon", "3601"])
def test_other_intervals_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_interval(text)


async def test_a_lesson_observer_gets_one_signal_per_interval(app_factory, store: Store, ticker: FakeTicker,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    partnership = store.partnerships.create("Ana", "Sam")
    cycle = store.cycles.current(partnership.id)
    store.cycles.reach_stage(cycle.id, Stage.LESSON)
    app = app_factory()
    bells: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        monkeypatch.setattr(app, "bell", lambda: bells.append(ticker.now))
        lesson = LessonScreen(cycle.id)
        app.push_screen(lesson)
        await pilot.pause()

        async def after(seconds: float) -> None:
            ticker.advance(seconds)
            lesson.tick()
            await pilot.pause()

        await pilot.press("space")  # the lesson clock runs
        await after(40)
        assert bells == [], "off by default"

        await pilot.press("I")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "30")
        await pilot.press("enter")
        await after(0)
        await after(10)  # 50 s: still in the same 30 s slot as when it was turned on (40 s)
        assert bells == []
        await after(15)  # 65 s: a new interval has begun
        assert len(bells) == 1
        await after(0)
        assert len(bells) == 1, "once per interval, not once per tick"
        await after(30)
        assert len(bells) == 2

        # Each signal also tints the screen briefly: a timer takes the tint off again.
        timers: list[tuple[float, Callable[[], object]]] = []
        monkeypatch.setattr(lesson, "set_timer", lambda delay, callback: timers.append((delay, callback)))
        assert lesson.signal.signal_if_due(200.0, running=True)
        assert lesson.has_class("-flash")
        [(delay, untint)] = timers
        assert delay < 1
        untint()
        assert not lesson.has_class("-flash")
        assert not lesson.signal.signal_if_due(200.0, running=True)
        assert not lesson.signal.signal_if_due(300.0, running=False), "no signal while the clock is paused"
