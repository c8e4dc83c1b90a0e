"""End to end in a real terminal (tmux): the installed command, typed at, killed, run twice at once."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from coachtui.store import Store
from tests.helpers import rows, scalar
from tests.tmux import Terminal, tmux_available

pytestmark = pytest.mark.skipif(not tmux_available() and not os.environ.get("CI"),
                                reason="tmux is not installed (make setup installs it where it can)")


@pytest.fixture
def terminals(tmp_path: Path) -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for terminal in opened:
        terminal.close()


def open_terminal(terminals: list[Terminal], tmp_path: Path, **options: object) -> Terminal:
    terminal = Terminal(tmp_path, **options)  # type: ignore[arg-type]
    terminals.append(terminal)
    return terminal


def seeded(db_path: Path) -> Path:
    store = Store.open(db_path)
    store.partnerships.create("Ana Lopez", "Sam Reed", "wait time")
    store.close()
    return db_path


def integrity(db_path: Path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


TAGGED = "SELECT function FROM turn ORDER BY t, id"
# Black, white and the grey ramp of the 256-colour palette.
GREYS = {0, 7, 8, 15, 16, 231, *range(232, 256)}


@pytest.mark.parametrize("variant", [
    {"width": 80, "height": 24, "term": "xterm-256color"},
    {"width": 200, "height": 60, "term": "xterm-256color", "extra_env": {"NO_COLOR": "1"}},
    {"width": 100, "height": 30, "term": "xterm"},
], ids=["80x24-256colours", "200x60-no-colour", "100x30-plain-xterm"])
def test_a_whole_short_meeting_typed_in_a_real_terminal(terminals: list[Terminal], tmp_path: Path,
                                                        variant: dict[str, object]) -> None:
    db_path = tmp_path / "coach.db"
    app = open_terminal(terminals, tmp_path, **variant).start("--db", str(db_path))
    app.wait_for("No partnerships yet")

    app.press("n")
    app.wait_for("Coach")
    for text in ("Ana Lopez", "Sam Reed", "wait time"):
        app.type(text)
        app.press("Enter")
    app.wait_for("cycle 1")

    app.press("2")
    app.wait_for("Goal notes")
    app.press("Space", "n")
    app.type("Sam wants every pupil to answer")
    app.press("Escape", "t")
    app.press("q", "x", "c", "f", "i", "8", "n")
    app.wait_for("new idea")
    colours = {int(code) for code in re.findall(r"[34]8;5;(\d+)", app.screen(escapes=True))}
    if "NO_COLOR" in variant.get("extra_env", {}):  # type: ignore[operator]
        assert colours <= GREYS, f"colours under NO_COLOR: {sorted(colours - GREYS)}"
    elif variant["term"] == "xterm-256color":
        assert colours - GREYS, "the timeline shows each function's colour"
    app.press("Escape", "x")
    app.wait_for("End the meeting")
    app.press("y")
    app.wait_for("Nothing here can leave the laptop")
    app.press("Escape")
    app.wait_for("cycle 1")
    app.press("C-q")
    assert app.exited(), app.screen()

    assert rows(db_path, "SELECT coach, coachee, focus FROM partnership") == [
        {"coach": "Ana Lopez", "coachee": "Sam Reed", "focus": "wait time"}]
    assert scalar(db_path, "SELECT text FROM grow_note WHERE phase = 'goal'") == "Sam wants every pupil to answer"
    assert [r["function"] for r in rows(db_path, TAGGED)] == [
        "question", "explanation", "challenge", "defence", "new idea"]
    assert rows(db_path, "SELECT initiation, time_frame FROM turn WHERE function = 'new idea'") == [
        {"initiation": "coach", "time_frame": "future specific lessons"}]
    assert scalar(db_path, "SELECT ended_at IS NOT NULL FROM meeting") == 1


def test_kill_9_mid_meeting_loses_nothing_committed_and_the_meeting_resumes(terminals: list[Terminal],
                                                                            tmp_path: Path) -> None:
    db_path = seeded(tmp_path / "coach.db")
    app = open_terminal(terminals, tmp_path).start("--db", str(db_path))
    app.wait_for("Ana Lopez")
    app.press("Enter")
    app.wait_for("cycle 1")
    app.press("2")
    app.wait_for("Goal notes")
    app.press("Space", "n")
    app.type("half a thought")
    app.wait_for("half a thought")
    app.press("Escape", "a")
    app.wait_for("New action")
    app.type("try wait time")
    app.wait_for("try wait time")
    app.press("Escape")
    app.wait_until_gone("New action")
    app.press("t")
    app.wait_for("Function")  # the Talk tab's timeline, which takes the tagging keys
    app.press("q", "x", pause=1.1)
    app.press("c")
    app.wait_for("challenge")

    os.kill(app.pid(), signal.SIGKILL)
    assert app.exited()

    assert integrity(db_path) == "ok"
    assert [r["function"] for r in rows(db_path, TAGGED)] == ["question", "explanation", "challenge"]
    assert scalar(db_path, "SELECT text FROM grow_note") == "half a thought"
    assert scalar(db_path, "SELECT text FROM action") == "try wait time"
    last_turn = scalar(db_path, "SELECT max(t) FROM turn")
    assert last_turn >= 2.0

    again = open_terminal(terminals, tmp_path).start("--db", str(db_path))
    again.wait_for("Ana Lopez")
    again.press("Enter")
    again.wait_for("cycle 1")
    again.press("2")
    screen = again.wait_for("half a thought")
    assert "paused" in screen, "a resumed meeting waits for the coach to restart the clock"
    clock = screen.split("paused", 1)[1].split()[0]
    minutes, seconds = (int(part) for part in clock.split(":"))
    assert minutes * 60 + seconds >= int(last_turn), screen
    again.press("t")
    again.wait_for("challenge")
    again.press("C-q")
    assert again.exited()


def test_two_instances_on_one_database_both_work_and_see_each_other(terminals: list[Terminal],
                                                                    tmp_path: Path) -> None:
    db_path = seeded(tmp_path / "coach.db")
    first = open_terminal(terminals, tmp_path).start("--db", str(db_path))
    second = open_terminal(terminals, tmp_path).start("--db", str(db_path))
    first.wait_for("Ana Lopez")
    second.wait_for("Ana Lopez")

    # The second tags a meeting while the first sets up a new partnership.
    second.press("Enter")
    second.wait_for("cycle 1")
    second.press("2")
    second.wait_for("Goal notes")
    second.press("t")
    first.press("n")
    first.wait_for("Coach")
    for text in ("Kim Ng", "Lee Park", "group work"):
        first.type(text)
        first.press("Enter")
        second.press("q")
    first.wait_for("cycle 1")
    second.wait_for("question")

    # Back on its home screen, the second sees the first's partnership.
    second.press("Escape", "Escape", "Escape")
    second.wait_for("Kim Ng")
    first.press("Escape")
    first.wait_for("Ana Lopez")

    for terminal in (first, second):
        terminal.press("C-q")
        assert terminal.exited()
    assert [r["coach"] for r in rows(db_path, "SELECT coach FROM partnership ORDER BY id")] == ["Ana Lopez", "Kim Ng"]
    assert scalar(db_path, "SELECT count(*) FROM turn") == 3
    assert scalar(db_path, "SELECT count(*) FROM meeting") == 1
    assert integrity(db_path) == "ok"


def test_a_triad_opens_the_plan_plays_a_round_and_exports_it_in_a_real_terminal(terminals: list[Terminal],
                                                                                tmp_path: Path) -> None:
    from coachtui.core.training_plan import make_plan, plan_to_json

    plan = make_plan(code="AUT-1", title="", people="Ana\nSam\nKim", by_hand=False, rounds=3, round_minutes=8,
                     debrief_minutes=5, scenarios={1: "a4l-exit-tickets", 2: "talk-wait-time",
                                                   3: "group-work-passengers"})
    plan_file = tmp_path / "AUT-1.coachplan.json"
    plan_file.write_text(plan_to_json(plan), encoding="utf-8")
    db_path = tmp_path / "triad.db"
    app = open_terminal(terminals, tmp_path, width=80, height=24).start("--db", str(db_path))
    app.wait_for("No partnerships yet")
    app.press("T")
    app.wait_for("No training sessions yet")
    app.press("o")
    app.wait_for("Open the training plan file")
    app.press("C-u")
    app.type(str(plan_file))
    app.press("Enter")
    app.wait_for("Showing every group")
    app.press("Enter")
    app.wait_for("No brief is showing")
    app.press("2")
    screen = app.wait_for("The coachee's brief")
    assert "The agreed focus" not in screen  # the coach's brief is not on screen with the coachee's
    app.press("h")
    app.wait_for("No brief is showing")
    app.press("s")
    app.wait_for("Goal notes")
    app.press("Space", "t")
    app.press("q", "x", "c", "d")
    app.wait_for("dissonance")
    app.press("Escape", "x")
    app.wait_for("End the meeting")
    app.press("y")
    app.wait_for("Debrief ·")
    app.press("x")
    app.wait_for("Export this round")
    app.press("C-u")
    app.type(str(tmp_path))
    app.press("Enter")
    app.wait_for("Round exported")
    app.press("C-q")
    assert app.exited(), app.screen()

    bundle = tmp_path / "AUT-1-group1-round1.coachround.json"
    text = bundle.read_text(encoding="utf-8")
    assert '"coach": "P1"' in text and "Ana" not in text
    assert [r["function"] for r in rows(db_path, TAGGED)] == ["question", "explanation", "challenge", "dissonance"]


def coach_in_a_post_lesson_meeting(terminals: list[Terminal], tmp_path: Path) -> tuple[Path, Terminal]:
    """A database with one open post-lesson meeting, and the coach's app open on it at 100x30."""
    from coachtui.core.model import Stage

    db_path = seeded(tmp_path / "coach.db")
    store = Store.open(db_path)
    store.meetings.open(store.cycles.current(store.partnerships.all()[0].id).id, Stage.POST_LESSON)
    store.close()
    coach = open_terminal(terminals, tmp_path).start("--db", str(db_path))
    coach.wait_for("Ana Lopez")
    coach.press("Enter")
    coach.wait_for("cycle 1")
    coach.press("4")
    coach.wait_for("Goal notes")
    return db_path, coach


def observer_beside(terminals: list[Terminal], tmp_path: Path, db_path: Path, name: str) -> Terminal:
    """`coachtui observe` on the database's one meeting, in a second terminal at 80x24."""
    observer = open_terminal(terminals, tmp_path, width=80, height=24).start(
        "observe", "--meeting", "1", "--as", name, "--db", str(db_path))
    observer.wait_for("Observer console")
    return observer


def test_an_observer_tags_from_a_second_terminal_and_the_coachs_screen_follows(terminals: list[Terminal],
                                                                               tmp_path: Path) -> None:
    db_path, coach = coach_in_a_post_lesson_meeting(terminals, tmp_path)
    coach.press("t")
    coach.wait_for("Function")

    observer = observer_beside(terminals, tmp_path, db_path, "Priya")
    observer.press("q", "w", "x", "w", "c", pause=0.4)
    observer.wait_for("challenge")
    screen = coach.wait_for("challenge")  # the observer's tags, on the coach's Talk tab
    assert "Priya" in screen and "paused" not in screen, screen  # the observer's first tag started the clock

    os.kill(observer.pid(), signal.SIGKILL)  # the observer's laptop drops off: nothing committed is lost
    assert observer.exited()
    coach.press("C-q")
    assert coach.exited()
    assert [r["function"] for r in rows(db_path, TAGGED)] == ["question", "explanation", "challenge"]
    assert scalar(db_path, "SELECT clock_running_since FROM meeting") is None  # the last to leave stopped it
    assert integrity(db_path) == "ok"


def test_the_coachs_process_killed_while_the_observer_tags_loses_nothing(terminals: list[Terminal],
                                                                         tmp_path: Path) -> None:
    db_path, coach = coach_in_a_post_lesson_meeting(terminals, tmp_path)
    coach.press("n")
    coach.type("typed by the coach")
    coach.wait_for("typed by the coach")
    observer = observer_beside(terminals, tmp_path, db_path, "Lee")
    observer.press("q", "w", "x", pause=0.4)
    observer.wait_for("explanation")

    os.kill(coach.pid(), signal.SIGKILL)
    assert coach.exited()
    observer.press("w", "c", "w", "f", pause=0.4)  # the observer carries on, on their own
    screen = observer.wait_for("defence")
    assert "running" in screen, screen  # the clock runs on for the observer
    observer.press("Escape")
    assert observer.exited()
    assert [r["function"] for r in rows(db_path, TAGGED)] == ["question", "explanation", "challenge", "defence"]
    assert scalar(db_path, "SELECT text FROM grow_note") == "typed by the coach"
    assert scalar(db_path, "SELECT clock_running_since FROM meeting") is None
    assert integrity(db_path) == "ok"


def test_two_terminals_typing_the_same_notes_keep_both_texts(terminals: list[Terminal], tmp_path: Path) -> None:
    from coachtui.core.model import Stage

    db_path = seeded(tmp_path / "coach.db")
    store = Store.open(db_path)
    store.meetings.open(store.cycles.current(store.partnerships.all()[0].id).id, Stage.POST_LESSON)
    store.close()
    first = open_terminal(terminals, tmp_path).start("--db", str(db_path))
    second = open_terminal(terminals, tmp_path).start("--db", str(db_path))
    for terminal in (first, second):
        terminal.wait_for("Ana Lopez")
        terminal.press("Enter")
        terminal.wait_for("cycle 1")
        terminal.press("4")
        terminal.wait_for("Goal notes")
    first.press("n")
    first.type("Sam wants answers")
    second.wait_for("Sam wants answers")  # the second's notes box has no focus: it shows the first's notes
    second.press("n")
    second.type(" from all")
    second.wait_for("from all")
    first.type(" today")  # the first still shows its own text, typed over a version it did not load
    first.wait_for("also typed in another window")

    for terminal in (first, second):
        terminal.press("Escape", "Escape")
        terminal.press("C-q")
        assert terminal.exited()
    saved = scalar(db_path, "SELECT text FROM grow_note WHERE phase = 'goal'")
    assert re.fullmatch(r"Sam wants answers from all\n\n— also typed in another window at \d\d:\d\d —\n today",
                        saved), saved
    assert scalar(db_path, "SELECT count(*) FROM meeting") == 1
    assert integrity(db_path) == "ok"
