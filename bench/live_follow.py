"""A tag committed in the observer's process, to the coach's screen showing it: two real processes, one file.

The coach's app runs here headless (Textual's Pilot) with the meeting screen open on a meeting of 2,000
turns; the observer is a separate Python process that commits one turn every 150-250 ms through the store,
writing the wall-clock moment of its commit into the turn's note. When the coach's screen has taken the
turn in and repainted, the latency is now minus that moment (both processes read the same machine's clock).
Also timed: the `PRAGMA data_version` check the screen makes ten times a second whether or not anything
changed. Target: p99 at most 250 ms from commit to screen.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coachtui.app import make_app
from coachtui.core.model import Stage, Turn
from coachtui.screens.meeting import MeetingScreen
from coachtui.store import Store

TARGET_P99_MS = 250.0
EXISTING_TURNS = 2000

OBSERVER = """
import random, sys, time
from coachtui.core.model import Turn
from coachtui.store import Store
path, meeting_id, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
store = Store.open(path)
time.sleep(1.0)  # the coach's screen is open by now
for index in range(count):
    time.sleep(random.uniform(0.15, 0.25))
    store.turns.add(meeting_id, Turn(t=10_000.0 + index, speaker="coachee", function="explanation",
                                    observer="Priya", note=repr(time.time())))
store.close()
"""


def seed(path: Path) -> int:
    store = Store.open(path)
    partnership = store.partnerships.create("Bench coach", "Bench coachee", "wait time")
    meeting = store.meetings.open(store.cycles.current(partnership.id).id, Stage.POST_LESSON)
    store.turns.add_many(meeting.id, [Turn(t=i * 4.0, speaker="coach" if i % 2 else "coachee", function="question",
                                           observer="Priya") for i in range(EXISTING_TURNS)])
    store.close()
    return meeting.id


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def _run(path: Path, meeting_id: int, count: int) -> list[float]:
    app = make_app(path)
    latencies: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(MeetingScreen(meeting_id))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        follow = screen.desk.follow
        seen = {turn.id for turn in screen.session.turns}

        def followed():  # type: ignore[no-untyped-def]
            changed = follow()
            if changed is not None and changed.turns:
                new = [turn for turn in screen.session.turns if turn.id not in seen]
                seen.update(turn.id for turn in new)

                def painted() -> None:
                    now = time.time()
                    latencies.extend((now - float(turn.note)) * 1000 for turn in new if turn.note)

                app.call_after_refresh(painted)
            return changed

        screen.desk.follow = followed  # type: ignore[method-assign]
        observer = subprocess.Popen([sys.executable, "-c", OBSERVER, str(path), str(meeting_id), str(count)],
                                    cwd=Path(__file__).resolve().parents[1])
        deadline = time.monotonic() + 5 + count * 0.4
        while observer.poll() is None or len(latencies) < count:
            await asyncio.sleep(0.02)
            if time.monotonic() > deadline:
                break
        observer.wait(timeout=10)
    app.store.close()
    return latencies


def data_version_cost_us(path: Path, calls: int = 20_000) -> float:
    store = Store.open(path)
    started = time.perf_counter()
    for _ in range(calls):
        store.data_version()
    cost = (time.perf_counter() - started) / calls * 1e6
    store.close()
    return cost


def measure(count: int = 60) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        meeting_id = seed(path)
        latencies = asyncio.run(_run(path, meeting_id, count))
        if len(latencies) < count:
            raise SystemExit(f"live_follow bench: {len(latencies)} of {count} tags reached the coach's screen")
        return {
            "tags": len(latencies),
            "turns_before": EXISTING_TURNS,
            "latency_median_ms": round(statistics.median(latencies), 1),
            "latency_p99_ms": round(percentile(latencies, 0.99), 1),
            "latency_max_ms": round(max(latencies), 1),
            "latency_target_p99_ms": TARGET_P99_MS,
            "data_version_check_us": round(data_version_cost_us(path), 2),
        }


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 60), indent=2))
