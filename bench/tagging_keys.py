"""Keys an observer presses per turn, over the hand-written reference conversations.

The live pass (function, speaker, openings, runs of building together) has to keep up with talk
at a turn every 2-5 seconds: target at most 1.3 keys a turn. The review pass sets the remaining
dimensions afterwards, at the observer's own pace, and is reported for the record.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coachtui.core.keymap import shipped_keymap
from tests.reference import live_pass, reference_conversations, review_pass

TARGET_LIVE = 1.3


def measure() -> dict[str, object]:
    keys = shipped_keymap()
    conversations = reference_conversations()
    live = {c.name: [len(p.keys) for p in live_pass(c, keys)] for c in conversations}
    review = {c.name: review_pass(c, keys) for c in conversations}
    turns = sum(len(c.lines) for c in conversations)
    return {
        "conversations": len(conversations),
        "turns": turns,
        "live_keys_per_turn": round(sum(map(sum, live.values())) / turns, 3),
        "live_keys_per_turn_target": TARGET_LIVE,
        "live_by_conversation": {name: round(sum(k) / len(k), 2) for name, k in live.items()},
        "review_keys_per_turn": round(sum(len(k) for k in review.values()) / turns, 3),
        "review_by_conversation": {c.name: round(len(review[c.name]) / len(c.lines), 2) for c in conversations},
    }


if __name__ == "__main__":
    import json

    print(json.dumps(measure(), indent=2))
