"""What a screen showing a meeting session does with the tagging pane's messages and the nudge line.

The meeting screen and the observer console each hold one desk (composition, not a mixin): their message
handlers hand the pane's messages to it, it asks the session to save and count, and it hands the turns
back down to the pane and the analysis to the indicator panels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from textual.binding import Binding
from textual.screen import Screen

from coachtui.core.model import Turn
from coachtui.errors import StoreError
from coachtui.services.meeting_session import Followed, MeetingGone, MeetingSession
from coachtui.widgets.keys import keyed
from coachtui.widgets.meeting.nudge_line import NudgeLine
from coachtui.widgets.tagging.indicators import IndicatorsPanel
from coachtui.widgets.tagging.pane import TaggingPane

if TYPE_CHECKING:
    from coachtui.screens.host import CoachHost

T = TypeVar("T")


def nudge_binding(scope: str = "meeting") -> Binding:
    return keyed(f"{scope}.dismiss_nudge", "dismiss_nudge", "Dismiss nudge", show=False)


class TaggingDesk:
    """Tagging and nudges for one screen over a shared `MeetingSession`.

    `on_clock` redraws the screen's clock after the desk moved it (a first tag starts it; an undo may stop it).
    """

    def __init__(self, screen: Screen[Any], app: CoachHost, session: MeetingSession, *, nudge_scope: str,
                 on_clock: Callable[[], None], suggestions: Callable[[], list[str]] | None = None) -> None:
        self.screen = screen
        self.app = app
        self.session = session
        self.nudge_scope = nudge_scope
        self.on_clock = on_clock
        # Subjects to offer when the observer names the one in focus: the meeting's focus, packs, strategies.
        self.suggestions = suggestions or (lambda: [session.cycle_focus] if session.cycle_focus else [])
        self._panels: list[IndicatorsPanel] = []
        self._follow_failing = False

    def make_pane(self, subject: str = "") -> TaggingPane:
        """The pane for the session's tagging observer, with their turns so far (loaded by `open`)."""
        return TaggingPane(self.session.turns, self.session.sticky(subject), id="tagging")

    def attempt(self, call: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[bool, T | None]:
        """(True, result) when the session's store call worked; a failure is reported and gives (False, None)."""
        try:
            return True, call(*args, **kwargs)
        except StoreError as error:
            self.app.report_store_error(error)
            return False, None

    @property
    def pane(self) -> TaggingPane:
        return self.screen.query_one(TaggingPane)

    # -- showing -------------------------------------------------------------------------------

    def show_talk(self) -> None:
        """The indicators and the nudge line, from the session's analysis."""
        ok, reviewed = self.attempt(self.session.reviewed)
        if not self._panels:  # looked up once: a query on every key press costs more than the redraw it feeds
            self._panels = list(self.screen.query(IndicatorsPanel))
        for panel in self._panels:
            panel.provisional = not (ok and reviewed)
            panel.show(self.session.analysis)
        self.show_nudge()

    def show_nudge(self) -> None:
        line = self.screen.query_one(NudgeLine)
        if self.session.nudges is None:
            line.question = ""
            return
        keys = self.app.active_keys.get(f"{self.nudge_scope}.dismiss_nudge", "D")
        line.dismiss_key = keys.split(",")[0]
        line.title, line.question = self.session.nudge_on_show()

    def tick(self) -> None:
        """Let a nudge fire while tagging is live, and show it (or hide the line when there is none)."""
        self.session.nudge_tick()
        self.show_nudge()

    def dismiss_nudge(self) -> None:
        if self.session.dismiss_nudge():
            self.show_nudge()

    def show_observer(self, observer: str, *, chosen: bool = False) -> bool:
        """Show and tag as `observer` from now on, with their own sticky tags."""
        subject = self.pane.sticky.subject if self.screen.is_mounted else ""
        ok, turns = self.attempt(self.session.show_observer, observer, chosen=chosen)
        if ok and turns is not None:
            self.pane.show_observer(self.session.sticky(subject), turns)
            self.show_talk()
        return ok

    def follow(self) -> Followed | None:
        """Take in what another process committed (an observer tagging in another terminal, say): the turns
        and the talk are redrawn here; the screen redraws its clock and phase from what is returned. Raises
        MeetingGone when the meeting was erased elsewhere."""
        try:
            changed = self.session.follow()
        except MeetingGone:
            raise
        except StoreError as error:
            if not self._follow_failing:  # said once, not ten times a second
                self._follow_failing = True
                self.app.report_store_error(error)
            return None
        self._follow_failing = False
        if changed is not None and changed.turns:
            if changed.added:
                self.pane.appended(changed.added, self.session.turns)
            elif changed.observer:
                self.pane.show_observer(self.session.sticky(self.pane.sticky.subject), self.session.turns)
            else:
                self.pane.show_turns(self.session.turns)
            self.show_talk()
        return changed

    def reload(self) -> None:
        """The tagging observer's turns as the store has them now (after a review or the feedback view)."""
        ok, turns = self.attempt(self.session.reload)
        if ok and turns is not None:
            self.pane.show_turns(turns)
            self.show_talk()

    # -- the pane's messages ---------------------------------------------------------------------

    def tagged(self, turn: Turn) -> None:
        ok, done = self.attempt(self.session.tag, turn)
        if not ok or done is None:
            return
        if done.ended is not None:
            self.pane.replaced(done.ended, self.session.turns[:-1])
        self.pane.committed(done.saved, self.session.turns)
        if done.started_clock:
            self.screen.notify("The meeting clock started with the first tag.", timeout=3)
            self.on_clock()
        self.show_talk()

    def request(self, kind: str, turn_id: int) -> None:
        handlers: dict[str, Callable[[int], None]] = {
            "undo": self._undo, "delete": self._delete, "edit": self._edit, "note": self._note,
            "subject": self._subject, "observer": self._observer, "stimulus": self._stimulus, "tone": self._tone}
        handlers[kind](turn_id)

    def _undo(self, turn_id: int) -> None:
        ok, undone = self.attempt(self.session.undo, turn_id)
        if not ok or undone is None:
            return
        turn, clock_before = undone
        self.pane.undone(turn, self.session.turns)
        self.show_talk()
        self.screen.notify(f"Last turn undone: {turn.speaker} is next again.", timeout=2)
        if clock_before is not None:
            self._offer_to_stop_clock(clock_before)

    def _offer_to_stop_clock(self, elapsed_before: float) -> None:
        from coachtui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.attempt(self.session.stop_clock_at, elapsed_before)
                self.on_clock()

        self.app.push_screen(ConfirmScreen("That tag started the meeting clock. Stop the clock again?",
                                           yes="Stop the clock", no="Keep it running"), answered)

    def _delete(self, turn_id: int) -> None:
        from coachtui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes and self.attempt(self.session.delete, turn_id)[0]:
                self.pane.show_turns(self.session.turns)
                self.show_talk()

        self.app.push_screen(ConfirmScreen("Delete this turn?", yes="Delete"), answered)

    def _saved_edit(self, turn_id: int, changes: dict[str, Any] | None) -> None:
        if not changes:
            return
        ok, saved = self.attempt(self.session.edit, turn_id, changes)
        if ok and saved is not None:
            self.pane.replaced(saved, self.session.turns)
            self.show_talk()

    def _edit(self, turn_id: int) -> None:
        from coachtui.screens.turn_editor import TurnEditor

        ok, turn = self.attempt(self.session.turn, turn_id)
        if ok and turn is not None:
            self.app.push_screen(TurnEditor(turn), lambda changes: self._saved_edit(turn_id, changes))

    def _note(self, turn_id: int) -> None:
        from coachtui.screens.text_prompt import TextPrompt

        ok, turn = self.attempt(self.session.turn, turn_id)
        if ok and turn is not None:
            self.app.push_screen(
                TextPrompt("Note on this turn", turn.note, placeholder="a few words to recall it by", max_length=300),
                lambda note: self._saved_edit(turn_id, None if note is None else {"note": note}))

    def _stimulus(self, _: int) -> None:
        self._choose("stimulus")

    def _tone(self, _: int) -> None:
        self._choose("tone")

    def _choose(self, dimension: str) -> None:
        """A sticky stimulus or tone, picked with one number key."""
        from coachtui.screens.value_chooser import ValueChooser, numbered

        vocab = self.app.vocabulary

        def chosen(value: str | None) -> None:
            if value is not None:
                self.pane.sticky = self.pane.sticky.set(dimension, value)

        self.app.push_screen(ValueChooser(f"{vocab.title(dimension)} for the turns that follow",
                                          numbered(vocab.values(dimension)), getattr(self.pane.sticky, dimension)),
                             chosen)

    def _subject(self, _: int) -> None:
        from coachtui.screens.text_prompt import TextPrompt

        def chosen(subject: str | None) -> None:
            if subject is not None:
                self.pane.sticky = replace(self.pane.sticky, subject=subject)

        self.app.push_screen(TextPrompt("Subject in focus (usually a teaching approach)", self.pane.sticky.subject,
                                        suggestions=self.suggestions(), max_length=120), chosen)

    def _observer(self, _: int) -> None:
        from coachtui.screens.text_prompt import TextPrompt

        in_round: tuple[str, ...] = self.attempt(self.session.round_observers)[1] or ()

        def chosen(name: str | None) -> None:
            if name and in_round and name not in in_round:
                self.screen.notify(f"In this round the observers are {', '.join(in_round)}; tag under one of those "
                                   "codes so the round's bundle can carry the tags.", severity="warning", markup=False)
                return
            if name and name != self.pane.sticky.observer and self.show_observer(name, chosen=True):
                self.screen.notify(f"Tagging as {name}: {len(self.session.turns)} turns so far.", markup=False)

        _, known = self.attempt(self.session.observers)
        title = (f"Who is tagging? ({' or '.join(in_round)})" if in_round else "Who is tagging? (a name or initials)")
        self.app.push_screen(TextPrompt(title, self.pane.sticky.observer, suggestions=list(in_round) or (known or []),
                                        max_length=40, required=True), chosen)
