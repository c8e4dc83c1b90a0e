"""`coachtui report`: what one observer's tags say about a meeting, as one JSON object."""

from __future__ import annotations

import argparse

from coachtui.cli.common import opened_store, say, write_standard_output
from coachtui.errors import EXIT_OK
from coachtui.text import escape_controls


def run_report(args: argparse.Namespace) -> int:
    from coachtui.services.meeting_report import report_json

    with opened_store(args) as store:
        text = report_json(store, args.meeting, args.observer, warn=lambda problem: say(f"coachtui: {problem}",
                                                                                          err=True))
    write_standard_output(escape_controls(text, json=True) + "\n")
    return EXIT_OK
