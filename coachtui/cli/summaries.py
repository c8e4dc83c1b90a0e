"""`coachtui export` and `coachtui erase`: the approved summary out, a partnership gone for good."""

from __future__ import annotations

import argparse

from coachtui.cli.common import opened_store, say
from coachtui.errors import EXIT_OK


def run_export_summary(args: argparse.Namespace) -> int:
    from coachtui.services.summaries import export_summary

    with opened_store(args) as store:
        say(export_summary(store, args.meeting, args.to))
    return EXIT_OK


def run_erase(args: argparse.Namespace) -> int:
    from coachtui.services.summaries import erase_partnership

    with opened_store(args) as store:
        say(erase_partnership(store, args.partnership, confirmed=args.yes))
    return EXIT_OK
