"""Reference conversations in `tests/data/conversations/*.talk`: parsed into turns (see its README)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coachtui.core.model import Turn
from coachtui.core.vocabulary import vocabulary

CONVERSATIONS = Path(__file__).parent / "data" / "conversations"
_TAG_NAMES = {"stim": "stimulus", "scale": "scale", "time": "time", "tone": "tone"}


@dataclass(frozen=True)
class Line:
    """One spoken turn: its tags and what was said."""

    turn: Turn
    secs: float
    words: str


@dataclass(frozen=True)
class Conversation:
    name: str
    title: str
    level: int
    pattern: str
    rationale: str
    lines: tuple[Line, ...]

    @property
    def turns(self) -> list[Turn]:
        return [line.turn for line in self.lines]


def parse_conversation(path: Path) -> Conversation:
    """A conversation file, or ValueError naming the line that is wrong."""
    vocab = vocabulary()
    headers: dict[str, str] = {}
    last_header = ""
    lines: list[Line] = []
    clock = 0.0
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = raw.strip()
        if not text:
            continue
        if text.startswith("#"):
            body = text[1:].strip()
            key, colon, value = body.partition(":")
            if colon and key.strip() in ("title", "level", "pattern", "rationale"):
                last_header = key.strip()
                headers[last_header] = value.strip()
            elif last_header == "rationale" and raw.startswith("#   "):
                headers["rationale"] += " " + body
            else:
                last_header = ""
            continue
        tags, _, words = text.partition("|")
        fields = tags.split()
        if len(fields) < 3:
            raise ValueError(f"{path.name}:{number}: expected 'secs speaker function ...'")
        secs, speaker, function = float(fields[0]), fields[1], fields[2].replace("_", " ")
        if speaker not in vocab.values("speaker") or function not in vocab.functions:
            raise ValueError(f"{path.name}:{number}: unknown speaker or function in {text!r}")
        values: dict[str, object] = {}
        for tag in fields[3:]:
            if tag == "+open":
                values["initiation"] = speaker
            elif tag == "+co":
                values["co_construction"] = True
            else:
                name, equals, value = tag.partition("=")
                dimension = _TAG_NAMES.get(name)
                value = value.replace("_", " ")
                if not equals or dimension is None or value not in vocab.values(dimension):
                    raise ValueError(f"{path.name}:{number}: bad tag {tag!r}")
                values[dimension] = value
        clock += secs
        lines.append(Line(Turn(t=round(clock, 2), speaker=speaker, function=function, observer="ref",
                               **values), secs, words.strip()))  # type: ignore[arg-type]
    if "title" not in headers or "level" not in headers:
        raise ValueError(f"{path.name}: needs '# title:' and '# level:' lines")
    return Conversation(path.stem, headers["title"], int(headers["level"]), headers.get("pattern", ""),
                        headers.get("rationale", ""), tuple(lines))


def reference_conversations() -> list[Conversation]:
    return [parse_conversation(path) for path in sorted(CONVERSATIONS.glob("*.talk"))]


# -- how an observer tags a conversation ----------------------------------------------------------------

OTHER = {"coach": "coachee", "coachee": "coach"}


@dataclass(frozen=True)
class Press:
    """Keys pressed as one turn ends: `wait` seconds after the previous turn's keys."""

    wait: float
    keys: tuple[str, ...]


def live_pass(conversation: Conversation, keys: dict[str, str]) -> list[Press]:
    """The keys an observer presses for the live pass: per turn, its function key (the stamp), with
    `i` before it when the turn opens a strand, `w` when the speaker is not the one the alternation
    expects, `W` for an observer's turn, and `b` where a run of building together starts or stops.
    `keys` is the app's binding ids to keys (`CoachApp.active_keys`)."""
    def key(binding_id: str) -> str:
        return keys[binding_id].split(",")[0].strip()

    presses: list[Press] = []
    due, building = "coach", False
    for line in conversation.lines:
        turn = line.turn
        pressed: list[str] = []
        if turn.co_construction != building:
            pressed.append(key("tagging.co_construction"))
            building = turn.co_construction
        if turn.speaker not in OTHER:
            pressed.append(key("tagging.third_speaker"))
        elif turn.speaker != due:
            pressed.append(key("tagging.speaker"))
            due = turn.speaker
        if turn.initiation:
            pressed.append(key("tagging.initiation"))
        pressed.append(key(f"tagging.{turn.function.replace(' ', '_')}"))
        if turn.speaker in OTHER:
            due = OTHER[turn.speaker]
        presses.append(Press(line.secs, tuple(pressed)))
    return presses


def keys_per_turn(conversation: Conversation, keys: dict[str, str]) -> float:
    presses = live_pass(conversation, keys)
    return sum(len(press.keys) for press in presses) / len(presses)


REVIEWED = (("review.stimulus", "stimulus"), ("review.scale", "scale"), ("review.tone", "tone"),
            ("review.time", "time"))


def review_pass(conversation: Conversation, keys: dict[str, str]) -> list[str]:
    """The keys of a review pass that sets the conversation's stimulus, scale, tone and time after a
    live pass: per dimension, its key, then for each turn the value's number (which also moves on to
    the next turn), or the down arrow past a turn that keeps no value; then the key that marks the
    review complete. Each sweep starts from the top (ctrl+home)."""
    from coachtui.core.vocabulary import vocabulary

    vocab = vocabulary()

    def key(binding_id: str) -> str:
        return keys[binding_id].split(",")[0].strip()

    pressed: list[str] = []
    for binding_id, dimension in REVIEWED:
        numbers = {value: str(n) for n, value in enumerate((v for v in vocab.values(dimension) if v), start=1)}
        pressed.extend((key(binding_id), "ctrl+home"))
        for turn in conversation.turns:
            value = getattr(turn, dimension)
            tagged = value and (dimension, value) not in (("stimulus", "none"), ("tone", "neutral"))
            pressed.append(numbers[value] if tagged else "down")
    pressed.append(key("review.complete"))
    return pressed
