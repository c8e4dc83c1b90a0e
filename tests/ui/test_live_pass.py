"""The observer's live pass, replayed at the pace of the conversation through the real console.

A reference conversation is tagged as an observer would tag it live: one function key as each turn
ends, `i` for a new strand, `w`/`W` when the speaker is not the expected one, `b` at the edges of a
run of building together. What reaches the database is checked turn by turn.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coachtui.core.keymap import shipped_keymap
from coachtui.screens.observer_console import ObserverConsole
from coachtui.store import Store
from tests.helpers import FakeTicker, open_console, post_lesson_meeting, press_in_one_go, rows
from tests.reference import keys_per_turn, live_pass, reference_conversations

CONVERSATIONS = {conversation.name: conversation for conversation in reference_conversations()}
LIVE_COLUMNS = ("SELECT t, speaker, function, initiation, co_construction, stimulus, scale, tone, time_frame"
                " FROM turn ORDER BY t, id")


def test_the_live_pass_needs_at_most_1_3_keys_a_turn_over_the_reference_conversations() -> None:
    keys = shipped_keymap()
    presses = [press for c in CONVERSATIONS.values() for press in live_pass(c, keys)]
    assert sum(len(press.keys) for press in presses) / len(presses) <= 1.3
    # Building together and long runs by one speaker cost a little more; the plainest talk is near one key.
    assert keys_per_turn(CONVERSATIONS["refining"], keys) < 1.15


@pytest.mark.parametrize("name", ["co_constructive", "mentoring"])
async def test_a_real_paced_live_pass_files_every_turn_as_it_was_spoken(
        name: str, app_factory, store: Store, db_path: Path, ticker: FakeTicker) -> None:
    conversation = CONVERSATIONS[name]
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_console(app, pilot, meeting_id)
        await pilot.press("space")  # the talk begins
        for press in live_pass(conversation, app.active_keys):
            ticker.advance(press.wait)
            await pilot.press(*press.keys)
        await pilot.pause()
    saved = rows(db_path, LIVE_COLUMNS)
    assert len(saved) == len(conversation.lines)
    for turn, row in zip(conversation.turns, saved, strict=True):
        assert (row["t"], row["speaker"], row["function"], row["initiation"], bool(row["co_construction"])) == (
            pytest.approx(turn.t, abs=0.01), turn.speaker, turn.function, turn.initiation, turn.co_construction)
        # The live pass leaves the other dimensions to the review.
        assert (row["stimulus"], row["scale"], row["tone"], row["time_frame"]) == ("", "", "", "")


async def test_a_review_pass_after_the_live_pass_completes_the_tags_as_written(
        app_factory, store: Store, db_path: Path, ticker: FakeTicker) -> None:
    from dataclasses import replace

    from coachtui.screens.review import ReviewScreen
    from tests.reference import review_pass

    conversation = CONVERSATIONS["refining"]
    meeting_id = post_lesson_meeting(store)
    # What the live pass left: every reviewed dimension untagged.
    store.turns.add_many(meeting_id, [replace(turn, observer="Jo", stimulus="", scale="", tone="", time="")
                                      for turn in conversation.turns])
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(ObserverConsole(meeting_id, observer="Jo"))
        await pilot.pause()
        await pilot.press("V")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        keys = review_pass(conversation, app.active_keys)
        await press_in_one_go(pilot, keys[:-1])
        await pilot.press(keys[-1])  # the review is complete: every dimension is set where it applies
        await pilot.pause()
        if app.screen is not None and not isinstance(app.screen, ReviewScreen):
            await pilot.press("y")  # asked first, since some turns keep no scale or time
            await pilot.pause()
    untagged = {("stimulus", "none"), ("tone", "neutral")}
    expected = [tuple("" if (name, getattr(turn, name)) in untagged else getattr(turn, name)
                      for name in ("stimulus", "scale", "tone", "time")) for turn in conversation.turns]
    saved = rows(db_path, "SELECT stimulus, scale, tone, time_frame FROM turn ORDER BY t, id")
    assert [tuple(row.values()) for row in saved] == expected
    assert store.turns.reviewed(meeting_id, "Jo")
