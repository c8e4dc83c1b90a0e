"""`coachtui keys`: the active keymap, or the codebook with each tag's key."""

from __future__ import annotations

import argparse

from coachtui.cli.common import say
from coachtui.errors import EXIT_OK


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
