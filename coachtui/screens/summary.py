"""The confidential summary of a meeting: drafted from it, edited together, approved by the coachee.

Only an approved summary can leave the laptop. Every section can be left out or edited; an edit
after approval voids it, and the screen says so at once.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Header, Static, TextArea

from coachtui.core.model import Cycle, Meeting, Partnership, PerformanceLink, Stage
from coachtui.core.summary import (
    Section,
    Summary,
    SummaryState,
    approval_line,
    shareable_text,
    with_section,
)
from coachtui.errors import CoachError, StoreError
from coachtui.rescue import Confidential
from coachtui.screens.base import UsesCoachApp
from coachtui.services.summary_draft import PROVISIONAL, open_summary, talk_paragraph
from coachtui.widgets.checkbox import MarkedCheckbox
from coachtui.widgets.footer import KeyFooter
from coachtui.widgets.keys import keyed

STATE_TEXT = {
    SummaryState.DRAFT: "Draft. Nothing here can leave the laptop until {coachee} approves it (a).",
    SummaryState.APPROVED: "Approved and shareable: {line}. Export with x.",
    SummaryState.VOID: "Edited after approval, so the approval no longer holds. Restore the approved text (u) "
                       "or ask {coachee} to approve again (a).",
    SummaryState.WITHDRAWN: "{coachee} withdrew the approval. Nothing can be exported until it is approved again.",
}


def section_label(section: Section) -> Text:
    """A section's title, saying in words when it is left out (a tick alone is easy to miss)."""
    return Text.assemble(section.title, ("" if section.included else " · left out", "italic"))


class SummaryScreen(UsesCoachApp, Screen[None]):

    CSS_PATH = "summary.tcss"
    BINDINGS = [
        keyed("summary.approve", "approve", "Approve"),
        keyed("summary.export", "export", "Export"),
        keyed("summary.withdraw", "withdraw", "Withdraw"),
        keyed("summary.restore", "restore", "Restore approved", show=False),
        keyed("summary.log", "sharing_log", "Sharing log"),
        keyed("summary.observer", "other_observer", "Observer"),
        keyed("summary.leave", "leave", "Done"),
    ]

    # Set on mount, once the summary is read (or drafted): the screen shows nothing of it before.
    meeting: Meeting
    cycle: Cycle
    partnership: Partnership
    summary: Summary

    def __init__(self, meeting_id: int, *, read_only: bool = False) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.read_only = read_only  # a closed cycle's summary: read and, once approved, exported; never changed
        self.talk_observer = ""
        self._observers: list[str] = []
        self._opened = False
        self._ready = False
        self._empty_left_out: set[str] = set()

    def _talk_text(self) -> str:
        return talk_paragraph(self.coach_app.store, self.meeting_id, self.talk_observer, self.coach_app.rubric)

    def action_other_observer(self) -> None:
        """Redraft "How the talk went" from the next observer's tags (the pair choose whose they read)."""
        if self._typing() or self._refuse_when_read_only():
            return
        try:
            observers = self.coach_app.store.turns.observers(self.meeting_id)
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        if len(observers) < 2 or not self.query("#text-talk"):
            self.notify("Only one observer tagged this meeting." if observers else "Nobody tagged this meeting.",
                        markup=False)
            return
        at = observers.index(self.talk_observer) if self.talk_observer in observers else -1
        self.talk_observer = observers[(at + 1) % len(observers)]
        try:
            text = self._talk_text()
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        self.query_one("#text-talk", TextArea).text = text  # saved as any edit is
        self.notify(f"How the talk went now reads {self.talk_observer}'s tags. Press o again for another "
                    "observer.", markup=False)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary-state")
        yield VerticalScroll(id="summary-sections")
        yield KeyFooter()

    def _section_widgets(self) -> list[Widget]:
        return [Vertical(MarkedCheckbox(section_label(section), section.included, id=f"include-{section.key}",
                                        disabled=self.read_only),
                         TextArea(section.text, id=f"text-{section.key}", classes="summary-text",
                                  read_only=self.read_only),
                         classes="summary-section")
                for section in self.summary.sections]

    async def on_mount(self) -> None:
        try:
            opened = open_summary(self.coach_app.store, self.meeting_id, self.coach_app.rubric)
        except StoreError as error:
            self.close_unopened("the summary", error)
            return
        self.meeting, self.cycle, self.partnership = opened.meeting, opened.cycle, opened.partnership
        self._observers, self.talk_observer, self.summary = opened.observers, opened.talk_observer, opened.summary
        self._opened = True
        self.title = f"Summary · {self.meeting.stage.title} · {self.partnership.pair}"
        await self.query_one("#summary-sections").mount_all(self._section_widgets())
        self._show_state()
        self.call_after_refresh(self._arm)

    def _arm(self) -> None:
        self._ready = True
        # Sections left out only for being empty: the first words typed into one include it.
        self._empty_left_out = {section.key for section in self.summary.sections
                                if not section.included and not section.text.strip()}
        if not self.read_only:
            self._offer_reviewed_talk()

    def _offer_reviewed_talk(self) -> None:
        """A talk paragraph drafted before the observer's review calls the level provisional; once the review
        is complete, offer to redraft it from the reviewed tags (never silently: the pair may have edited it)."""
        talk = next((section for section in self.summary.sections if section.key == "talk"), None)
        if talk is None or self.summary.state is not SummaryState.DRAFT or PROVISIONAL not in talk.text:
            return
        try:
            fresh = self._talk_text()
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        if not fresh or PROVISIONAL in fresh:
            return
        from coachtui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.query_one("#text-talk", TextArea).text = fresh  # saved as any edit is

        self.app.push_screen(ConfirmScreen("The review of the tags is complete now, so \"How the talk went\" need "
                                           "not call the level provisional. Redraft it from the reviewed tags? What "
                                           "it says now would be replaced.", yes="Redraft", no="Keep it"), answered)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keep the footer to what can be done now, so it fits 80 columns: withdraw only an approval in force,
        choose an observer only when more than one tagged the meeting; a closed cycle's summary is only read
        and exported."""
        if not self._opened or (self.read_only and action in ("approve", "withdraw", "restore", "other_observer")):
            return action == "leave"
        if action == "withdraw":
            return self.summary.state is SummaryState.APPROVED
        if action == "other_observer":
            return not self.read_only and len(self._observers) > 1
        return True

    def _show_state(self) -> None:
        self.refresh_bindings()
        approval = self.summary.approval
        line = approval_line(approval) if approval else ""
        text = STATE_TEXT[self.summary.state].format(coachee=self.partnership.coachee, line=line)
        state = self.query_one("#summary-state", Static)
        state.update(Text(text))
        for name in SummaryState:
            state.set_class(self.summary.state is name, f"-{name.value}")

    # -- edits --------------------------------------------------------------------------------

    def _save(self, key: str, *, text: str | None = None, included: bool | None = None) -> None:
        if not self._ready:
            return
        before = self.summary.state
        try:
            self.summary = self.coach_app.store.summaries.save_sections(
                self.summary.id, with_section(self.summary.sections, key, text=text, included=included))
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        if before is SummaryState.APPROVED and self.summary.state is SummaryState.VOID:
            self.notify("That edit voids the approval: the text no longer matches what was approved.",
                        title="Approval void", severity="warning", timeout=8)
        self._show_state()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id and event.text_area.id.startswith("text-"):
            key = event.text_area.id.removeprefix("text-")
            self._save(key, text=event.text_area.text)
            if self._ready and key in self._empty_left_out and event.text_area.text.strip():
                self._empty_left_out.discard(key)
                self.query_one(f"#include-{key}", Checkbox).value = True  # saved, and labelled, as a tick is

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        if event.checkbox.id and event.checkbox.id.startswith("include-"):
            key = event.checkbox.id.removeprefix("include-")
            if self._ready:
                self._empty_left_out.discard(key)  # the pair chose for this section themselves
            self._save(key, included=event.value)
            section = next((s for s in self.summary.sections if s.key == key), None)
            if section is not None:
                event.checkbox.label = section_label(replace(section, included=event.value))

    # -- approval ----------------------------------------------------------------------------

    def current_text(self) -> str:
        return shareable_text(self.partnership, self.meeting, self.summary.sections)

    def confidential(self) -> Confidential | None:
        """For Ctrl+G's copy: the approved text while the approval holds; otherwise the draft on screen goes
        in marked not for sharing. Either way the copy is logged. None before the summary is read."""
        if not self._opened:
            return None
        approval = self.summary.approval if self.summary.state is SummaryState.APPROVED else None
        return Confidential(self.partnership.id, self.meeting_id, self.partnership.coachee, self.summary.state.value,
                            approved_text=approval.text if approval else None,
                            version=approval.version if approval else None)

    def _refuse_when_read_only(self) -> bool:
        """True, with a word to the user, when this summary belongs to a closed cycle and cannot change."""
        if self.read_only:
            self.notify(f"Cycle {self.cycle.number} is closed: its summary can be read and, once approved, "
                        "exported, but not changed.", severity="warning")
        return self.read_only

    def action_approve(self) -> None:
        if self._typing() or self._refuse_when_read_only():
            return
        from coachtui.screens.approve import ApproveScreen

        text = self.current_text()

        def approved(initials: str | None) -> None:
            if not initials:
                return
            try:
                self.summary = self.coach_app.store.summaries.approve(self.summary.id, initials, text)
            except StoreError as error:
                self.coach_app.report_store_error(error)
                return
            self._show_state()
            self.notify(f"Approved by {initials}. Only this text can be exported.", title="Approved", markup=False)

        self.app.push_screen(ApproveScreen(text, self.partnership.coachee), approved)

    def action_withdraw(self) -> None:
        if self._refuse_when_read_only():
            return
        if self._typing() or self.summary.state is not SummaryState.APPROVED:
            if not self._typing():
                self.notify("There is no approval in force to withdraw.", severity="warning")
            return
        from coachtui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                try:
                    self.summary = self.coach_app.store.summaries.withdraw_approval(self.summary.id)
                except StoreError as error:
                    self.coach_app.report_store_error(error)
                self._show_state()

        self.app.push_screen(ConfirmScreen(f"Withdraw {self.partnership.coachee}'s approval? Nothing can be "
                                           "exported until it is approved again.", yes="Withdraw"), answered)

    def action_restore(self) -> None:
        if self._typing() or self._refuse_when_read_only():
            return
        try:
            self.summary = self.coach_app.store.summaries.restore_approved(self.summary.id)
        except StoreError as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        self._ready = False
        for section in self.summary.sections:
            self.query_one(f"#text-{section.key}", TextArea).text = section.text
            self.query_one(f"#include-{section.key}", Checkbox).value = section.included
        self.call_after_refresh(self._arm)
        self._show_state()
        self.notify("The approved text is back, and the approval holds again.")

    # -- export ----------------------------------------------------------------------------------

    def action_export(self) -> None:
        # No check for a text box with the focus: it keeps the x key as a letter, and the palette's entry must
        # work from wherever the focus is.
        if not self.summary.exportable:
            self.notify("Only a summary the coachee has approved can be exported.", severity="warning")
            return
        from coachtui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(self.partnership), self._export)

    def _performance_link(self) -> PerformanceLink | None:
        """What the partners agreed about performance management, for the confidentiality line."""
        try:
            return self.coach_app.store.cycles.arrangement(self.cycle.id).performance_link
        except StoreError:
            return None  # the line then promises nothing either way

    def _export(self, choice: tuple[str, str] | None) -> None:
        if choice is None:
            return
        kind, target = choice
        if kind == "clipboard":
            self._copy()
            return
        from coachtui.errors import DataFileError
        from coachtui.services.reading import user_path

        try:
            path = user_path(target)
        except DataFileError as problem:
            self._export_failed(target, str(problem))
            return
        self._write_file(kind, path)

    def _export_failed(self, typed: str, problem: str) -> None:
        """The dialog again, with what was typed and why it could not be written there."""
        from coachtui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(self.partnership, path=typed, problem=problem), self._export)

    def _exported(self, path: Path) -> None:
        from coachtui.screens.export import remember_folder

        remember_folder(self.app, path)
        self.notify(f"Saved to {path} (readable only by you).", title="Exported", markup=False)

    def _copy(self) -> None:
        from coachtui.services.files import copied_message, copy_text

        approval = self.summary.approval
        assert approval is not None
        from coachtui.core.summary import as_plain_text

        also_here = copy_text(as_plain_text(approval, self._performance_link()), self.app.copy_to_clipboard)
        self._log(f"summary v{approval.version} (clipboard)",
                  "clipboard (terminal and this computer)" if also_here else "clipboard (terminal)")
        self.notify(copied_message(also_here), title="Exported")

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _write_file(self, kind: str, path: Path) -> None:
        from coachtui.services.summaries import export_summary

        try:
            export_summary(self.coach_app.store, self.meeting_id, path, "markdown" if kind == "markdown" else "text")
        except StoreError as error:
            self.app.call_from_thread(self.coach_app.report_store_error, error)
            return
        except CoachError as error:
            self.app.call_from_thread(self._export_failed, str(path), str(error))
            return
        self.app.call_from_thread(self._exported, path)

    def _log(self, what: str, destination: str) -> None:
        try:
            self.coach_app.store.sharing.log_export(what, destination, partnership_id=self.partnership.id,
                                                      meeting_id=self.meeting_id)
        except StoreError as error:
            self.coach_app.report_store_error(error)

    def action_sharing_log(self) -> None:
        from coachtui.screens.sharing_log import SharingLogScreen

        self.app.push_screen(SharingLogScreen(self.partnership.id))

    # -- leaving ----------------------------------------------------------------------------------

    def _typing(self) -> bool:
        return isinstance(self.focused, TextArea)

    def action_leave(self) -> None:
        if not self._opened:
            self.app.pop_screen()
            return
        if self._typing():
            self.query_one("#summary-sections").focus()
            return
        if self.meeting.stage is Stage.POST_LESSON and self._cycle_is_current():
            self._offer_next_cycle()
        else:
            self.app.pop_screen()

    def _cycle_is_current(self) -> bool:
        try:
            return self.coach_app.store.cycles.current(self.partnership.id).id == self.cycle.id
        except StoreError:
            return False

    def _offer_next_cycle(self) -> None:
        from coachtui.screens.confirm import ConfirmScreen

        store = self.coach_app.store
        open_actions = len(store.actions.still_open(self.partnership.id))
        question = (f"Start cycle {self.cycle.number + 1} now? The focus and {open_actions} open "
                    f"action{'s' if open_actions != 1 else ''} carry over.")

        def answered(yes: bool | None) -> None:
            if yes:
                try:
                    store.cycles.open_next(self.cycle.id)
                except StoreError as error:
                    self.coach_app.report_store_error(error)
            self.app.pop_screen()

        self.app.push_screen(ConfirmScreen(question, yes="Start next cycle"), answered)
