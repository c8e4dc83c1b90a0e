"""The command line's grammar: every sub-command, its one-line purpose, and the module that runs it.

Command modules are imported only when their command is chosen, so starting the app never pays for them.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from coachtui import __version__
from coachtui.locations import DB_ENV, PASSPHRASE_ENV, default_db_path
from coachtui.text import escape_controls

# Each command: its purpose (the first line of its --help) and "module:function" taking the parsed
# arguments and returning an exit code.
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("open the app on a throwaway database with a partnership mid-cycle", "app:run_demo"),
    "list": ("list partnerships, cycles and meetings with the ids other commands ask for", "listing:run_list"),
    "export-turns": ("print or save meetings' tagged turns as CSV, JSON or a BORIS project", "turns:run_export_turns"),
    "import-turns": ("add tagged turns from a CSV or JSON file to a meeting", "turns:run_import_turns"),
    "report": ("the picture of a meeting's talk from its tags, as JSON", "report:run_report"),
    "keys": ("print the active keymap, yours over the shipped one", "keys:run_keys"),
    "export": ("export a meeting's approved summary to a file", "summaries:run_export_summary"),
    "erase": ("remove a partnership and everything recorded for it, for good", "summaries:run_erase"),
    "observe": ("the observer's console for one meeting, in this terminal, beside the coach's screen",
                "observe:run_observe"),
    "serve": ("the observer's console in a browser on this machine only (needs the serve extra)",
              "serve:run_serve"),
    "aggregate": ("the programme's anonymous figures (counted partnerships only), for a coordinator",
                  "figures:run_aggregate"),
    "session-report": ("one training session's rounds, functions and observer agreement, for its coordinator",
                       "figures:run_session_report"),
    "export-round": ("write a played role-play round as a bundle file", "rounds:run_export_round"),
    "import-rounds": ("add role-play round bundles from triads' laptops", "rounds:run_import_rounds"),
    "paths": ("print where the database, settings, packs, keymap, scenarios and logs are on this computer",
              "paths:run_paths"),
    "completion": ("print a shell completion script for bash or zsh", "completion:run_completion"),
}

MEETING_HELP = "the meeting's id (coachtui list shows them)"
PARTNERSHIP_HELP = "the partnership's id (coachtui list shows them)"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse quotes a bad value with repr(), but lists unrecognized arguments as they were typed.
        super().error(escape_controls(message))


def _database_options(parser: argparse.ArgumentParser, *, top: bool, db_help: str) -> None:
    # Accepted before or after the command; after it, a value is set only when given (SUPPRESS), so the
    # one given before the command still counts.
    suppress: dict[str, Any] = {} if top else {"default": argparse.SUPPRESS}
    parser.add_argument("--db", type=Path, help=db_help, **suppress)
    parser.add_argument("--encrypt", action="store_true",
                        help="open or create a database encrypted with a passphrase (needs the encrypt extra; "
                             f"scripts may set ${PASSPHRASE_ENV})", **suppress)


class _Unused:
    """Stands in for the parser of a command that was not chosen: declaring its options then costs nothing."""

    def add_argument(self, *args: Any, **kwargs: Any) -> None:
        return None

    def add_mutually_exclusive_group(self, *args: Any, **kwargs: Any) -> _Unused:
        return self


def chosen_command(argv: Sequence[str]) -> str | None:
    """The command named in `argv`, when only its parser need be built; None when every command's is needed
    (help asked for before any command, or a word that is no command, which the whole parser names)."""
    for word in argv:
        if word in ("-h", "--help"):
            return None
        if word in COMMANDS:
            return word
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole grammar, or (given the words typed) only what parsing them needs: a start of the app builds
    the top-level options alone, and a command its own, so no start pays for declaring sixteen commands."""
    only = chosen_command(argv) if argv is not None else None
    # Only options (and --db's value): the app starts, and no command's parser is needed.
    app_only = argv is not None and only is None and not {"-h", "--help"} & set(argv) and all(
        word.startswith("-") or previous == "--db" for previous, word in zip(["", *argv], argv, strict=False))
    parser = _Parser(
        prog="coachtui",
        description="Run live coaching meetings: the coaching cycle, GROW, prompts, evidence and actions. "
                    "With no command, coachtui opens the app.",
        epilog="Every command works without opening the app, on the same database.",
    )
    parser.add_argument("--version", action="version", version=f"coachtui {__version__}")
    db_help = f"database file (default: ${DB_ENV} or {default_db_path()})"  # worked out once, not per command
    _database_options(parser, top=True, db_help=db_help)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str) -> Any:
        if app_only or (only is not None and name != only):
            return _Unused()
        purpose = COMMANDS[name][0]
        sub = commands.add_parser(name, help=purpose, description=purpose[0].upper() + purpose[1:] + ".")
        _database_options(sub, top=False, db_help=db_help)
        return sub

    command("demo").add_argument("--keep", action="store_true", help="keep the demo database and print where it is")
    command("list").add_argument("--json", action="store_true", help="one JSON array instead of text")

    export = command("export-turns")
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument("--meeting", type=int, action="append", metavar="ID",
                       help=MEETING_HELP + "; repeat it for several meetings, in one file with a meeting column")
    which.add_argument("--all", action="store_true",
                       help="every meeting coachtui list shows that holds turns, with a meeting column")
    export.add_argument("--format", choices=("csv", "json", "boris"), default="csv",
                        help="boris: a BORIS project, one observation per meeting and observer (default: csv)")
    export.add_argument("--observer", metavar="NAME", help="only this observer's tags")
    export.add_argument("--output", type=Path, metavar="FILE", help="write to FILE (private to you) instead")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")

    imported = command("import-turns")
    imported.add_argument("file", type=Path, metavar="FILE")
    imported.add_argument("--meeting", type=int, metavar="ID", help="the meeting to add to (default: a new one)")
    imported.add_argument("--format", choices=("csv", "json"), help="default: from the file's name or content")
    imported.add_argument("--again", action="store_true",
                          help="import turns the meeting already holds once more (normally refused)")

    report = command("report")
    report.add_argument("--meeting", type=int, required=True, metavar="ID", help=MEETING_HELP)
    report.add_argument("--observer", metavar="NAME", help="whose tags, when several observers tagged")
    report.add_argument("--json", action="store_true", help="one JSON object (the only output form for now)")

    command("keys").add_argument("--codebook", action="store_true",
                                 help="print the codebook instead: what each tag means, with an example and its key")

    export_summary = command("export")
    export_summary.add_argument("--meeting", type=int, required=True, metavar="ID", help=MEETING_HELP)
    export_summary.add_argument("--to", type=Path, required=True, metavar="FILE",
                                help="a new file; .txt for plain text, otherwise Markdown")

    observe = command("observe")
    observe.add_argument("--meeting", type=int, required=True, metavar="ID", help=MEETING_HELP)
    observe.add_argument("--as", dest="observer", metavar="CODE",
                         help="tag under this name or code (default: whoever tagged the meeting last)")

    serve = command("serve")
    serve.add_argument("--observe", action="store_true", help="serve the observer's console (the only choice)")
    serve.add_argument("--meeting", type=int, required=True, metavar="ID", help=MEETING_HELP)
    serve.add_argument("--as", dest="observer", metavar="CODE", help="tag under this name or code")
    serve.add_argument("--port", type=int, default=8000, help="the port on 127.0.0.1 (default 8000)")

    aggregate = command("aggregate")
    aggregate.add_argument("--csv", type=Path, metavar="FILE",
                           help="write the figures (per-meeting table and keyed totals) as CSV to a new FILE")
    aggregate.add_argument("--sqlite", type=Path, metavar="FILE",
                           help="write the same tables to a new SQLite FILE (needs the figures extra)")
    session_report = command("session-report")
    session_report.add_argument("--session", required=True, metavar="CODE", help="the training session's code")
    session_report.add_argument("--csv", type=Path, metavar="FILE", help="write one row per round as CSV to a new FILE")

    export_round = command("export-round")
    export_round.add_argument("--session", required=True, metavar="CODE", help="the training session's code")
    export_round.add_argument("--group", type=int, required=True, metavar="N", help="the group (triad) number")
    export_round.add_argument("--round", type=int, required=True, metavar="M", help="the round number")
    export_round.add_argument("--to", type=Path, default=Path("."), metavar="PATH", help="a folder or a new file")
    export_round.add_argument("--include-text", action="store_true",
                              help="also carry the observers' notes and turn notes (the triad's choice)")
    import_rounds = command("import-rounds")
    import_rounds.add_argument("files", type=Path, nargs="+", metavar="FILE")
    import_rounds.add_argument("--replace", action="store_true",
                               help="let these files replace an observer's different tags already here")

    erase = command("erase")
    erase.add_argument("--partnership", type=int, required=True, metavar="ID", help=PARTNERSHIP_HELP)
    erase.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")

    command("paths").add_argument("--json", action="store_true", help="one JSON object instead of text")
    completion = command("completion")
    completion.add_argument("shell", choices=("bash", "zsh"),
                            help="the shell; e.g. coachtui completion bash > ~/.local/share/bash-completion/"
                                 "completions/coachtui")
    return parser
