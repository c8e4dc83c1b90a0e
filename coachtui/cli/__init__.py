"""Command line: `coachtui` runs the app; sub-commands do the rest without a screen.

`parser.py` holds the grammar and names the module of each command; `common.py` what they share.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import import_module

from coachtui.cli.common import fail
from coachtui.cli.parser import COMMANDS, build_parser
from coachtui.errors import EXIT_OK, CoachError


def run_command(args: argparse.Namespace) -> int:
    """Run the chosen sub-command (or the app, with none) and return its exit code."""
    module, function = COMMANDS[args.command][1].split(":") if args.command else ("app", "run_default")
    run = getattr(import_module(f"coachtui.cli.{module}"), function)
    return int(run(args))


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(words).parse_args(words)
    try:
        return run_command(args)
    except CoachError as error:
        return fail(str(error), error.exit_code)
    except BrokenPipeError:
        # A reader that stops early (`| head`) is no error. Point standard output at nothing, or Python
        # complains again when it flushes at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
