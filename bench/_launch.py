"""Child process for bench/startup.py: start one app headless, report when its first screen is up.

`bare` is a Textual app with Header, Static and Footer; `demo` is `coachtui demo` itself.
Both exit as soon as the first screen has been painted, printing `ready <max_rss_kib>`.
"""

from __future__ import annotations

import resource
import sys
from typing import Any


async def _report_and_exit(pilot: Any) -> None:
    await pilot.pause()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"ready {rss}", flush=True)
    pilot.app.exit()


def _headless_run(app_class: Any) -> None:
    original = app_class.run

    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        kwargs.update(headless=True, auto_pilot=_report_and_exit)
        return original(self, *args, **kwargs)

    app_class.run = run


def bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("bare")
            yield Footer()

    _headless_run(Bare)
    Bare().run()


def demo() -> None:
    from coachtui.app import CoachApp
    from coachtui.cli import main

    _headless_run(CoachApp)
    main(["demo"])


if __name__ == "__main__":
    {"bare": bare, "demo": demo}[sys.argv[1]]()
