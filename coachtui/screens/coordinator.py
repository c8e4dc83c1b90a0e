"""The coordinator's view: programme figures over the partnerships that agreed to be counted and the
role-play rounds in this database.

It shows numbers only, never a series per person, and withholds any breakdown of fewer than five
partnerships (or participants); the figures are computed in a worker so a large database never
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
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from coachtui.errors import StoreError
from coachtui.screens.base import UsesCoachApp
from coachtui.widgets.footer import KeyFooter
from coachtui.widgets.keys import keyed

if TYPE_CHECKING:
    from coachtui.services.figures import Overview


class CoordinatorScreen(UsesCoachApp, Screen[None]):
    CSS_PATH = "summary.tcss"
    BINDINGS = [
        keyed("coordinator.close", "close", "Back"),
        keyed("coordinator.save_csv", "save_csv", "Save CSV"),
        keyed("coordinator.refresh", "refresh", "Refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.overview: Overview | None = None

    def compose(self) -> ComposeResult:
        from coachtui.services.figures import COORDINATOR_SEES

        yield Header()
        yield Static("Coordinator view: the programme's figures", classes="screen-title")
        with VerticalScroll(id="coordinator-body"):
            yield Static(COORDINATOR_SEES, id="coordinator-sees", classes="dialog-hint", markup=False)
            yield Static("Working out the figures…", id="coordinator-figures")
            yield Static("Levels are an aid to reflection, worked out from observers' tags; never a grade.",
                         classes="dialog-hint")
        yield KeyFooter()

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
        from coachtui.services.figure_tables import WHAT

        path = self.typed_path(target)
        if path is None:
            return
        # The file's tables (one row per meeting) are worked out in the saving worker, only when asked for.
        save_private_file(self.coach_app, path, self.figures_csv, WHAT, f"Saved the figures to {path}.")

    def figures_csv(self) -> str:
        """The figures' tables as CSV, from the tags as they are now (run in a worker)."""
        from coachtui.services.figure_tables import as_csv, build_tables
        from coachtui.services.figures import refresh_talk

        app = self.coach_app
        refresh_talk(app.store, app.rubric)
        return as_csv(build_tables(app.store, app.vocabulary.functions))

    def action_close(self) -> None:
        self.app.pop_screen()


def render_overview(overview: Overview, level_names: dict[int, str]) -> Group:
    """The overview as titled sections of two-column grids, for the screen."""
    from coachtui.services.figures import TOO_FEW, bars, level_key, spread

    parts: list[Text | Table] = []

    def section(title: str, rows: list[tuple[str, Text | str]] | None) -> None:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(width=24, no_wrap=True, overflow="ellipsis")
        grid.add_column()
        for label, value in [(TOO_FEW, "")] if rows is None else rows or [("none yet", "")]:
            grid.add_row(label, value)
        parts.extend([Text(title, style="bold"), grid, Text("")])

    def plain(figures: dict[str, int] | None) -> list[tuple[str, Text | str]] | None:
        return None if figures is None else [(k.replace("_", " "), str(v)) for k, v in figures.items()]

    section("Partnerships that agreed to be counted", plain(overview.counts))
    time_use = overview.time_use
    section("Time use (ended meetings)", None if time_use is None else [
        (k.replace("_", " "), f"{v:.0%}" if k.startswith("share") else f"{v:.1f}") for k, v in time_use.items()])
    functions = overview.functions
    section("Interaction functions", None if functions is None else [
        (label, Text(f"{count:>7}  ") + Text(bar, style="bold")) for label, count, bar in bars(functions, width=24)])
    for title, levels in (("Levels by month (meetings at each level)", overview.levels_by_month),
                          ("Levels by cycle number", overview.levels_by_cycle),
                          ("Role-play levels by month", overview.role_play_levels_by_month)):
        section(title, None if levels is None else [
            (period, Text(TOO_FEW, style="dim") if at is None else spread(at)) for period, at in levels.items()])
    section("Role-play rounds (exercises)", plain(overview.role_play))
    parts.append(Text(f"Levels: {level_key(level_names)}.", style="dim"))
    return Group(*parts)
