"""The observer's sticky tags: what the next function key will commit besides the function.

Pure state, no Textual: the tagging pane holds one and the tests drive it directly.
Speaker, stimulus, scale, tone, time, subject and co-construction stay as set until changed;
initiation is armed for the next turn only, and the speaker alternates between coach and
coachee after each turn, as turns in a conversation do.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from coachtui.model import Turn
from coachtui.vocabulary import Vocabulary, vocabulary

OTHER_SPEAKER = {"coach": "coachee", "coachee": "coach"}


@dataclass(frozen=True)
class StickyTags:
    speaker: str = "coach"
    initiation_armed: bool = False
    co_construction: bool = False
    stimulus: str = "none"
    scale: str = ""
    tone: str = "neutral"
    time: str = ""
    subject: str = ""
    observer: str = ""
    alternate: bool = True

    def turn(self, function: str, t: float) -> Turn:
        """The turn a function key commits at offset `t` seconds."""
        return Turn(
            t=round(max(0.0, t), 2), speaker=self.speaker, function=function,
            initiation=self.speaker if self.initiation_armed and self.speaker in OTHER_SPEAKER else "",
            subject=self.subject, stimulus=self.stimulus, scale=self.scale, tone=self.tone, time=self.time,
            co_construction=self.co_construction, observer=self.observer,
        )

    def after_commit(self) -> StickyTags:
        """Ready for the next turn: initiation disarmed, the other person speaking next."""
        speaker = OTHER_SPEAKER.get(self.speaker, self.speaker) if self.alternate else self.speaker
        return replace(self, initiation_armed=False, speaker=speaker)

    def next_speaker(self, vocab: Vocabulary | None = None) -> StickyTags:
        return replace(self, speaker=_step((vocab or vocabulary()).values("speaker"), self.speaker, 1))

    def step(self, dimension: str, direction: int, vocab: Vocabulary | None = None) -> StickyTags:
        """Cycle `stimulus` or `tone` through its values."""
        values = (vocab or vocabulary()).values(dimension)
        return replace(self, **{dimension: _step(values, getattr(self, dimension), direction)})  # type: ignore[arg-type]

    def toggle(self, dimension: str, value: str) -> StickyTags:
        """Set `scale` or `time` to a value, or clear it when it already holds that value."""
        return replace(self, **{dimension: "" if getattr(self, dimension) == value else value})  # type: ignore[arg-type]


def _step(values: tuple[str, ...], current: str, direction: int) -> str:
    index = values.index(current) if current in values else -direction
    return values[(index + direction) % len(values)]
