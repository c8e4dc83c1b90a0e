"""Coordinator-facing outputs carry codes and counts only.

Every free-text field a coach, coachee or observer can fill is seeded with a marker string (the
`markers` fixture in conftest.py); no marker may appear in any output meant for a coordinator.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from coachtui.core.vocabulary import vocabulary
from coachtui.services.figure_tables import as_csv, build_tables
from coachtui.services.figures import as_text, build_overview, refresh_talk
from coachtui.store import Store
from tests.helpers import DEVELOPING, RunCli, agree_to_figures, school_of_three_coaches


def assert_no_marker(markers: dict[str, str], output: str, where: str) -> None:
    leaked = [name for name, marker in markers.items() if marker in output]
    assert not leaked, f"{where} shows {leaked}"


# A code that stands for one person: a coach code (C1), a participant code (P1, S1/P1), as the coordinator's
# figures once showed per person.
PERSON_CODE = re.compile(r"\b(?:[A-Z][A-Za-z0-9_-]*/)?[CP]\d+\b")


def assert_no_code(output: str, where: str) -> None:
    found = PERSON_CODE.findall(output)
    assert not found, f"{where} shows codes that stand for a person: {found}"


def counted(store: Store) -> None:
    """The marked partnership agrees to be counted, with four more, so its figures really are in the totals."""
    agree_to_figures(store, store.partnerships.all()[0].id)
    school_of_three_coaches(store, 4)


def test_the_aggregate_view_text_and_csv_carry_no_marker_and_no_code(store: Store, markers: dict[str, str]) -> None:
    counted(store)
    refresh_talk(store)
    overview = build_overview(store, vocabulary().functions)
    assert overview.counts is not None and overview.counts["meetings_tagged"] == 5  # the marked meeting counts
    tables = build_tables(store, vocabulary().functions)
    assert sum(row["meetings_tagged"] == 1 for row in tables.meetings) == 5  # and has its row in the table
    for where, output in (("the aggregate text", as_text(overview, {})), ("the aggregate CSV", as_csv(tables)),
                          ("the overview object the screen reads", repr(overview)),
                          ("the tables the files are written from", repr(tables))):
        assert_no_marker(markers, output, where)
        assert_no_code(output, where)
    # Levels come as distributions by month and by cycle, never as a series keyed by a person.
    for levels in (overview.levels_by_month, overview.levels_by_cycle, overview.role_play_levels_by_month):
        assert all(re.fullmatch(r"\d{4}-\d{2}|cycle \d+", period) for period in levels or {})


def test_the_aggregate_command_and_its_file_carry_no_marker_and_no_code(
        store: Store, markers: dict[str, str], db_path: Path, tmp_path: Path, run_cli: RunCli) -> None:
    counted(store)
    shown = run_cli("--db", str(db_path), "aggregate")
    assert shown.returncode == 0, shown.stderr
    assert "meetings tagged: 5" in shown.stdout
    assert_no_marker(markers, shown.stdout + shown.stderr, "coachtui aggregate")
    assert_no_code(shown.stdout + shown.stderr, "coachtui aggregate")
    target = tmp_path / "figures.csv"
    assert run_cli("--db", str(db_path), "aggregate", "--csv", str(target)).returncode == 0
    written = target.read_text(encoding="utf-8")
    assert_no_marker(markers, written, "the aggregate CSV file")
    assert_no_code(written, "the aggregate CSV file")
    header = written.splitlines()[0].split(",")
    assert not {"code", "coach", "coachee", "partnership", "day", "date", "focus"} & set(header)
    sqlite_file = tmp_path / "figures.sqlite"
    assert run_cli("--db", str(db_path), "aggregate", "--sqlite", str(sqlite_file)).returncode == 0
    import sqlite3

    connection = sqlite3.connect(sqlite_file)
    try:
        dumped = "\n".join(connection.iterdump())
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        connection.close()
    assert tables == {"meetings", "totals"} and "2026-11" in dumped  # the figures are there
    assert_no_marker(markers, dumped, "the aggregate SQLite file")
    assert_no_code(dumped, "the aggregate SQLite file")


async def test_the_coordinator_screen_carries_no_marker_and_no_code(
        store: Store, markers: dict[str, str], db_path: Path) -> None:
    import html

    from coachtui.app import make_app

    counted(store)
    app = make_app(db_path)
    async with app.run_test(size=(120, 80)) as pilot:
        await pilot.press("C")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = html.unescape(app.export_screenshot()).replace("\xa0", " ")
    app.store.close()
    assert "meetings tagged" in screen
    assert_no_marker(markers, screen, "the coordinator's screen")
    assert_no_code(screen, "the coordinator's screen")


def test_a_round_bundle_without_text_carries_no_marker(store: Store, markers: dict[str, str], tmp_path: Path) -> None:
    from coachtui.core.bundle import bundle_to_json
    from coachtui.services.rounds import bundle_for_round, write_bundle

    session = store.training.session_by_code("S1")
    assert session is not None
    round_id = store.training.rounds(session.id)[0].id
    exported = bundle_for_round(store, round_id, include_text=False)
    assert len(exported.turns["P3"]) == len(DEVELOPING)  # the tags are there
    path = tmp_path / exported.file_name()
    write_bundle(path, exported)
    assert_no_marker(markers, path.read_text(encoding="utf-8"), "the round bundle")
    # Ticking "include text" is the triad's choice, and then the text travels.
    assert markers["round_notes"] in bundle_to_json(bundle_for_round(store, round_id, include_text=True))


async def test_the_session_report_text_csv_command_and_screen_carry_no_marker(
        store: Store, markers: dict[str, str], db_path: Path, tmp_path: Path, run_cli: RunCli) -> None:
    import html

    from coachtui.app import make_app
    from coachtui.core.rubric import load_rubric
    from coachtui.screens.session_report import SessionReportScreen
    from coachtui.services.session_report import as_csv as session_csv
    from coachtui.services.session_report import as_text as session_text
    from coachtui.services.session_report import build_session_report

    session = store.training.session_by_code("S1")
    assert session is not None
    # A second observer of the round typed a name, not a participant code, in the tagging pane.
    meeting_id = store.training.rounds(session.id)[0].meeting_id
    assert meeting_id is not None
    store.turns.add_many(meeting_id, [replace(t, observer=markers["observer"], note=markers["turn_note"],
                                              subject=markers["subject"]) for t in DEVELOPING[:4]])
    report = build_session_report(store, session.id, load_rubric(), vocabulary().functions)
    assert report.tagged == 1 and report.turns == len(DEVELOPING)  # the seeded round really is in the figures
    assert [reading.observer for reading in report.rounds[0].readings] == ["P3", "other-1"]
    assert_no_marker(markers, session_text(report), "the session report text")
    assert_no_marker(markers, session_csv(report), "the session report CSV")
    assert_no_marker(markers, repr(report), "the session report object the screen reads")

    shown = run_cli("--db", str(db_path), "session-report", "--session", "S1")
    assert shown.returncode == 0, shown.stderr
    assert_no_marker(markers, shown.stdout + shown.stderr, "coachtui session-report")
    target = tmp_path / "session.csv"
    assert run_cli("--db", str(db_path), "session-report", "--session", "S1", "--csv",
                   str(target)).returncode == 0
    assert_no_marker(markers, target.read_text(encoding="utf-8"), "the session report CSV file")

    app = make_app(db_path)
    async with app.run_test(size=(120, 80)) as pilot:
        app.push_screen(SessionReportScreen(session.id))
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = html.unescape(app.export_screenshot()).replace("\xa0", " ")
    app.store.close()
    assert "Training session S1" in screen and "R1 P3*" in screen
    assert_no_marker(markers, screen, "the session report screen")
