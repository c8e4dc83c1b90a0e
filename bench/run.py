"""Run every benchmark under bench/ and print one JSON object of figures and targets.

`--short` (or BENCH_SHORT=1) runs fewer samples, for CI. `--gate` then fails the run only where
a figure is three times its target or worse: far enough off that no noise on a shared machine
explains it, so a busy machine never blocks a landing. `--only startup` (or keypress, aggregate,
tagging_keys, live_follow; several with commas) runs just those sections; `python bench/startup.py [RUNS]` is the
start-up figure alone.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import aggregate
import keypress
import live_follow
import startup
import tagging_keys

GATE_FACTOR = 3.0
# (section, figure, its target): lower is better for each.
GATED = (
    ("startup", "startup_ratio_median", "startup_ratio_target"),
    ("startup", "peak_memory_mib_median", "peak_memory_mib_target"),
    ("keypress", "p99_ms", "target_p99_ms"),
    ("aggregate", "aggregate_median_ms", "aggregate_target_ms"),
    ("tagging_keys", "live_keys_per_turn", "live_keys_per_turn_target"),
    ("live_follow", "latency_p99_ms", "latency_target_p99_ms"),
)


def far_off(figures: dict[str, dict[str, float]]) -> list[str]:
    """Figures at three times their target or worse, in words."""
    found = []
    for section, name, target_name in GATED:
        if section not in figures:  # a run that measured only some sections
            continue
        value, target = figures[section][name], figures[section][target_name]
        if value >= GATE_FACTOR * target:
            found.append(f"{section}.{name} = {value}, {value / target:.1f} times its target of {target}")
    return found


def main() -> int:
    if "--help" in sys.argv or "-h" in sys.argv:
        print(__doc__)
        return 0
    short = os.environ.get("BENCH_SHORT") == "1" or "--short" in sys.argv
    sections = {
        "startup": lambda: startup.measure(3 if short else 9),
        "keypress": lambda: keypress.measure(200 if short else 1000),
        # The short run uses a fifth of the school-scale data, to keep CI quick.
        "aggregate": lambda: aggregate.measure(2_000 if short else 10_000, samples=5 if short else 15),
        "tagging_keys": tagging_keys.measure,
        "live_follow": lambda: live_follow.measure(30 if short else 100),
    }
    chosen = list(sections)
    if "--only" in sys.argv[:-1]:
        chosen = sys.argv[sys.argv.index("--only") + 1].split(",")
        unknown = [name for name in chosen if name not in sections]
        if unknown:
            print(f"bench: no section {unknown[0]!r}; choose from {', '.join(sections)}", file=sys.stderr)
            return 2
    figures = {name: sections[name]() for name in chosen}
    print(json.dumps(figures, indent=2))
    if "--gate" in sys.argv:
        problems = far_off(figures)  # type: ignore[arg-type]
        for problem in problems:
            print(f"bench: {problem}", file=sys.stderr)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
