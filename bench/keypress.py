"""Key press to committed turn and updated screen, with 2,000 turns already in the meeting.

Drives the real app headless through Textual's Pilot on a durable database file: each press of
a function key in the observer console commits a row (synchronous=FULL) and redraws the timeline
and indicators. The same press-and-settle cycle on a bare Textual app that only updates a label
runs alternately in the same process, so the ratio shows what coachtui adds to Textual's own cost.
Target: p99 at most 16 ms.
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual._context import active_app
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coachtui.app import make_app
from coachtui.core.model import Stage, Turn
from coachtui.store import Store

TARGET_P99_MS = 16.0
EXISTING_TURNS = 2000
FUNCTION_KEYS = "qexcfjnugs"


class BareApp(App[None]):
    BINDINGS = [(key, "bump", "") for key in FUNCTION_KEYS]

    def compose(self) -> ComposeResult:
        yield Static("0", id="count")

    finished: Callable[[], None]

    def on_mount(self) -> None:
        self.presses = 0

    def action_bump(self) -> None:
        self.presses += 1
        self.query_one(Static).update(str(self.presses))
        self.finished()


def seed(path: Path) -> int:
    store = Store.open(path)
    partnership = store.partnerships.create("Bench coach", "Bench coachee", "wait time")
    meeting = store.meetings.open(store.cycles.current(partnership.id).id, Stage.POST_LESSON)
    functions = ("question", "explanation", "evaluation", "justification", "challenge", "defence")
    store.turns.add_many(meeting.id, [Turn(t=i * 0.4, speaker=("coach", "coachee")[i % 2],
                                           function=functions[i % len(functions)], observer="observer")
                                      for i in range(EXISTING_TURNS)])
    # The meeting has run as long as its turns, so new turns come after them.
    store.meetings.save_clock(meeting.id, EXISTING_TURNS * 0.4)
    store.close()
    return meeting.id


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class FrameWatch:
    """Times the first frame an app paints after its work for a key press is finished."""

    def __init__(self, app: App[None]) -> None:
        self.app = app
        self.work_done = asyncio.Event()
        self.painted = asyncio.Event()
        self.painted_at = 0.0
        display = app._display

        def paint(screen: Screen[object], update: object) -> None:
            display(screen, update)  # type: ignore[arg-type]
            if self.work_done.is_set() and not self.painted.is_set():
                self.painted_at = time.perf_counter()
                self.painted.set()

        app._display = paint  # type: ignore[method-assign, assignment]

    def finished(self) -> None:
        self.work_done.set()


async def press(app: App[None], key: str, watch: FrameWatch, *, on_tick: bool) -> float:
    """Milliseconds from a key arriving from the terminal (through the driver, where a terminal's
    keys go) to the screen painted with the row committed and the timeline and indicators updated.

    `on_tick=False` paints as soon as the work is done, so the figure is the app's own cost;
    `on_tick=True` waits for Textual's frame timer, which paints at most 60 times a second, so
    up to 16.7 ms of idle waiting is added for any app, as the bare app's figures show.
    """
    watch.work_done.clear()
    watch.painted.clear()
    started = time.perf_counter()
    event = events.Key(key, key)
    event.set_sender(app)
    assert app._driver is not None
    app._driver.send_message(event)
    await asyncio.wait_for(watch.work_done.wait(), timeout=5)
    while not on_tick and not watch.painted.is_set():
        # Let the widgets post their repaint requests, then paint without waiting for the tick,
        # as this app (two apps share the loop, and Textual asks which one is active).
        await asyncio.sleep(0)
        token = active_app.set(app)
        try:
            app.screen._on_timer_update()
        finally:
            active_app.reset(token)
    await asyncio.wait_for(watch.painted.wait(), timeout=5)
    return (watch.painted_at - started) * 1000


def summary(ours: list[float], bare: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(ours), 2),
        "p99_ms": round(percentile(ours, 0.99), 2),
        "bare_p50_ms": round(statistics.median(bare), 2),
        "bare_p99_ms": round(percentile(bare, 0.99), 2),
        "ratio_p50": round(statistics.median(ours) / statistics.median(bare), 2),
    }


async def run(presses: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="coachtui-bench-") as name:
        return await run_in(Path(name), presses)


async def run_in(folder: Path, presses: int) -> dict[str, object]:
    from coachtui.screens.observer_console import ObserverConsole
    from coachtui.widgets.tagging.pane import TaggingPane
    from coachtui.widgets.tagging.timeline import TurnTimeline

    meeting_id = seed(folder / "bench.db")
    app = make_app(folder / "bench.db", keymap_file=folder / "none.toml")
    bare = BareApp()
    series: dict[bool, tuple[list[float], list[float]]] = {False: ([], []), True: ([], [])}
    async with app.run_test(size=(120, 40)) as pilot, bare.run_test(size=(120, 40)):
        # Built inside the app's own task: with two apps running, the bench's context belongs to neither.
        app.call_later(lambda: app.push_screen(ObserverConsole(meeting_id)))
        await pilot.pause()
        await pilot.pause()
        console = app.screen
        assert isinstance(console, ObserverConsole)
        ours_watch, bare_watch = FrameWatch(app), FrameWatch(bare)
        show_talk = console.desk.show_talk

        def shown() -> None:
            show_talk()
            ours_watch.finished()

        console.desk.show_talk = shown  # type: ignore[method-assign]
        bare.finished = bare_watch.finished
        pane = console.query_one(TaggingPane)
        for warm in range(20):
            await press(app, FUNCTION_KEYS[warm % len(FUNCTION_KEYS)], ours_watch, on_tick=False)
            await press(bare, "q", bare_watch, on_tick=False)
        before = len(pane.turns)
        for index in range(presses + presses // 4):
            key = FUNCTION_KEYS[index % len(FUNCTION_KEYS)]
            on_tick = index % 5 == 4  # a fifth more presses measured on the frame tick
            ours, theirs = series[on_tick]
            ours.append(await press(app, key, ours_watch, on_tick=on_tick))
            theirs.append(await press(bare, key, bare_watch, on_tick=on_tick))
            # People do not type in step with the frame timer.
            await asyncio.sleep(random.uniform(0, 1 / 60))
        await pilot.pause()
        committed = len(pane.turns) - before
        shown_rows = console.query_one(TurnTimeline).row_count
        saved = len(app.store.turns.of_meeting(meeting_id))
    app.store.close()
    total = presses + presses // 4
    if committed != total or saved != EXISTING_TURNS + 20 + total or shown_rows != saved:
        raise SystemExit(f"keypress bench: {committed} of {presses} presses committed, {saved} rows saved, "
                         f"{shown_rows} shown")
    return {
        "turns_before": EXISTING_TURNS,
        "presses": len(series[False][0]),
        **summary(*series[False]),
        "target_p99_ms": TARGET_P99_MS,
        "on_frame_tick": {"presses": len(series[True][0]), **summary(*series[True])},
    }


def measure(presses: int = 1000) -> dict[str, object]:
    return asyncio.run(run(presses))


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 1000), indent=2))
