"""The coordinator's view of one training session, checked on a small session worked out by hand.

The session AUT1 has two groups and two rounds each:
  group 1 round 1: P1 coaches P2, played here, tagged by P3 (the EMERGING transcript: 12 turns, level 1);
  group 1 round 2: P2 coaches P3, not played;
  group 2 round 1: P4 coaches P5, imported from two laptops, tagged by P6 (`co_constructive`: 14 turns,
                   level 4) and by P7 (13 turns, level 3: two functions read differently, two turns missed,
                   one extra);
  group 2 round 2: P5 coaches P6, played here, tagged by P7 (the DEVELOPING transcript: 12 turns, level 2).
"""

from __future__ import annotations

import html
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from coachtui.app import CoachApp
from coachtui.core.bundle import RoundBundle
from coachtui.core.model import Participant, Stage, Turn
from coachtui.core.rubric import load_rubric
from coachtui.core.vocabulary import vocabulary
from coachtui.errors import StoreError
from coachtui.services.rounds import import_bundle
from coachtui.services.session_report import (
    IMPORTED,
    NOT_PLAYED,
    PLAYED_HERE,
    ObserverAgreement,
    SessionReport,
    as_csv,
    as_text,
    build_session_report,
)
from coachtui.store import Store
from tests.helpers import DEVELOPING, EMERGING, RunCli, answer_prompt, co_constructive

PEOPLE = [Participant(f"P{n}", 1 if n <= 3 else 2, f"Person {n}") for n in range(1, 8)]
PLAN = [(1, 1, "P1", "P2", ("P3",)), (1, 2, "P2", "P3", ("P1",)), (2, 2, "P5", "P6", ("P7", "P4"))]
SCENARIOS = {1: "a4l-exit-tickets", 2: "group-work-passengers"}


def second_reading() -> tuple[Turn, ...]:
    """P7's tags of group 2 round 1: a second late, the challenge read as a question and a clarification
    as a justification, the coach's suggestion (95 s) and evaluation (110 s) missed, and a summary added."""
    read_as = {20: "question", 60: "justification"}
    turns = [replace(t, t=t.t + 1, function=read_as.get(int(t.t), t.function), observer="P7")
             for t in co_constructive() if t.t not in (95, 110)]
    return (*turns, Turn(131, "coach", "summary", observer="P7"))


def imported_round(observer: str, turns: tuple[Turn, ...]) -> RoundBundle:
    return RoundBundle(session="AUT1", group=2, round=1, scenario="a4l-exit-tickets", stage=4, coach="P4",
                       coachee="P5", observers=("P6", "P7"), planned_minutes=10, elapsed_seconds=600,
                       played_on="2026-11-24", turns={observer: turns})


def hand_made_session(store: Store) -> int:
    session = store.training.create_session("AUT1", title="Autumn course", round_minutes=10, debrief_minutes=5,
                                            participants=PEOPLE, plan=PLAN, scenarios=SCENARIOS)
    rounds = {(r.group, r.number): r for r in store.training.rounds(session.id)}
    for key, observer, turns in (((1, 1), "P3", EMERGING), ((2, 2), "P7", DEVELOPING)):
        meeting_id = store.training.start_round(rounds[key].id, stage=Stage.POST_LESSON, theme="a4l", focus="x")
        store.turns.add_many(meeting_id, [replace(t, observer=observer) for t in turns])
        store.meetings.end(meeting_id, 600)
    # The two observers of group 2's first round each bring their own laptop's file.
    import_bundle(store, imported_round("P6", tuple(replace(t, observer="P6") for t in co_constructive())))
    import_bundle(store, imported_round("P7", second_reading()))
    return session.id


def report_of(store: Store) -> SessionReport:
    return build_session_report(store, hand_made_session(store), load_rubric(), vocabulary().functions)


def test_each_round_shows_its_people_status_and_every_observers_reading(store: Store) -> None:
    report = report_of(store)
    assert report.session == "AUT1"
    assert [(r.group, r.number, r.scenario, r.coach, r.coachee, r.status, r.observers) for r in report.rounds] == [
        (1, 1, "a4l-exit-tickets", "P1", "P2", PLAYED_HERE, ("P3",)),
        (1, 2, "group-work-passengers", "P2", "P3", NOT_PLAYED, ("P1",)),
        (2, 1, "a4l-exit-tickets", "P4", "P5", IMPORTED, ("P6", "P7")),
        (2, 2, "group-work-passengers", "P5", "P6", PLAYED_HERE, ("P7", "P4")),
    ]
    readings = {(r.group, r.number): [(x.observer, x.counted, x.level, x.figures["turns"]) for x in r.readings]
                for r in report.rounds}
    # P6 tagged more turns than P7, so P6's reading of the imported round counts in the totals. P7 saw no
    # answered challenge but four other signs of level 3 (the coachee opens 2 of 3 strands, four scales, a
    # generalisation, 4 of 13 turns on future lessons); without a joint run, level 4 is out of reach.
    assert readings == {(1, 1): [("P3", True, 1, 12)], (1, 2): [],
                        (2, 1): [("P6", True, 4, 14), ("P7", False, 3, 13)], (2, 2): [("P7", True, 2, 12)]}
    p6, p7 = report.rounds[2].readings
    # P6 saw one challenge answered by dissonance, worked through, and a joint run of three turns;
    # P7 read the challenge as a question and, missing the coach's turn, saw no joint run.
    assert [p6.figures[k] for k in ("challenges", "dissonances", "co_construction_runs")] == [1, 1, 1]
    assert [p7.figures[k] for k in ("challenges", "dissonances", "co_construction_runs")] == [0, 1, 0]
    assert (report.tagged, report.turns, report.count(NOT_PLAYED), report.count(IMPORTED)) == (3, 38, 1, 1)


def test_function_counts_shares_and_rare_functions_across_the_session(store: Store) -> None:
    report = report_of(store)
    # One reading per round: P3 (EMERGING), P6 (co_constructive) and P7 (DEVELOPING), 12 + 14 + 12 turns.
    uses = {u.name: (u.count, u.rounds, u.rare) for u in report.functions}
    assert uses == {
        "question": (6 + 2 + 3, 3, False), "explanation": (6 + 1 + 2, 3, False),
        "clarification": (2 + 2, 2, False), "acceptance": (1 + 2, 2, False), "justification": (1 + 1, 2, False),
        "evaluation": (1 + 1, 2, False), "suggestion": (1 + 1, 2, False),
        # used in one round of three: no more than a third, so rare
        "challenge": (1, 1, True), "dissonance": (1, 1, True), "generalisation": (1, 1, True),
        "new idea": (1, 1, True), "continuity": (1, 1, True),
        # never used
        "summary": (0, 0, True), "context": (0, 0, True), "defence": (0, 0, True),
    }
    assert [u.name for u in report.functions] == list(vocabulary().functions)
    shares = {u.name: u.share for u in report.functions}
    assert shares["question"] == 11 / 38 and shares["challenge"] == 1 / 38 and shares["summary"] == 0
    assert sum(shares.values()) == pytest.approx(1)
    assert [(m.name, m.count, m.rounds, m.followed, m.rare) for m in report.valued] == [
        ("challenge", 1, 1, 1, True),  # answered with dissonance
        ("dissonance", 1, 1, 1, True),  # worked through to a generalisation
        ("co-construction", 1, 1, 3, True),  # one joint run of three turns
    ]


def test_two_observers_of_a_round_are_compared_on_function(store: Store) -> None:
    report = report_of(store)
    assert [r.agreements for r in report.rounds if r.agreements] == [(ObserverAgreement(
        "P6", "P7", matched=12, only_first=2, only_second=1, agreement=10 / 12, kappa=pytest.approx(13 / 16)),)]
    # Worked by hand over the 12 matched turns: 10 agree, so agreement 5/6. Marginals: P6 gives question 2,
    # clarification 2 and eight other functions once; P7 gives question 3, justification 2, clarification 1 and
    # six others once. Chance agreement (2*3 + 1 + 0 + 1 + 1*2 + 2*1 + 1 + 1 + 1 + 1) / 144 = 16/144 = 1/9,
    # so kappa = (5/6 - 1/9) / (1 - 1/9) = 13/16.


def test_the_text_names_the_rules_and_the_figures(store: Store) -> None:
    text = as_text(report_of(store))
    assert text.startswith("Training session AUT1: codes and counts only")
    assert "2 groups, 4 rounds planned, 3 played (2 here, 1 imported), 3 tagged" in text
    assert "Group 2 round 1, P6 and P7: 12 turns matched; same function 83%, Cohen's kappa 0.81; " \
           "2 turns tagged only by P6, 1 only by P7" in " ".join(text.split())
    assert "challenge        1 in 1 of 3 tagged rounds; 1 answered with defence, acceptance or dissonance" in text
    assert "co-construction  1 joint run (3 turns) in 1 of 3 tagged rounds" in text
    assert "no more than a third of the tagged rounds" in text
    assert "R1 P6*" in text and "R1 P7 " in text
    question = next(line for line in text.splitlines() if line.strip().startswith("question"))
    assert question.split()[:4] == ["question", "11", "29%", "3"]
    summary = next(line for line in text.splitlines() if line.strip().startswith("summary"))
    assert summary.split() == ["summary", "0", "0%", "0", "not", "seen"]


def test_the_csv_has_one_row_of_codes_and_counts_per_round(store: Store) -> None:
    import csv

    rows = list(csv.DictReader(as_csv(report_of(store)).splitlines()))
    assert [(r["group"], r["round"], r["status"], r["counted_observer"], r["level"], r["turns"]) for r in rows] == [
        ("1", "1", PLAYED_HERE, "P3", "1", "12"), ("1", "2", NOT_PLAYED, "", "", ""),
        ("2", "1", IMPORTED, "P6", "4", "14"), ("2", "2", PLAYED_HERE, "P7", "2", "12")]
    assert rows[0]["question"] == "6" and rows[0]["coachee_talk_share"] == "0.545"  # 60 s of 110
    assert (rows[2]["tagged_by"], rows[2]["observer_pairs"], rows[2]["agreement"], rows[2]["kappa"],
            rows[2]["turns_one_observer_only"]) == ("P6 P7", "P6+P7", "0.833", "0.813", "3")
    assert rows[0]["observer_pairs"] == rows[0]["kappa"] == ""


def test_an_observer_label_that_is_not_a_participant_code_is_replaced(store: Store) -> None:
    session = store.training.create_session("S2", round_minutes=10, debrief_minutes=5, participants=PEOPLE[:3],
                                            plan=PLAN[:1], scenarios=SCENARIOS)
    first_round = store.training.rounds(session.id)[0]
    meeting_id = store.training.start_round(first_round.id, stage=Stage.PRE_LESSON, theme="a4l", focus="x")
    # Typed in the tagging pane, an observer's label may be a name; an empty one is possible too.
    store.turns.add_many(meeting_id, [replace(t, observer="Jo Bloggs") for t in EMERGING])
    store.turns.add_many(meeting_id, DEVELOPING[:3])
    report = build_session_report(store, session.id, load_rubric(), vocabulary().functions)
    assert [x.observer for x in report.rounds[0].readings] == ["(unnamed)", "other-1"]
    assert "Jo Bloggs" not in as_text(report) + as_csv(report) + repr(report)


def test_an_unknown_session_is_a_store_error(store: Store) -> None:
    with pytest.raises(StoreError):
        build_session_report(store, 99, load_rubric(), vocabulary().functions)


# -- the command ---------------------------------------------------------------------------------


def test_the_command_prints_the_session_and_writes_its_csv_privately(store: Store, db_path: Path,
                                                                     tmp_path: Path, run_cli: RunCli) -> None:
    hand_made_session(store)
    shown = run_cli("--db", str(db_path), "session-report", "--session", "AUT1")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("Training session AUT1")
    assert "Cohen's kappa 0.81" in shown.stdout
    target = tmp_path / "aut1.csv"
    written = run_cli("--db", str(db_path), "session-report", "--session", "AUT1", "--csv", str(target))
    assert written.returncode == 0, written.stderr
    assert written.stdout.strip() == f"Wrote the session figures to {target}."
    assert target.read_text(encoding="utf-8") == as_csv(
        build_session_report(store, store.training.session_by_code("AUT1").id,  # type: ignore[union-attr]
                             load_rubric(), vocabulary().functions))
    assert target.stat().st_mode & 0o777 == 0o600
    again = run_cli("--db", str(db_path), "session-report", "--session", "AUT1", "--csv", str(target))
    assert again.returncode == 4 and "already exists" in again.stderr
    logged = [e["what"] for e in store.db.conn.execute("SELECT what FROM export_log")]
    assert logged == ["training session AUT1 figures (codes and counts only)"]


def test_the_command_refuses_an_unknown_session_in_one_line(store: Store, db_path: Path, run_cli: RunCli) -> None:
    hand_made_session(store)
    refused = run_cli("--db", str(db_path), "session-report", "--session", "WINTER")
    assert refused.returncode == 4
    assert refused.stdout == ""
    assert refused.stderr.strip().splitlines() == [
        f"coachtui: There is no training session called WINTER in {db_path} (sessions: AUT1)."]
    assert "Traceback" not in refused.stderr


def test_the_command_runs_without_textual(store: Store, db_path: Path) -> None:
    import subprocess

    hand_made_session(store)
    code = ("import sys; from coachtui.cli import main; main(['--db', sys.argv[1], 'session-report', '--session',"
            " 'AUT1']); print('textual' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code, str(db_path)], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "False"


# -- the screen ----------------------------------------------------------------------------------


async def test_the_coordinator_sees_the_session_and_saves_its_csv(db_path: Path, tmp_path: Path) -> None:
    from coachtui.app import make_app
    from coachtui.screens.session_report import SessionReportScreen

    store = Store.open(db_path)
    session_id = hand_made_session(store)
    store.close()
    app = make_app(db_path)
    target = tmp_path / "aut1.csv"
    async with app.run_test(size=(120, 80)) as pilot:
        app.push_screen(SessionReportScreen(session_id))
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionReportScreen)
        assert screen.report is not None and screen.report.tagged == 3
        shown = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        for seen in ("Training session AUT1", "group-work-passengers", "not played", "imported", "R1 P6*",
                     "co-construction runs", "not seen", "Cohen's kappa 0.81", "1 joint run (3 turns)"):
            assert seen in shown, seen
        assert "Person" not in shown and "Autumn course" not in shown
        await pilot.press("s")
        await answer_prompt(pilot, str(target))
        assert target.read_text(encoding="utf-8") == as_csv(screen.report)
        assert target.stat().st_mode & 0o777 == 0o600
        await pilot.press("s")
        await answer_prompt(pilot, str(target))
        assert any("already exists" in str(n.message) for n in app._notifications)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SessionReportScreen)
    app.store.close()
    logged = Store.open(db_path)
    assert [e["what"] for e in logged.db.conn.execute("SELECT what FROM export_log")] == [
        "training session AUT1 figures (codes and counts only)"]
    logged.close()


async def test_a_session_that_is_gone_is_reported_not_shown(db_path: Path) -> None:
    from coachtui.app import make_app
    from coachtui.screens.session_report import SessionReportScreen

    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionReportScreen(42))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.report is None  # type: ignore[attr-defined]
        assert any("no training session 42" in str(n.message) for n in app._notifications)
        await pilot.press("s")
        await pilot.pause()
        assert any("still being worked out" in str(n.message) for n in app._notifications)
    app.store.close()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_session_report_snapshot(snap_compare, demo_app: CoachApp, size: tuple[int, int]) -> None:
    """The report of the hand-made session AUT1, added to the demo's data."""
    from coachtui.screens.session_report import SessionReportScreen

    session_id = hand_made_session(demo_app.store)

    async def open_and_wait(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.push_screen(SessionReportScreen(session_id))
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(demo_app, run_before=open_and_wait, terminal_size=size)
