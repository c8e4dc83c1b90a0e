"""Run every benchmark under bench/ and print one JSON object of figures and targets."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import keypress
import startup


def main() -> int:
    short = os.environ.get("BENCH_SHORT") == "1" or "--short" in sys.argv
    figures = {
        "startup": startup.measure(3 if short else 9),
        "keypress": keypress.measure(200 if short else 1000),
    }
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
