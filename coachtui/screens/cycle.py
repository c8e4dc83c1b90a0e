"""A partnership's current cycle: the four stages, its meetings and open actions."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from coachtui.errors import StoreError
from coachtui.model import Action, Cycle, Stage
from coachtui.screens.base import UsesCoachApp

if TYPE_CHECKING:
    pass


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


def stage_prompt(stage: Stage, cycle: Cycle) -> Text:
    reached = cycle.stage_reached.get(stage)
    if stage < cycle.stage:
        mark, style = "✓", "dim"
    elif stage == cycle.stage:
        mark, style = "▶", "bold"
    else:
        mark, style = " ", ""
    line = Text(f"{mark} {int(stage)} {stage.short:<13}", style=style)
    line.append(f" {local_time(reached)}" if reached else " not yet", style="dim")
    return line


class CycleScreen(UsesCoachApp, Screen[None]):
    BINDINGS = [
        Binding("1", "stage(1)", "Arrangements", id="cycle.arrangements"),
        Binding("2", "stage(2)", "Pre-lesson", id="cycle.pre_lesson"),
        Binding("3", "stage(3)", "Lesson", id="cycle.lesson"),
        Binding("4", "stage(4)", "Post-lesson", id="cycle.post_lesson"),
        Binding("c", "next_cycle", "Next cycle", id="cycle.next_cycle"),
        Binding("f", "feedback", "Feedback", id="cycle.feedback"),
        Binding("s", "summary", "Summary", id="cycle.summary"),
        Binding("escape", "back", "Back", id="cycle.back"),
    ]

    def __init__(self, partnership_id: int) -> None:
        super().__init__()
        self.partnership_id = partnership_id
        self.cycle: Cycle | None = None

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
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_cycle()

    def on_screen_resume(self) -> None:
        self.refresh_cycle()

    def refresh_cycle(self) -> None:
        store = self.coach_app.store
        try:
            partnership = store.partnership(self.partnership_id)
            cycle = store.current_cycle(self.partnership_id)
            meetings = store.meetings(cycle.id)
            actions = store.open_actions(self.partnership_id)
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        self.cycle = cycle
        pack = self.coach_app.packs.get(cycle.theme)
        self.query_one("#cycle-title", Static).update(Text(f"{partnership.pair} · cycle {cycle.number}"))
        self.query_one("#cycle-focus", Static).update(
            Text.assemble(("Focus: ", "bold"), cycle.focus or "not agreed yet", ("   Theme: ", "bold"), pack.title)
        )
        stages = self.query_one("#stages", OptionList)
        highlighted = stages.highlighted
        stages.clear_options()
        stages.add_options([Option(stage_prompt(stage, cycle), id=str(int(stage))) for stage in Stage])
        stages.highlighted = highlighted if highlighted is not None else int(cycle.stage) - 1
        meeting_lines = [
            f"{m.stage.title}: {m.planned_minutes} min, "
            + (f"ended {local_time(m.ended_at)}" if m.ended_at else "in progress")
            for m in meetings
        ]
        self.query_one("#cycle-meetings", Static).update(Text("\n".join(meeting_lines) or "none yet"))
        self.query_one("#cycle-actions", Static).update(
            Text("\n".join(f"• {action_line(a)}" for a in actions) or "none")
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.action_stage(int(event.option.id))

    def action_stage(self, number: int) -> None:
        if self.cycle is None:
            return
        stage = Stage(number)
        if stage is Stage.ARRANGEMENTS:
            from coachtui.screens.arrangements import ArrangementsScreen

            self.app.push_screen(ArrangementsScreen(self.cycle.id))
        elif stage is Stage.LESSON:
            from coachtui.screens.lesson import LessonScreen

            try:
                self.coach_app.store.reach_stage(self.cycle.id, stage)
            except StoreError as error:
                self.coach_app.report_store_error(error)
                return
            self.app.push_screen(LessonScreen(self.cycle.id))
        else:
            from coachtui.screens.meeting import MeetingScreen

            try:
                meeting = self.coach_app.store.open_meeting(self.cycle.id, stage)
            except StoreError as error:
                self.coach_app.report_store_error(error)
                return
            self.app.push_screen(MeetingScreen(meeting.id))

    def action_feedback(self) -> None:
        """The picture of the talk in this cycle's latest tagged meeting."""
        if self.cycle is None:
            return
        try:
            meeting_id = self.coach_app.store.last_tagged_meeting(self.cycle.id)
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
            ended = [m for m in self.coach_app.store.meetings(self.cycle.id) if m.ended_at]
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        if not ended:
            self.notify("No meeting in this cycle has ended yet; its summary starts when it ends.",
                        severity="warning")
            return
        from coachtui.screens.summary import SummaryScreen

        self.app.push_screen(SummaryScreen(ended[-1].id))

    def action_next_cycle(self) -> None:
        from coachtui.screens.confirm import ConfirmScreen

        if self.cycle is None:
            return
        cycle = self.cycle
        early = "" if cycle.stage is Stage.POST_LESSON else " This cycle has not reached its post-lesson meeting."
        question = (f"Start cycle {cycle.number + 1}? The focus, arrangements and open actions carry over."
                    f"{early}")

        def answered(yes: bool | None) -> None:
            if yes:
                try:
                    self.coach_app.store.open_next_cycle(cycle.id)
                except StoreError as error:
                    self.coach_app.report_store_error(error)
                    return
                self.refresh_cycle()
                self.notify(f"Cycle {cycle.number + 1} started.")

        self.app.push_screen(ConfirmScreen(question, yes="Start next cycle"), answered)

    def action_back(self) -> None:
        self.app.pop_screen()
