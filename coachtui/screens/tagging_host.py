"""What a screen hosting the tagging pane does with its messages: stamp, save, and hand back."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from coachtui.core.clock import MeetingClock
from coachtui.core.model import Turn
from coachtui.core.tagging import StickyTags
from coachtui.errors import StoreError
from coachtui.screens.base import UsesCoachApp
from coachtui.widgets.tagging.indicators import IndicatorsPanel
from coachtui.widgets.tagging.pane import TaggingPane

DEFAULT_OBSERVER = "observer"


class TaggingHost(UsesCoachApp):
    """Mixed into the meeting screen and the observer console, before the Screen base.

    The host provides `meeting_id` and `tagging_offset()`, the meeting clock's reading
    (from `KeepsMeetingClock`).
    """

    meeting_id: int
    clock: MeetingClock
    tagging_as: str | None = None  # who tags on this screen, when the opener knows
    # The turn whose tag started the meeting clock, and the clock's reading before it: undoing that
    # turn offers to stop the clock again.
    _clock_started_by: tuple[int, float] | None = None

    def make_tagging_pane(self, subject: str = "") -> TaggingPane:
        """The pane for `tagging_as`, else the observer who tagged this meeting last, with their turns so far."""
        store = self.coach_app.store
        observers = store.observers(self.meeting_id)
        observer = self.tagging_as or (observers[-1] if observers else self._first_observer())
        turns = store.turns(self.meeting_id, observer)
        return TaggingPane(turns, self.sticky_for(observer, turns, subject), id="tagging")

    def sticky_for(self, observer: str, turns: list[Turn], subject: str = "") -> StickyTags:
        """This observer's sticky tags as they left them in this meeting, or fresh ones after their last turn."""
        kept = self.coach_app.sticky_tags.get((self.meeting_id, observer))
        return kept or StickyTags.for_turns(turns, observer, subject)

    def on_tagging_pane_sticky_changed(self, message: TaggingPane.StickyChanged) -> None:
        self.coach_app.sticky_tags[self.meeting_id, message.sticky.observer] = message.sticky

    def _first_observer(self) -> str:
        """A role-play round's observer code, so its tags go in the round's bundle under the right code."""
        observers = self.round_observers()
        return observers[0] if observers else DEFAULT_OBSERVER

    def round_observers(self) -> tuple[str, ...]:
        """The observers' codes when this meeting is a role-play round; empty for a coaching meeting."""
        played = self.coach_app.store.round_for_meeting(self.meeting_id)
        return played.observers if played else ()

    def _pane(self) -> TaggingPane:
        return self.query_one(TaggingPane)  # type: ignore[attr-defined]

    def show_indicators(self) -> None:
        pane = self._pane()
        ok, reviewed = self._store_call(self.coach_app.store.reviewed, self.meeting_id, pane.sticky.observer)
        for panel in self._indicator_panels():
            panel.provisional = not (ok and reviewed)
            panel.show(pane.analysis)

    def _indicator_panels(self) -> list[IndicatorsPanel]:
        # Looked up once: a query on every key press costs more than the redraw it feeds.
        panels: list[IndicatorsPanel] | None = getattr(self, "_panels", None)
        if not panels:
            panels = list(self.query(IndicatorsPanel))  # type: ignore[attr-defined]
            self._panels = panels
        return panels

    def reload_turns(self) -> None:
        """Show the tagging observer's turns as the store has them now (after a review, say)."""
        pane = self._pane()
        ok, turns = self._store_call(self.coach_app.store.turns, self.meeting_id, pane.sticky.observer)
        if ok:
            pane.show_observer(pane.sticky, turns)
            self.show_indicators()
            self.turns_changed()

    def on_tagging_pane_turn_tagged(self, message: TaggingPane.TurnTagged) -> None:
        pane = self._pane()
        before = self.clock.elapsed
        started = not self.clock.running
        offset = self.tagging_offset()  # type: ignore[attr-defined]
        turn = pane.sticky.turn(message.function, offset)
        try:
            if self.coach_app.settings.stamp == "start" and pane.turns:
                # This press starts a turn, so it ends the one before: that is the stamp it keeps.
                ended = self.coach_app.store.update_turn(pane.turns[-1].id, t=turn.t)
                pane.replaced(ended)
            saved = self.coach_app.store.add_turn(self.meeting_id, turn)
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        if started:
            self._clock_started_by = (saved.id, before)
        pane.committed(saved)
        self.show_indicators()
        self.turn_committed(saved)

    def turn_committed(self, turn: Turn) -> None:
        """A hook for the host: one more turn is saved and on show."""

    def turns_changed(self) -> None:
        """A hook for the host: turns were undone, deleted or edited, or another observer's are shown."""

    def on_tagging_pane_turn_request(self, message: TaggingPane.TurnRequest) -> None:
        if message.kind in ("stimulus", "tone"):
            self._choose(message.kind)
            return
        handlers = {"undo": self._undo, "delete": self._delete, "edit": self._edit, "note": self._note,
                    "subject": self._subject, "observer": self._observer}
        handlers[message.kind](message.turn_id)

    def _store_call(self, call: Any, *args: Any, **kwargs: Any) -> tuple[bool, Any]:
        """(True, result) when the store call worked; a failure is reported and gives (False, None)."""
        try:
            return True, call(*args, **kwargs)
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return False, None

    def _undo(self, turn_id: int) -> None:
        pane = self._pane()
        turn = next((t for t in pane.turns if t.id == turn_id), None)
        if turn is None or not self._store_call(self.coach_app.store.delete_turn, turn_id)[0]:
            return
        pane.undone(turn)
        self.show_indicators()
        self.turns_changed()
        self.notify(f"Last turn undone: {turn.speaker} is next again.", timeout=2)  # type: ignore[attr-defined]
        if self._clock_started_by is not None and self._clock_started_by[0] == turn_id:
            self._offer_to_stop_clock(self._clock_started_by[1])

    def _offer_to_stop_clock(self, elapsed_before: float) -> None:
        from coachtui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            self._clock_started_by = None
            if yes:
                self.clock.reset_to(elapsed_before)
                self.clock_stopped()

        self.coach_app.push_screen(ConfirmScreen("That tag started the meeting clock. Stop the clock again?",
                                                 yes="Stop the clock", no="Keep it running"), answered)

    def clock_stopped(self) -> None:
        """A hook for the host: the clock was stopped and set back after an undo."""

    def _delete(self, turn_id: int) -> None:
        from coachtui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes and self._store_call(self.coach_app.store.delete_turn, turn_id)[0]:
                self._pane().removed(turn_id)
                self.show_indicators()
                self.turns_changed()

        self.coach_app.push_screen(ConfirmScreen("Delete this turn?", yes="Delete"), answered)

    def _saved_edit(self, turn_id: int, changes: dict[str, Any] | None) -> None:
        if not changes:
            return
        ok, saved = self._store_call(self.coach_app.store.update_turn, turn_id, **changes)
        if ok:
            self._pane().replaced(saved)
            self.show_indicators()
            self.turns_changed()

    def _edit(self, turn_id: int) -> None:
        from coachtui.screens.turn_editor import TurnEditor

        ok, turn = self._store_call(self.coach_app.store.turn, turn_id)
        if ok:
            self.coach_app.push_screen(TurnEditor(turn), lambda changes: self._saved_edit(turn_id, changes))

    def _note(self, turn_id: int) -> None:
        from coachtui.screens.text_prompt import TextPrompt

        ok, turn = self._store_call(self.coach_app.store.turn, turn_id)
        if ok:
            self.coach_app.push_screen(
                TextPrompt("Note on this turn", turn.note, placeholder="a few words to recall it by", max_length=300),
                lambda note: self._saved_edit(turn_id, None if note is None else {"note": note}))

    def _choose(self, dimension: str) -> None:
        """A sticky stimulus or tone, picked with one number key."""
        from coachtui.screens.value_chooser import ValueChooser, numbered

        pane = self._pane()
        vocab = self.coach_app.vocabulary

        def chosen(value: str | None) -> None:
            if value is not None:
                pane.sticky = pane.sticky.set(dimension, value)

        self.coach_app.push_screen(ValueChooser(f"{vocab.title(dimension)} for the turns that follow",
                                                numbered(vocab.values(dimension)), getattr(pane.sticky, dimension)),
                                   chosen)

    def _subject(self, _: int) -> None:
        from coachtui.screens.text_prompt import TextPrompt

        pane = self._pane()

        def chosen(subject: str | None) -> None:
            if subject is not None:
                pane.sticky = replace(pane.sticky, subject=subject)

        self.coach_app.push_screen(TextPrompt("Subject in focus (usually a teaching approach)",
                                              pane.sticky.subject, suggestions=self.subject_suggestions(),
                                              max_length=120), chosen)

    def subject_suggestions(self) -> list[str]:
        return []

    def _observer(self, _: int) -> None:
        from coachtui.screens.text_prompt import TextPrompt

        pane = self._pane()

        in_round = self.round_observers()

        def chosen(name: str | None) -> None:
            if name and in_round and name not in in_round:
                self.notify(f"In this round the observers are {', '.join(in_round)}; tag under one of those "  # type: ignore
                            "codes so the round's bundle can carry the tags.", severity="warning", markup=False)
                return
            if name and name != pane.sticky.observer:
                ok, turns = self._store_call(self.coach_app.store.turns, self.meeting_id, name)
                if ok:
                    pane.show_observer(self.sticky_for(name, turns, pane.sticky.subject), turns)
                    self.show_indicators()
                    self.turns_changed()
                    self.notify(f"Tagging as {name}: {len(turns)} turns so far.", markup=False)  # type: ignore

        title = (f"Who is tagging? ({' or '.join(in_round)})" if in_round else "Who is tagging? (a name or initials)")
        self.coach_app.push_screen(TextPrompt(title, pane.sticky.observer,
                                              suggestions=list(in_round) or self.coach_app.store.observers(
                                                  self.meeting_id),
                                              max_length=40, required=True), chosen)
