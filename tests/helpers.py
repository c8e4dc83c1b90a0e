"""Plain helpers the tests share: time under the test's control, hand-worked transcripts, reading the
database file through a fresh connection (proof that data reached the disk), and driving the app by keys.
Fixtures live in conftest.py; no test module imports another."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from hypothesis import strategies as st
from sqlite_utils import Database

from coachtui.core.bundle import RoundBundle
from coachtui.core.model import Stage, Turn
from coachtui.core.vocabulary import vocabulary
from coachtui.screens.meeting import MeetingScreen
from coachtui.store import Store
from coachtui.widgets.tagging.pane import TaggingPane

FIXED_START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
# The installed command, beside the interpreter that runs the tests.
COACHTUI = Path(sys.executable).with_name("coachtui")


class RunCli(Protocol):
    """The `run_cli` fixture: the installed command run with these arguments; what it printed and returned."""

    def __call__(self, *args: str, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]: ...


class FakeTicker:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class FakeNow:
    """Wall-clock time for timestamps, advancing with the ticker so stored times are predictable."""

    def __init__(self, ticker: FakeTicker) -> None:
        self.ticker = ticker

    def __call__(self) -> datetime:
        return FIXED_START + timedelta(seconds=self.ticker.now - 1000.0)


# -- transcripts whose figures were worked out by hand ------------------------------------------

LESSON, FUTURE, PAST = "the lesson itself", "future specific lessons", "past"
NOTES, VIDEO = "observation notes", "video extract"
CM, EP, LW, GT = "critical moment", "episode", "lesson as a whole", "generalised theme"


def transcript(*rows: tuple[Any, ...]) -> list[Turn]:
    """Rows of (t, speaker, function, initiation, stimulus, scale, time, co_construction)."""
    return [Turn(t=float(t), speaker=s, function=f, initiation=i, stimulus=st_, scale=sc, time=tm,
                 co_construction=bool(co)) for t, s, f, i, st_, sc, tm, co in rows]


# Level 1: the coach asks, the coachee recounts the lesson from memory.
EMERGING = transcript(*[
    (i * 10, "coach" if i % 2 == 0 else "coachee", "question" if i % 2 == 0 else "explanation",
     "coach" if i == 0 else "", "recall", LW, LESSON, 0) for i in range(12)])

# Level 2: the coachee explains intentions, observation notes come in, a suggestion is made.
DEVELOPING = transcript(
    (0, "coach", "question", "coach", "none", EP, LESSON, 0),
    (10, "coachee", "explanation", "", "recall", EP, LESSON, 0),
    (20, "coach", "question", "", NOTES, EP, LESSON, 0),
    (30, "coachee", "justification", "", NOTES, EP, LESSON, 0),
    (40, "coach", "clarification", "", NOTES, EP, LESSON, 0),
    (50, "coachee", "clarification", "", "none", EP, LESSON, 0),
    (60, "coach", "evaluation", "", "none", EP, LESSON, 0),
    (70, "coachee", "acceptance", "", "none", EP, LESSON, 0),
    (80, "coach", "suggestion", "", "none", EP, LESSON, 0),
    (90, "coachee", "acceptance", "", "none", EP, LESSON, 0),
    (100, "coach", "question", "", "none", EP, LESSON, 0),
    (110, "coachee", "explanation", "", "none", EP, LESSON, 0),
)


def co_constructive(co: int = 1) -> list[Turn]:
    """Level 4 as written; with co=0 the run of building together is gone and it is level 3."""
    return transcript(
        (0, "coach", "question", "coach", NOTES, CM, LESSON, 0),
        (10, "coachee", "explanation", "", NOTES, CM, LESSON, 0),
        (20, "coach", "challenge", "", NOTES, CM, LESSON, 0),
        (30, "coachee", "dissonance", "", VIDEO, EP, LESSON, 0),
        (40, "coachee", "justification", "", VIDEO, EP, PAST, 0),
        (50, "coach", "clarification", "", "none", EP, PAST, 0),
        (60, "coachee", "clarification", "", "none", LW, PAST, 0),
        (70, "coachee", "generalisation", "", "none", GT, "no specific time-frame", 0),
        (80, "coachee", "question", "coachee", "none", GT, FUTURE, 0),
        (90, "coachee", "new idea", "coachee", "none", EP, FUTURE, co),
        (95, "coach", "suggestion", "", "none", EP, FUTURE, co),
        (100, "coachee", "continuity", "", "none", EP, FUTURE, co),
        (110, "coach", "evaluation", "", "none", LW, FUTURE, 0),
        (120, "coachee", "acceptance", "", "none", LW, FUTURE, 0),
    )


@st.composite
def any_turns(draw: st.DrawFn) -> list[Turn]:
    """Any tagging at all, in time order: for properties that must hold whatever an observer keys."""
    vocab = vocabulary()
    count = draw(st.integers(min_value=0, max_value=40))
    gaps = draw(st.lists(st.floats(min_value=0, max_value=60), min_size=count, max_size=count))
    turns, t = [], 0.0
    for gap in gaps:
        t += gap
        turns.append(Turn(
            t=t, speaker=draw(st.sampled_from(vocab.values("speaker"))),
            function=draw(st.sampled_from(vocab.functions)),
            initiation=draw(st.sampled_from(vocab.values("initiation"))),
            stimulus=draw(st.sampled_from(vocab.values("stimulus"))),
            scale=draw(st.sampled_from(("", *vocab.values("scale")))),
            time=draw(st.sampled_from(("", *vocab.values("time")))), co_construction=draw(st.booleans())))
    return turns


# -- records ------------------------------------------------------------------------------------


def post_lesson_meeting(store: Store) -> int:
    """A new partnership (Ana coaching Sam on wait time) with its post-lesson meeting open; its id."""
    partnership = store.partnerships.create("Ana", "Sam", "wait time")
    cycle = store.cycles.current(partnership.id)
    return store.meetings.open(cycle.id, Stage.POST_LESSON).id


def bundle(turns: dict[str, tuple[Turn, ...]] | None = None, **changes: object) -> RoundBundle:
    """Group 1's round 2 of session AUT1 (P2 coaches P3, P1 observes) as a laptop exports it."""
    base = RoundBundle(session="AUT1", group=1, round=2, scenario="a4l-exit-tickets", stage=4, coach="P2",
                       coachee="P3", observers=("P1",), planned_minutes=10, elapsed_seconds=604.5,
                       played_on="2026-11-24", turns=turns if turns is not None else {"P1": ()})
    return replace(base, **changes)  # type: ignore[arg-type]


# -- reading the file ---------------------------------------------------------------------------


def rows(db_path: Path, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    conn = sqlite3.connect(db_path)
    try:
        return list(Database(conn).query(sql, params))
    finally:
        conn.close()


def scalar(db_path: Path, sql: str, params: tuple[Any, ...] = ()) -> Any:
    found = rows(db_path, sql, params)
    return next(iter(found[0].values())) if found else None


# -- driving the app by keys --------------------------------------------------------------------

KEY_NAMES = {" ": "space", "-": "minus", ":": "colon", "/": "slash", ".": "full_stop", ",": "comma"}


async def type_text(pilot: Any, text: str) -> None:
    """Type text key by key, as a person would."""
    await pilot.press(*[KEY_NAMES.get(ch, ch) for ch in text])


async def click_visible(pilot: Any, selector: str) -> None:
    """Scroll a widget into view, then click it: long forms do not fit small terminals."""
    pilot.app.screen.query_one(selector).scroll_visible(animate=False, immediate=True)
    await pilot.pause()
    await pilot.click(selector)


async def tag_then_end_meeting(pilot: Any, ticker: Any, keys: tuple[str, ...], seconds: float) -> None:
    """Start the clock, tag one turn per key `seconds` apart in the Talk tab, then end the meeting."""
    await pilot.press("space", "t")
    for key in keys:
        ticker.advance(seconds)
        await pilot.press(key)
    await pilot.press("escape", "x")
    await pilot.pause()
    await pilot.click("#yes")
    await pilot.pause()


async def answer_prompt(pilot: Any, text: str) -> None:
    """Type an answer into the text prompt on screen, press Enter, and let any work it starts finish."""
    pilot.app.screen.query_one("#prompt-input").value = text
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_talk_tab(app: Any, pilot: Any, meeting_id: int) -> TaggingPane:
    """Open the meeting and its Talk tab; the tagging pane."""
    app.push_screen(MeetingScreen(meeting_id))
    await pilot.pause()
    await pilot.press("t")
    await pilot.pause()
    return app.screen.query_one(TaggingPane)


async def open_console(app: Any, pilot: Any, meeting_id: int) -> Any:
    """Open the meeting, then its observer console (c); the console."""
    from coachtui.screens.observer_console import ObserverConsole

    app.push_screen(MeetingScreen(meeting_id))
    await pilot.pause()
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(app.screen, ObserverConsole)
    return app.screen


async def press_at(pilot: Any, ticker: FakeTicker, seconds: float, *keys: str) -> None:
    """Let the meeting clock run for `seconds`, then press the keys."""
    ticker.advance(seconds)
    await pilot.press(*keys)


def screen_text(app: Any) -> str:
    """Every character the terminal would be sent for the screen on top, as plain text (styles left out)."""
    import io

    from rich.console import Console

    console = Console(width=app.size.width, height=app.size.height, file=io.StringIO(), force_terminal=True,
                      record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text(styles=False)


async def until(pilot: Any, condition: Callable[[], Any], seconds: float = 2.0) -> Any:
    """`condition()` once it is truthy, letting the app run between tries: what comes after a refresh (a footer's
    keys, a problem reported once the first screen is painted) is not always there after one `pilot.pause()`.
    Its last answer when the time is up."""
    waited = 0.0
    while not (answer := condition()) and waited < seconds:
        await pilot.pause(0.02)
        waited += 0.02
    return answer


async def notified(app: Any, pilot: Any, text: str) -> Any:
    """The first notification holding `text`, waiting for it; None if none comes."""
    return await until(pilot, lambda: next((note for note in app._notifications if text in str(note.message)), None))


async def footer_once_built(app: Any, pilot: Any, showing: str = "") -> str:
    """The bottom line of the screen once the footer has built its keys (and shows `showing`)."""
    def footer() -> str:
        return screen_text(app).splitlines()[-1]

    await until(pilot, lambda: footer().strip() and showing in footer())
    return footer()


def agree_to_figures(store: Store, partnership_id: int) -> None:
    """Coach and coachee both agree that the partnership's figures count in the school's figures."""
    store.partnerships.set_figures_consent(partnership_id, coach=True, coachee=True)


def school_of_three_coaches(store: Store, partnerships: int, *, agree: bool = True) -> list[int]:
    """`partnerships` partnerships shared round three coaches, each with one ended, tagged pre-lesson meeting
    (the DEVELOPING talk, level 2) and, with `agree`, both partners' agreement to be counted; their ids."""
    ids = []
    for number in range(partnerships):
        partnership = store.partnerships.create(("Ana", "Dev", "Fen")[number % 3], f"Coachee {number + 1}")
        meeting = store.meetings.open(store.cycles.current(partnership.id).id, Stage.PRE_LESSON)
        store.turns.add_many(meeting.id, [replace(turn, observer="Jo") for turn in DEVELOPING])
        store.meetings.end(meeting.id, 600)
        if agree:
            agree_to_figures(store, partnership.id)
        ids.append(partnership.id)
    return ids


async def press_in_one_go(pilot: Any, keys: list[str]) -> None:
    """Send many keys to the app in order, then wait once until they are all handled.

    `pilot.press` waits for the whole process to go idle after every key (at least 40 ms each), which is
    right for a key that opens a screen but makes a review pass of 300 keys take half a minute. The app still
    handles these keys one after another, in order, against whatever has the focus; use it for keys that stay
    on one screen, and press any key that opens or closes a screen on its own.
    """
    from textual import events

    app = pilot.app
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)
    await pilot.pause()
    await pilot.pause()
