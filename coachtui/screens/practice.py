"""My practice over time: a person's own levels, meeting by meeting, and the indicators that moved.

For the coach across the partnerships they coach, and for the coachee across the meetings in which they
were coached. It is shown on this laptop only and is never part of the coordinator's figures. The
meetings are read in a worker, so a long history never holds up the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from coachtui.core.model import STAGE_SHORT
from coachtui.errors import StoreError
from coachtui.screens.base import UsesCoachApp, clip
from coachtui.widgets.footer import KeyFooter
from coachtui.widgets.keys import keyed

if TYPE_CHECKING:
    from coachtui.services.practice import Practice, PracticeMeeting

WHOSE = "Whose practice?"
FOR_YOU = ("Yours alone, on this laptop: never part of the coordinator's figures. Levels are an aid to "
           "reflection, never a grade; * marks one still provisional.")
ROLES = (("coach", "As coach"), ("coachee", "As coachee"))
COLUMNS = ("Date", "With", "Cycle", "Meeting", "Level", "What moved")


def practice_row(meeting: PracticeMeeting) -> tuple[Text, ...]:
    # A long level name is cut here; the line under the table gives it whole.
    level = f"{meeting.level} {clip(meeting.level_name, 16)}{'' if meeting.reviewed else '*'}"
    moved = ", ".join(f"{move.label} {move.arrow}" for move in meeting.moved) or "-"
    cells = (meeting.day, meeting.partner, str(meeting.cycle), STAGE_SHORT[meeting.stage], level, moved)
    # The partner's name is the user's words: Text, so brackets are never read as markup.
    return tuple(Text(cell, no_wrap=True, overflow="ellipsis") for cell in cells)


def moved_detail(meeting: PracticeMeeting, earlier: bool) -> Text:
    """What the highlighted meeting's level rests on and what moved since the meeting before."""
    text = Text.assemble((f"{meeting.day} with ", "bold"), (meeting.partner, "bold"),
                         (f", cycle {meeting.cycle}, {STAGE_SHORT[meeting.stage].lower()}: ", "bold"),
                         f"{meeting.level_name} (level {meeting.level})")
    if not meeting.reviewed:
        text.append(", provisional until ")
        text.append(meeting.observer or "the observer")
        text.append(" marks the review of the tags complete")
    text.append(".\n")
    if not earlier:
        text.append("The first tagged meeting in this role: nothing to compare yet.")
    elif not meeting.moved:
        text.append("Since the meeting before, none of the key indicators moved.")
    else:
        text.append("Since the meeting before: " + "; ".join(move.describe() for move in meeting.moved) + ".")
    return text


class PracticeScreen(UsesCoachApp, Screen[None]):
    CSS_PATH = "practice.tcss"
    BINDINGS = [keyed("practice.close", "close", "Back")]

    def __init__(self, person: str) -> None:
        super().__init__()
        self.person = person
        self.practice: Practice | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="practice-title", classes="screen-title")
        yield Static(FOR_YOU, id="practice-for-you", classes="dialog-hint", markup=False)
        with VerticalScroll(id="practice-body"):
            for role, _ in ROLES:
                yield Static(id=f"practice-{role}-heading", classes="practice-heading")
                table: DataTable[Text] = DataTable(id=f"practice-{role}", cursor_type="row", zebra_stripes=True)
                table.add_columns(*map(Text, COLUMNS))
                yield table
        yield Static("Reading the meetings…", id="practice-moved")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#practice-title", Static).update(Text(f"My practice over time: {self.person}"))
        for role, _ in ROLES:
            self.query_one(f"#practice-{role}", DataTable).display = False
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        from coachtui.services.practice import practice_over_time

        app = self.coach_app
        try:
            practice = practice_over_time(app.store, self.person, app.rubric)
        except StoreError as error:
            app.call_from_thread(app.report_store_error, error)
            return
        app.call_from_thread(self.show, practice)

    def show(self, practice: Practice) -> None:
        from coachtui.services.figures import level_trail

        self.practice = practice
        for role, title in ROLES:
            meetings = self._meetings(role)
            heading = self.query_one(f"#practice-{role}-heading", Static)
            table = self.query_one(f"#practice-{role}", DataTable)
            table.clear()
            for index, meeting in enumerate(meetings):
                table.add_row(*practice_row(meeting), key=str(index))
            table.display = bool(meetings)
            if meetings:
                trail = level_trail([(m.day, m.level) for m in meetings])
                heading.update(Text(f"{title}: {len(meetings)} tagged meeting{'s' * (len(meetings) != 1)}, "
                                    f"levels oldest first {trail}"))
            else:
                heading.update(Text(f"{title}: no tagged meetings"))
        shown = next((role for role, _ in ROLES if self._meetings(role)), None)
        if shown is None:
            self.query_one("#practice-moved", Static).update(
                "No tagged meetings yet: a level appears once an observer has tagged a meeting's talk.")
            return
        table = self.query_one(f"#practice-{shown}", DataTable)
        table.focus()
        table.move_cursor(row=table.row_count - 1)  # the latest meeting first: where the person is now
        self._describe(shown, table.row_count - 1)

    def _meetings(self, role: str) -> tuple[PracticeMeeting, ...]:
        if self.practice is None:
            return ()
        return self.practice.as_coach if role == "coach" else self.practice.as_coachee

    def _describe(self, role: str, index: int) -> None:
        meetings = self._meetings(role)
        if 0 <= index < len(meetings):
            self.query_one("#practice-moved", Static).update(moved_detail(meetings[index], index > 0))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        role = (event.data_table.id or "").removeprefix("practice-")
        if event.row_key.value is not None:
            self._describe(role, int(event.row_key.value))

    def action_close(self) -> None:
        self.app.pop_screen()
