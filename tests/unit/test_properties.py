"""Properties, checked by hypothesis, of the parsers and of text going to and from the database."""

from __future__ import annotations

import tempfile
import unicodedata
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coachtui.core.model import GrowPhase, Stage, format_clock, parse_clock, parse_due
from coachtui.store import Store, clean_text
from tests.helpers import scalar

NOTE_SQL = "SELECT text FROM grow_note WHERE meeting_id = ? AND phase = ?"
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like a clock or a date as well as any text at all, so the parsers' later
# steps (int, float, fromisoformat) are reached, not only the first check.
digits = st.text(st.characters(categories=["Nd", "No"]), min_size=1, max_size=400)
clock_like = st.lists(digits, min_size=1, max_size=4).map(":".join)
date_like = st.builds(
    lambda y, m, d, sep: f"{y}{sep}{m}{sep}{d}",
    digits, digits, digits, st.sampled_from(["-", "", "/", "W", "-W"]),
)


# -- clock ---------------------------------------------------------------------------------


@SETTINGS
@given(st.integers(min_value=0, max_value=359_999))
@example(0)
@example(59)
@example(3_599)
@example(3_600)  # 60:00: minutes beyond 59 stay in the first field
@example(359_999)  # 5999:59
def test_format_clock_round_trips_through_parse_clock(seconds: int) -> None:
    text = format_clock(seconds)
    minutes, secs = text.split(":")
    assert len(secs) == 2 and int(secs) < 60 and len(minutes) >= 2
    assert parse_clock(text) == seconds


@SETTINGS
@given(st.integers(0, 99), st.integers(0, 59), st.integers(0, 59))
def test_parse_clock_reads_hours_minutes_seconds(hours: int, minutes: int, seconds: int) -> None:
    expected = hours * 3600 + minutes * 60 + seconds
    assert parse_clock(f"{hours}:{minutes:02d}:{seconds:02d}") == expected


@SETTINGS
@given(st.integers(0, 999), st.integers(60, 999))
def test_parse_clock_refuses_sixty_or_more_after_the_first_field(first: int, later: int) -> None:
    for text in (f"{first}:{later}", f"{first}:{later}:00", f"{first}:00:{later}"):
        try:
            parse_clock(text)
        except ValueError as error:
            assert "60 or more" in str(error)
        else:
            raise AssertionError(f"{text!r} was accepted")


@SETTINGS
@given(st.one_of(st.text(), clock_like))
@example("1" * 400 + ":00")  # more minutes than a float can hold
@example("\u00b2:00")  # a digit to str.isdigit, not to int()
def test_parse_clock_raises_only_value_error(text: str) -> None:
    try:
        result = parse_clock(text)
    except ValueError:
        return
    assert isinstance(result, float) and result >= 0


# -- due dates -----------------------------------------------------------------------------


@SETTINGS
@given(st.one_of(st.text(), date_like))
@example("\ud800")
@example("2026-02-30")
def test_parse_due_raises_only_value_error(text: str) -> None:
    try:
        result = parse_due(text)
    except ValueError as error:
        assert "is not a real date" in str(error)
        return
    assert result is None or isinstance(result, date)
    assert (result is None) == (text.strip() == "")


@SETTINGS
@given(st.dates())
def test_parse_due_reads_back_an_iso_date(day: date) -> None:
    assert parse_due(f"  {day.isoformat()} ") == day


# -- text into the database -----------------------------------------------------------------


@SETTINGS
@given(st.text())
@example("\ud800")
@example("a\udfffb\ud83d")
@example("osc 52 \x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07, title \x1b]2;pwned\x1b\\, clear \x1b[2J, c1 \x9b31m\x9d0;x\x9c")
@example("dos\r\nlines\rand a tab\there\x7f")
def test_clean_text_always_encodes_and_keeps_all_but_control_characters(text: str) -> None:
    cleaned = clean_text(text)
    cleaned.encode("utf-8")  # raises if a surrogate survived
    # Line ends become newlines; every other control character (C0 but tab, DEL, C1) goes; the rest stays,
    # in order, a lone surrogate as U+FFFD.
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = (ch for ch in lines if ch in "\t\n" or unicodedata.category(ch) != "Cc")
    assert cleaned == "".join("\ufffd" if unicodedata.category(ch) == "Cs" else ch for ch in kept)
    assert clean_text(cleaned) == cleaned


def test_notes_round_trip_arbitrary_text() -> None:
    # One database per test, not per example: hypothesis re-runs the inner function many times.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "coach.db"
        store = Store.open(path)
        try:
            partnership = store.partnerships.create("Ana", "Sam")
            meeting = store.meetings.open(store.cycles.current(partnership.id).id, Stage.PRE_LESSON)

            @SETTINGS
            @given(st.text(), st.sampled_from(list(GrowPhase)))
            @example("", GrowPhase.GOAL)
            @example("Wait \U0001f642\x00 'why?'; DROP TABLE grow_note; --", GrowPhase.REALITY)
            @example("half a pair \ud83d", GrowPhase.OPTIONS)
            def round_trip(text: str, phase: GrowPhase) -> None:
                store.meetings.save_note(meeting.id, phase, text)
                assert store.meetings.notes(meeting.id)[phase] == clean_text(text)
                on_disk = scalar(path, NOTE_SQL, (meeting.id, phase.value))
                assert on_disk == clean_text(text)

            round_trip()
        finally:
            store.close()
