"""A training afternoon driven through the app: plan a session, play a round from its briefs to its
debrief, export it, and bring it back on the coordinator's laptop."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Button, DataTable, Input, Static, TextArea

from coachtui.app import CoachApp, make_app
from coachtui.core.bundle import SUFFIX
from coachtui.core.model import MeetingMode, Stage
from coachtui.core.training_plan import make_plan
from coachtui.screens.briefs import HIDDEN, BriefsScreen
from coachtui.screens.choose import ChoiceScreen
from coachtui.screens.debrief import DebriefScreen
from coachtui.screens.meeting import MeetingScreen
from coachtui.screens.round_files import RoundExportDialog
from coachtui.screens.session_report import SessionReportScreen
from coachtui.screens.training import TrainingScreen
from coachtui.screens.training_form import TrainingFormScreen
from coachtui.screens.training_plan import TrainingPlanScreen
from coachtui.screens.training_session import TrainingSessionScreen
from coachtui.services.rounds import create_session
from coachtui.store import Store
from tests.helpers import (
    DEVELOPING,
    EMERGING,
    FakeTicker,
    answer_prompt,
    bundle,
    click_visible,
    footer_once_built,
    rows,
    tag_then_end_meeting,
    type_text,
)

PEOPLE = ["Ana Lopez", "Sam Reed", "Kim Park", "Lee Ho", "Mo Ray", "Jo Bell"]


def shown(app: CoachApp, selector: str) -> str:
    """What a Static shows, as plain text, whether it holds a string or a Rich renderable."""
    content = app.screen.query_one(selector, Static).content
    if isinstance(content, str):
        return content
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(content)
    return console.export_text().rstrip("\n")


def cells(app: CoachApp) -> list[list[str]]:
    table = app.screen.query_one("#rounds", DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


async def plan_session_through_the_form(app: CoachApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("T")
    assert isinstance(app.screen, TrainingScreen)
    await pilot.press("n")
    assert isinstance(app.screen, TrainingFormScreen)
    await type_text(pilot, "AUT-1")
    app.screen.query_one("#training-people", TextArea).focus()
    for name in PEOPLE:
        await type_text(pilot, name)
        await pilot.press("enter")
    await click_visible(pilot, "#show-plan")
    await pilot.pause()


async def test_a_coordinator_plans_a_session_and_sees_the_rotation_before_it_starts(app_factory, db_path) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await plan_session_through_the_form(app, pilot)
        assert isinstance(app.screen, TrainingPlanScreen)
        plan_text = shown(app, "#plan-table")
        assert "6 people in 2 groups, 3 rounds of 10 minutes" in plan_text
        assert "Group 1: P1 (Ana Lopez), P2 (Sam Reed), P3 (Kim Park)" in plan_text
        assert rows(db_path, "SELECT * FROM training_session") == []  # nothing saved before the start
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, TrainingSessionScreen)
        table = cells(app)
        assert len(table) == 6
        first = app.scenarios.get(app.screen.rows[min(app.screen.rows)].played.scenario)
        assert first is not None and table[0][2].rstrip("…") in first.title
        assert table[0][:2] + table[0][3:] == ["1", "1", "P1", "P2", "P3", "to play"]
        assert "Group 1: P1 Ana Lopez, P2 Sam Reed, P3 Kim Park" in shown(app, "#who-is-who")
        await pilot.press("g")
        assert {row[0] for row in cells(app)} == {"1"}
        await pilot.press("g")
        assert {row[0] for row in cells(app)} == {"2"}
        await pilot.press("g")
        assert len(cells(app)) == 6
    saved = rows(db_path, "SELECT code, round_minutes, debrief_minutes FROM training_session")
    assert saved == [{"code": "AUT-1", "round_minutes": 10, "debrief_minutes": 5}]
    assert rows(db_path, "SELECT code, name, group_number FROM participant ORDER BY id")[3] == {
        "code": "P4", "name": "Lee Ho", "group_number": 2}


async def test_the_form_explains_what_to_change_and_keeps_what_was_typed(app_factory, db_path) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("T", "n")
        # A person takes longer between clicks than the button's pressed look lasts; a test does not.
        app.screen.query_one("#show-plan", Button).active_effect_duration = 0
        await click_visible(pilot, "#show-plan")
        assert "Give the session a code" in shown(app, "#form-error")
        await type_text(pilot, "AUT-1")
        app.screen.query_one("#training-people", TextArea).focus()
        await type_text(pilot, "Ana")
        await click_visible(pilot, "#show-plan")
        assert "at least 3 people" in shown(app, "#form-error")
        app.screen.query_one("#training-rounds", Input).value = "13"
        app.screen.query_one("#training-people", TextArea).load_text("Ana\nSam\nKim")
        await click_visible(pilot, "#show-plan")
        assert "between 1 and 12 rounds" in shown(app, "#form-error")
        assert app.screen.query_one("#training-people", TextArea).text == "Ana\nSam\nKim"
        assert isinstance(app.screen, TrainingFormScreen)
    assert rows(db_path, "SELECT * FROM training_session") == []


def one_triad(db: Path) -> int:
    store = Store.open(db)
    plan = make_plan(code="AUT-1", title="", people="Ana\nSam\nKim", by_hand=False, rounds=3, round_minutes=8,
                     debrief_minutes=5, scenarios={1: "a4l-exit-tickets", 2: "talk-wait-time",
                                                   3: "group-work-passengers"})
    session_id = create_session(store, plan).id
    store.close()
    return session_id


async def test_a_triad_reads_its_briefs_one_at_a_time_plays_the_round_and_exports_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "triad.db"
    one_triad(db)
    ticker = FakeTicker()
    app = make_app(db, ticker=ticker)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("T", "enter")
        assert isinstance(app.screen, TrainingSessionScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, BriefsScreen)
        scenario = app.scenarios.get("a4l-exit-tickets")
        assert scenario is not None
        assert shown(app, "#brief-body") == HIDDEN
        await pilot.press("2")
        coachee_view = shown(app, "#brief-body")
        assert scenario.coachee_unnoticed.split()[0] in coachee_view
        assert scenario.coach_known not in coachee_view
        await pilot.press("1")
        coach_view = shown(app, "#brief-body")
        assert scenario.coach_focus in coach_view and scenario.coachee_unnoticed not in coach_view
        await pilot.press("h")
        assert shown(app, "#brief-body") == HIDDEN
        await pilot.press("s")
        await pilot.pause()
        meeting_screen = app.screen
        assert isinstance(meeting_screen, MeetingScreen)
        assert meeting_screen.meeting.mode is MeetingMode.ROLE_PLAY
        assert meeting_screen.clock.planned_seconds == 8 * 60
        await tag_then_end_meeting(pilot, ticker, ("q", "x", "c", "f"), 15)
        assert isinstance(app.screen, DebriefScreen)
        assert shown(app, "#debrief-clock") == "Debrief · 05:00 left of 05:00"
        debrief = app.screen
        ticker.advance(301)
        debrief.tick()
        await pilot.pause()
        assert shown(app, "#debrief-clock") == "Debrief · 00:01 over the 05:00 planned"
        notes = app.screen.query_one("#debrief-notes", TextArea)
        notes.text = "Ana-private-note"
        await pilot.pause()
        await pilot.press("x")
        assert isinstance(app.screen, RoundExportDialog)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape")
        assert isinstance(app.screen, TrainingSessionScreen)
        assert cells(app)[0][6] == "played"
        await pilot.press("b")  # the played round's briefs again: read, never started twice
        assert isinstance(app.screen, BriefsScreen)
        footer = await footer_once_built(app, pilot, showing="esc Back")
        assert "Start round" not in footer
        await pilot.press("s")
        assert isinstance(app.screen, BriefsScreen), "s starts nothing in a played round"
    bundle = tmp_path / f"AUT-1-group1-round1{SUFFIX}"
    assert stat.S_IMODE(bundle.stat().st_mode) == 0o600
    data = json.loads(bundle.read_text())
    assert (data["coach"], data["coachee"], data["observers"]) == ("P1", "P2", ["P3"])
    assert [turn["function"] for turn in data["turns"]["P3"]] == ["question", "explanation", "challenge", "defence"]
    text = bundle.read_text()
    for secret in ("Ana", "Sam", "Kim", "Ana-private-note"):
        assert secret not in text
    logged = rows(db, "SELECT what, destination FROM export_log")
    assert logged == [{"what": "role-play round bundle (codes and tags only)", "destination": str(bundle)}]


async def test_the_plan_travels_to_a_triad_laptop_and_the_played_round_comes_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    coordinator_db, triad_db = tmp_path / "coordinator.db", tmp_path / "triad.db"
    one_triad(coordinator_db)
    plan_file = tmp_path / "AUT-1.coachplan.json"

    coordinator = make_app(coordinator_db)
    async with coordinator.run_test(size=(120, 40)) as pilot:
        await pilot.press("T", "enter", "P")
        await pilot.press("enter")
        await coordinator.workers.wait_for_complete()
    assert stat.S_IMODE(plan_file.stat().st_mode) == 0o600

    ticker = FakeTicker()
    triad = make_app(triad_db, ticker=ticker)
    async with triad.run_test(size=(120, 40)) as pilot:
        await pilot.press("T", "o")
        await answer_prompt(pilot, str(plan_file))
        assert isinstance(triad.screen, TrainingSessionScreen)
        assert [row[6] for row in cells(triad)] == ["to play"] * 3
        await pilot.press("enter", "s")
        await pilot.pause()
        await tag_then_end_meeting(pilot, ticker, ("q", "j", "c", "d"), 10)
        await pilot.press("x", "enter")
        await triad.workers.wait_for_complete()

    bundle = tmp_path / f"AUT-1-group1-round1{SUFFIX}"
    assert bundle.exists()
    coordinator = make_app(coordinator_db)
    async with coordinator.run_test(size=(120, 40)) as pilot:
        await pilot.press("T", "enter", "i")
        triad_folder = str(tmp_path)
        await answer_prompt(pilot, triad_folder)
        assert [row[6] for row in cells(coordinator)] == ["imported", "to play", "to play"]
        await pilot.press("enter")
        assert isinstance(coordinator.screen, DebriefScreen)
        assert not coordinator.screen.query("#debrief-clock")  # no clock when reading an imported round
        await pilot.press("escape", "v")
        await coordinator.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(coordinator.screen, SessionReportScreen)
        report = coordinator.screen.report
        assert report is not None and report.session == "AUT-1"
        on_screen = coordinator.export_screenshot()
        assert "dissonance" in on_screen and "P3" in on_screen
        assert not [name for name in ("Ana", "Sam", "Kim") if name in on_screen]
    functions = rows(coordinator_db, "SELECT function FROM turn ORDER BY t")
    assert [row["function"] for row in functions] == ["question", "justification", "challenge", "dissonance"]


async def test_a_plan_that_is_not_a_plan_is_reported_and_nothing_changes(app_factory, db_path, tmp_path) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text("{not json")
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("T", "o")
        await answer_prompt(pilot, str(junk))
        assert isinstance(app.screen, TrainingScreen)
        assert any("not JSON" in str(n.message) for n in app._notifications)
    assert rows(db_path, "SELECT * FROM training_session") == []


async def test_in_a_group_of_four_each_observer_tags_under_their_own_code(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "four.db"
    store = Store.open(db)
    create_session(store, make_plan(code="AUT-4", title="", people="Ana\nSam\nKim\nLee", by_hand=False, rounds=4,
                                    round_minutes=8, debrief_minutes=5, scenarios={n: "a4l-exit-tickets"
                                                                                   for n in range(1, 5)}))
    store.close()
    ticker = FakeTicker()
    app = make_app(db, ticker=ticker)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("T", "enter", "enter", "s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen) and app.screen.question == "Who is tagging on this laptop?"
        assert app.screen.choices == [("P3 Kim", "P3"), ("P4 Lee", "P4")]
        await pilot.press("down", "enter")  # the second observer, P4 Lee
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("space", "t")
        for key in ("q", "x"):
            ticker.advance(10)
            await pilot.press(key)
        await pilot.press("p")
        await answer_prompt(pilot, "Lee")  # a name, not one of the round's codes
        assert any("the observers are P3, P4" in str(n.message) for n in app._notifications)
        await pilot.press("escape")
    assert rows(db, "SELECT DISTINCT o.code FROM turn JOIN observer o ON o.id = turn.observer_id") == [
        {"code": "P4"}]


async def test_escape_leaves_the_text_box_then_asks_before_throwing_the_plan_away(app_factory, db_path) -> None:
    from coachtui.screens.confirm import ConfirmScreen

    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("T", "n")
        app.screen.query_one("#training-people", TextArea).focus()
        await type_text(pilot, "Ana")
        await pilot.press("escape")
        assert isinstance(app.screen, TrainingFormScreen)
        assert app.focused is app.screen.query_one("#show-plan")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, TrainingFormScreen)
        assert app.screen.query_one("#training-people", TextArea).text == "Ana"
        await pilot.press("escape", "y")
        assert isinstance(app.screen, TrainingScreen)
        await pilot.press("n", "escape")  # nothing typed: nothing to lose, no question
        assert isinstance(app.screen, TrainingFormScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, TrainingScreen)


async def test_erasing_a_session_leaves_none_of_its_names_or_notes_in_the_file(tmp_path: Path) -> None:
    from dataclasses import replace as replaced

    from coachtui.core.model import GrowPhase

    marker = "MK-TRAINING-7d1e"
    db = tmp_path / "coordinator.db"
    store = Store.open(db)
    kept = store.partnerships.create("Ana", "Ben", "wait time")
    session = create_session(store, make_plan(
        code="AUT-1", title=f"{marker} title", people=f"P1 = {marker} name\nP2\nP3", by_hand=False, rounds=3,
        round_minutes=8, debrief_minutes=5, scenarios={1: "a4l-exit-tickets", 2: "a4l-exit-tickets",
                                                       3: "a4l-exit-tickets"}))
    played = store.training.rounds(session.id)[0]
    meeting_id = store.training.start_round(played.id, stage=Stage.POST_LESSON, theme="a4l", focus="x")
    store.meetings.save_note(meeting_id, GrowPhase.REALITY, f"{marker} note")
    store.turns.add_many(meeting_id, [replaced(t, observer="P3", note=f"{marker} turn") for t in DEVELOPING])
    store.training.save_round_notes(played.id, f"{marker} debrief")
    store.close()

    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("T", "E")
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "No training sessions yet" in shown(app, "#empty-hint")
    for path in (db, db.with_name(db.name + "-wal")):
        if path.exists():
            assert marker.encode() not in path.read_bytes(), path.name
    assert rows(db, "SELECT id, kind FROM partnership") == [{"id": kept.id, "kind": "coaching"}]
    assert rows(db, "SELECT count(*) AS n FROM turn") == [{"n": 0}]


async def test_saving_a_plan_that_uses_a_schools_own_scenario_says_to_copy_its_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib import resources

    monkeypatch.chdir(tmp_path)
    own = tmp_path / "config" / "scenarios"
    own.mkdir(parents=True)
    shipped = (resources.files("coachtui") / "data" / "scenarios" / "a4l-exit-tickets.toml").read_text("utf-8")
    (own / "our-marking.toml").write_text(shipped.replace('id = "a4l-exit-tickets"', 'id = "our-marking"'),
                                          encoding="utf-8")
    db = tmp_path / "coordinator.db"
    store = Store.open(db)
    create_session(store, make_plan(code="AUT-1", title="", people="A1\nA2\nA3", by_hand=False, rounds=2,
                                    round_minutes=8, debrief_minutes=5,
                                    scenarios={1: "our-marking", 2: "a4l-exit-tickets"}))
    store.close()
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("T", "enter", "P", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
    assert any("not shipped with coachtui (our-marking)" in m for m in messages), messages
    assert (tmp_path / "AUT-1.coachplan.json").exists()


async def test_a_path_with_an_unknown_users_tilde_is_explained_not_a_crash(app_factory, db_path) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("T", "o")
        await answer_prompt(pilot, "~nosuchuser-7f2/plan.json")
        assert isinstance(app.screen, TrainingScreen)
        assert any("a user name this computer does not know" in str(n.message) for n in app._notifications)


async def test_escape_on_who_is_tagging_starts_nothing_and_a_resumed_round_asks_again(tmp_path: Path) -> None:
    db = tmp_path / "four.db"
    store = Store.open(db)
    session = create_session(store, make_plan(code="AUT-4", title="", people="Ana\nSam\nKim\nLee", by_hand=False,
                                              rounds=4, round_minutes=8, debrief_minutes=5,
                                              scenarios={n: "a4l-exit-tickets" for n in range(1, 5)}))
    first = store.training.rounds(session.id)[0].id
    store.close()
    app = make_app(db, ticker=FakeTicker())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("T", "enter", "enter", "s")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, TrainingSessionScreen)
        assert app.store.training.round(first).meeting_id is None  # nothing started
        await pilot.press("enter", "s", "down", "enter")  # P4 this time
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("escape")  # leave before tagging anything
        assert cells(app)[0][6] == "under way"
        await pilot.press("enter")
        assert isinstance(app.screen, ChoiceScreen)  # asked again on resume
        await pilot.press("down", "enter")
        meeting = app.screen
        assert isinstance(meeting, MeetingScreen)
        await pilot.press("t")
        assert meeting.session.observer == "P4"


async def test_a_differing_bundle_is_replaced_only_when_the_coordinator_confirms(tmp_path: Path) -> None:
    from dataclasses import replace as replaced

    from coachtui.screens.confirm import ConfirmScreen
    from coachtui.services.rounds import write_bundle

    db = tmp_path / "coordinator.db"
    for name, turns in (("first", DEVELOPING), ("fixed", EMERGING)):
        tagged = tuple(replaced(t, observer="P1") for t in turns)
        write_bundle(tmp_path / f"{name}.coachround.json", bundle({"P1": tagged}))
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        for name, answer in (("first", None), ("fixed", "n"), ("fixed", "y")):
            await pilot.press("T", "i") if name == "first" else await pilot.press("i")
            await answer_prompt(pilot, str(tmp_path / f"{name}.coachround.json"))
            if answer is not None:
                assert isinstance(app.screen, ConfirmScreen)
                await pilot.press(answer)
                await app.workers.wait_for_complete()
                await pilot.pause()
            if answer == "n":
                functions = [row["function"] for row in rows(db, "SELECT function FROM turn ORDER BY t")]
                assert functions == [t.function for t in DEVELOPING]  # kept what was here
    functions = [row["function"] for row in rows(db, "SELECT function FROM turn ORDER BY t")]
    assert functions == [t.function for t in EMERGING]
