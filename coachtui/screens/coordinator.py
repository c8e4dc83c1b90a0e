"""The coordinator's view: anonymous figures over every meeting and role-play in this database.

It shows codes and counts only; the figures are computed in a worker so a large database never
freezes the screen.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from coachtui.errors import StoreError
from coachtui.screens.base import UsesCoachApp

if TYPE_CHECKING:
    from coachtui.services.figures import Overview


class CoordinatorScreen(UsesCoachApp, Screen[None]):
    CSS_PATH = "summary.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", id="coordinator.close"),
        Binding("s", "save_csv", "Save CSV", id="coordinator.save_csv"),
        Binding("r", "refresh", "Refresh", id="coordinator.refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.overview: Overview | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Coordinator view: anonymous figures only, never names, notes or summaries",
                     classes="screen-title")
        with VerticalScroll(id="coordinator-body"):
            yield Static("Working out the figures…", id="coordinator-figures")
            yield Static("Levels are an aid to reflection, worked out from observers' tags; never a grade.",
                         classes="dialog-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        self.query_one("#coordinator-figures", Static).update("Working out the figures…")
        self.compute()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def compute(self) -> None:
        from coachtui.services.figures import build_overview, refresh_talk

        app = self.coach_app
        try:
            refresh_talk(app.store, app.rubric)
            overview = build_overview(app.store, app.vocabulary.functions)
        except StoreError as error:
            app.call_from_thread(app.report_store_error, error)
            return
        app.call_from_thread(self.show, overview)

    def show(self, overview: Overview) -> None:
        self.overview = overview
        names = {level.number: level.name for level in self.coach_app.rubric.levels}
        self.query_one("#coordinator-figures", Static).update(render_overview(overview, names))

    def action_save_csv(self) -> None:
        if self.overview is None:
            self.notify("The figures are still being worked out.", severity="warning")
            return
        from coachtui.screens.text_prompt import TextPrompt

        suggested = str(Path.cwd() / f"coachtui-figures-{date.today().isoformat()}.csv")
        self.app.push_screen(TextPrompt("Save the figures as CSV to", suggested, max_length=500, required=True),
                             self._save_csv)

    def _save_csv(self, target: str | None) -> None:
        if not target or self.overview is None:
            return
        from coachtui.screens.saving import save_private_file
        from coachtui.services.figures import as_csv

        path = self.typed_path(target)
        if path is None:
            return
        save_private_file(self.coach_app, path, as_csv(self.overview), "aggregate figures (codes and counts only)",
                     f"Saved the figures to {path}.")

    def action_close(self) -> None:
        self.app.pop_screen()


def render_overview(overview: Overview, level_names: dict[int, str]) -> Group:
    """The overview as titled sections of two-column grids, for the screen."""
    from coachtui.services.figures import bars, level_trail

    parts: list[Text | Table] = []

    def section(title: str, rows: list[tuple[str, Text | str]]) -> None:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(width=24, no_wrap=True, overflow="ellipsis")
        grid.add_column()
        for label, value in rows or [("none yet", "")]:
            grid.add_row(label, value)
        parts.extend([Text(title, style="bold"), grid, Text("")])

    section("How much coaching", [(k.replace("_", " "), str(v)) for k, v in overview.counts.items()])
    section("Time use (ended meetings)", [
        (k.replace("_", " "), f"{v:.0%}" if k.startswith("share") else f"{v:.1f}")
        for k, v in overview.time_use.items()])
    section("Interaction functions", [(label, Text(f"{count:>7}  ") + Text(bar, style="bold"))
                                      for label, count, bar in bars(overview.functions, width=24)])
    for title, trails in (("Levels over time, per coach code", overview.levels_by_coach),
                          ("Role-play rounds coached, per participant code", overview.role_play_progress)):
        section(title, [(code, Text(f"{level_trail(levels):<12} ") + Text(
            f"{len(levels)} · latest {level_names.get(levels[-1][1], levels[-1][1])}", style="dim"))
            for code, levels in trails.items()])
    return Group(*parts)
