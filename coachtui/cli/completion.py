"""`coachtui completion bash|zsh`: a completion script for the shell, generated from the command line's grammar."""

from __future__ import annotations

import argparse
from pathlib import Path

from coachtui.cli.common import write_standard_output
from coachtui.errors import EXIT_OK


def run_completion(args: argparse.Namespace) -> int:
    import shtab  # only for this command: it reads package metadata as it loads

    from coachtui.cli.parser import build_parser

    parser = build_parser()
    _complete_paths_as_files(parser, shtab.FILE)
    write_standard_output(shtab.complete(parser, shell=args.shell))
    return EXIT_OK


def _complete_paths_as_files(parser: argparse.ArgumentParser, files: object) -> None:
    """Every argument that takes a path completes with file names, in the command and its sub-commands."""
    for action in parser._actions:
        if action.type is Path:
            action.complete = files  # type: ignore[attr-defined]  # shtab reads this attribute
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _complete_paths_as_files(sub, files)
