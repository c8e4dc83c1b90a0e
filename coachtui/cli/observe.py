"""`coachtui observe`: the observer's console for one meeting, in its own terminal (or over SSH)."""

from __future__ import annotations

import argparse

from coachtui.cli.common import ask_passphrase, chosen_database, refuse_vanished, run_in_this_terminal
from coachtui.errors import StoreError


def run_observe(args: argparse.Namespace) -> int:
    from coachtui.settings import load_settings
    from coachtui.text import clean_text

    settings = load_settings()
    path, encrypt = chosen_database(args, settings)
    refuse_vanished(path, ask=False)
    if not path.exists():
        raise StoreError(f"There is no database at {path}; observe the coach's database (--db, as the coach "
                         "opened it).")
    from coachtui.observer_app import make_observer_app

    observer = clean_text(args.observer).strip() if args.observer else None
    app = make_observer_app(path, args.meeting, observer or None,
                            passphrase=ask_passphrase(path) if encrypt else None, settings=settings)
    return run_in_this_terminal(app)
