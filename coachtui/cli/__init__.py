"""Command line: `coachtui` runs the app; sub-commands do the rest without a screen."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from coachtui import __version__
from coachtui.errors import EXIT_OK, CoachError
from coachtui.locations import DB_ENV, PASSPHRASE_ENV, default_db_path, secure_data_dir
from coachtui.text import escape_controls

if TYPE_CHECKING:
    from coachtui.settings import Settings
    from coachtui.store import Store


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse quotes a bad value with repr(), but lists unrecognized arguments as they were typed.
        super().error(escape_controls(message))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="coachtui",
        description="Run live coaching meetings: the coaching cycle, GROW, prompts, evidence and actions.",
    )
    parser.add_argument("--version", action="version", version=f"coachtui {__version__}")
    parser.add_argument("--db", type=Path, help=f"database file (default: ${DB_ENV} or {default_db_path()})")
    parser.add_argument("--encrypt", action="store_true",
                        help="open or create a database encrypted with a passphrase (needs the encrypt extra; "
                             f"scripts may set ${PASSPHRASE_ENV})")
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

    keys = commands.add_parser("keys", help="print the active keymap, yours over the shipped one")
    keys.add_argument("--codebook", action="store_true",
                      help="print the codebook instead: what each tag means, with an example and its key")

    export_summary = commands.add_parser("export", help="export a meeting's approved summary to a file")
    export_summary.add_argument("--meeting", type=int, required=True, metavar="ID")
    export_summary.add_argument("--to", type=Path, required=True, metavar="FILE",
                                help="a new file; .txt for plain text, otherwise Markdown")

    aggregate = commands.add_parser("aggregate", help="anonymous figures over every meeting, for a coordinator")
    aggregate.add_argument("--csv", type=Path, metavar="FILE", help="write the figures as CSV to a new FILE")
    session_report = commands.add_parser("session-report", help="one training session's rounds, functions and "
                                                                 "observer agreement, for its coordinator")
    session_report.add_argument("--session", required=True, metavar="CODE", help="the training session's code")
    session_report.add_argument("--csv", type=Path, metavar="FILE", help="write one row per round as CSV to a new FILE")

    export_round = commands.add_parser("export-round", help="write a played role-play round as a bundle file")
    export_round.add_argument("--session", required=True, metavar="CODE", help="the training session's code")
    export_round.add_argument("--group", type=int, required=True, metavar="N", help="the group (triad) number")
    export_round.add_argument("--round", type=int, required=True, metavar="M", help="the round number")
    export_round.add_argument("--to", type=Path, default=Path("."), metavar="PATH", help="a folder or a new file")
    export_round.add_argument("--include-text", action="store_true",
                              help="also carry the observers' notes and turn notes (the triad's choice)")
    import_rounds = commands.add_parser("import-rounds", help="add role-play round bundles from triads' laptops")
    import_rounds.add_argument("files", type=Path, nargs="+", metavar="FILE")
    import_rounds.add_argument("--replace", action="store_true",
                               help="let these files replace an observer's different tags already here")

    erase = commands.add_parser("erase", help="remove a partnership and everything recorded for it, for good")
    erase.add_argument("--partnership", type=int, required=True, metavar="ID")
    erase.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    return parser


def say(text: str = "", *, err: bool = False, end: str = "\n") -> None:
    """Print what a command has to say (to standard error with `err`); text from files and the command line
    may hold control characters, which are shown as escapes (ESC as \\x1b), never sent to the terminal."""
    print(escape_controls(text), end=end, file=sys.stderr if err else sys.stdout)


def fail(message: str, code: int) -> int:
    say(f"coachtui: {message}", err=True)
    return code


def run_app(db_path: Path, subtitle: str = "", passphrase: str | None = None,
            settings: Settings | None = None) -> int:
    from coachtui.app import make_app

    app = make_app(db_path, subtitle=subtitle, passphrase=passphrase, settings=settings)
    try:
        app.run()
    finally:
        app.store.close()
    return app.return_code or EXIT_OK


def run_demo(keep: bool) -> int:
    from coachtui.services.demo import seed_demo
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
            say(f"The demo database is at {path}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def chosen_database(args: argparse.Namespace, settings: Settings) -> tuple[Path, bool]:
    """The database file and whether it is encrypted: --db, else $COACHTUI_DB, else the settings file,
    else the private default; encrypted when --encrypt is given or the settings say so."""
    if args.db is not None:
        path = args.db
    elif os.environ.get(DB_ENV):
        path = default_db_path()
    elif settings.database is not None:
        path = settings.database
    else:
        secure_data_dir()
        path = default_db_path()
    from coachtui.errors import DataFileError, StoreError
    from coachtui.services.reading import user_path

    try:
        path = user_path(str(path))  # "~" expanded once, before anything asks whether the file exists
    except DataFileError as problem:
        raise StoreError(str(problem)) from None
    return path, args.encrypt or settings.encrypt


def open_store(args: argparse.Namespace) -> Store:
    """The database `chosen_database` names, opened as the app would open it."""
    from coachtui.settings import load_settings
    from coachtui.store import Store

    settings = load_settings()
    for problem in settings.problems:
        say(f"coachtui: {problem}", err=True)
    path, encrypt = chosen_database(args, settings)
    return Store.open(path, passphrase=ask_passphrase(path) if encrypt else None)


PASSPHRASE_TRIES = 3


def ask_passphrase(path: Path) -> str:
    """A passphrase that opens the encrypted database at `path` (or, for a new one, typed twice).

    Three tries, then a refusal; $COACHTUI_PASSPHRASE answers without asking, for scripts.
    """
    from getpass import getpass

    from coachtui.errors import EXIT_REFUSED
    from coachtui.store import Store
    from coachtui.store.connection import WrongPassphrase

    given = os.environ.get(PASSPHRASE_ENV)
    creating = not path.exists() or path.stat().st_size == 0
    for attempt in range(1, PASSPHRASE_TRIES + 1):
        try:
            passphrase = given if given is not None else getpass(escape_controls(f"Passphrase for {path}: "))
            if creating and given is None and getpass("The same passphrase again: ") != passphrase:
                say("The two passphrases differ; try again.", err=True)
                continue
            Store.open(path, passphrase=passphrase).close()
            return passphrase
        except EOFError:
            raise CoachError("No passphrase was given.") from None
        except WrongPassphrase as error:
            if given is not None or attempt == PASSPHRASE_TRIES:
                error.exit_code = EXIT_REFUSED
                raise
            say(f"{error} {PASSPHRASE_TRIES - attempt} tries left.", err=True)
    raise CoachError("The passphrase was not confirmed.")


@contextmanager
def opened_store(args: argparse.Namespace) -> Iterator[Store]:
    """`open_store` for one command, closed however the command ends."""
    store = open_store(args)
    try:
        yield store
    finally:
        store.close()


# -- sub-commands: each takes the parsed arguments and returns an exit code ----------------------
# Their modules are imported only when chosen, so starting the app never pays for them.


def run_keys(args: argparse.Namespace) -> int:
    if args.codebook:
        from coachtui.core.codebook import codebook, describe_codebook
        from coachtui.core.keymap import load_keymap

        keys, problems = load_keymap()
        text = describe_codebook(codebook(), keys)
    else:
        from coachtui.core.keymap import keys_command

        text, problems = keys_command()
    for problem in problems:
        say(problem, err=True)
    say(text, end="")
    return EXIT_OK


def run_report(args: argparse.Namespace) -> int:
    from coachtui.cli.report import run_report as report_text

    with opened_store(args) as store:
        print(escape_controls(report_text(store, args.meeting, args.observer), json=True))
    return EXIT_OK


def run_export_turns(args: argparse.Namespace) -> int:
    from coachtui.cli.turns import run_export

    return run_export(args)


def run_import_turns(args: argparse.Namespace) -> int:
    from coachtui.cli.turns import run_import

    return run_import(args)


# A new sub-command: its parser in `build_parser`, its `run_...(args) -> int` here.
def run_export_summary(args: argparse.Namespace) -> int:
    from coachtui.cli.summaries import export_summary

    with opened_store(args) as store:
        say(export_summary(store, args.meeting, args.to))
    return EXIT_OK


def run_erase(args: argparse.Namespace) -> int:
    from coachtui.cli.summaries import erase_partnership

    with opened_store(args) as store:
        say(erase_partnership(store, args.partnership, confirmed=args.yes))
    return EXIT_OK


def run_aggregate(args: argparse.Namespace) -> int:
    from coachtui.cli.figures import aggregate_csv, aggregate_text

    with opened_store(args) as store:
        say((aggregate_csv(store, args.csv) if args.csv else aggregate_text(store)).rstrip("\n"))
    return EXIT_OK


def run_session_report(args: argparse.Namespace) -> int:
    from coachtui.cli.session_report import session_report_command

    with opened_store(args) as store:
        say(session_report_command(store, args.session, args.csv).rstrip("\n"))
    return EXIT_OK


def run_export_round(args: argparse.Namespace) -> int:
    from coachtui.cli.rounds import export_round, find_round

    with opened_store(args) as store:
        round_id = find_round(store, args.session, args.group, args.round)
        say(export_round(store, round_id, args.to, include_text=args.include_text))
    return EXIT_OK


def run_import_rounds(args: argparse.Namespace) -> int:
    from coachtui.cli.rounds import import_rounds
    from coachtui.errors import EXIT_DATA

    with opened_store(args) as store:
        result = import_rounds(store, args.files, replace=args.replace)
    for line in result.lines:
        say(line)
    for problem in result.problems:
        say(f"coachtui: {problem}", err=True)
    if result.differing:
        say("coachtui: if a file is the one to keep, import it on its own with --replace.", err=True)
    return EXIT_DATA if result.problems else EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": lambda args: run_demo(args.keep),
    "export-turns": run_export_turns,
    "import-turns": run_import_turns,
    "report": run_report,
    "keys": run_keys,
    "export": run_export_summary,
    "erase": run_erase,
    "aggregate": run_aggregate,
    "session-report": run_session_report,
    "export-round": run_export_round,
    "import-rounds": run_import_rounds,
}


def run_command(args: argparse.Namespace) -> int:
    """Run the chosen sub-command and return its exit code."""
    return COMMANDS[args.command](args)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command is not None:
            return run_command(args)
        from coachtui.settings import load_settings

        settings = load_settings()
        path, encrypt = chosen_database(args, settings)
        return run_app(path, passphrase=ask_passphrase(path) if encrypt else None, settings=settings)
    except CoachError as error:
        return fail(str(error), error.exit_code)
    except KeyboardInterrupt:
        return 130
