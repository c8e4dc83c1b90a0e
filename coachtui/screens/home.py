"""Home: every partnership with where its cycle stands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from coachtui.core.model import Partnership, PartnershipOverview
from coachtui.errors import StoreError
from coachtui.screens.base import UsesCoachApp, clip, refill_rows, selected_row_id
from coachtui.widgets.footer import KeyFooter
from coachtui.widgets.keys import keyed

if TYPE_CHECKING:
    pass

EMPTY_HINT = "No partnerships yet. Press [b]n[/b] to set one up: a coach, a coachee and a focus."


HEADERS = ("Coach", "Coachee", "Focus", "Cycle", "Next", "Actions")
FOCUS_COLUMN = HEADERS.index("Focus")


def overview_cells(row: PartnershipOverview) -> list[str]:
    cycle = row.cycle
    stage = f"{cycle.number}: {cycle.stage.short}" if cycle else "-"
    next_meeting = row.next_meeting.strftime("%d %b") if row.next_meeting else "-"
    focus = (cycle.focus if cycle else row.partnership.focus) or "-"
    return [row.partnership.coach, row.partnership.coachee, focus, stage, next_meeting, str(row.open_actions)]


# Less of the focus than this says too little: the column is left out (the cycle screen shows the focus whole).
MIN_FOCUS_WIDTH = 12


def focus_width(rows: list[list[str]], screen_width: int) -> int:
    """How much of the focus fits beside the other columns whole (each with its two cells of padding, and a
    scrollbar's width to spare): at most 40 characters, or 0 when fewer than 12 fit and the column is left out."""
    others = sum(max(len(cells[i]) for cells in [list(HEADERS), *rows]) + 2
                 for i in range(len(HEADERS)) if i != FOCUS_COLUMN)
    room = screen_width - others - 2 - 2
    return min(40, room) if room >= MIN_FOCUS_WIDTH else 0


def shown_columns(width: int) -> list[int]:
    """The columns shown when the focus gets `width` characters (none: no focus column)."""
    return [i for i in range(len(HEADERS)) if width or i != FOCUS_COLUMN]


def overview_row(cells: list[str], width: int) -> tuple[Text, ...]:
    # Names and focus are the user's words: Text, so brackets are never read as markup.
    return tuple(Text(clip(cells[i], width) if i == FOCUS_COLUMN else cells[i]) for i in shown_columns(width))


class HomeScreen(UsesCoachApp, Screen[None]):
    BINDINGS = [
        keyed("home.new", "new", "New"),
        keyed("home.open", "open", "Open"),
        keyed("home.erase", "erase", "Erase…"),
        keyed("home.training", "training", "Training"),
        keyed("home.coordinator", "coordinator", "Coordinator"),
        keyed("home.practice", "practice", "My practice"),
        # q quits many terminal programs; here it says how, as every other screen's text boxes take q.
        keyed("home.quit_hint", "quit_hint", "Quit", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Partnerships", classes="screen-title")
        # Its columns come with its rows: which are shown depends on the width.
        yield DataTable(id="partnerships", cursor_type="row", zebra_stripes=True)
        yield Static(EMPTY_HINT, id="empty-hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_rows()

    def on_screen_resume(self) -> None:
        self.refresh_rows()

    def refresh_rows(self) -> None:
        try:
            rows = self.coach_app.store.partnerships.overview()
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        self._overview = rows
        self._show_rows(rows)

    def _show_rows(self, rows: list[PartnershipOverview]) -> None:
        table = self.query_one("#partnerships", DataTable)
        cells = [overview_cells(row) for row in rows]
        width = focus_width(cells, self.app.size.width)
        self._focus_width = width
        columns = shown_columns(width)
        selected = table.cursor_row
        rebuilt = columns != getattr(self, "_columns", None)
        if rebuilt:
            self._columns = columns
            table.clear(columns=True)
            # Text, not str: a str label is parsed as markup, which loads Rich's emoji table at start.
            table.add_columns(*(Text(HEADERS[i]) for i in columns))
        refill_rows(table, [(row.partnership.id, overview_row(row_cells, width))
                            for row, row_cells in zip(rows, cells, strict=True)])
        if rebuilt and rows:  # new columns put the cursor back on the first row
            table.move_cursor(row=min(selected, len(rows) - 1))
        self.query_one("#empty-hint").display = not rows
        table.display = bool(rows)
        if bool(rows) != getattr(self, "_has_rows", None):
            # Only when Open and Erase come or go: each refresh makes the footer build its keys again.
            self._has_rows = bool(rows)
            self.refresh_bindings()

    def on_resize(self) -> None:
        # The focus column is clipped to the width, or left out: shown again only when the room for it changed.
        rows: list[PartnershipOverview] | None = getattr(self, "_overview", None)
        if rows is not None and focus_width([overview_cells(row) for row in rows],
                                            self.app.size.width) != getattr(self, "_focus_width", None):
            self._show_rows(rows)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # With no partnership there is nothing to open or erase: the footer offers n instead.
        return getattr(self, "_has_rows", False) or action not in ("open", "erase")

    def action_quit_hint(self) -> None:
        self.notify("Press Ctrl+Q to quit coachtui. Everything is already saved.", timeout=4)

    def action_new(self) -> None:
        from coachtui.screens.partnership_form import PartnershipForm

        def created(partnership: Partnership | None) -> None:
            if partnership is not None:
                self.refresh_rows()
                self.coach_app.open_partnership(partnership.id)

        self.app.push_screen(PartnershipForm(), created)

    def action_open(self) -> None:
        partnership_id = self._selected_id()
        if partnership_id is None:
            self.action_new()
            return
        self.coach_app.open_partnership(partnership_id)

    def _selected_id(self) -> int | None:
        return selected_row_id(self.query_one("#partnerships", DataTable))

    def action_erase(self) -> None:
        """Remove the selected partnership and everything recorded for it, after a clear question."""
        partnership_id = self._selected_id()
        if partnership_id is None:
            return
        from coachtui.screens.confirm import ConfirmScreen

        try:
            partnership = self.coach_app.store.partnerships.get(partnership_id)
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                kept_in = self.coach_app.store.erasing.partnership(partnership_id)
            except StoreError as error:
                self.coach_app.report_store_error(error)
                return
            self.refresh_rows()
            self.notify(f"Erased {partnership.pair}: nothing of it remains in the database file.", markup=False)
            if kept_in:
                from coachtui.services.summaries import erased_message

                self.notify(erased_message(partnership_id, kept_in), severity="warning", timeout=20, markup=False)

        question = (f"Erase {partnership.pair} and everything recorded for them: notes, actions, evidence, tags, "
                    "summaries and the sharing log? This cannot be undone.")
        from coachtui.core.summary import initials_of

        initials = initials_of(partnership.coachee)
        prompt = f"To erase, type the coachee's name, {partnership.coachee}" + (
            f" (or {initials})." if initials else ".")
        self.app.push_screen(ConfirmScreen(question, yes="Erase for good", no="Keep",
                                           type_to_confirm=(partnership.coachee, initials), type_prompt=prompt),
                             answered)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.coach_app.open_partnership(int(event.row_key.value))

    def action_coordinator(self) -> None:
        from coachtui.screens.coordinator import CoordinatorScreen

        self.app.push_screen(CoordinatorScreen())

    def action_training(self) -> None:
        from coachtui.screens.training import TrainingScreen

        self.app.push_screen(TrainingScreen())

    def action_practice(self) -> None:
        """Ask whose practice, from the names in the database, then show that person's own view."""
        from coachtui.screens.choose import ChoiceScreen
        from coachtui.screens.practice import WHOSE, PracticeScreen

        try:
            people = self.coach_app.store.practice.people()
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        if not people:
            self.notify("No partnerships yet: set one up with n, and your practice appears here once a meeting "
                        "is tagged.", severity="warning")
            return

        def chosen(index: str | None) -> None:
            if index is not None:
                self.app.push_screen(PracticeScreen(people[int(index)]))

        self.app.push_screen(ChoiceScreen(WHOSE, [(name, str(i)) for i, name in enumerate(people)],
                                          hint="Each person's view is for them: open your own."), chosen)
