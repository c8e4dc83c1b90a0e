"""One training session: every group's rounds, played here or imported, and what to do with each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from coachtui.core.model import TrainingRound, TrainingSession
from coachtui.core.training_plan import who
from coachtui.errors import CoachError, StoreError
from coachtui.screens.base import clip, refill_rows, selected_row_id
from coachtui.screens.round_files import MovesRoundFiles
from coachtui.widgets.footer import KeyFooter
from coachtui.widgets.keys import keyed


@dataclass(frozen=True)
class RoundRow:
    played: TrainingRound
    status: str  # "to play", "under way", "played", "imported"


class TrainingSessionScreen(MovesRoundFiles, Screen[None]):
    CSS_PATH = "training.tcss"
    BINDINGS = [
        keyed("training_session.play", "play", "Play / debrief"),
        keyed("training_session.briefs", "briefs", "Briefs"),
        keyed("training_session.group", "next_group", "Show a group"),
        keyed("training_session.export", "export", "Export round"),
        keyed("training_session.import", "import_rounds", "Import rounds"),
        keyed("training_session.report", "report", "Session view"),
        keyed("training_session.plan", "save_plan", "Plan file"),
        keyed("training_session.leave", "leave", "Back"),
    ]

    def __init__(self, session_id: int) -> None:
        super().__init__()
        self.session_id = session_id
        self._session: TrainingSession | None = None  # read on mount, where a failure can be told
        self.group_shown: int | None = None  # None shows every group
        self.rows: dict[int, RoundRow] = {}

    @property
    def session(self) -> TrainingSession:
        """The session as last read (on mount, and whenever the rounds are shown again)."""
        assert self._session is not None, "read on mount"
        return self._session

    def compose(self) -> ComposeResult:
        self.title = "Training session"
        yield Header()
        yield Static(classes="screen-title", id="session-title")
        yield Static(id="session-lengths")
        table: DataTable[Text] = DataTable(id="rounds", cursor_type="row", zebra_stripes=True)
        table.add_columns("Group", "Round", "Scenario", "Coach", "Coachee", "Observing", "Status")
        yield table
        yield Static(id="who-is-who")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_rows()
        if self._session is None:  # it could not be read: said already, and nothing to show
            self.app.pop_screen()
            return
        self.title = f"Training session {self.session.code}"
        self.query_one("#session-title", Static).update(Text(self.session.title or self.session.code))

    def on_screen_resume(self) -> None:
        self.refresh_rows()

    def rounds_changed(self) -> None:
        self.refresh_rows()

    def refresh_rows(self) -> None:
        store = self.coach_app.store
        try:
            session = store.training.session(self.session_id)
            rounds = store.training.rounds(self.session_id, self.group_shown)
            rows = [RoundRow(played, self._status(played)) for played in rounds]
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        self._session = session
        titles = {s.id: s.title for s in self.coach_app.scenarios.ordered()}
        self.rows = {row.played.id: row for row in rows}
        refill_rows(self.query_one("#rounds", DataTable), [(p.id, (
            str(p.group), str(p.number), clip(titles.get(p.scenario, p.scenario), 26), p.coach, p.coachee,
            ", ".join(p.observers), row.status)) for row in rows for p in (row.played,)])
        self._show_who()
        shown = "every group" if self.group_shown is None else f"group {self.group_shown} only (g for the next)"
        self.query_one("#session-lengths", Static).update(Text(
            f"Rounds of {session.round_minutes} minutes, debriefs of {session.debrief_minutes}. "
            f"Showing {shown}."))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_who()

    def _show_who(self) -> None:
        """Names stay off the table (it must fit 80 columns); the selected round's group is spelt out here."""
        row = self.selected()
        if row is None:
            self.query_one("#who-is-who", Static).update("")
            return
        group = row.played.group
        people = [who(p.code, {p.code: p.name}) for p in self.session.participants if p.group == group]
        self.query_one("#who-is-who", Static).update(Text(f"Group {group}: {', '.join(people)}"))

    def _status(self, played: TrainingRound) -> str:
        if played.meeting_id is None:
            return "to play"
        if played.source == "imported":
            return "imported"
        meeting = self.coach_app.store.meetings.get(played.meeting_id)
        return "played" if meeting.ended_at else "under way"

    def selected(self) -> RoundRow | None:
        round_id = selected_row_id(self.query_one("#rounds", DataTable))
        return self.rows.get(round_id) if round_id is not None else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_play()

    def action_play(self) -> None:
        """To play: the briefs first. Under way: back into the meeting. Played or imported: the debrief."""
        row = self.selected()
        if row is None:
            return
        played = row.played
        if played.meeting_id is None:
            self.action_briefs()
        elif row.status == "under way":
            meeting_id = played.meeting_id
            self._with_observer(played, lambda observer: self._open_meeting(meeting_id, observer))
        else:
            from coachtui.screens.debrief import DebriefScreen

            self.app.push_screen(DebriefScreen(played.meeting_id, played.id))

    def action_briefs(self) -> None:
        row = self.selected()
        if row is None:
            return
        from coachtui.screens.briefs import BriefsScreen

        names = {p.code: p.name for p in self.session.participants}
        played = row.played

        def answered(start: bool | None) -> None:
            if start:
                self._with_observer(played, lambda observer: self._start(played, observer))

        self.app.push_screen(BriefsScreen(played, self.session.round_minutes, names), answered)

    def _with_observer(self, played: TrainingRound, then: Callable[[str | None], None]) -> None:
        """With two or more observers, ask who tags on this laptop before the round starts or resumes, so each
        tags under their own code and the bundles never file two people's tags as one. Escape does nothing."""
        if len(played.observers) < 2:
            then(None)
            return
        from coachtui.screens.choose import ChoiceScreen

        names = {p.code: p.name for p in self.session.participants}

        def chosen(observer: str | None) -> None:
            if observer is not None:
                then(observer)

        self.app.push_screen(ChoiceScreen("Who is tagging on this laptop?",
                                          [(who(code, names), code) for code in played.observers],
                                          "The other observer tags on their own laptop, or switches in with p. "
                                          "Escape goes back without starting."),
                             chosen)

    def _open_meeting(self, meeting_id: int, observer: str | None) -> None:
        from coachtui.screens.meeting import MeetingScreen

        self.app.push_screen(MeetingScreen(meeting_id, observer=observer))

    def _start(self, played: TrainingRound, observer: str | None) -> None:
        scenario = self.coach_app.scenarios.get(played.scenario)
        from coachtui.core.model import Stage

        try:
            meeting_id = self.coach_app.store.training.start_round(
                played.id, stage=scenario.stage if scenario else Stage.POST_LESSON,
                theme=scenario.theme if scenario else "a4l", focus=scenario.coach_focus if scenario else "")
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        self._open_meeting(meeting_id, observer)

    def action_next_group(self) -> None:
        groups = sorted({p.group for p in self.session.participants})
        if not groups:
            return
        if self.group_shown is None:
            self.group_shown = groups[0]
        else:
            later = [number for number in groups if number > self.group_shown]
            self.group_shown = later[0] if later else None
        self.refresh_rows()

    def action_export(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.status in ("to play", "under way"):
            self.notify("End the round first: only a played round can be exported.", severity="warning")
            return
        self.export_round(row.played.id)

    def action_import_rounds(self) -> None:
        self.import_bundles()

    def action_report(self) -> None:
        from coachtui.screens.session_report import SessionReportScreen

        self.app.push_screen(SessionReportScreen(self.session_id))

    def action_save_plan(self) -> None:
        from coachtui.core.training_plan import PLAN_SUFFIX
        from coachtui.screens.text_prompt import TextPrompt

        suggested = str(Path.cwd() / f"{self.session.code}{PLAN_SUFFIX}")

        def chosen(target: str | None) -> None:
            if target:
                path = self.typed_path(target)
                if path is not None:
                    self._write_plan(path)

        self.app.push_screen(TextPrompt("Save the plan for the other laptops to", suggested, max_length=500,
                                        required=True), chosen)

    def _write_plan(self, path: Path) -> None:
        from coachtui.screens.saving import save_private_file
        from coachtui.services.rounds import shareable_plan

        app = self.coach_app
        try:
            text = shareable_plan(app.store, self.session_id)
        except CoachError as problem:
            self.notify(str(problem), severity="error", markup=False)
            return
        save_private_file(app, path, text, "training plan (codes, and the names typed for them)",
                          f"Saved the plan to {path}. On each triad's laptop: Training, then o.")
        own = sorted({r.scenario for r in app.store.training.rounds(self.session_id)
                      if (found := app.scenarios.get(r.scenario)) is None or found.origin != "shipped"})
        if own:
            self.notify(f"The plan uses scenarios that are not shipped with coachtui ({', '.join(own)}). Copy their "
                        "files into each triad laptop's scenarios folder, or the triads will not see the briefs.",
                        title="Scenarios to copy", severity="warning", timeout=20, markup=False)

    def action_leave(self) -> None:
        self.app.pop_screen()


