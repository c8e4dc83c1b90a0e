"""Opening the app itself: on the chosen database, or on a throwaway demo."""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from coachtui.cli.common import (
    ask_passphrase,
    chosen_database,
    refuse_vanished,
    remember_database,
    run_in_this_terminal,
    say,
)

if TYPE_CHECKING:
    from coachtui.settings import Settings


def run_default(args: argparse.Namespace) -> int:
    """No command: the app on the database `chosen_database` names."""
    from coachtui.settings import load_settings

    settings = load_settings()
    path, encrypt = chosen_database(args, settings)
    refuse_vanished(path, ask=True)
    return run_app(path, passphrase=ask_passphrase(path) if encrypt else None, settings=settings, remember=True)


def run_app(db_path: Path, subtitle: str = "", passphrase: str | None = None,
            settings: Settings | None = None, *, remember: bool = False) -> int:
    """The app on `db_path`; `remember` notes the database's place, so that its vanishing is noticed."""
    from coachtui.app import make_app

    app = make_app(db_path, subtitle=subtitle, passphrase=passphrase, settings=settings)
    if remember:
        remember_database(db_path)
    return run_in_this_terminal(app)


def run_demo(args: argparse.Namespace) -> int:
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
        if args.keep:
            say(f"The demo database is at {path}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
