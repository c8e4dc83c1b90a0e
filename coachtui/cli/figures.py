"""`coachtui aggregate` and `coachtui session-report`: the coordinator's figures as text, or as CSV (and, for
the aggregate, SQLite) to a private file."""

from __future__ import annotations

import argparse
from pathlib import Path

from coachtui.cli.common import opened_store, say
from coachtui.errors import EXIT_OK
from coachtui.store import Store


def run_aggregate(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        if args.csv is None and args.sqlite is None:
            say(aggregate_text(store).rstrip("\n"))
        else:
            for line in aggregate_files(store, csv=args.csv, sqlite=args.sqlite):
                say(line)
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


def aggregate_files(store: Store, *, csv: Path | None = None, sqlite: Path | None = None) -> list[str]:
    """Write the figures' tables as CSV and/or a SQLite file, each private to the user, never over an existing
    file, and recorded in the export log; say what was written."""
    from coachtui.core.vocabulary import vocabulary
    from coachtui.services.figure_tables import WHAT, as_csv, build_tables, sqlite_writer
    from coachtui.services.figures import refresh_talk
    from coachtui.services.files import FileExists, export_file

    for target in (csv, sqlite):
        if target is not None and (target.exists() or target.is_symlink()):
            raise FileExists(target)  # before either file is written: never one of the two
    refresh_talk(store)
    tables = build_tables(store, vocabulary().functions)
    # sqlite-utils is checked (and a missing extra reported) before anything is written.
    writer = sqlite_writer(tables) if sqlite is not None else None
    written = []
    if csv is not None:
        export_file(store, csv, as_csv(tables), WHAT)
        written.append(f"Wrote the aggregate figures to {csv}.")
    if sqlite is not None and writer is not None:
        export_file(store, sqlite, writer, f"{WHAT}, SQLite")
        written.append(f"Wrote the aggregate figures to {sqlite} (SQLite: tables meetings and totals).")
    return written
