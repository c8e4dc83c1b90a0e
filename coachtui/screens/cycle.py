"""A partnership's cycles: the current one's four stages, meetings and open actions, and every
earlier cycle to read, with its meetings and the state of their summaries."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from coachtui.core.model import Action, Cycle, Meeting, Stage, format_clock
from coachtui.core.summary import Summary, SummaryState
from coachtui.errors import StoreError
from coachtui.screens.base import UsesCoachApp
from coachtui.widgets.footer import KeyFooter
from coachtui.widgets.keys import keyed

if TYPE_CHECKING:
    pass

SUMMARY_STATE = {SummaryState.DRAFT: "summary in draft", SummaryState.APPROVED: "summary approved",
                 SummaryState.VOID: "summary edited after approval", SummaryState.WITHDRAWN: "approval withdrawn"}


def local_time(stamp: str | None) -> str:
    """A stored UTC timestamp shown in the laptop's local time."""
    if not stamp:
        return ""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%d %b %H:%M")
    except ValueError:
        return stamp


def action_line(action: Action) -> str:
    due = f", by {action.due:%d %b %Y}" if action.due else ""
    text = " ".join(action.text.split()) or "(no text yet)"
    return f"{text} — {action.owner}{due}"


def meeting_line(meeting: Meeting, summary: Summary | None) -> str:
    """A meeting as the cycle lists it: stage, length, when it ended and where its summary stands."""
    if not meeting.ended_at:
        return f"{meeting.stage.title}: {meeting.planned_minutes} min, in progress"
    state = SUMMARY_STATE[summary.state] if summary else "no summary yet"
    if summary and summary.approval and summary.state is SummaryState.APPROVED:
        state += f" by {summary.approval.initials}"
    return f"{meeting.stage.title}: {meeting.planned_minutes} min, ended {local_time(meeting.ended_at)}; {state}"


def next_stage(cycle: Cycle, meetings: list[Meeting]) -> Stage | None:
    """The stage to go to next: the cycle's own, or the one after it once that stage's meeting has ended
    (None when the post-lesson meeting has ended)."""
    ended = {m.stage for m in meetings if m.ended_at} - {m.stage for m in meetings if not m.ended_at}
    if cycle.stage not in ended:
        return cycle.stage
    return Stage(int(cycle.stage) + 1) if cycle.stage is not Stage.POST_LESSON else None


def stage_prompt(stage: Stage, cycle: Cycle, upcoming: Stage | None, *, closed: bool = False) -> Text:
    """A stage as the list shows it: ✓ done, ▶ next (none on a closed cycle: nothing more happens in it)."""
    reached = cycle.stage_reached.get(stage)
    if closed:
        mark, style = ("✓", "dim") if reached else (" ", "dim")
    elif upcoming is None or stage < upcoming:
        mark, style = "✓", "dim"
    elif stage == upcoming:
        mark, style = "▶", "bold"
    else:
        mark, style = " ", ""
    line = Text(f"{mark} {int(stage)} {stage.short:<13}", style=style)
    line.append(f" {local_time(reached)}" if reached else " not yet", style="dim")
    return line


class CycleScreen(UsesCoachApp, Screen[None]):
    BINDINGS = [
        # The stage list shows each stage's number: the footer keeps its room for the rest.
        keyed("cycle.arrangements", "stage(1)", "Arrangements", show=False),
        keyed("cycle.pre_lesson", "stage(2)", "Pre-lesson", show=False),
        keyed("cycle.lesson", "stage(3)", "Lesson", show=False),
        keyed("cycle.post_lesson", "stage(4)", "Post-lesson", show=False),
        keyed("cycle.next_cycle", "next_cycle", "Next cycle"),
        keyed("cycle.earlier", "browse(-1)", "Earlier cycle"),
        keyed("cycle.later", "browse(1)", "Later cycle"),
        keyed("cycle.feedback", "feedback", "Feedback"),
        keyed("cycle.summary", "summary", "Summary"),
        keyed("cycle.back", "back", "Back"),
    ]

    def __init__(self, partnership_id: int, cycle_number: int | None = None) -> None:
        super().__init__()
        self.partnership_id = partnership_id
        self.cycle: Cycle | None = None
        self.shown_number = cycle_number  # None: the current cycle
        self.closed = False  # an earlier cycle: read only

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="cycle-title", classes="screen-title")
        yield Static(id="cycle-focus")
        with Horizontal(id="cycle-body"):
            yield OptionList(id="stages")
            with VerticalScroll(id="cycle-side"):
                yield Static("Meetings", classes="section-title")
                yield Static(id="cycle-meetings")
                yield Static("Open actions", classes="section-title")
                yield Static(id="cycle-actions")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_cycle()

    def on_screen_resume(self) -> None:
        self.refresh_cycle()

    def refresh_cycle(self) -> None:
        store = self.coach_app.store
        try:
            partnership = store.partnerships.get(self.partnership_id)
            cycles = store.cycles.of_partnership(self.partnership_id)
            cycle = next((c for c in cycles if c.number == self.shown_number), cycles[-1])
            meetings = store.meetings.of_cycle(cycle.id)
            summaries = {m.id: store.summaries.get(m.id) for m in meetings if m.ended_at}
            actions = store.actions.still_open(self.partnership_id)
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        self.cycle = cycle
        self.closed = cycle.number != cycles[-1].number
        self.refresh_bindings()
        pack = self.coach_app.packs.get(cycle.theme)
        where = (f"cycle {cycle.number} of {len(cycles)} · closed, read only (] for later)" if self.closed
                 else f"cycle {cycle.number}" + (" · [ for earlier cycles" if len(cycles) > 1 else ""))
        self.query_one("#cycle-title", Static).update(Text(f"{partnership.pair} · {where}"))
        self.query_one("#cycle-focus", Static).update(
            Text.assemble(("Focus: ", "bold"), cycle.focus or "not agreed yet", ("   Theme: ", "bold"), pack.title)
        )
        stages = self.query_one("#stages", OptionList)
        highlighted = stages.highlighted
        stages.clear_options()
        upcoming = next_stage(cycle, meetings)
        stages.add_options([Option(stage_prompt(stage, cycle, upcoming, closed=self.closed), id=str(int(stage)))
                            for stage in Stage])
        stages.highlighted = highlighted if highlighted is not None else int(upcoming or cycle.stage) - 1
        meeting_lines = [meeting_line(m, summaries.get(m.id)) for m in meetings]
        self.query_one("#cycle-meetings", Static).update(Text("\n".join(meeting_lines) or "none yet"))
        self.query_one("#cycle-actions", Static).update(
            Text("\n".join(f"• {action_line(a)}" for a in actions) or "none")
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The footer offers [ only when there is an earlier cycle to go to, ] and no c only on a closed one.
        if self.cycle is None:
            return True
        if action == "next_cycle":
            return not self.closed
        if action == "browse":
            return self.cycle.number > 1 if parameters == (-1,) else self.closed
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.action_stage(int(event.option.id))

    def action_browse(self, step: int) -> None:
        """Show the cycle before or after the one on screen."""
        if self.cycle is None:
            return
        wanted = self.cycle.number + step
        if not self.show_cycle(wanted, quiet=True):
            self.notify("This is the first cycle." if step < 0 else "This is the current cycle.", timeout=2)

    def show_cycle(self, number: int, *, quiet: bool = False) -> bool:
        """Show the partnership's cycle `number` (read only unless it is the current one); False if there is
        none by that number."""
        try:
            numbers = [c.number for c in self.coach_app.store.cycles.of_partnership(self.partnership_id)]
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return False
        if number not in numbers:
            if not quiet:
                self.notify(f"There is no cycle {number}.", severity="warning")
            return False
        self.shown_number = None if number == numbers[-1] else number
        # The stage list starts on the new cycle's next stage, not where the last one was left.
        self.query_one("#stages", OptionList).highlighted = None
        self.refresh_cycle()
        return True

    def action_stage(self, number: int) -> None:
        if self.cycle is None:
            return
        if self.closed:
            self.notify(f"Cycle {self.cycle.number} is closed: read its summaries (s) and feedback (f), or go to "
                        "the current cycle with ].", severity="warning")
            return
        stage = Stage(number)
        if stage is Stage.ARRANGEMENTS:
            from coachtui.screens.arrangements import ArrangementsScreen

            self.app.push_screen(ArrangementsScreen(self.cycle.id))
        elif stage is Stage.LESSON:
            from coachtui.screens.lesson import LessonScreen

            try:
                self.coach_app.store.cycles.reach_stage(self.cycle.id, stage)
            except StoreError as error:
                self.coach_app.report_store_error(error)
                return
            self.app.push_screen(LessonScreen(self.cycle.id))
        else:
            from coachtui.screens.meeting import MeetingScreen

            try:
                meeting = self.coach_app.store.meetings.open(self.cycle.id, stage)
            except StoreError as error:
                self.coach_app.report_store_error(error)
                return
            self.app.push_screen(MeetingScreen(meeting.id))

    def action_feedback(self) -> None:
        """The picture of the talk in this cycle's latest tagged meeting."""
        if self.cycle is None:
            return
        try:
            meeting_id = self.coach_app.store.turns.last_tagged_meeting(self.cycle.id)
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        if meeting_id is None:
            self.notify("No meeting in this cycle has tagged turns yet. Press t in a meeting to tag.",
                        severity="warning")
            return
        from coachtui.screens.feedback import FeedbackScreen

        self.app.push_screen(FeedbackScreen(meeting_id))

    def action_summary(self) -> None:
        """The summary of this cycle's latest finished meeting, to edit, approve or export."""
        if self.cycle is None:
            return
        try:
            ended = [m for m in self.coach_app.store.meetings.of_cycle(self.cycle.id) if m.ended_at]
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        if not ended:
            self.notify("No meeting in this cycle has ended yet; its summary starts when it ends.",
                        severity="warning")
            return
        from coachtui.screens.summary import SummaryScreen

        self.app.push_screen(SummaryScreen(ended[-1].id, read_only=self.closed))

    def action_next_cycle(self) -> None:
        from coachtui.screens.confirm import ConfirmScreen

        if self.cycle is None:
            return
        if self.closed:
            self.notify("A new cycle follows the current one: go to it with ].", severity="warning")
            return
        cycle = self.cycle
        try:
            still_open = [m for m in self.coach_app.store.meetings.of_cycle(cycle.id) if not m.ended_at]
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        early = "" if cycle.stage is Stage.POST_LESSON else " This cycle has not reached its post-lesson meeting."
        if still_open:
            names = " and ".join(f"the {m.stage.title.lower()} ({format_clock(m.clock_elapsed)} on its clock)"
                                 for m in still_open)
            question = (f"{names[:1].upper()}{names[1:]} {'is' if len(still_open) == 1 else 'are'} still open. "
                        f"End {'it' if len(still_open) == 1 else 'them'} and start cycle {cycle.number + 1}? Its "
                        "summary opens next; the focus, arrangements and open actions carry over.")
            yes = f"End and start cycle {cycle.number + 1}"
        else:
            question = (f"Start cycle {cycle.number + 1}? The focus, arrangements and open actions carry over."
                        f"{early}")
            yes = "Start next cycle"

        def answered(answer: bool | None) -> None:
            if answer:
                self._start_next_cycle(cycle, still_open)

        self.app.push_screen(ConfirmScreen(question, yes=yes), answered)

    def _start_next_cycle(self, cycle: Cycle, still_open: list[Meeting]) -> None:
        store = self.coach_app.store
        try:
            for meeting in still_open:
                store.meetings.end(meeting.id, meeting.clock_elapsed)
            store.cycles.open_next(cycle.id)
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        self.shown_number = None
        self.refresh_cycle()
        self.notify(f"Cycle {cycle.number + 1} started.")
        if still_open:
            from coachtui.screens.summary import SummaryScreen

            # The meeting just ended belongs to the closed cycle: its summary can still be written and approved.
            self.app.push_screen(SummaryScreen(still_open[-1].id))

    def action_back(self) -> None:
        self.app.pop_screen()
