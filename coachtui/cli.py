"""Command line: `coachtui` runs the app; sub-commands do the rest without a screen."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from coachtui import __version__
from coachtui.errors import EXIT_OK, CoachError
from coachtui.locations import DB_ENV, default_db_path, secure_data_dir

if TYPE_CHECKING:
    from coachtui.store import Store


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coachtui",
        description="Run live coaching meetings: the coaching cycle, GROW, prompts, evidence and actions.",
    )
    parser.add_argument("--version", action="version", version=f"coachtui {__version__}")
    parser.add_argument("--db", type=Path, help=f"database file (default: ${DB_ENV} or {default_db_path()})")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser("demo", help="open the app on a throwaway database with a partnership mid-cycle")
    demo.add_argument("--keep", action="store_true", help="keep the demo database and print where it is")

    export = commands.add_parser("export-turns", help="print or save a meeting's tagged turns as CSV or JSON")
    export.add_argument("--meeting", type=int, required=True, metavar="ID")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--observer", metavar="NAME", help="only this observer's tags")
    export.add_argument("--output", type=Path, metavar="FILE", help="write to FILE (private to you) instead")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")

    imported = commands.add_parser("import-turns", help="add tagged turns from a CSV or JSON file to a meeting")
    imported.add_argument("file", type=Path, metavar="FILE")
    imported.add_argument("--meeting", type=int, metavar="ID", help="the meeting to add to (default: a new one)")
    imported.add_argument("--format", choices=("csv", "json"), help="default: from the file's name or content")

    report = commands.add_parser("report", help="the picture of a meeting's talk from its tags")
    report.add_argument("--meeting", type=int, required=True, metavar="ID")
    report.add_argument("--observer", metavar="NAME", help="whose tags, when several observers tagged")
    report.add_argument("--json", action="store_true", help="one JSON object (the only output form for now)")

    commands.add_parser("keys", help="print the active keymap, yours over the shipped one")
    return parser


def fail(message: str, code: int) -> int:
    print(f"coachtui: {message}", file=sys.stderr)
    return code


def run_app(db_path: Path, subtitle: str = "") -> int:
    from coachtui.app import make_app

    app = make_app(db_path, subtitle=subtitle)
    try:
        app.run()
    finally:
        app.store.close()
    return app.return_code or EXIT_OK


def run_demo(keep: bool) -> int:
    from coachtui.demo import seed_demo
    from coachtui.store import Store

    folder = Path(tempfile.mkdtemp(prefix="coachtui-demo-"))
    path = folder / "demo.db"
    store = Store.open(path, durable=False)
    seed_demo(store)
    store.close()
    try:
        return run_app(path, subtitle="demo: nothing here is kept")
    finally:
        if keep:
            print(f"The demo database is at {path}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def open_store(args: argparse.Namespace) -> Store:
    from coachtui.store import Store

    if args.db is None and not os.environ.get(DB_ENV):
        secure_data_dir()
    return Store.open(args.db or default_db_path())


def run_command(args: argparse.Namespace) -> int:
    """The sub-commands that work on the database without a screen."""
    if args.command == "keys":
        from coachtui.keymap import keys_command

        text, problems = keys_command()
        for problem in problems:
            print(problem, file=sys.stderr)
        print(text, end="")
        return EXIT_OK
    from coachtui import cli_turns

    store = open_store(args)
    try:
        if args.command == "export-turns":
            print(cli_turns.export_turns(store, args.meeting, args.format, observer=args.observer,
                                         output=args.output, force=args.force), end="")
        elif args.command == "import-turns":
            meeting_id, count = cli_turns.import_turns(store, args.file, meeting_id=args.meeting, fmt=args.format)
            print(f"Imported {count} turn{'s' if count != 1 else ''} into meeting {meeting_id}.")
            print(meeting_id)
        elif args.command == "report":
            from coachtui.cli_report import run_report

            print(run_report(store, args.meeting, args.observer))
    finally:
        store.close()
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "demo":
            return run_demo(args.keep)
        if args.command is not None:
            return run_command(args)
        if args.db is None and not os.environ.get(DB_ENV):
            secure_data_dir()
        return run_app(args.db or default_db_path())
    except CoachError as error:
        return fail(str(error), error.exit_code)
    except KeyboardInterrupt:
        return 130
