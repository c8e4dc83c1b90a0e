"""The tagging pane: one key per interaction function commits a turn; other keys set sticky tags.

The pane keeps the observer's turns and their running analysis in memory and posts a message
for anything that must be saved; the screen hosting it writes to the store and hands the saved
turn back (`committed`, `replaced`, `removed`).
"""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from coachtui.core.analysis import TalkAnalysis
from coachtui.core.model import Turn
from coachtui.core.tagging import StickyTags
from coachtui.widgets.tagging.sticky_bar import StickyBar
from coachtui.widgets.tagging.timeline import TurnTimeline, header_line


def _function_binding(key: str, function: str) -> Binding:
    return Binding(key, f"tag({function!r})", function.capitalize(), show=False,
                   id=f"tagging.{function.replace(' ', '_')}")


class TaggingPane(Vertical):
    """Sticky tags above the timeline of this observer's turns."""

    BINDINGS = [
        _function_binding("q", "question"),
        _function_binding("e", "evaluation"),
        _function_binding("s", "summary"),
        _function_binding("a", "acceptance"),
        _function_binding("c", "challenge"),
        _function_binding("k", "context"),
        _function_binding("g", "generalisation"),
        _function_binding("l", "clarification"),
        _function_binding("n", "new idea"),
        _function_binding("j", "justification"),
        _function_binding("x", "explanation"),
        _function_binding("o", "continuity"),
        _function_binding("d", "dissonance"),
        _function_binding("f", "defence"),
        _function_binding("u", "suggestion"),
        Binding("w", "next_speaker", "Speaker", id="tagging.speaker"),
        Binding("W", "third_speaker", "Observer speaks", show=False, id="tagging.third_speaker"),
        Binding("i", "arm_initiation", "Opens strand", show=False, id="tagging.initiation"),
        Binding("b", "toggle_co_construction", "Co-construct", show=False, id="tagging.co_construction"),
        Binding("m", "request('stimulus')", "Stimulus", show=False, id="tagging.stimulus"),
        Binding("y", "request('tone')", "Tone", show=False, id="tagging.tone"),
        Binding("1", "set_tag('scale', 'critical moment')", "Critical moment", show=False,
                id="tagging.scale_critical_moment"),
        Binding("2", "set_tag('scale', 'episode')", "Episode", show=False, id="tagging.scale_episode"),
        Binding("3", "set_tag('scale', 'lesson as a whole')", "Whole lesson", show=False, id="tagging.scale_lesson"),
        Binding("4", "set_tag('scale', 'generalised theme')", "Generalised theme", show=False,
                id="tagging.scale_generalised"),
        Binding("5", "set_tag('scale', 'school or societal issue')", "School or society", show=False,
                id="tagging.scale_school"),
        Binding("6", "set_tag('time', 'past')", "Past", show=False, id="tagging.time_past"),
        Binding("7", "set_tag('time', 'the lesson itself')", "The lesson", show=False, id="tagging.time_lesson"),
        Binding("8", "set_tag('time', 'future specific lessons')", "Future lessons", show=False,
                id="tagging.time_future"),
        Binding("9", "set_tag('time', 'no specific time-frame')", "No time-frame", show=False,
                id="tagging.time_none"),
        Binding("h", "request('subject')", "Subject", show=False, id="tagging.subject"),
        Binding("r", "request('note')", "Note", id="tagging.note"),
        Binding("p", "request('observer')", "Observer", show=False, id="tagging.observer"),
        Binding("backspace,z", "undo", "Undo", id="tagging.undo"),
        Binding("delete", "request('delete')", "Delete", show=False, id="tagging.delete"),
    ]

    class TurnTagged(Message):
        """A function key was pressed: the host stamps the time, saves, and calls `committed`."""

        def __init__(self, function: str) -> None:
            super().__init__()
            self.function = function

    class TurnRequest(Message):
        """The observer asked to act on a turn (`note`, `edit`, `delete`, `undo`) or on the tags
        (`subject`, `observer`); `turn_id` is 0 when no turn applies."""

        def __init__(self, kind: str, turn_id: int) -> None:
            super().__init__()
            self.kind = kind
            self.turn_id = turn_id

    class StickyChanged(Message):
        """The sticky tags changed: the host keeps them for this meeting and observer."""

        def __init__(self, sticky: StickyTags) -> None:
            super().__init__()
            self.sticky = sticky

    # The sticky bar shows these (data-bound); the pane itself has nothing to repaint.
    sticky: reactive[StickyTags] = reactive(StickyTags, init=False, repaint=False)

    def __init__(self, turns: list[Turn], sticky: StickyTags, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.turns = list(turns)
        self.analysis = TalkAnalysis(self.turns)
        self.set_reactive(TaggingPane.sticky, sticky)

    def compose(self) -> ComposeResult:
        yield StickyBar().data_bind(tags=TaggingPane.sticky)
        yield Static(header_line(), classes="timeline-header")
        yield TurnTimeline(id="timeline")

    def on_mount(self) -> None:
        self.query_one(TurnTimeline).show_turns(self.turns)

    def watch_sticky(self, sticky: StickyTags) -> None:
        self.post_message(self.StickyChanged(sticky))

    def focus_timeline(self) -> None:
        self.query_one(TurnTimeline).focus()

    # -- keys ---------------------------------------------------------------------------------

    def action_tag(self, function: str) -> None:
        self.post_message(self.TurnTagged(function))

    def action_next_speaker(self) -> None:
        self.sticky = self.sticky.next_speaker()

    def action_third_speaker(self) -> None:
        self.sticky = self.sticky.third_speaker()

    def action_arm_initiation(self) -> None:
        self.sticky = replace(self.sticky, initiation_armed=not self.sticky.initiation_armed)

    def action_toggle_co_construction(self) -> None:
        self.sticky = replace(self.sticky, co_construction=not self.sticky.co_construction)

    def action_set_tag(self, dimension: str, value: str) -> None:
        self.sticky = self.sticky.toggle(dimension, value)

    def action_request(self, kind: str) -> None:
        turn_id = self.query_one(TurnTimeline).selected_turn_id() or 0
        if kind in ("note", "delete") and not turn_id:
            self.notify("No turn is tagged yet.", severity="warning")
            return
        self.post_message(self.TurnRequest(kind, turn_id))

    def action_undo(self) -> None:
        if not self.turns:
            self.notify("Nothing to undo.", severity="warning")
            return
        self.post_message(self.TurnRequest("undo", max(turn.id for turn in self.turns)))

    def on_turn_timeline_turn_chosen(self, event: TurnTimeline.TurnChosen) -> None:
        event.stop()
        self.post_message(self.TurnRequest("edit", event.turn_id))

    # -- attributes down: the host reports what was saved --------------------------------------

    def committed(self, turn: Turn) -> None:
        """A new turn is saved: show it and count it."""
        in_order = not self.turns or turn.t >= self.turns[-1].t
        self.turns.append(turn)
        self.sticky = self.sticky.after_commit()
        if in_order:
            self.analysis.add(turn)
            self.query_one(TurnTimeline).append_turn(turn)
        else:
            self._rebuild()

    def replaced(self, turn: Turn) -> None:
        """A turn was edited; a moved time re-sorts the timeline."""
        old = next((t for t in self.turns if t.id == turn.id), None)
        self.turns = [turn if t.id == turn.id else t for t in self.turns]
        still_last = len(self.turns) < 2 or (self.turns[-1].id == turn.id and turn.t >= self.turns[-2].t)
        if old is not None and old.t != turn.t and not still_last:
            self._rebuild()
            return
        self.analysis = TalkAnalysis(self.turns)
        self.query_one(TurnTimeline).replace_turn(turn)

    def removed(self, turn_id: int) -> None:
        self.turns = [t for t in self.turns if t.id != turn_id]
        self.analysis = TalkAnalysis(self.turns)
        self.query_one(TurnTimeline).remove_turn(turn_id)

    def undone(self, turn: Turn) -> None:
        """The last turn was undone: it is gone, and its speaker is due again."""
        self.removed(turn.id)
        self.sticky = self.sticky.undone(turn)

    def show_observer(self, sticky: StickyTags, turns: list[Turn]) -> None:
        """Switch whose tags are shown and added, with that observer's own sticky tags."""
        self.sticky = sticky
        self.turns = list(turns)
        self._rebuild()

    def _rebuild(self) -> None:
        self.turns.sort(key=lambda turn: (turn.t, turn.id))
        self.analysis = TalkAnalysis(self.turns)
        self.query_one(TurnTimeline).show_turns(self.turns)
