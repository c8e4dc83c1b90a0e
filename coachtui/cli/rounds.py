"""`coachtui export-round` and `coachtui import-rounds`: role-play rounds from triads to the coordinator."""

from __future__ import annotations

import argparse

from coachtui.cli.common import opened_store, say
from coachtui.errors import EXIT_DATA, EXIT_OK


def run_export_round(args: argparse.Namespace) -> int:
    from coachtui.services.rounds import export_round, find_round

    with opened_store(args) as store:
        round_id = find_round(store, args.session, args.group, args.round)
        say(export_round(store, round_id, args.to, include_text=args.include_text))
    return EXIT_OK


def run_import_rounds(args: argparse.Namespace) -> int:
    from coachtui.services.rounds import import_rounds

    with opened_store(args, must_exist=False) as store:
        result = import_rounds(store, args.files, replace=args.replace)
    for line in result.lines:
        say(line)
    for problem in result.problems:
        say(f"coachtui: {problem}", err=True)
    if result.differing:
        say("coachtui: if a file is the one to keep, import it on its own with --replace.", err=True)
    return EXIT_DATA if result.problems else EXIT_OK
