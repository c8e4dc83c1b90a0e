"""Command line: `coachtui` runs the app; sub-commands do the rest without a screen."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from coachtui import __version__
from coachtui.errors import EXIT_OK, CoachError
from coachtui.locations import DB_ENV, default_db_path, secure_data_dir


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


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "demo":
            return run_demo(args.keep)
        if args.db is None and not os.environ.get(DB_ENV):
            secure_data_dir()
        return run_app(args.db or default_db_path())
    except CoachError as error:
        return fail(str(error), error.exit_code)
    except KeyboardInterrupt:
        return 130
