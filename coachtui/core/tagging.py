"""The observer's sticky tags: what the next function key will commit besides the function.

Pure state, no Textual: the tagging pane holds one and the tests drive it directly.
Stimulus, scale, tone, time, subject and co-construction stay as set until changed, and each
counts how many turns it has been applied to, so a value left on by mistake shows up. Initiation
is armed for the next turn only. The speaker alternates between coach and coachee after each
turn, as turns in a conversation do; the observer (or any third voice) speaks for one turn only,
after which the alternation carries on where it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from coachtui.core.model import Turn
from coachtui.core.vocabulary import Vocabulary, vocabulary

OTHER_SPEAKER = {"coach": "coachee", "coachee": "coach"}
THIRD_SPEAKER = "observer"
# Ours: a value still applied after this many turns is flagged, in case it was left on by mistake.
LONG_HELD = 8
# The sticky dimensions and the value that means "nothing set".
# Empty is "not tagged yet": the live pass leaves these to the review pass unless the observer sets them.
DEFAULTS = {"scale": "", "time": "", "stimulus": "", "tone": ""}


@dataclass(frozen=True)
class StickyTags:
    speaker: str = "coach"  # whose turn is due in the coach-coachee alternation
    one_turn_speaker: str = ""  # someone else speaks the next turn only (the observer)
    initiation_armed: bool = False
    co_construction: bool = False
    stimulus: str = ""
    scale: str = ""
    tone: str = ""
    time: str = ""
    subject: str = ""
    observer: str = ""
    alternate: bool = True
    held: tuple[tuple[str, int], ...] = ()  # (dimension, turns it has been applied to) for values set

    @classmethod
    def for_turns(cls, turns: Sequence[Turn], observer: str, subject: str = "") -> StickyTags:
        """Fresh tags for an observer: nothing sticky, and the speaker after their last coach or coachee turn."""
        last = next((turn.speaker for turn in reversed(turns) if turn.speaker in OTHER_SPEAKER), "")
        return cls(speaker=OTHER_SPEAKER.get(last, "coach"), observer=observer, subject=subject)

    @property
    def next_speaker_name(self) -> str:
        return self.one_turn_speaker or self.speaker

    def turn(self, function: str, t: float) -> Turn:
        """The turn a function key commits at offset `t` seconds."""
        speaker = self.next_speaker_name
        return Turn(
            t=round(max(0.0, t), 2), speaker=speaker, function=function,
            initiation=speaker if self.initiation_armed and speaker in OTHER_SPEAKER else "",
            subject=self.subject, stimulus=self.stimulus, scale=self.scale, tone=self.tone, time=self.time,
            co_construction=self.co_construction, observer=self.observer,
        )

    def after_commit(self) -> StickyTags:
        """Ready for the next turn: initiation disarmed, the other person speaking next."""
        held = tuple((dimension, count + 1) for dimension, count in self.held)
        if self.one_turn_speaker:
            return replace(self, one_turn_speaker="", initiation_armed=False, held=held)
        speaker = OTHER_SPEAKER.get(self.speaker, self.speaker) if self.alternate else self.speaker
        return replace(self, initiation_armed=False, speaker=speaker, held=held)

    def undone(self, turn: Turn) -> StickyTags:
        """Back to the moment before `turn` was committed: its speaker is due again, its opening re-armed."""
        held = tuple((dimension, max(0, count - 1)) for dimension, count in self.held)
        if turn.speaker in OTHER_SPEAKER:
            return replace(self, speaker=turn.speaker, one_turn_speaker="", initiation_armed=bool(turn.initiation),
                           held=held)
        return replace(self, one_turn_speaker=turn.speaker, initiation_armed=False, held=held)

    def next_speaker(self, vocab: Vocabulary | None = None) -> StickyTags:
        """Swap who is due between coach and coachee; a one-turn third speaker is cancelled."""
        return replace(self, speaker=OTHER_SPEAKER.get(self.speaker, "coach"), one_turn_speaker="")

    def third_speaker(self) -> StickyTags:
        """The observer speaks the next turn only (pressed again, cancelled)."""
        return replace(self, one_turn_speaker="" if self.one_turn_speaker else THIRD_SPEAKER)

    def step(self, dimension: str, direction: int, vocab: Vocabulary | None = None) -> StickyTags:
        """Cycle `stimulus` or `tone` through its values."""
        values = (vocab or vocabulary()).values(dimension)
        return self.set(dimension, _step(values, getattr(self, dimension), direction))

    def toggle(self, dimension: str, value: str) -> StickyTags:
        """Set `scale` or `time` to a value, or clear it when it already holds that value."""
        return self.set(dimension, DEFAULTS[dimension] if getattr(self, dimension) == value else value)

    def set(self, dimension: str, value: str) -> StickyTags:
        """One sticky dimension to a value; its count of turns starts again."""
        held = tuple((d, n) for d, n in self.held if d != dimension)
        if value != DEFAULTS[dimension]:
            held += ((dimension, 0),)
        return replace(self, **{dimension: value, "held": held})  # type: ignore[arg-type]

    def held_for(self, dimension: str) -> int:
        """How many turns the dimension's current value has been applied to (0 when unset)."""
        return dict(self.held).get(dimension, 0)

    def long_held(self) -> list[str]:
        """Sticky dimensions left on for `LONG_HELD` turns or more."""
        return [dimension for dimension, count in self.held if count >= LONG_HELD]


def _step(values: tuple[str, ...], current: str, direction: int) -> str:
    index = values.index(current) if current in values else -direction
    return values[(index + direction) % len(values)]
