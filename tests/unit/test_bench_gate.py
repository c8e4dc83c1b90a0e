"""The CI bench gate fails only on figures far beyond their targets."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def load_runner():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("bench_run", BENCH / "run.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


def figures(ratio: float, memory: float, p99: float, aggregate_ms: float = 100.0) -> dict[str, dict[str, float]]:
    return {
        "startup": {"startup_ratio_median": ratio, "startup_ratio_target": 1.3,
                    "peak_memory_mib_median": memory, "peak_memory_mib_target": 60.0},
        "keypress": {"p99_ms": p99, "target_p99_ms": 16.0},
        "aggregate": {"aggregate_median_ms": aggregate_ms, "aggregate_target_ms": 1000.0},
        "tagging_keys": {"live_keys_per_turn": 1.25, "live_keys_per_turn_target": 1.3},
    }


def test_figures_over_target_but_within_noise_pass() -> None:
    runner = load_runner()
    assert runner.far_off(figures(ratio=2.5, memory=100, p99=40)) == []


def test_a_figure_three_times_its_target_fails_and_is_named() -> None:
    runner = load_runner()
    problems = runner.far_off(figures(ratio=1.2, memory=40, p99=48.0))
    assert problems == ["keypress.p99_ms = 48.0, 3.0 times its target of 16.0"]
    assert len(runner.far_off(figures(ratio=4.0, memory=200, p99=50))) == 3
    assert runner.far_off(figures(ratio=1.2, memory=40, p99=10, aggregate_ms=3100)) == [
        "aggregate.aggregate_median_ms = 3100, 3.1 times its target of 1000.0"]
