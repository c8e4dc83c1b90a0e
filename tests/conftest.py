"""Shared fixtures: a real database file in tmp_path, a controllable clock, a pinned date, the installed
command, and records whose free text is marked. Plain helpers are in helpers.py."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from coachtui.app import CoachApp, make_app
from coachtui.core.model import EvidenceKind, GrowPhase, Participant, Stage
from coachtui.core.summary import Section
from coachtui.store import Store
from tests.helpers import COACHTUI, DEVELOPING, FakeNow, FakeTicker, RunCli, co_constructive

CLI_TIMEOUT = 30


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text cursors do not blink in any app a test builds, so a snapshot never catches one mid-blink."""
    monkeypatch.setattr(CoachApp, "CURSOR_BLINK", False)


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the developer's real config or data folders."""
    monkeypatch.setenv("COACHTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.delenv("COACHTUI_DB", raising=False)


@pytest.fixture
def ticker() -> FakeTicker:
    return FakeTicker()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "coach.db"


@pytest.fixture
def store(db_path: Path, ticker: FakeTicker) -> Iterator[Store]:
    opened = Store.open(db_path, now=FakeNow(ticker))
    yield opened
    opened.close()


@pytest.fixture
def app_factory(db_path: Path, ticker: FakeTicker, tmp_path: Path) -> Iterator[type]:
    """Build the real app on the test's database file, with time under the test's control."""
    made: list[CoachApp] = []

    def build() -> CoachApp:
        app = make_app(db_path, ticker=ticker, now=FakeNow(ticker), packs_dir=tmp_path / "config" / "prompts",
                       keymap_file=tmp_path / "config" / "keymap.toml")
        made.append(app)
        return app

    yield build  # type: ignore[misc]
    for app in made:
        app.store.close()


@pytest.fixture
def demo_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CoachApp:
    """The app on the demo's data, with time and date pinned: what the snapshot tests photograph."""
    import time
    from datetime import date

    from coachtui.core.packs import load_packs
    from coachtui.services.demo import seed_demo

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    ticker = FakeTicker()
    store = Store.open(tmp_path / "demo.db", now=FakeNow(ticker))
    seed_demo(store, today=date(2026, 11, 23))
    return CoachApp(store, ticker=ticker, packs=load_packs(None), keymap_file=tmp_path / "none.toml",
                    subtitle="snapshot")


@pytest.fixture
def run_cli(tmp_path: Path) -> RunCli:
    """Run the installed `coachtui` command in tmp_path, its config and data folders there too, with no terminal."""

    def run(*args: str, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k != "COACHTUI_DB"}
        env.update(
            COACHTUI_CONFIG_DIR=str(tmp_path / "config"),
            XDG_DATA_HOME=str(tmp_path / "xdg-data"),
            XDG_CONFIG_HOME=str(tmp_path / "xdg-config"),
            XDG_STATE_HOME=str(tmp_path / "xdg-state"),
            TERM="dumb",
        )
        env.update(extra_env or {})
        return subprocess.run([str(COACHTUI), *args], env=env, cwd=tmp_path, capture_output=True, text=True,
                              timeout=CLI_TIMEOUT, stdin=subprocess.DEVNULL, check=False)

    return run


@pytest.fixture
def markers(store: Store) -> dict[str, str]:
    """A partnership and a role-play round in the test's database with every free-text field a coach, coachee
    or observer can fill holding a marker string; the markers by field."""
    marks = {
        "coach": "MK-COACH-NAME", "coachee": "MK-COACHEE-NAME", "focus": "MK-FOCUS", "note": "MK-GROW-NOTE",
        "action": "MK-ACTION", "evidence": "MK-EVIDENCE", "turn_note": "MK-TURN-NOTE", "subject": "MK-SUBJECT",
        "observer": "MK-OBSERVER", "summary": "MK-SUMMARY", "participant": "MK-PARTICIPANT-NAME",
        "round_notes": "MK-ROUND-NOTES", "session_title": "MK-SESSION-TITLE", "schedule": "MK-SCHEDULE",
    }
    partnership = store.partnerships.create(marks["coach"], marks["coachee"], marks["focus"])
    cycle = store.cycles.current(partnership.id)
    store.cycles.save_arrangement(cycle.id, schedule=marks["schedule"], evidence_plan=marks["schedule"])
    store.lessons.add_evidence(cycle.id, 30, EvidenceKind.NOTE, marks["evidence"], critical=True)
    meeting = store.meetings.open(cycle.id, Stage.POST_LESSON)
    store.meetings.save_note(meeting.id, GrowPhase.REALITY, marks["note"])
    store.actions.add(cycle.id, meeting.id, marks["action"])
    store.turns.add_many(meeting.id, [replace(t, observer=marks["observer"], note=marks["turn_note"],
                                              subject=marks["subject"]) for t in co_constructive()])
    store.meetings.end(meeting.id, 700)
    summary = store.summaries.create(meeting.id, (Section("focus", "Focus", marks["summary"]),))
    store.summaries.approve(summary.id, "MK", marks["summary"])

    training = store.training.create_session(
        "S1", title=marks["session_title"], round_minutes=10, debrief_minutes=5,
        participants=[Participant("P1", 1, marks["participant"]), Participant("P2", 1, "x"),
                      Participant("P3", 1, "y")],
        plan=[(1, 1, "P1", "P2", ("P3",))], scenarios={1: "a4l-exit-tickets"})
    round_id = store.training.rounds(training.id)[0].id
    played = store.training.start_round(round_id, stage=Stage.PRE_LESSON, theme="a4l", focus=marks["focus"])
    store.turns.add_many(played, [replace(t, observer="P3", note=marks["turn_note"], subject=marks["subject"])
                                  for t in DEVELOPING])
    store.training.save_round_notes(round_id, marks["round_notes"])
    store.meetings.end(played, 600)
    return marks
