"""Coordinator-facing outputs carry codes and counts only.

Every free-text field a coach, coachee or observer can fill is seeded with a marker string; no
marker may appear in any output meant for a coordinator. Role-play bundles join this test when
they are written.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from coachtui.aggregate import as_csv, as_text, build_overview, refresh_talk
from coachtui.model import EvidenceKind, GrowPhase, Participant, Stage
from coachtui.store import Store
from coachtui.summary import Section
from coachtui.vocabulary import vocabulary
from tests.test_analysis import DEVELOPING, co_constructive
from tests.test_cli import run_cli

MARKERS = {
    "coach": "MK-COACH-NAME", "coachee": "MK-COACHEE-NAME", "focus": "MK-FOCUS", "note": "MK-GROW-NOTE",
    "action": "MK-ACTION", "evidence": "MK-EVIDENCE", "turn_note": "MK-TURN-NOTE", "subject": "MK-SUBJECT",
    "observer": "MK-OBSERVER", "summary": "MK-SUMMARY", "participant": "MK-PARTICIPANT-NAME",
    "round_notes": "MK-ROUND-NOTES", "session_title": "MK-SESSION-TITLE", "schedule": "MK-SCHEDULE",
}


def seeded(store: Store) -> None:
    """A partnership and a role-play round with every free-text field holding a marker."""
    partnership = store.create_partnership(MARKERS["coach"], MARKERS["coachee"], MARKERS["focus"])
    cycle = store.current_cycle(partnership.id)
    store.save_arrangement(cycle.id, schedule=MARKERS["schedule"], evidence_plan=MARKERS["schedule"])
    store.add_evidence(cycle.id, 30, EvidenceKind.NOTE, MARKERS["evidence"], critical=True)
    meeting = store.open_meeting(cycle.id, Stage.POST_LESSON)
    store.save_note(meeting.id, GrowPhase.REALITY, MARKERS["note"])
    store.add_action(cycle.id, meeting.id, MARKERS["action"])
    store.add_turns(meeting.id, [replace(t, observer=MARKERS["observer"], note=MARKERS["turn_note"],
                                         subject=MARKERS["subject"]) for t in co_constructive()])
    store.end_meeting(meeting.id, 700)
    summary = store.create_summary(meeting.id, (Section("focus", "Focus", MARKERS["summary"]),))
    store.approve_summary(summary.id, "MK", MARKERS["summary"])

    training = store.create_training_session(
        "S1", title=MARKERS["session_title"], round_minutes=10, debrief_minutes=5,
        participants=[Participant("P1", 1, MARKERS["participant"]), Participant("P2", 1, "x"),
                      Participant("P3", 1, "y")],
        plan=[(1, 1, "P1", "P2", ("P3",))], scenarios={1: "a4l-exit-tickets"})
    round_id = store.training_rounds(training.id)[0].id
    played = store.start_round(round_id, stage=Stage.PRE_LESSON, theme="a4l", focus=MARKERS["focus"])
    store.add_turns(played, [replace(t, observer="P3", note=MARKERS["turn_note"], subject=MARKERS["subject"])
                             for t in DEVELOPING])
    store.save_round_notes(round_id, MARKERS["round_notes"])
    store.end_meeting(played, 600)


def assert_no_marker(output: str, where: str) -> None:
    leaked = [name for name, marker in MARKERS.items() if marker in output]
    assert not leaked, f"{where} shows {leaked}"


def test_the_aggregate_view_text_and_csv_carry_no_marker(store: Store) -> None:
    seeded(store)
    refresh_talk(store)
    overview = build_overview(store, vocabulary().functions)
    assert overview.counts["meetings_tagged"] == 2  # the seeded data really is in the figures
    assert_no_marker(as_text(overview, {}), "the aggregate text")
    assert_no_marker(as_csv(overview), "the aggregate CSV")
    assert_no_marker(repr(overview), "the overview object the screen reads")


def test_the_aggregate_command_and_its_file_carry_no_marker(store: Store, db_path: Path, tmp_path: Path) -> None:
    seeded(store)
    shown = run_cli(tmp_path, "--db", str(db_path), "aggregate")
    assert shown.returncode == 0, shown.stderr
    assert_no_marker(shown.stdout + shown.stderr, "coachtui aggregate")
    target = tmp_path / "figures.csv"
    assert run_cli(tmp_path, "--db", str(db_path), "aggregate", "--csv", str(target)).returncode == 0
    assert_no_marker(target.read_text(encoding="utf-8"), "the aggregate CSV file")


def test_a_round_bundle_without_text_carries_no_marker(store: Store, tmp_path: Path) -> None:
    from coachtui.bundle import bundle_to_json, write_bundle
    from coachtui.training import bundle_for_round

    seeded(store)
    session = store.training_session_by_code("S1")
    assert session is not None
    round_id = store.training_rounds(session.id)[0].id
    exported = bundle_for_round(store, round_id, include_text=False)
    assert len(exported.turns["P3"]) == len(DEVELOPING)  # the tags are there
    path = tmp_path / exported.file_name()
    write_bundle(path, exported)
    assert_no_marker(path.read_text(encoding="utf-8"), "the round bundle")
    # Ticking "include text" is the triad's choice, and then the text travels.
    assert MARKERS["round_notes"] in bundle_to_json(bundle_for_round(store, round_id, include_text=True))


async def test_the_session_report_text_csv_command_and_screen_carry_no_marker(
        store: Store, db_path: Path, tmp_path: Path) -> None:
    import html

    from coachtui.app import make_app
    from coachtui.rubric import load_rubric
    from coachtui.screens.session_report import SessionReportScreen
    from coachtui.session_report import as_csv as session_csv
    from coachtui.session_report import as_text as session_text
    from coachtui.session_report import build_session_report

    seeded(store)
    session = store.training_session_by_code("S1")
    assert session is not None
    # A second observer of the round typed a name, not a participant code, in the tagging pane.
    meeting_id = store.training_rounds(session.id)[0].meeting_id
    assert meeting_id is not None
    store.add_turns(meeting_id, [replace(t, observer=MARKERS["observer"], note=MARKERS["turn_note"],
                                         subject=MARKERS["subject"]) for t in DEVELOPING[:4]])
    report = build_session_report(store, session.id, load_rubric(), vocabulary().functions)
    assert report.tagged == 1 and report.turns == len(DEVELOPING)  # the seeded round really is in the figures
    assert [reading.observer for reading in report.rounds[0].readings] == ["P3", "other-1"]
    assert_no_marker(session_text(report), "the session report text")
    assert_no_marker(session_csv(report), "the session report CSV")
    assert_no_marker(repr(report), "the session report object the screen reads")

    shown = run_cli(tmp_path, "--db", str(db_path), "session-report", "--session", "S1")
    assert shown.returncode == 0, shown.stderr
    assert_no_marker(shown.stdout + shown.stderr, "coachtui session-report")
    target = tmp_path / "session.csv"
    assert run_cli(tmp_path, "--db", str(db_path), "session-report", "--session", "S1", "--csv",
                   str(target)).returncode == 0
    assert_no_marker(target.read_text(encoding="utf-8"), "the session report CSV file")

    app = make_app(db_path)
    async with app.run_test(size=(120, 80)) as pilot:
        app.push_screen(SessionReportScreen(session.id))
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = html.unescape(app.export_screenshot()).replace("\xa0", " ")
    app.store.close()
    assert "Training session S1" in screen and "R1 P3*" in screen
    assert_no_marker(screen, "the session report screen")
