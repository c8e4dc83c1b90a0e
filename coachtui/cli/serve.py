"""`coachtui serve --observe`: the observer's console in a browser on this machine, through textual-serve.

textual-serve has no authentication of its own, so it listens on 127.0.0.1 only, and no option offers any
other address: a browser on this machine (a second display), or one reached through an SSH tunnel.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from typing import Any

from coachtui.cli.common import ask_passphrase, chosen_database, say
from coachtui.errors import EXIT_OK, CoachError, StoreError
from coachtui.locations import PASSPHRASE_ENV

LOCAL_ONLY = "127.0.0.1"
SERVE_HINT = "pip install 'coachtui[serve]'"


def observer_command(db_path: str, meeting_id: int, observer: str | None, *, encrypt: bool = False) -> str:
    """The command each browser tab runs: this Python's coachtui, observing the meeting."""
    words = [sys.executable, "-m", "coachtui", "--db", db_path, *(["--encrypt"] if encrypt else []),
             "observe", "--meeting", str(meeting_id)]
    if observer:
        words += ["--as", observer]
    return shlex.join(words)


def observer_server(command: str, port: int) -> Any:
    """A textual-serve server for `command`, bound to this machine only."""
    try:
        from textual_serve.server import Server
    except ImportError:
        raise CoachError(f"Serving to a browser needs an optional package: {SERVE_HINT}.") from None
    return Server(command, host=LOCAL_ONLY, port=port, title="coachtui: observer console")


def run_serve(args: argparse.Namespace) -> int:
    from coachtui.services.turns import find_meeting
    from coachtui.settings import load_settings
    from coachtui.store import Store

    if not args.observe:
        raise CoachError("Only the observer's console can be served: add --observe.")
    settings = load_settings()
    path, encrypt = chosen_database(args, settings)
    if not path.exists():
        raise StoreError(f"There is no database at {path}; give the coach's database with --db.")
    passphrase = ask_passphrase(path) if encrypt else None
    store = Store.open(path, passphrase=passphrase)
    try:
        find_meeting(store, args.meeting)
    finally:
        store.close()
    if passphrase is not None:
        os.environ[PASSPHRASE_ENV] = passphrase  # each browser tab's console opens the database with it
    command = observer_command(str(path), args.meeting, args.observer, encrypt=encrypt)
    server = observer_server(command, args.port)
    say(f"The observer's console for meeting {args.meeting} is at http://{LOCAL_ONLY}:{args.port} (this machine "
        "only; from another, forward the port with ssh -L). Ctrl+C stops it.")
    server.serve()
    return EXIT_OK
