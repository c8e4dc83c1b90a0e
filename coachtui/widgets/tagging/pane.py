"""The tagging pane: one key per interaction function commits a turn; other keys set sticky tags.

The pane owns the sticky tags and shows the observer's turns; it posts the turn to commit (and every other
request) as a message. The screen's meeting session saves and counts it, and hands the turns back down
(`committed`, `show_turns`, `undone`).
"""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from coachtui.core.model import Turn
from coachtui.core.tagging import StickyTags
from coachtui.widgets.keys import keyed
from coachtui.widgets.tagging.sticky_bar import StickyBar
from coachtui.widgets.tagging.timeline import TurnTimeline, header_line


def _function_bindings() -> list[Binding]:
    """One binding per interaction function, in the data's order: the functions are declared once
    (dimensions.toml) and so are their keys (keymap.toml)."""
    from coachtui.core.vocabulary import vocabulary

    return [keyed(f"tagging.{function.replace(' ', '_')}", f"tag({function!r})", function.capitalize(), show=False)
            for function in vocabulary().functions]


class TaggingPane(Vertical):
    """Sticky tags above the timeline of this observer's turns."""

    BINDINGS = [
        *_function_bindings(),
        keyed("tagging.speaker", "next_speaker", "Speaker"),
        keyed("tagging.third_speaker", "third_speaker", "Observer speaks", show=False),
        keyed("tagging.initiation", "arm_initiation", "Opens strand", show=False),
        keyed("tagging.co_construction", "toggle_co_construction", "Co-construct", show=False),
        keyed("tagging.stimulus", "request('stimulus')", "Stimulus", show=False),
        keyed("tagging.tone", "request('tone')", "Tone", show=False),
        keyed("tagging.scale_critical_moment", "set_tag('scale', 'critical moment')", "Critical moment", show=False),
        keyed("tagging.scale_episode", "set_tag('scale', 'episode')", "Episode", show=False),
        keyed("tagging.scale_lesson", "set_tag('scale', 'lesson as a whole')", "Whole lesson", show=False),
        keyed("tagging.scale_generalised", "set_tag('scale', 'generalised theme')", "Generalised theme", show=False),
        keyed("tagging.scale_school", "set_tag('scale', 'school or societal issue')", "School or society", show=False),
        keyed("tagging.time_past", "set_tag('time', 'past')", "Past", show=False),
        keyed("tagging.time_lesson", "set_tag('time', 'the lesson itself')", "The lesson", show=False),
        keyed("tagging.time_future", "set_tag('time', 'future specific lessons')", "Future lessons", show=False),
        keyed("tagging.time_none", "set_tag('time', 'no specific time-frame')", "No time-frame", show=False),
        keyed("tagging.subject", "request('subject')", "Subject", show=False),
        keyed("tagging.note", "request('note')", "Note"),
        keyed("tagging.observer", "request('observer')", "Observer", show=False),
        keyed("tagging.undo", "undo", "Undo"),
        keyed("tagging.delete", "request('delete')", "Delete", show=False),
    ]

    class TurnTagged(Message):
        """A function key was pressed: `turn` carries the function and the sticky tags; the host stamps the
        time, saves it, and calls `committed`."""

        def __init__(self, turn: Turn) -> None:
            super().__init__()
            self.turn = turn

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
        self.turns = list(turns)  # as the host's session has them; shown, never counted here
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
        self.post_message(self.TurnTagged(self.sticky.turn(function, 0.0)))

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

    def committed(self, turn: Turn, turns: list[Turn]) -> None:
        """A new turn is saved: show it, and move the sticky speaker on."""
        appended = len(turns) == len(self.turns) + 1 and turns[-1] is turn
        self.turns = list(turns)
        self.sticky = self.sticky.after_commit()
        if appended:
            self.query_one(TurnTimeline).append_turn(turn)
        else:
            self.query_one(TurnTimeline).show_turns(self.turns)

    def appended(self, added: list[Turn], turns: list[Turn]) -> None:
        """Turns tagged elsewhere (another process) follow on: shown at the end; the sticky tags stay."""
        self.turns = list(turns)
        timeline = self.query_one(TurnTimeline)
        for turn in added:
            timeline.append_turn(turn)

    def show_turns(self, turns: list[Turn]) -> None:
        """Turns were edited, deleted or reloaded: show them as they are now."""
        self.turns = list(turns)
        self.query_one(TurnTimeline).show_turns(self.turns)

    def replaced(self, turn: Turn, turns: list[Turn]) -> None:
        """A turn was edited: redrawn in place, or the timeline re-sorted when its time moved it."""
        same_order = [t.id for t in turns] == [t.id for t in self.turns]
        self.turns = list(turns)
        if same_order:
            self.query_one(TurnTimeline).replace_turn(turn)
        else:
            self.query_one(TurnTimeline).show_turns(self.turns)

    def undone(self, turn: Turn, turns: list[Turn]) -> None:
        """The last turn was undone: it is gone, and its speaker is due again."""
        self.turns = list(turns)
        self.query_one(TurnTimeline).remove_turn(turn.id)
        self.sticky = self.sticky.undone(turn)

    def show_observer(self, sticky: StickyTags, turns: list[Turn]) -> None:
        """Switch whose tags are shown and added, with that observer's own sticky tags."""
        self.sticky = sticky
        self.show_turns(turns)
