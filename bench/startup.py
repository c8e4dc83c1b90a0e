"""Cold start of `coachtui demo` to its first screen, as a ratio to a bare Textual app.

Each run spawns a fresh interpreter (a cold start) for the bare app and for the demo,
alternating so machine noise hits both alike. Prints one JSON object.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_RATIO = 1.3
TARGET_MIB = 60.0


def launch(which: str) -> tuple[float, float]:
    """Seconds from spawn to first screen, and peak memory in MiB."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(HERE / "_launch.py"), which], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.wait(timeout=60)
    if not line.startswith("ready"):
        raise SystemExit(f"{which} did not start: {process.stderr.read() if process.stderr else ''}")
    return elapsed, int(line.split()[1]) / 1024


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(runs: int = 9) -> dict[str, float | int]:
    launch("bare")  # warm the file cache for both, so the first sample is not an outlier
    launch("demo")
    bare, demo, ratios, memory = [], [], [], []
    for _ in range(runs):
        bare_time, _bare_mem = launch("bare")
        demo_time, demo_mem = launch("demo")
        bare.append(bare_time)
        demo.append(demo_time)
        ratios.append(demo_time / bare_time)
        memory.append(demo_mem)
    return {
        "runs": runs,
        "bare_median_ms": round(statistics.median(bare) * 1000, 1),
        "demo_median_ms": round(statistics.median(demo) * 1000, 1),
        "startup_ratio_median": round(statistics.median(ratios), 3),
        "startup_ratio_p99": round(percentile(ratios, 0.99), 3),
        "startup_ratio_target": TARGET_RATIO,
        "peak_memory_mib_median": round(statistics.median(memory), 1),
        "peak_memory_mib_max": round(max(memory), 1),
        "peak_memory_mib_target": TARGET_MIB,
    }


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    print(json.dumps({"startup": measure(count)}, indent=2))
