"""Texts two windows may edit at once besides the GROW notes (issue 15): an action's text, an evidence note, the
arrangements' schedule and evidence plan, a cycle's focus. Each has a version; a save names the version it
loaded and is refused when another window saved since, and then both texts are kept, never one silently lost.
Two Store objects on one file stand for the two processes."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from coachtui.core.model import EvidenceKind, SavedText
from coachtui.errors import StoreError
from coachtui.services.kept_text import KeptText, action_text, arrangement_text, evidence_text, focus_text, kept_both
from coachtui.store import Store, schema
from tests.helpers import FakeNow, FakeTicker, rows, scalar

MARKER = re.compile(r" — also typed in another window at \d\d:\d\d — ")


@dataclass
class Place:
    """One kind of text: how to make one, and the store's reader and compare-and-set writer for it."""

    make: Callable[[Store], int]
    read: Callable[[Store, int], SavedText]
    save: Callable[[Store, int, str, int | None], int | None]
    kept: Callable[[Store, int], KeptText]


def _cycle(store: Store) -> int:
    return store.cycles.current(store.partnerships.create("Ana", "Sam").id).id


def _action(store: Store) -> int:
    return store.actions.add(_cycle(store), None, "").id


def _evidence(store: Store) -> int:
    return store.lessons.add_evidence(_cycle(store), 12.0, EvidenceKind.NOTE).id


PLACES = {
    "action": Place(_action, lambda s, k: s.texts.action_text(k),
                    lambda s, k, t, v: s.texts.save_action_text(k, t, version=v), action_text),
    "evidence": Place(_evidence, lambda s, k: s.texts.evidence_text(k),
                      lambda s, k, t, v: s.texts.save_evidence_text(k, t, version=v), evidence_text),
    "schedule": Place(_cycle, lambda s, k: s.texts.arrangement_text(k, "schedule"),
                      lambda s, k, t, v: s.texts.save_arrangement_text(k, "schedule", t, version=v),
                      lambda s, k: arrangement_text(s, k, "schedule")),
    "evidence plan": Place(_cycle, lambda s, k: s.texts.arrangement_text(k, "evidence_plan"),
                           lambda s, k, t, v: s.texts.save_arrangement_text(k, "evidence_plan", t, version=v),
                           lambda s, k: arrangement_text(s, k, "evidence_plan")),
    "focus": Place(_cycle, lambda s, k: s.texts.focus_text(k),
                   lambda s, k, t, v: s.texts.save_focus(k, t, version=v), focus_text),
}


@pytest.fixture
def other(db_path: Path, store: Store, ticker: FakeTicker) -> Iterator[Store]:
    """A second window: its own connection to the same file."""
    opened = Store.open(db_path, now=FakeNow(ticker))
    yield opened
    opened.close()


@pytest.mark.parametrize("name", PLACES)
def test_a_text_saved_over_a_version_it_did_not_load_is_refused_and_nothing_changes(store: Store,
                                                                                    name: str) -> None:
    place = PLACES[name]
    key = place.make(store)
    loaded = place.read(store, key)
    assert place.save(store, key, "one window", loaded.version) == loaded.version + 1
    assert place.save(store, key, "the other window", loaded.version) is None
    assert place.read(store, key) == SavedText("one window", loaded.version + 1)
    assert place.save(store, key, "one window, more", loaded.version + 1) == loaded.version + 2
    assert place.read(store, key).text == "one window, more"


def test_the_older_ways_of_saving_a_text_raise_its_version_too(store: Store) -> None:
    """The CLI, the demo and the rest of the app save these texts without a version: a screen holding an older
    one must still find out."""
    cycle_id = _cycle(store)
    action_id = store.actions.add(cycle_id, None, "").id
    evidence_id = store.lessons.add_evidence(cycle_id, 3.0, EvidenceKind.NOTE).id
    before = (store.texts.action_text(action_id), store.texts.evidence_text(evidence_id),
              store.texts.arrangement_text(cycle_id, "schedule"), store.texts.focus_text(cycle_id))
    store.actions.update(action_id, text="a")
    store.lessons.update_evidence(evidence_id, text="b")
    store.cycles.save_arrangement(cycle_id, evidence_plan="c")
    store.cycles.update(cycle_id, focus="d")
    after = (store.texts.action_text(action_id), store.texts.evidence_text(evidence_id),
             store.texts.arrangement_text(cycle_id, "schedule"), store.texts.focus_text(cycle_id))
    assert [b.version + 1 for b in before] == [a.version for a in after]
    store.cycles.save_arrangement(cycle_id, observed_lesson=False, confidentiality_agreed=True)
    store.actions.update(action_id, owner="coach")
    assert store.texts.arrangement_text(cycle_id, "schedule").version == after[2].version, "ticks are not texts"
    assert store.texts.action_text(action_id).version == after[0].version


@pytest.mark.parametrize("name", PLACES)
def test_two_windows_typing_the_same_text_keep_both_on_one_line(store: Store, other: Store, name: str) -> None:
    place = PLACES[name]
    key = place.make(store)
    here, there = place.kept(store, key), place.kept(other, key)
    here.load()
    there.load()
    assert there.save("try wait time") is not None
    saved = here.save("ask three pupils")
    assert saved is not None and saved.elsewhere is not None and saved.ours_below
    assert MARKER.split(saved.text) == ["try wait time", "ask three pupils"]
    assert place.read(other, key).text == saved.text
    assert "Both are kept" in here.notice(saved)
    # Typing on here carries on from both texts, as now saved: no second marker.
    again = here.save(saved.text + " each")
    assert again is not None and again.elsewhere is None
    assert MARKER.split(place.read(other, key).text) == ["try wait time", "ask three pupils each"]


def test_a_change_beside_a_text_is_not_a_change_of_it(store: Store, other: Store) -> None:
    """The schedule and the evidence plan share one version: one window's schedule does not make the other's
    evidence plan a clash."""
    cycle_id = _cycle(store)
    plan, schedule = arrangement_text(store, cycle_id, "evidence_plan"), arrangement_text(other, cycle_id, "schedule")
    plan.load()
    schedule.load()
    assert schedule.save("Tuesdays") is not None
    saved = plan.save("pupils' books")
    assert saved is not None and saved.elsewhere is None
    assert rows(store.path, "SELECT schedule, evidence_plan FROM arrangement") == [
        {"schedule": "Tuesdays", "evidence_plan": "pupils' books"}]


def test_deleting_what_we_typed_gives_way_to_the_other_windows_text(store: Store, other: Store) -> None:
    action_id = _action(store)
    store.texts.save_action_text(action_id, "try wait time", version=None)
    here, there = action_text(store, action_id), action_text(other, action_id)
    here.load()
    there.load()
    there.save("try wait time of five seconds")
    saved = here.save("try wait")
    assert saved is not None and saved.elsewhere is not None and not saved.ours_below
    assert saved.text == "try wait time of five seconds"
    assert "its text is shown here" in here.notice(saved)


def test_a_text_deleted_elsewhere_is_said_to_be(store: Store, other: Store) -> None:
    action_id = _action(store)
    here = action_text(store, action_id)
    here.load()
    other.actions.delete(action_id)
    with pytest.raises(StoreError, match="deleted elsewhere"):
        here.save("try wait time")


def test_both_texts_on_one_line_keep_only_what_was_added_here() -> None:
    at = datetime(2025, 3, 4, 14, 5)
    marker = "— also typed in another window at 14:05 —"
    assert kept_both("Tuesdays, fortnightly", "Tuesdays", "Tuesdays after school", at, one_line=True) == (
        f"Tuesdays, fortnightly {marker} after school")
    assert kept_both("", "", "typed here", at, one_line=True) == "typed here"
    assert kept_both("theirs", "base", "base", at, one_line=True) == "theirs"


def test_the_first_key_typed_after_a_clash_is_kept_even_when_theirs_holds_it() -> None:
    """Typed key by key, the first key after the other window's save is the start of more: a letter their text
    happens to hold, or a space, is never dropped (the GROW notes dropped it once)."""
    at = datetime(2025, 3, 4, 14, 5)
    marker = "— also typed in another window at 14:05 —"
    assert kept_both("try wait time", "", "a", at, one_line=True) == f"try wait time {marker} a"
    assert kept_both("Sam wants", "Sam", "Sam ", at) == f"Sam wants\n\n{marker}\n "


def test_a_schema_9_database_gains_the_versions_and_keeps_its_texts(db_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as at_nine:
        at_nine.setattr("coachtui.store.connection.MIGRATIONS", schema.MIGRATIONS[:9])
        at_nine.setattr("coachtui.store.connection.LATEST_VERSION", 9)
        old = Store.open(db_path)
        assert old.schema_version == 9
        cycle_id = _cycle(old)
        action_id = old.actions.add(cycle_id, None, "try wait time").id
        evidence_id = old.lessons.add_evidence(cycle_id, 5.0, EvidenceKind.NOTE, "hands up").id
        old.close()
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE arrangement SET schedule = 'Tuesdays', evidence_plan = 'books'")
    conn.execute("UPDATE cycle SET focus = 'questions'")
    conn.commit()
    conn.close()

    store = Store.open(db_path)
    try:
        assert store.schema_version == schema.LATEST_VERSION == 10
        assert store.texts.action_text(action_id) == SavedText("try wait time", 1)
        assert store.texts.evidence_text(evidence_id) == SavedText("hands up", 1)
        assert store.texts.arrangement_text(cycle_id, "schedule") == SavedText("Tuesdays", 1)
        assert store.texts.arrangement_text(cycle_id, "evidence_plan") == SavedText("books", 1)
        assert store.texts.focus_text(cycle_id) == SavedText("questions", 1)
        assert store.texts.save_action_text(action_id, "stale", version=0) is None
        assert store.texts.save_action_text(action_id, "try wait time, five seconds", version=1) == 2
    finally:
        store.close()
    backup = db_path.with_name(f"{db_path.name}.schema9.bak")
    assert scalar(backup, "SELECT text FROM action") == "try wait time"
