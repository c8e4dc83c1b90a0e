"""One meeting open in two processes: the coach's meeting screen and an observer's console, each with its own
connection to the same database file, follow each other's commits (here two apps in one test stand for the
two processes; tests/terminal/test_terminal.py runs two real ones)."""

from __future__ import annotations

import os
from typing import Any

import pytest

from coachtui.screens.meeting import MeetingScreen
from coachtui.screens.observer_console import ObserverConsole
from coachtui.services.meeting_session import MeetingSession
from coachtui.store import Store
from coachtui.widgets.tagging.pane import TaggingPane
from tests.helpers import FakeTicker, post_lesson_meeting


async def settle(*pilots: Any) -> None:
    for pilot in pilots:
        await pilot.pause()


async def open_screen(app: Any, pilot: Any, make: Any) -> Any:
    """Build the screen inside its own app's task: with two apps running, the test's context belongs to neither."""
    app.call_later(lambda: app.push_screen(make()))
    await pilot.pause()
    await pilot.pause()
    return app.screen


async def test_tags_from_the_observers_process_show_on_the_coachs_screen_and_the_clock_agrees(
        app_factory: Any, store: Store, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    coach_app, observer_app = app_factory(), app_factory()
    async with coach_app.run_test(size=(120, 40)) as coach, observer_app.run_test(size=(120, 40)) as observer:
        meeting = await open_screen(coach_app, coach, lambda: MeetingScreen(meeting_id))
        console = await open_screen(observer_app, observer, lambda: ObserverConsole(meeting_id, observer="Priya"))
        assert isinstance(meeting, MeetingScreen) and isinstance(console, ObserverConsole)
        assert not meeting.clock.running

        ticker.advance(3)
        await observer.press("q")  # the observer's first tag starts the one meeting clock
        ticker.advance(4)
        await observer.press("w", "x")
        await settle(observer)
        meeting.follow()
        await settle(coach)
        pane = meeting.query_one(TaggingPane)
        assert [(t.observer, t.function) for t in pane.turns] == [("Priya", "question"), ("Priya", "explanation")]
        assert meeting.session.analysis.turns == 2, "the indicators and nudges read the observer's tags"
        assert meeting.clock.running and meeting.clock.elapsed == console.clock.elapsed == 4

        await coach.press("space")  # the coach pauses; the observer's console follows
        ticker.advance(10)
        console.follow()
        assert not console.clock.running and console.clock.elapsed == meeting.clock.elapsed == 4

        await observer.press("space")  # and either side can start it again
        ticker.advance(5)
        meeting.follow()
        assert meeting.clock.running and meeting.clock.elapsed == console.clock.elapsed == 9

        await coach.press("o")  # the coach moves to Options; the observer's clock line says so
        console.follow()
        await settle(observer)
        from textual.widgets import Static

        assert str(console.query_one("#console-clock", Static).render()).endswith("· Options")


async def test_the_coach_leaving_keeps_the_observers_clock_running_and_the_last_to_leave_stops_it(
        app_factory: Any, store: Store, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    coach_app, observer_app = app_factory(), app_factory()
    async with observer_app.run_test(size=(120, 40)) as observer:
        await open_screen(observer_app, observer, lambda: ObserverConsole(meeting_id, observer="Priya"))
        async with coach_app.run_test(size=(120, 40)) as coach:
            await open_screen(coach_app, coach, lambda: MeetingScreen(meeting_id))
            await coach.press("space")
            ticker.advance(30)
            await coach.press("ctrl+q")  # the coach's process quits while the observer carries on
        console = observer_app.screen
        assert isinstance(console, ObserverConsole)
        console.follow()
        assert console.clock.running and console.clock.elapsed == 30
        assert store.meetings.get(meeting_id).clock_running_since is not None
        ticker.advance(15)
        await observer.press("escape")  # the observer, the last to leave, stops the clock where it stands
        await settle(observer)
    left = store.meetings.get(meeting_id)
    assert left.clock_running_since is None and left.clock_elapsed == 45
    assert store.meetings.presence(meeting_id) == []


async def test_a_clock_left_running_by_a_killed_process_waits_at_its_last_checkpoint(
        store: Store, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    # A process that has ended (no such pid on this machine) left the clock running 100 s after its checkpoint.
    import socket

    dead = f"{socket.gethostname()}:{2**22 + 12345}:deadbeef"
    store.meetings.join(meeting_id, dead, "coach", ticker())
    store.meetings.save_clock_state(meeting_id, 120.0, ticker(), process=dead, now=ticker())
    ticker.advance(100)
    session = MeetingSession(store, meeting_id, ticker)
    assert not session.clock.running and session.clock.elapsed == 120
    # A process still there (this one, seen lately) leaves it running for whoever joins.
    alive = f"{socket.gethostname()}:{os.getpid()}:cafe"
    store.meetings.join(meeting_id, alive, "observer", ticker())
    store.meetings.save_clock_state(meeting_id, 120.0, ticker(), process=alive, now=ticker())
    ticker.advance(2)
    assert MeetingSession(store, meeting_id, ticker).clock.elapsed == 122


async def test_the_observer_is_told_when_the_partnership_is_erased_elsewhere_and_nothing_is_written_after(
        app_factory: Any, store: Store, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    partnership = store.cycles.get(store.meetings.get(meeting_id).cycle_id).partnership_id
    observer_app = app_factory()
    async with observer_app.run_test(size=(120, 40), notifications=True) as observer:
        observer_app.push_screen(ObserverConsole(meeting_id, observer="Priya"))
        await settle(observer)
        console = observer_app.screen
        assert isinstance(console, ObserverConsole)
        store.erasing.partnership(partnership)
        console.follow()
        await settle(observer)
        assert observer_app.screen is not console
        assert any("erased elsewhere" in n.message for n in observer_app._notifications)
    assert store.meetings.presence(meeting_id) == []
    assert store.db.rows("SELECT count(*) AS n FROM turn")[0]["n"] == 0


async def test_coachtui_observe_opens_only_the_console_and_quits_with_it(
        db_path: Any, store: Store, ticker: FakeTicker) -> None:
    from coachtui.observer_app import make_observer_app

    meeting_id = post_lesson_meeting(store)
    app = make_observer_app(db_path, meeting_id, "Priya", ticker=ticker)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ObserverConsole)
        await pilot.press("q", "w", "x")
        await pilot.press("ctrl+p")
        await pilot.pause()
        from textual.command import CommandPalette

        palette = app.screen
        assert isinstance(palette, CommandPalette)
        await pilot.press(*"Open")
        await pilot.pause(0.3)
        from textual.widgets import OptionList

        found = palette.query_one(OptionList)
        offered = [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]
        assert not any("Ana" in line for line in offered), offered  # no partnership to open from here
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")  # leaving the console ends the observer's process
        await pilot.pause()
    assert app.return_code == 0
    app.store.close()
    assert [(t.observer, t.function) for t in store.turns.of_meeting(meeting_id)] == [("Priya", "question"),
                                                                                      ("Priya", "explanation")]
    assert store.meetings.presence(meeting_id) == []


async def test_observing_an_ended_meeting_opens_the_review_pass(db_path: Any, store: Store,
                                                                ticker: FakeTicker) -> None:
    from coachtui.core.model import Turn
    from coachtui.observer_app import make_observer_app
    from coachtui.screens.review import ReviewScreen

    meeting_id = post_lesson_meeting(store)
    store.turns.add(meeting_id, Turn(t=5, speaker="coach", function="question", observer="Priya"))
    store.meetings.end(meeting_id, 60)
    app = make_observer_app(db_path, meeting_id, None, ticker=ticker)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    app.store.close()


@pytest.mark.parametrize("fails", ["meeting erased before the app mounted", "console cannot read it"])
async def test_coachtui_observe_ends_saying_why_when_its_meeting_cannot_be_opened(
        db_path: Any, store: Store, ticker: FakeTicker, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], fails: str) -> None:
    from coachtui.errors import EXIT_STORE, StoreError
    from coachtui.observer_app import make_observer_app

    meeting_id = post_lesson_meeting(store)
    app = make_observer_app(db_path, meeting_id, "Priya", ticker=ticker)
    if fails.startswith("meeting erased"):
        store.erasing.partnership(1)
    else:
        def unreadable(*args: Any, **kwargs: Any) -> None:
            raise StoreError("the disk gave an I/O error")

        monkeypatch.setattr("coachtui.screens.observer_console.MeetingSession", unreadable)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == EXIT_STORE, "the process ends with the database's exit code, not 0"
    said = capsys.readouterr()
    assert "Could not open the " in said.out + said.err


def test_observe_names_a_meeting_that_is_not_there(db_path: Any, store: Store, run_cli: Any) -> None:
    post_lesson_meeting(store)
    result = run_cli("observe", "--meeting", "999", "--db", str(db_path))
    assert result.returncode == 4 and "There is no meeting 999" in result.stderr
    missing = run_cli("observe", "--meeting", "1", "--db", str(db_path.parent / "typo.db"))
    assert missing.returncode == 3 and "There is no database" in missing.stderr


async def test_a_tag_waiting_on_another_processs_write_gives_up_in_a_second_and_says_so(
        app_factory: Any, store: Store, db_path: Any) -> None:
    import sqlite3
    import time

    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        console = await open_screen(app, pilot, lambda: ObserverConsole(meeting_id, observer="Priya"))
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process in the middle of a long write
        started = time.monotonic()
        await pilot.press("q")
        waited = time.monotonic() - started
        await pilot.pause()
        assert 0.9 <= waited < 3, "the screen waits a moment, never the five seconds a command may"
        assert any("is saving to the database" in n.message for n in app._notifications)
        assert console.query_one(TaggingPane).turns == []
        other.execute("ROLLBACK")
        other.close()
        await pilot.press("q")  # once the other write is done, the same key saves
        await pilot.pause()
        assert [t.function for t in console.query_one(TaggingPane).turns] == ["question"]


def test_serve_binds_the_observers_console_to_this_machine_only(db_path: Any, store: Store, run_cli: Any) -> None:
    import shlex

    from coachtui.cli.serve import LOCAL_ONLY, observer_command, observer_server

    meeting_id = post_lesson_meeting(store)
    command = observer_command(str(db_path), meeting_id, "Priya")
    assert shlex.split(command)[1:] == ["-m", "coachtui", "--db", str(db_path), "observe", "--meeting",
                                        str(meeting_id), "--as", "Priya"]
    assert shlex.split(observer_command(str(db_path), meeting_id, None, encrypt=True))[3:6] == [
        "--db", str(db_path), "--encrypt"]
    server = observer_server(command, 8123)
    assert (server.host, server.port) == (LOCAL_ONLY, 8123) == ("127.0.0.1", 8123)
    assert server.command == command
    # No option offers another address, and serving anything but the observer's console is refused.
    wide = run_cli("serve", "--observe", "--meeting", str(meeting_id), "--host", "0.0.0.0", "--db", str(db_path))
    assert wide.returncode == 2 and "unrecognized arguments: --host" in wide.stderr
    whole = run_cli("serve", "--meeting", str(meeting_id), "--db", str(db_path))
    assert whole.returncode == 4 and "Only the observer's console can be served" in whole.stderr
    missing = run_cli("serve", "--observe", "--meeting", "999", "--db", str(db_path))
    assert missing.returncode == 4 and "There is no meeting 999" in missing.stderr


def test_serve_answers_a_browser_on_this_machine(db_path: Any, store: Store, tmp_path: Any) -> None:
    import socket
    import subprocess
    import time
    import urllib.request

    from tests.helpers import COACHTUI

    meeting_id = post_lesson_meeting(store)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([str(COACHTUI), "--db", str(db_path), "serve", "--observe", "--meeting",
                               str(meeting_id), "--port", str(port)], cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        page = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as answer:
                    page = answer.read().decode("utf-8", "replace")
                break
            except OSError:
                time.sleep(0.1)
        assert "coachtui: observer console" in page
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}" in out


async def test_two_observers_in_two_processes_tag_under_their_own_names_and_the_coach_follows_the_latest(
        app_factory: Any, store: Store, ticker: FakeTicker) -> None:
    meeting_id = post_lesson_meeting(store)
    coach_app, priya_app, lee_app = app_factory(), app_factory(), app_factory()
    async with coach_app.run_test(size=(120, 40)) as coach, priya_app.run_test(size=(120, 40)) as priya, \
            lee_app.run_test(size=(120, 40)) as lee:
        meeting = await open_screen(coach_app, coach, lambda: MeetingScreen(meeting_id))
        await open_screen(priya_app, priya, lambda: ObserverConsole(meeting_id, observer="Priya"))
        await open_screen(lee_app, lee, lambda: ObserverConsole(meeting_id, observer="Lee"))
        await priya.press("q", "x")
        ticker.advance(2)
        await lee.press("q")
        await settle(priya, lee)
        meeting.follow()
        # The coach's Talk tab follows whoever tagged last; each observer's tags stay their own.
        assert meeting.session.observer == "Lee"
        assert [t.function for t in meeting.query_one(TaggingPane).turns] == ["question"]
    assert sorted({(t.observer, t.function) for t in store.turns.of_meeting(meeting_id)}) == [
        ("Lee", "question"), ("Priya", "explanation"), ("Priya", "question")]


async def test_an_encrypted_database_opens_in_the_observers_process_too(tmp_path: Any, ticker: FakeTicker) -> None:
    import pytest

    pytest.importorskip("sqlcipher3", reason="the encrypt extra is not installed")
    from coachtui.observer_app import make_observer_app
    from coachtui.store.connection import WrongPassphrase

    path = tmp_path / "secret.db"
    secret = Store.open(path, passphrase="a long phrase")
    meeting_id = post_lesson_meeting(secret)
    secret.close()
    with pytest.raises(WrongPassphrase):
        make_observer_app(path, meeting_id, "Priya", ticker=ticker, passphrase="not it")
    app = make_observer_app(path, meeting_id, "Priya", ticker=ticker, passphrase="a long phrase")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    app.store.close()
    reopened = Store.open(path, passphrase="a long phrase")
    assert [(t.observer, t.function) for t in reopened.turns.of_meeting(meeting_id)] == [("Priya", "question")]
    reopened.close()


async def test_the_consoles_elapsed_and_left_add_up_to_the_meetings_length(
        app_factory: Any, store: Store, ticker: FakeTicker) -> None:
    from textual.widgets import Static

    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        console = await open_screen(app, pilot, lambda: ObserverConsole(meeting_id, observer="Priya"))
        await pilot.press("space")
        ticker.advance(230.4)
        console.tick()
        line = str(console.query_one("#console-clock", Static).render())
        planned = int(console.clock.planned_seconds)
        assert f"03:50 elapsed · {(planned - 230) // 60:02d}:{(planned - 230) % 60:02d} left" in line, line
