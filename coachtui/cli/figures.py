"""`coachtui aggregate` and `coachtui session-report`: the coordinator's figures as text, or as CSV to a
private file."""

from __future__ import annotations

import argparse
from pathlib import Path

from coachtui.cli.common import opened_store, say
from coachtui.errors import EXIT_OK
from coachtui.store import Store


def run_aggregate(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        say((aggregate_csv(store, args.csv) if args.csv else aggregate_text(store)).rstrip("\n"))
    return EXIT_OK


def run_session_report(args: argparse.Namespace) -> int:
    from coachtui.services.files import export_file
    from coachtui.services.session_report import as_csv, as_text, export_description, session_report_for

    with opened_store(args) as store:
        report = session_report_for(store, args.session)
        if args.csv is None:
            say(as_text(report).rstrip("\n"))
        else:
            export_file(store, args.csv, as_csv(report), export_description(report.session))
            say(f"Wrote the session figures to {args.csv}.")
    return EXIT_OK


def aggregate_text(store: Store) -> str:
    """Refresh the per-meeting talk figures, then describe the whole database in codes and numbers."""
    from coachtui.core.rubric import load_rubric
    from coachtui.core.vocabulary import vocabulary
    from coachtui.services.figures import as_text, build_overview, refresh_talk

    rubric = load_rubric()
    refresh_talk(store, rubric)
    overview = build_overview(store, vocabulary().functions)
    return as_text(overview, {level.number: level.name for level in rubric.levels})


def aggregate_csv(store: Store, target: Path) -> str:
    """Write the figures as CSV (private to the user, never over an existing file)."""
    from coachtui.core.vocabulary import vocabulary
    from coachtui.services.figures import as_csv, build_overview, refresh_talk
    from coachtui.services.files import export_file

    refresh_talk(store)
    export_file(store, target, as_csv(build_overview(store, vocabulary().functions)),
                "aggregate figures (codes and counts only)")
    return f"Wrote the aggregate figures to {target}."
