"""Text from people and files is data, never markup or control codes (issue 15, STYLE.md practice 21).

Names, notes, titles and initials that look like Rich or Textual markup are shown as typed on every main
screen, and never crash one; control characters in a file (OSC 52 setting the clipboard, OSC 2 the window
title, ESC [2J clearing the screen) are dropped as it is read, and the command line shows, never sends, any
it meets.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from coachtui.app import CoachApp
from coachtui.core.model import EvidenceKind, GrowPhase, Participant, Stage
from coachtui.screens.arrangements import ArrangementsScreen
from coachtui.screens.briefs import BriefsScreen
from coachtui.screens.comparison import ComparisonScreen
from coachtui.screens.coordinator import CoordinatorScreen
from coachtui.screens.cycle import CycleScreen
from coachtui.screens.debrief import DebriefScreen
from coachtui.screens.evidence_view import EvidenceView
from coachtui.screens.feedback import FeedbackScreen
from coachtui.screens.lesson import LessonScreen
from coachtui.screens.meeting import MeetingScreen
from coachtui.screens.session_report import SessionReportScreen
from coachtui.screens.sharing_log import SharingLogScreen
from coachtui.screens.summary import SummaryScreen
from coachtui.screens.training import TrainingScreen
from coachtui.screens.training_plan import TrainingPlanScreen
from coachtui.screens.training_session import TrainingSessionScreen
from coachtui.store import Store
from coachtui.text import clean_text
from tests.helpers import (
    DEVELOPING,
    RunCli,
    answer_prompt,
    co_constructive,
    post_lesson_meeting,
    rows,
    screen_text,
)

ESC = "\x1b"
# What Rich and Textual would read as markup (closing tags, styles, links, actions, variables, emoji codes),
# brackets that never close, and an escape sequence among them.
MARKUP_LIKE = ("[/x]", "[/]", "[b]", "[/b]", "[on red]", "[#ff0000]", "[link=https://evil.example/x]",
               "[@click=app.quit]", "[$name]", "$name", ":smile:", "[", "]", "[x", "x]", "[[b]]", "\\[b]", "\\",
               "\x1b[2J")
hostile = (st.lists(st.sampled_from(MARKUP_LIKE) | st.sampled_from(("Jo", "Zoë", "7")), min_size=1, max_size=3)
           .map("".join).filter(lambda text: text.strip() == text))


@dataclass(frozen=True)
class Words:
    """One hostile string for each kind of text a person or a file puts on screen."""

    coach: str
    coachee: str
    focus: str
    note: str
    action: str
    evidence: str
    observer: str
    subject: str
    turn_note: str
    initials: str
    scenario_title: str
    pack_title: str
    session_title: str
    participant: str
    round_notes: str

    def shown(self, field: str) -> str:
        """The text as the screen shows it: as typed, less any control characters."""
        return clean_text(getattr(self, field))


# Initials as the approval box takes them: at most 8 characters.
any_words = st.builds(Words, **{name: hostile for name in Words.__dataclass_fields__} | {
    "initials": hostile.filter(lambda text: len(text) <= 8)})
THE_ISSUE = Words(*(["[/x]"] * len(Words.__dataclass_fields__)))  # the crashes the issue found
CLEARS = Words(*(["Jo\x1b[2J"] * len(Words.__dataclass_fields__)))  # typed or pasted, never sent on


@dataclass(frozen=True)
class Seeded:
    partnership: int
    cycle: int
    meeting: int
    training: int
    played_round: int
    played_meeting: int


def user_files(config: Path, words: Words) -> None:
    """A prompt pack and a role-play scenario of the school's own, with the hostile titles."""
    shipped = Path(__file__).parents[2] / "coachtui" / "data"
    pack = (shipped / "prompts" / "a4l.toml").read_text(encoding="utf-8")
    pack = re.sub(r'^key = ".*"$', 'key = "ours"', pack, count=1, flags=re.M)
    pack = re.sub(r"^title = .*$", lambda _: f"title = {json.dumps(words.pack_title)}", pack, count=1, flags=re.M)
    scenario = (shipped / "scenarios" / "a4l-exit-tickets.toml").read_text(encoding="utf-8")
    scenario = (scenario.replace('id = "a4l-exit-tickets"', 'id = "ours-one"')
                .replace('theme = "a4l"', 'theme = "ours"')
                .replace('title = "Exit tickets nobody reads"', f"title = {json.dumps(words.scenario_title)}"))
    for folder, name, text in (("prompts", "ours.toml", pack), ("scenarios", "ours-one.toml", scenario)):
        (config / folder).mkdir(parents=True, exist_ok=True)
        (config / folder / name).write_text(text, encoding="utf-8")


def seed(store: Store, words: Words) -> Seeded:
    """A partnership with a tagged, ended post-lesson meeting (two observers) and a training session with a
    played round, every free text the hostile one of its kind."""
    partnership = store.partnerships.create(words.coach, words.coachee, words.focus, theme="ours")
    cycle = store.cycles.current(partnership.id)
    store.lessons.add_evidence(cycle.id, 30, EvidenceKind.NOTE, words.evidence, critical=True)
    meeting = store.meetings.open(cycle.id, Stage.POST_LESSON)
    store.meetings.save_note(meeting.id, GrowPhase.GOAL, words.note)
    store.actions.add(cycle.id, meeting.id, words.action)
    for observer in (words.observer, f"{words.observer}2"):
        store.turns.add_many(meeting.id, [replace(turn, observer=observer, subject=words.subject, note=words.turn_note)
                                          for turn in co_constructive()])
    store.meetings.end(meeting.id, 700)
    people = [Participant(code, 1, f"{words.participant}{n}") for n, code in enumerate(("P1", "P2", "P3"), 1)]
    training = store.training.create_session("S1", title=words.session_title, round_minutes=10, debrief_minutes=5,
                                             participants=people, plan=[(1, 1, "P1", "P2", ("P3",)),
                                                                        (1, 2, "P2", "P3", ("P1",))],
                                             scenarios={1: "ours-one", 2: "ours-one"})
    first = store.training.rounds(training.id)[0].id
    played = store.training.start_round(first, stage=Stage.POST_LESSON, theme="ours", focus=words.focus)
    store.turns.add_many(played, [replace(turn, observer="P3") for turn in DEVELOPING])
    store.training.save_round_notes(first, words.round_notes)
    store.meetings.end(played, 600)
    return Seeded(partnership.id, cycle.id, meeting.id, training.id, first, played)


def erase(store: Store, seeded: Seeded) -> None:
    store.erasing.partnership(seeded.partnership)
    store.erasing.training_session(seeded.training)


async def settle(pilot: Any) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def shows(app: CoachApp, *texts: str) -> None:
    """Each text is on the screen as written, and nothing on it would reach the terminal as an escape."""
    on_screen = screen_text(app)
    assert ESC not in on_screen and "\x9b" not in on_screen, type(app.screen).__name__
    for text in texts:
        assert text in on_screen, f"{text!r} is not on {type(app.screen).__name__}:\n{on_screen}"


async def visit(pilot: Any, screen: Any, *texts: str) -> None:
    """Open `screen` over the one showing, check what it shows, and go back."""
    app = pilot.app
    app.push_screen(screen)
    await settle(pilot)
    assert app.screen is screen
    shows(app, *texts)
    app.pop_screen()
    await settle(pilot)


async def tour(app: CoachApp, seeded: Seeded, words: Words) -> None:
    """Every main screen, by keys where the issue found a crash, shown what the hostile words became."""
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot)
        shows(app, words.shown("coach"), words.shown("coachee"))

        # The command palette lists each partnership by name, and finds it by name.
        await pilot.press("ctrl+p")
        await settle(pilot)
        shows(app, f"Open {words.shown('coach')} & {words.shown('coachee')}")
        await pilot.press("O", "p", "e", "n")
        await settle(pilot)
        shows(app, f"Open {words.shown('coach')} & {words.shown('coachee')}")
        await pilot.press("escape")
        await settle(pilot)

        await visit(pilot, CycleScreen(seeded.partnership), words.shown("coach"), words.shown("focus"),
                    words.shown("pack_title"), words.shown("action"))
        await visit(pilot, ArrangementsScreen(seeded.cycle), words.shown("pack_title"))
        await visit(pilot, LessonScreen(seeded.cycle), words.shown("evidence"))
        await visit(pilot, EvidenceView(seeded.cycle, Stage.POST_LESSON), words.shown("evidence"))
        await visit(pilot, FeedbackScreen(seeded.meeting), words.shown("observer"))
        observers = app.store.turns.observers(seeded.meeting)
        await visit(pilot, ComparisonScreen(seeded.meeting, observers[0], observers[1], observers),
                    words.shown("observer"))
        await visit(pilot, SharingLogScreen(seeded.partnership))
        await visit(pilot, CoordinatorScreen())

        # The meeting, its Talk tab, and the issue's journey: p, a new observer's name, a tag, v.
        app.push_screen(MeetingScreen(seeded.meeting))
        await settle(pilot)
        shows(app, words.shown("coach"), words.shown("note"), words.shown("pack_title"))
        await pilot.press("t")
        await settle(pilot)
        shows(app, f"{words.shown('observer')}2")  # tagging as the last observer; the notes are off to the right
        await pilot.press("up", "enter")
        await settle(pilot)
        shows(app, words.shown("subject"), words.shown("turn_note"))
        await pilot.press("escape", "escape", "c")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await answer_prompt(pilot, words.observer)
        await settle(pilot)
        shows(app, words.shown("observer"))
        await pilot.press("q", "v")
        await settle(pilot)
        assert isinstance(app.screen, FeedbackScreen)
        shows(app, words.shown("observer"))
        await pilot.press("escape", "escape", "escape")
        await settle(pilot)

        # The summary, approved with the hostile initials: the notice names them.
        app.push_screen(SummaryScreen(seeded.meeting))
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await answer_prompt_by_id(pilot, "#initials", words.initials)
        assert isinstance(app.screen, SummaryScreen)
        shows(app, f"Approved by {words.shown('initials')}.")  # the notice (the toast wraps the rest)
        app.pop_screen()
        await settle(pilot)

        # Training: the list, a session, a round's briefs and debrief, the report, and a new session's form.
        app.push_screen(TrainingScreen())
        await settle(pilot)
        shows(app, words.shown("session_title"))
        participant = f"{words.shown('participant')}1"
        await visit(pilot, TrainingSessionScreen(seeded.training), words.shown("session_title"), participant)
        played = app.store.training.rounds(seeded.training)
        names = {person.code: person.name for person in app.store.training.session(seeded.training).participants}
        await visit(pilot, BriefsScreen(played[1], 10, names), words.shown("scenario_title"), participant)
        await visit(pilot, DebriefScreen(seeded.played_meeting, seeded.played_round), words.shown("round_notes"))
        await visit(pilot, SessionReportScreen(seeded.training))
        await pilot.press("n")
        await settle(pilot)
        shows(app, words.shown("scenario_title"), words.shown("pack_title"))
        form = app.screen
        form.query_one("#training-code").value = "S2"
        form.query_one("#training-title").value = words.session_title
        # "code = name", so an "=" in the name is the name's.
        form.query_one("#training-people").load_text("\n".join(f"T{n} = {words.participant}{n}" for n in range(3)))
        form.show_plan()  # type: ignore[attr-defined]
        await settle(pilot)
        assert isinstance(app.screen, TrainingPlanScreen)
        shows(app, f"{words.shown('participant')}0", f"{words.shown('participant')}2")


async def answer_prompt_by_id(pilot: Any, selector: str, text: str) -> None:
    pilot.app.screen.query_one(selector).value = text
    await pilot.press("enter")
    await settle(pilot)


def tour_with(app_factory: Any, store: Store, config: Path, words: Words) -> None:
    # One database for every example (the fixtures are the test's); each example seeds its own records and
    # erases them after, and rewrites the school's pack and scenario files the next app reads.
    user_files(config, words)
    seeded = seed(store, words)
    try:
        asyncio.run(tour(app_factory(), seeded, words))
    finally:
        erase(store, seeded)


# The words the issue found, each its own test so that parallel workers share the tours out.
@pytest.mark.parametrize("words", [THE_ISSUE, CLEARS], ids=["the-issue", "clears-the-screen"])
def test_the_issues_words_are_shown_as_typed_on_every_main_screen(app_factory: Any, store: Store, tmp_path: Path,
                                                                  words: Words) -> None:
    tour_with(app_factory, store, tmp_path / "config", words)


# A tour takes seconds, so one drawn example a run (a new one each run), and no shrinking: the failing words
# are reported as drawn.
@settings(max_examples=1, deadline=None, phases=(Phase.generate,),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(words=any_words)
def test_markup_like_text_is_shown_as_typed_on_every_main_screen(app_factory: Any, store: Store, tmp_path: Path,
                                                                 words: Words) -> None:
    tour_with(app_factory, store, tmp_path / "config", words)


# The three crashes the issue found, as their users met them.


async def test_an_observer_named_like_a_closing_tag_can_open_the_feedback_view_again_and_again(
        app_factory: Any, store: Store) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(MeetingScreen(meeting_id))
        await settle(pilot)
        await pilot.press("c", "p")  # the observer console; who is tagging
        await settle(pilot)
        await answer_prompt(pilot, "[/x]")
        await pilot.press("q", "v")  # a question, then the feedback view
        await settle(pilot)
        assert isinstance(app.screen, FeedbackScreen)
        shows(app, "[/x]")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("v")  # and on every reopen
        await settle(pilot)
        assert isinstance(app.screen, FeedbackScreen)
        shows(app, "[/x]")
    assert store.turns.observers(meeting_id) == ["[/x]"]


async def test_an_observer_named_like_a_closing_tag_in_a_turns_file_can_open_the_feedback_view(
        app_factory: Any, store: Store, tmp_path: Path) -> None:
    from coachtui.services.turns import import_turns, read_turns_file

    turns_file = tmp_path / "turns.csv"
    turns_file.write_text("t,speaker,function,initiation,subject,stimulus,scale,tone,time,co_construction,observer,"
                          "note\n5,coach,question,,,none,,neutral,,0,[/x],[b]why[/i]\n", encoding="utf-8")
    meeting_id, _ = import_turns(store, read_turns_file(turns_file), source=turns_file)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await visit(pilot, FeedbackScreen(meeting_id), "[/x]")


async def test_approval_initials_like_a_closing_tag_are_named_in_the_notice_and_the_app_carries_on(
        app_factory: Any, store: Store) -> None:
    meeting_id = post_lesson_meeting(store)
    store.meetings.end(meeting_id, 600)
    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        app.push_screen(SummaryScreen(meeting_id))
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await answer_prompt_by_id(pilot, "#initials", "[/x]")
        assert isinstance(app.screen, SummaryScreen)
        shows(app, "Approved by [/x]. Only this text can be exported.")
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running
    summary = store.summaries.get(meeting_id)
    assert summary is not None and summary.approval is not None and summary.approval.initials == "[/x]"


async def test_a_scenario_or_pack_title_like_a_closing_tag_leaves_the_new_session_form_working(
        app_factory: Any, tmp_path: Path) -> None:
    user_files(tmp_path / "config", replace(THE_ISSUE, scenario_title="[/x] scenario", pack_title="[/x] pack"))
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        app.push_screen(TrainingScreen())
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        shows(app, "[/x] scenario · ", " · [/x] pack")  # name, minutes, stage, then the pack's title
        form = app.screen
        form.query_one("#training-code").value = "S2"
        form.query_one("#training-people").load_text("Ana\nSam\nKim")
        await pilot.click("#show-plan")
        await settle(pilot)
        assert isinstance(app.screen, TrainingPlanScreen)


# -- control characters from files ------------------------------------------------------------------

# OSC 52 puts a command on the clipboard, OSC 2 retitles the window, ESC [2J clears the screen.
OSC_52 = "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUveC5zaCB8IHNo\x07"
OSC_2 = "\x1b]2;owned\x07"
CLEAR = "\x1b[2J"


def hostile_turns_file(folder: Path) -> Path:
    """A turns file with the three escapes (and C1's CSI) in its observer, subject and note columns, and its
    name: the name becomes the new partnership's."""
    header = "t,speaker,function,initiation,subject,stimulus,scale,tone,time,co_construction,observer,note"
    lines = [header]
    for n, (speaker, function) in enumerate([("coach", "question"), ("coachee", "explanation")] * 3):
        lines.append(f"{n * 10},{speaker},{function},,wait{CLEAR} time,none,,neutral,,0,"
                     f"Jo{OSC_52},\"said{OSC_2} twice\x9b31m\"")
    path = folder / f"lesson{OSC_2}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def no_escapes(*outputs: str) -> None:
    for output in outputs:
        assert ESC not in output and "\x9b" not in output and "\x07" not in output, repr(output)


def test_escape_sequences_in_a_turns_file_are_dropped_and_never_reach_the_terminal(run_cli: RunCli, tmp_path: Path,
                                                                                   db_path: Path) -> None:
    turns_file = hostile_turns_file(tmp_path)
    imported = run_cli("--db", str(db_path), "import-turns", str(turns_file))
    assert imported.returncode == 0, imported.stderr
    no_escapes(imported.stdout, imported.stderr)
    meeting = imported.stdout.strip().splitlines()[-1]

    # What is stored is the clean text.
    stored = rows(db_path, "SELECT observer.code AS observer, subject, note FROM turn JOIN observer ON observer.id = "
                  "turn.observer_id")
    assert {tuple(row.values()) for row in stored} == {
        ("Jo]52;c;Y3VybCBldmlsLmV4YW1wbGUveC5zaCB8IHNo", "wait[2J time", "said]2;owned twice31m")}
    assert rows(db_path, "SELECT coachee, focus FROM partnership") == [
        {"coachee": "lesson]2;owned", "focus": "Turns imported from lesson]2;owned.csv"}]

    for args in (("report", "--meeting", meeting), ("report", "--meeting", meeting, "--observer", "nobody"),
                 ("export-turns", "--meeting", meeting), ("export-turns", "--meeting", meeting, "--format", "json")):
        result = run_cli("--db", str(db_path), *args)
        no_escapes(result.stdout, result.stderr)
    assert "Jo]52;c;" in run_cli("--db", str(db_path), "export-turns", "--meeting", meeting).stdout


def test_escape_sequences_already_in_the_database_are_shown_escaped_by_the_command_line(
        run_cli: RunCli, store: Store, db_path: Path) -> None:
    # A database written before imports were cleaned: the raw text is there, and must still never be sent.
    partnership = store.partnerships.create("Ana", "Sam")
    meeting = store.meetings.open(store.cycles.current(partnership.id).id, Stage.POST_LESSON)
    store.turns.add_many(meeting.id, [replace(turn, observer="Jo") for turn in co_constructive()])
    store.close()
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE observer SET code = ?", (f"Jo{OSC_52}",))
        conn.execute("UPDATE turn SET note = ?", (f"said{OSC_2}\x9b31m{CLEAR}",))
    csv_out = run_cli("--db", str(db_path), "export-turns", "--meeting", str(meeting.id))
    json_out = run_cli("--db", str(db_path), "export-turns", "--meeting", str(meeting.id), "--format", "json")
    report = run_cli("--db", str(db_path), "report", "--meeting", str(meeting.id))
    for result in (csv_out, json_out, report):
        assert result.returncode == 0, result.stderr
        no_escapes(result.stdout, result.stderr)
    assert "Jo\\x1b]52;c;Y3Vy" in csv_out.stdout and "said\\x1b]2;owned\\x07\\x9b31m\\x1b[2J" in csv_out.stdout
    assert "\\r" not in csv_out.stdout, "the CSV's own line ends are kept, not escaped"
    assert {turn["note"] for turn in json.loads(json_out.stdout)} == {f"said{OSC_2}\x9b31m{CLEAR}"}
    assert json.loads(report.stdout)["observer"] == f"Jo{OSC_52}"


def test_the_command_line_shows_escapes_in_its_own_arguments_and_errors(run_cli: RunCli, tmp_path: Path) -> None:
    missing = tmp_path / f"gone{CLEAR}.csv"
    result = run_cli("import-turns", str(missing))
    assert result.returncode != 0
    assert "gone\\x1b[2J.csv" in result.stderr
    unknown = run_cli("keys", f"extra{OSC_52}")
    assert unknown.returncode != 0 and "extra\\x1b]52;c;" in unknown.stderr
    no_escapes(result.stdout, result.stderr, unknown.stdout, unknown.stderr)


def test_keymap_and_settings_problems_are_shown_escaped(run_cli: RunCli, tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "keymap.toml").write_text(f'"meeting.end{OSC_2}" = "x"\n"meeting.notes" = "{CLEAR}"\n'
                                        .replace("\x1b", "\\u001b").replace("\x07", "\\u0007"), encoding="utf-8")
    (config / "config.toml").write_text('"colour\\u001b]2;owned\\u0007" = 1\n', encoding="utf-8")
    keys = run_cli("keys")
    assert keys.returncode == 0
    no_escapes(keys.stdout, keys.stderr)
    assert "meeting.end\\x1b]2;owned\\x07" in keys.stderr and "\\x1b[2J" in keys.stderr
    erased = run_cli("--db", str(tmp_path / "x.db"), "erase", "--partnership", "1")
    no_escapes(erased.stdout, erased.stderr)
    assert "colour\\x1b]2;owned\\x07" in erased.stderr


def test_files_read_for_training_and_the_school_come_in_clean(tmp_path: Path) -> None:
    from coachtui.core.bundle import bundle_from_json, bundle_to_json
    from coachtui.core.packs import load_packs
    from coachtui.core.scenarios import load_scenarios
    from coachtui.core.training_plan import plan_from_json, plan_to_json
    from tests.helpers import bundle

    hostile = f"Sam{OSC_52}{OSC_2}{CLEAR}\x9b31m\x7f"
    clean = "Sam]52;c;Y3VybCBldmlsLmV4YW1wbGUveC5zaCB8IHNo]2;owned[2J31m"
    sent = bundle(includes_text=True, notes=hostile, turns={"P1": tuple(
        replace(turn, observer="P1", subject=hostile, note=hostile) for turn in DEVELOPING[:2])})
    received = bundle_from_json(bundle_to_json(sent), "round.json")
    assert received.notes == clean
    assert {(turn.subject, turn.note) for turn in received.turns["P1"]} == {(clean, clean)}

    from coachtui.core.training_plan import make_plan

    plan = make_plan(code="S1", title="t", people="Ana\nSam\nKim", by_hand=False, rounds=1, round_minutes=10,
                     debrief_minutes=5, scenarios={1: "a4l-exit-tickets"})
    data = json.loads(plan_to_json(plan))
    data["title"] = hostile
    data["participants"][0]["name"] = hostile
    read = plan_from_json(json.dumps(data), "plan.json")
    assert read.title == clean and read.participants[0].name == clean

    user_files(tmp_path / "config", replace(THE_ISSUE, scenario_title=hostile, pack_title=hostile))
    packs = load_packs(tmp_path / "config" / "prompts")
    assert packs.packs["ours"].title == clean
    scenarios = load_scenarios(packs.packs.keys(), tmp_path / "config" / "scenarios")
    assert scenarios.scenarios["ours-one"].title == clean


async def test_the_app_shows_an_imported_turns_file_without_its_escapes(app_factory: Any, store: Store,
                                                                        tmp_path: Path) -> None:
    from coachtui.services.turns import import_turns, read_turns_file

    turns_file = hostile_turns_file(tmp_path)
    meeting_id, _ = import_turns(store, read_turns_file(turns_file), source=turns_file)
    app = app_factory()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        shows(app, "lesson]2;owned")
        partnership = store.partnerships.all()[0].id
        await visit(pilot, CycleScreen(partnership), "lesson]2;owned")
        await visit(pilot, FeedbackScreen(meeting_id), "Jo]52;c;")
        app.push_screen(MeetingScreen(meeting_id))
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        shows(app, "as Jo]52;c;")
        await pilot.press("up", "enter")
        await settle(pilot)
        shows(app, "wait[2J time", "said]2;owned twice31m")


async def test_notifications_and_the_database_path_show_control_characters_as_escapes(tmp_path: Path) -> None:
    from coachtui.app import make_app

    # A file name in a folder of bundles, say, or a database path given on the command line.
    app = make_app(tmp_path / f"coach{OSC_2}.db", keymap_file=tmp_path / "none.toml")
    async with app.run_test(size=(160, 30), notifications=True) as pilot:
        app.notify(f"Skipped {Path('/tmp') / ('round' + OSC_2 + '.json')}", title=f"bad{CLEAR}")
        await settle(pilot)
        shows(app, "round\\x1b]2;owned\\x07.json", "bad\\x1b[2J", "coach\\x1b]2;owned\\x07.db")
    app.store.close()


def test_an_approved_summary_keeps_no_control_characters(store: Store) -> None:
    meeting_id = post_lesson_meeting(store)
    store.meetings.end(meeting_id, 600)
    from coachtui.core.summary import Section

    summary = store.summaries.create(meeting_id, (Section("focus", "Focus", f"wait time{CLEAR}"),))
    approved = store.summaries.approve(summary.id, f"AB{OSC_52}", f"Focus\nwait time{CLEAR}\x9b31m")
    assert approved.approval is not None
    assert (approved.approval.initials, approved.approval.text) == ("AB]52;c;Y3VybCBldmlsLmV4YW1wbGUveC5zaCB8IHNo",
                                                                    "Focus\nwait time[2J31m")
