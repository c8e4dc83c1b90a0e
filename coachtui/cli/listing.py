"""`coachtui list`: the partnerships, cycles and meetings in the database, with their ids."""

from __future__ import annotations

import argparse
import json

from coachtui.cli.common import opened_store, write_standard_output
from coachtui.errors import EXIT_OK
from coachtui.text import escape_controls


def run_list(args: argparse.Namespace) -> int:
    from coachtui.services.listing import as_text, listing

    with opened_store(args) as store:
        found = listing(store)
    if args.json:
        write_standard_output(escape_controls(json.dumps(found, indent=2, ensure_ascii=False), json=True) + "\n")
    else:
        write_standard_output(escape_controls(as_text(found)))
    return EXIT_OK
