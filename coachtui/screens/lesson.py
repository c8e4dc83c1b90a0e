"""Stage 3: the lesson. A lesson clock, one-key timestamped evidence and feature timings. An evidence note's text
is never saved over what another window saved since it was opened here (both are kept, and the screen says so)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label, Static

from coachtui.core.clock import Stopwatch
from coachtui.core.model import (
    EvidenceKind,
    FeatureSpan,
    LessonFeature,
    evidence_label,
    feature_totals,
    format_clock,
    parse_clock,
)
from coachtui.errors import StoreError
from coachtui.screens.base import UsesCoachApp
from coachtui.screens.interval_signal import IntervalSignal, interval_binding
from coachtui.services.kept_text import KeptText, evidence_text
from coachtui.widgets.field import Field
from coachtui.widgets.filled import FilledValues
from coachtui.widgets.footer import KeyFooter
from coachtui.widgets.keys import keyed
from coachtui.widgets.lesson.evidence_table import EvidenceTable

if TYPE_CHECKING:
    pass

CHECKPOINT_SECONDS = 5.0
FEATURE_KEYS = {"1": LessonFeature.TEACHER_TALK, "2": LessonFeature.GROUP_WORK,
                "3": LessonFeature.WHOLE_CLASS, "4": LessonFeature.INDEPENDENT}


# Below this width the clock line and the feature timings use fewer words.
NARROW = 80
SHORT_NAMES = {LessonFeature.TEACHER_TALK: "teacher talk", LessonFeature.GROUP_WORK: "group work",
               LessonFeature.WHOLE_CLASS: "whole class", LessonFeature.INDEPENDENT: "independent"}


class LessonScreen(UsesCoachApp, Screen[None]):
    BINDINGS = [
        interval_binding("lesson"),
        keyed("lesson.clock", "toggle_clock", "Start/pause"),
        keyed("lesson.note", "add('note')", "Note"),
        keyed("lesson.critical", "add('critical')", "Critical"),
        keyed("lesson.teacher_question", "add('teacher question')", "Teacher Q"),
        keyed("lesson.pupil_question", "add('pupil question')", "Pupil Q"),
        keyed("lesson.video", "add('video moment')", "Video"),
        keyed("lesson.teacher_talk", "feature('1')", "Teacher talk", show=False),
        keyed("lesson.group_work", "feature('2')", "Group work", show=False),
        keyed("lesson.whole_class", "feature('3')", "Whole class", show=False),
        keyed("lesson.independent", "feature('4')", "Independent", show=False),
        keyed("lesson.feature_off", "feature('0')", "Feature off", show=False),
        keyed("lesson.star", "toggle_critical", "★ on/off", show=False),
        keyed("lesson.delete", "delete_entry", "Delete", show=False),
        keyed("lesson.leave", "leave", "Back"),
    ]

    def __init__(self, cycle_id: int) -> None:
        super().__init__()
        self.cycle_id = cycle_id
        self.signal = IntervalSignal(self)
        # The lesson's clock and feature timings as saved, once read on mount.
        self.clock = Stopwatch(0.0, self.coach_app.ticker)
        self.spans: list[FeatureSpan] = []
        self._opened = False
        self.editing_id: int | None = None
        self.entry_text: KeptText | None = None  # the text of the note being edited, as loaded here
        self._since_checkpoint = 0.0
        # What each entry field was filled with: a change event carrying that value is the field being filled, not
        # the user typing, and saves nothing; typed keys save from the first one.
        self._shown = FilledValues()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Until the lesson is read there is no clock or note for a key to act on, only the way out.
        return self._opened or action == "leave"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="lesson-clock")
        with Horizontal(id="lesson-body"):
            yield EvidenceTable(id="evidence")
            yield Static(id="features")
        with Vertical(id="entry"):
            yield Label("Select or add a note (n, c, t, u, v) to write here", id="entry-label")
            with Horizontal(id="entry-fields"):
                yield Field(placeholder="mm:ss", id="video-ref", max_length=8)
                yield Field(placeholder="what you saw or heard", id="entry-text", disabled=True)
            yield Static("", id="entry-error", classes="error-line", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        store = self.coach_app.store
        try:
            cycle = store.cycles.get(self.cycle_id)
            self.clock = Stopwatch(store.lessons.clock(self.cycle_id), self.coach_app.ticker)
            self.spans = store.lessons.feature_spans(self.cycle_id)
        except StoreError as error:
            self.close_unopened("the lesson", error)
            return
        self._opened = True
        self.refresh_bindings()
        self.title = f"Lesson · cycle {cycle.number}"
        self.query_one("#video-ref").display = False
        self._reload()
        self._update_clock()
        self.set_interval(0.5, self.tick)

    def _reload(self, select_id: int | None = None) -> None:
        try:
            items = self.coach_app.store.lessons.evidence(self.cycle_id)
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        self.query_one(EvidenceTable).show(items, select_id)

    # -- clock and features -------------------------------------------------------------

    def action_interval_signal(self) -> None:
        self.signal.ask()

    def tick(self) -> None:
        """Bring the screen up to the lesson clock's reading: the signal, the clock line and feature times,
        and a checkpoint when one is due. A timer calls it twice a second; tests call it after moving time."""
        self.signal.signal_if_due(self.clock.elapsed, self.clock.running)
        self._update_clock()
        if self.clock.running and self.clock.elapsed - self._since_checkpoint >= CHECKPOINT_SECONDS:
            self._checkpoint()

    def on_unmount(self) -> None:
        # Quitting from here (Ctrl+Q) still records where the clock stood (never a clock this screen did not read).
        if self._opened:
            self._checkpoint()

    def _checkpoint(self) -> None:
        self._since_checkpoint = self.clock.elapsed
        try:
            self.coach_app.store.lessons.save_clock(self.cycle_id, self.clock.elapsed)
        except StoreError as error:
            self.coach_app.report_store_error(error)

    def _running_feature(self) -> LessonFeature | None:
        return next((s.feature for s in reversed(self.spans) if s.end is None), None)

    def _update_clock(self) -> None:
        now = self.clock.elapsed
        # Under 80 columns the words get shorter, so the notes keep their room and no time is cut.
        narrow = self.size.width < NARROW
        self.set_class(narrow, "-narrow")
        paused = "❚❚ paused · space starts" if narrow else "❚❚ paused · space starts the lesson clock"
        state = "▶ lesson running" if self.clock.running else paused
        current = self._running_feature()
        line = Text.assemble((state, "bold"), "  ", (format_clock(now), "bold"))
        if current:
            line.append(f"   now: {SHORT_NAMES[current] if narrow else current.value}")
        else:
            line.append("   no feature" if narrow else "   no feature timed")
        self.query_one("#lesson-clock", Static).update(line)
        totals = feature_totals(self.spans, now)
        table = Text("Features\n" if narrow else "Lesson features\n", style="bold")
        for key, feature in FEATURE_KEYS.items():
            style = "reverse" if feature is current else ""
            name = f"{SHORT_NAMES[feature]:<13}" if narrow else f"{feature.value:<23}"
            table.append(f" {key} {name}{format_clock(totals[feature])}\n", style=style)
        table.append(" 0 stop timing", style="dim")
        self.query_one("#features", Static).update(table)

    def on_resize(self) -> None:
        if self._opened:
            self._update_clock()

    def action_toggle_clock(self) -> None:
        self.clock.toggle()
        self._checkpoint()
        self._update_clock()

    def action_feature(self, key: str) -> None:
        feature = FEATURE_KEYS.get(key)
        if feature is not None and feature is self._running_feature():
            feature = None  # pressing the running feature's key again stops it
        if not self.clock.running and feature is not None:
            self.clock.start()
        try:
            self.coach_app.store.lessons.switch_feature(self.cycle_id, feature, self.clock.elapsed)
            self.spans = self.coach_app.store.lessons.feature_spans(self.cycle_id)
        except StoreError as error:
            self.coach_app.report_store_error(error)
        self._checkpoint()
        self._update_clock()

    # -- evidence entries --------------------------------------------------------------

    def action_add(self, kind: str) -> None:
        critical = kind == "critical"
        evidence_kind = EvidenceKind.NOTE if critical else EvidenceKind(kind)
        if not self.clock.running:
            self.clock.start()
            self.notify("Lesson clock started.")
        at = self.clock.elapsed
        video_ref = format_clock(at) if evidence_kind is EvidenceKind.VIDEO_MOMENT else ""
        try:
            item = self.coach_app.store.lessons.add_evidence(self.cycle_id, at, evidence_kind, critical=critical,
                                                             video_ref=video_ref)
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        self._reload(item.id)
        self._open_entry(item.id)

    def _open_entry(self, evidence_id: int) -> None:
        store = self.coach_app.store
        try:
            item = store.lessons.evidence_item(evidence_id)
            entry_text = evidence_text(store, evidence_id)
            entry_text.load()
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        self.entry_text = entry_text
        self.editing_id = evidence_id
        self._shown.fill({"entry-text": entry_text.known.text, "video-ref": item.video_ref})
        is_video = item.kind is EvidenceKind.VIDEO_MOMENT
        label = f"{evidence_label(item).capitalize()} at {format_clock(item.t)}"
        self.query_one("#entry-label", Label).update(label + " · Enter when done")
        ref = self.query_one("#video-ref", Field)
        ref.display = is_video
        ref.load(item.video_ref)
        text = self.query_one("#entry-text", Field)
        text.disabled = False
        text.load(entry_text.known.text)
        self.query_one("#entry-error", Static).update("")
        text.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        evidence_id = self.editing_id
        if evidence_id is None or not self._shown.edited(event.input.id, event.value, event.input.value):
            return
        store = self.coach_app.store
        try:
            if event.input.id == "entry-text":
                self._save_text(event.value)
            elif event.input.id == "video-ref":
                error_line = self.query_one("#entry-error", Static)
                try:
                    parse_clock(event.value)
                except ValueError as problem:
                    error_line.update(f"{problem}. The video time is not saved yet.")
                    return
                error_line.update("")
                store.lessons.update_evidence(evidence_id, video_ref=event.value.strip())
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        self._refresh_row()

    def _save_text(self, typed: str) -> None:
        if self.entry_text is None:
            return
        saved = self.entry_text.save(typed)
        if saved is not None and saved.elsewhere is not None:
            # Another window saved this note since it was opened here: show both, as now saved.
            self.query_one("#entry-text", Field).load(saved.text)
            self.notify(self.entry_text.notice(saved), title="Changed in another window", severity="warning",
                        timeout=12, markup=False)

    def _refresh_row(self) -> None:
        if self.editing_id is None:
            return
        try:
            item = self.coach_app.store.lessons.evidence_item(self.editing_id)
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        self.query_one(EvidenceTable).update_item(item)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(EvidenceTable).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self._open_entry(int(event.row_key.value))

    def action_toggle_critical(self) -> None:
        evidence_id = self.query_one(EvidenceTable).current_id()
        if evidence_id is None:
            return
        store = self.coach_app.store
        try:
            item = store.lessons.evidence_item(evidence_id)
            store.lessons.update_evidence(evidence_id, critical=not item.critical)
        except StoreError as error:
            self.coach_app.report_store_error(error)
        self._reload(evidence_id)

    def action_delete_entry(self) -> None:
        from coachtui.screens.confirm import ConfirmScreen

        evidence_id = self.query_one(EvidenceTable).current_id()
        if evidence_id is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                try:
                    self.coach_app.store.lessons.delete_evidence(evidence_id)
                except StoreError as error:
                    self.coach_app.report_store_error(error)
                if self.editing_id == evidence_id:
                    self._close_entry()
                self._reload()

        self.app.push_screen(ConfirmScreen("Delete this evidence note?", yes="Delete"), answered)

    def _close_entry(self) -> None:
        self.editing_id = None
        self.entry_text = None
        self._shown.clear()
        self.query_one("#entry-text", Field).load("")
        self.query_one("#entry-text", Field).disabled = True
        self.query_one("#video-ref", Field).display = False
        self.query_one("#entry-label", Label).update("Select or add a note (n, c, t, u, v) to write here")

    def action_leave(self) -> None:
        if not self._opened:
            self.app.pop_screen()
            return
        if isinstance(self.focused, Input):
            self.query_one(EvidenceTable).focus()
            return
        if self.clock.running:
            self.clock.pause()
            self.notify(f"Lesson clock paused at {format_clock(self.clock.elapsed)}.")
        self._checkpoint()
        self.app.pop_screen()
