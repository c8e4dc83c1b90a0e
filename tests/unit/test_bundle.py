"""Round bundles: the file a triad's laptop exports and the coordinator imports."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachtui.core.bundle import bundle_from_json, bundle_to_json, without_text
from coachtui.core.model import Participant, Stage, Turn
from coachtui.core.vocabulary import vocabulary
from coachtui.errors import CoachError, DataFileError, StoreError
from coachtui.services.figures import build_overview, refresh_talk
from coachtui.services.rounds import bundle_for_round, import_bundle, read_bundle, write_bundle
from coachtui.store import Store
from tests.helpers import DEVELOPING, EMERGING, RunCli, any_turns, bundle

MARKER = "MK-BUNDLE-TEXT-7f3a"


@given(any_turns(), st.booleans())
@settings(max_examples=60, deadline=None)
def test_a_bundle_survives_the_round_trip(turns: list[Turn], with_text: bool) -> None:
    tagged = tuple(replace(t, observer="P1", subject="fractions" if with_text else "",
                           note="a note" if with_text else "") for t in turns)
    original = bundle({"P1": tagged}, includes_text=with_text, notes="n" if with_text else "")
    assert bundle_from_json(bundle_to_json(original), "x.json") == original


def test_free_text_is_left_out_unless_the_triad_includes_it() -> None:
    tagged = (Turn(3, "coach", "question", subject=MARKER, note=MARKER, observer="P1"),)
    full = bundle({"P1": tagged}, includes_text=True, notes=MARKER)
    assert MARKER in bundle_to_json(full)
    stripped = bundle_to_json(without_text(full))
    assert MARKER not in stripped
    assert json.loads(stripped)["includes_text"] is False
    assert bundle_from_json(stripped, "x").turns["P1"][0].function == "question"


def good_data() -> dict[str, object]:
    return json.loads(bundle_to_json(bundle({"P1": (Turn(3, "coach", "question", observer="P1"),)})))


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: "not json at all", "not valid JSON"),
    (lambda d: [1, 2], "not a coachtui round file"),
    (lambda d: {**d, "format": "other"}, "not a coachtui round file"),
    (lambda d: {**d, "version": 9}, "version 9"),
    (lambda d: {**d, "session": "has space"}, "'session' is not a valid code"),
    (lambda d: {**d, "group": "1"}, "'group' must be a whole number"),
    (lambda d: {**d, "round": 13}, "'round' must be a whole number from 1 to 12"),
    (lambda d: {**d, "stage": 3}, "'stage' must be 2"),
    (lambda d: {**d, "coach": "Ana Lopez"}, "'coach' is not a valid code"),
    (lambda d: {**d, "observers": []}, "'observers' must list one or more"),
    (lambda d: {**d, "coachee": "P2"}, "someone plays two roles"),
    (lambda d: {**d, "elapsed_seconds": -1}, "'elapsed_seconds' must be a number"),
    (lambda d: {**d, "played_on": "yesterday"}, "'played_on' is not a date"),
    (lambda d: {**d, "includes_text": "no"}, "'includes_text' must be true or false"),
    (lambda d: {**d, "notes": MARKER}, "holds notes although"),
    (lambda d: {**d, "turns": []}, "'turns' must map"),
    (lambda d: {**d, "turns": {"P9": []}}, "P9, who is not one of the round's observers"),
    (lambda d: {**d, "turns": {"P1": [{"t": 1, "speaker": "coach", "function": "question", "note": MARKER}]}},
     "holds free text although"),
    (lambda d: {**d, "turns": {"P1": [{"t": 1, "speaker": "coach", "function": "shouting"}]}}, "turn 1 of P1"),
    (lambda d: {**d, "turns": {"P1": [{"t": -5, "speaker": "coach", "function": "question"}]}}, "out of range"),
    (lambda d: {**d, "turns": {"P1": [{"speaker": "coach", "function": "question"}]}}, "missing or has a malformed"),
    (lambda d: {**d, "turns": {"P1": [{"t": 1, "speaker": "coach", "function": "question", "x": 1}]}},
     "unknown field 'x'"),
    (lambda d: {**d, "turns": {"P1": ["q"]}}, "turn 1 of P1 is not an object"),
    # A trailing newline is not part of a valid code or id.
    (lambda d: {**d, "session": "AUT1\n"}, "'session' is not a valid code"),
    (lambda d: {**d, "scenario": "a4l-exit-tickets\n"}, "'scenario' is not a valid code"),
    (lambda d: {**d, "coach": "P2\n"}, "'coach' is not a valid code"),
    (lambda d: {**d, "observers": ["P1\n"]}, "'observers' must list one or more"),
])
def test_every_kind_of_bad_file_is_refused_naming_the_file(change, message: str) -> None:
    changed = change(good_data())
    text = changed if isinstance(changed, str) else json.dumps(changed)
    with pytest.raises(DataFileError) as caught:
        bundle_from_json(text, "laptop3.coachround.json")
    assert str(caught.value).startswith("laptop3.coachround.json is not a usable round bundle")
    assert message in str(caught.value)


def test_files_are_written_privately_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / bundle().file_name()
    write_bundle(path, bundle())
    assert path.stat().st_mode & 0o777 == 0o600
    assert read_bundle(path) == bundle()
    with pytest.raises(DataFileError, match="already exists"):
        write_bundle(path, bundle())
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(DataFileError, match="not UTF-8 text"):
        read_bundle(tmp_path / "binary.json")
    with pytest.raises(DataFileError, match="There is no file"):
        read_bundle(tmp_path / "missing.json")


# -- from a triad's laptop to the coordinator's database ------------------------------------------


def laptop(path: Path, observers: tuple[str, ...] = ("P3",)) -> tuple[Store, int, int]:
    store = Store.open(path)
    session = store.training.create_session(
        "AUT1", round_minutes=10, debrief_minutes=5, participants=[Participant(c, 1) for c in ("P1", "P2", "P3")],
        plan=[(1, 1, "P1", "P2", observers)], scenarios={1: "a4l-exit-tickets"})
    round_id = store.training.rounds(session.id)[0].id
    meeting_id = store.training.start_round(round_id, stage=Stage.POST_LESSON, theme="a4l", focus="x")
    return store, round_id, meeting_id


def test_a_round_exported_on_one_laptop_is_imported_once_by_the_coordinator(tmp_path: Path) -> None:
    triad, round_id, meeting_id = laptop(tmp_path / "triad.db")
    triad.turns.add_many(meeting_id, [replace(t, observer="P3", note=MARKER) for t in DEVELOPING])
    triad.training.save_round_notes(round_id, MARKER)
    triad.meetings.end(meeting_id, 610)
    exported = bundle_for_round(triad, round_id, include_text=False)
    assert MARKER not in bundle_to_json(exported)

    coordinator = Store.open(tmp_path / "coordinator.db")
    assert import_bundle(coordinator, exported) == "Imported round 1 of group 1 in AUT1: tags by P3."
    again = import_bundle(coordinator, exported)
    assert again == "Nothing new: the tags of round 1 of group 1 in AUT1 are already here."
    session = coordinator.training.session_by_code("AUT1")
    assert session is not None and [p.code for p in session.participants] == ["P1", "P2", "P3"]
    imported = coordinator.training.rounds(session.id)[0]
    assert (imported.coach, imported.coachee, imported.observers, imported.source, imported.notes) == (
        "P1", "P2", ("P3",), "imported", "")
    assert imported.meeting_id is not None
    assert [t.function for t in coordinator.turns.of_meeting(imported.meeting_id)] == [t.function for t in DEVELOPING]
    assert coordinator.meetings.get(imported.meeting_id).clock_elapsed == 610
    refresh_talk(coordinator)
    assert [talk.level for talk in coordinator.figures.meeting_talk()] == [2]  # the round counts in the figures
    assert build_overview(coordinator, vocabulary().functions).role_play is None  # one participant: too few


def test_two_observers_on_two_laptops_land_in_one_round(tmp_path: Path) -> None:
    bundles = []
    for observer, turns in (("P3", DEVELOPING), ("P4", EMERGING)):
        triad, round_id, meeting_id = laptop(tmp_path / f"{observer}.db", observers=("P3", "P4"))
        triad.turns.add_many(meeting_id, [replace(t, observer=observer) for t in turns])
        triad.meetings.end(meeting_id, 600)
        bundles.append(bundle_for_round(triad, round_id, include_text=True))
    coordinator = Store.open(tmp_path / "coordinator.db")
    assert [import_bundle(coordinator, b).split(": ")[-1] for b in bundles] == ["tags by P3.", "tags by P4."]
    played = coordinator.training.rounds(coordinator.training.session_by_code("AUT1").id)[0]  # type: ignore[union-attr]
    assert coordinator.turns.observers(played.meeting_id) == ["P3", "P4"]  # type: ignore[arg-type]


def test_differing_tags_are_never_swapped_silently_and_replace_only_when_the_user_says(tmp_path: Path) -> None:
    from coachtui.store.training import TagsDiffer

    coordinator = Store.open(tmp_path / "coordinator.db")
    first = bundle({"P1": tuple(replace(t, observer="P1") for t in DEVELOPING)})
    import_bundle(coordinator, first)
    assert import_bundle(coordinator, first).startswith("Nothing new")
    other = bundle({"P1": tuple(replace(t, observer="P1") for t in EMERGING)})  # a correction, or an old copy?
    with pytest.raises(TagsDiffer, match="P1's tags for round 2 of group 1 are already here and differ"):
        import_bundle(coordinator, other)
    played = coordinator.training.rounds(coordinator.training.session_by_code("AUT1").id)[0]  # type: ignore[union-attr]
    assert [t.function for t in coordinator.turns.of_meeting(played.meeting_id)] == [t.function for t in DEVELOPING]  # type: ignore[arg-type]
    assert import_bundle(coordinator, other, replace=True) == (
        "Imported round 2 of group 1 in AUT1: tags by P1 replace the ones that were here.")
    assert [t.function for t in coordinator.turns.of_meeting(played.meeting_id)] == [t.function for t in EMERGING]  # type: ignore[arg-type]


def test_a_replacement_without_text_never_wipes_notes_that_came_with_text(tmp_path: Path) -> None:
    coordinator = Store.open(tmp_path / "coordinator.db")
    noted = tuple(replace(t, observer="P1", note="a note") for t in DEVELOPING)
    import_bundle(coordinator, bundle({"P1": noted}, includes_text=True, notes="debrief"))
    bare = bundle({"P1": tuple(replace(t, observer="P1") for t in EMERGING)})
    with pytest.raises(StoreError, match="carry notes that this file leaves out"):
        import_bundle(coordinator, bare, replace=True)
    played = coordinator.training.rounds(coordinator.training.session_by_code("AUT1").id)[0]  # type: ignore[union-attr]
    assert {t.note for t in coordinator.turns.of_meeting(played.meeting_id)} == {"a note"}  # type: ignore[arg-type]
    corrected = bundle({"P1": tuple(replace(t, observer="P1", note="new") for t in EMERGING)}, includes_text=True,
                       notes="corrected debrief")
    import_bundle(coordinator, corrected, replace=True)
    assert coordinator.training.round(played.id).notes == "corrected debrief"


def test_tags_that_differ_from_a_round_played_here_are_refused_not_merged(tmp_path: Path) -> None:
    from coachtui.store.training import TagsDiffer

    here, _, meeting_id = laptop(tmp_path / "here.db")
    here.turns.add_many(meeting_id, [replace(t, observer="P3") for t in DEVELOPING])
    elsewhere, other_round, other_meeting = laptop(tmp_path / "elsewhere.db")
    elsewhere.turns.add_many(other_meeting, [replace(t, observer="P3") for t in EMERGING])
    with pytest.raises(TagsDiffer, match="two people tagging under one code"):
        import_bundle(here, bundle_for_round(elsewhere, other_round, include_text=False))
    assert [t.function for t in here.turns.of_meeting(meeting_id)] == [t.function for t in DEVELOPING]


def test_a_file_that_contradicts_a_round_already_here_is_refused(tmp_path: Path) -> None:
    coordinator = Store.open(tmp_path / "coordinator.db")
    import_bundle(coordinator, bundle({"P1": ()}))
    with pytest.raises(StoreError, match="already here with other people"):
        import_bundle(coordinator, bundle({"P1": ()}, coach="P9"))


def test_an_unplayed_round_cannot_be_exported(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "t.db")
    session = store.training.create_session(
        "AUT1", round_minutes=10, debrief_minutes=5, participants=[Participant(c, 1) for c in ("P1", "P2", "P3")],
        plan=[(1, 1, "P1", "P2", ("P3",))], scenarios={1: "a4l-exit-tickets"})
    with pytest.raises(CoachError, match="has not been played yet"):
        bundle_for_round(store, store.training.rounds(session.id)[0].id, include_text=False)


def test_the_command_line_carries_rounds_from_laptops_to_the_coordinator(tmp_path: Path, run_cli: RunCli) -> None:

    triad, _, meeting_id = laptop(tmp_path / "triad.db")
    triad.turns.add_many(meeting_id, [replace(t, observer="P3", note=MARKER) for t in DEVELOPING])
    triad.meetings.end(meeting_id, 600)
    triad.close()
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    written = run_cli("--db", str(tmp_path / "triad.db"), "export-round", "--session", "AUT1",
                      "--group", "1", "--round", "1", "--to", str(outbox))
    assert written.returncode == 0, written.stderr
    files = list(outbox.iterdir())
    assert [f.name for f in files] == ["AUT1-group1-round1.coachround.json"]
    assert MARKER not in files[0].read_text(encoding="utf-8")
    broken = outbox / "broken.coachround.json"
    broken.write_text("{", encoding="utf-8")
    coordinator = str(tmp_path / "coordinator.db")
    imported = run_cli("--db", coordinator, "import-rounds", str(files[0]), str(broken))
    assert imported.returncode == 4  # one file was bad: said so, and the good one still came in
    assert "tags by P3" in imported.stdout
    assert "broken.coachround.json is not a usable round bundle" in imported.stderr
    assert "Traceback" not in imported.stderr
    missing = run_cli("--db", coordinator, "export-round", "--session", "AUT1", "--group", "1",
                      "--round", "9", "--to", str(outbox))
    assert missing.returncode == 4 and "Session AUT1 has no round 9 for group 1." in missing.stderr
    unknown = run_cli("--db", coordinator, "export-round", "--session", "NOPE", "--group", "1",
                      "--round", "1", "--to", str(outbox))
    assert unknown.returncode == 4 and "There is no training session NOPE" in unknown.stderr
    assert "sessions: AUT1" in unknown.stderr


def test_the_command_line_replaces_differing_tags_only_with_replace(tmp_path: Path, run_cli: RunCli) -> None:

    for name, turns in (("first", DEVELOPING), ("fixed", EMERGING)):
        tagged = tuple(replace(t, observer="P1") for t in turns)
        write_bundle(tmp_path / f"{name}.coachround.json", bundle({"P1": tagged}))
    db = str(tmp_path / "coordinator.db")
    assert run_cli("--db", db, "import-rounds", "first.coachround.json").returncode == 0
    refused = run_cli("--db", db, "import-rounds", "fixed.coachround.json")
    assert refused.returncode == 4
    assert "already here and differ" in refused.stderr and "on its own with --replace" in refused.stderr
    kept = run_cli("--db", db, "import-rounds", "--replace", "fixed.coachround.json")
    assert kept.returncode == 0 and "replace the ones that were here" in kept.stdout
