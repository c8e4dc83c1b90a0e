"""Meetings' tagged turns in and out, as CSV, JSON or BORIS files: for `export-turns`, `import-turns` and the app."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from coachtui.core.model import Meeting, Stage, Turn
from coachtui.errors import EXIT_REFUSED, CoachError, DataFileError, StoreError
from coachtui.store import Store

STANDARD_OUTPUT = "standard output"


def find_meeting(store: Store, meeting_id: int) -> Meeting:
    """The meeting, or a data error (exit 4) naming the id: a wrong id is the user's to fix."""
    try:
        return store.meetings.get(meeting_id)
    except StoreError as error:
        if str(error).startswith(f"There is no meeting {meeting_id}"):
            raise DataFileError(f"There is no meeting {meeting_id} in {store.path}.") from None
        raise


def export_turns(store: Store, meetings: int | Sequence[int], fmt: str, *, observer: str | None = None,
                 output: Path | None = None, force: bool = False, several: bool | None = None) -> str:
    """The meetings' turns as text, or "" once saved to `output` (private to the user).

    `fmt` is csv, json or boris. With `several` (by default, when more than one meeting is given) a CSV or
    JSON file gets a `meeting` column first. Every meeting exported is recorded in its partnership's export
    log, which the coachee can read; the records are made before the text leaves, so an export is never
    missing from the log.
    """
    ids = [meetings] if isinstance(meetings, int) else list(dict.fromkeys(meetings))
    found = [find_meeting(store, meeting_id) for meeting_id in ids]
    for meeting in found:
        if observer is not None and observer not in (known := store.turns.observers(meeting.id)):
            raise DataFileError(f"Nobody called '{observer}' tagged meeting {meeting.id} "
                                f"(tagged by {', '.join(known) or 'nobody yet'}).")
    several = len(ids) > 1 if several is None else several
    text = _formatted(store, found, fmt, observer, several)
    who = f", {observer}'s tags" if observer else ""
    together = f", with {len(ids) - 1} other meeting{'s' if len(ids) > 2 else ''}" if len(ids) > 1 else ""

    def record(destination: str) -> None:
        for meeting in found:
            partnership_id = store.cycles.get(meeting.cycle_id).partnership_id
            store.sharing.log_export(f"turns of meeting {meeting.id} ({fmt}{who}{together})", destination,
                                       partnership_id=partnership_id, meeting_id=meeting.id)

    if output is None:
        record(STANDARD_OUTPUT)
        return text
    from coachtui.services.files import save_private

    save_private(output, text, replace=force, before_publishing=lambda: record(str(output.resolve())))
    return ""


def tagged_meetings(store: Store, observer: str | None = None) -> list[int]:
    """Every meeting of the partnerships `coachtui list` shows that holds turns (`observer`'s, when given)."""
    ids = [meeting.id for partnership in store.partnerships.all()
           for cycle in store.cycles.of_partnership(partnership.id)
           for meeting in store.meetings.of_cycle(cycle.id) if store.turns.of_meeting(meeting.id, observer)]
    if not ids:
        whose = f" tagged by '{observer}'" if observer is not None else ""
        raise DataFileError(f"No meeting in {store.path} holds turns{whose} yet.")
    return ids


def _formatted(store: Store, meetings: list[Meeting], fmt: str, observer: str | None, several: bool) -> str:
    if fmt == "boris":
        from coachtui.core.boris import Observation, format_boris

        observations = [
            Observation(meeting.id, code, _local(meeting.started_at or meeting.created_at), meeting.stage.short.lower(),
                        str(meeting.mode), store.turns.of_meeting(meeting.id, code))
            for meeting in meetings
            for code in ([observer] if observer is not None else _observer_codes(store, meeting.id))
        ]
        return format_boris(observations, name="coachtui turns", date=_local(store.timestamp()))
    from coachtui.core.interchange import format_meetings_turns, format_turns

    if several:
        return format_meetings_turns(((meeting.id, store.turns.of_meeting(meeting.id, observer))
                                      for meeting in meetings), fmt)
    return format_turns(store.turns.of_meeting(meetings[0].id, observer), fmt)


def _observer_codes(store: Store, meeting_id: int) -> list[str]:
    """Whoever tagged the meeting, with "" for turns no observer was named for (imported ones, say)."""
    return list(dict.fromkeys(turn.observer for turn in store.turns.of_meeting(meeting_id)))


def _local(stamp: str) -> str:
    """A stored UTC timestamp as this computer's local time, as BORIS writes dates."""
    from datetime import datetime

    return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%dT%H:%M:%S")


def read_turns_file(path: Path, fmt: str | None = None) -> list[Turn]:
    """Every turn in a UTF-8 CSV or JSON file (the content decides unless `fmt` is given), all or nothing."""
    from coachtui.core.interchange import parse_turns
    from coachtui.services.reading import read_user_text

    text = read_user_text(path, "a file of turns")
    return parse_turns(text, fmt)


class AlreadyImported(CoachError):
    """The file's turns are already in the meeting: importing again would count them twice."""

    exit_code = EXIT_REFUSED


def import_turns(store: Store, turns: list[Turn], *, source: Path, meeting_id: int | None = None,
                 again: bool = False) -> tuple[int, int]:
    """Add the turns to a meeting in one transaction; without `meeting_id`, to a new post-lesson meeting.

    The new meeting belongs to a new partnership (coach "Imported", coachee the file's name) and ends
    at the last turn. Returns the meeting's id and how many turns were added. Turns the meeting already
    holds, field for field, are refused (AlreadyImported) unless `again`.
    """
    if meeting_id is None:
        meeting_id = _new_meeting_for(store, source, max((turn.t for turn in turns), default=0.0))
    else:
        find_meeting(store, meeting_id)
        if not again:
            _refuse_repeats(store, meeting_id, turns, source)
    return meeting_id, store.turns.add_many(meeting_id, turns)


def _refuse_repeats(store: Store, meeting_id: int, turns: list[Turn], source: Path) -> None:
    from collections import Counter

    from coachtui.core.interchange import turn_record

    def key(turn: Turn) -> tuple[object, ...]:
        return tuple(turn_record(turn).values())

    present = Counter(key(turn) for turn in store.turns.of_meeting(meeting_id))
    repeated = sum((Counter(key(turn) for turn in turns) & present).values())
    if repeated:
        share = "All" if repeated == len(turns) else f"{repeated} of the"
        raise AlreadyImported(f"{share} {len(turns)} turns in {source.name} are already in meeting {meeting_id} "
                              "(the same time, speaker, tags, observer and note): was it imported before? Nothing "
                              "was imported; add --again to import them once more.")


def _new_meeting_for(store: Store, source: Path, last_t: float) -> int:
    from coachtui.text import clean_text

    # The file's name becomes the coachee's: cleaned before the fallback, so a name of nothing but control
    # characters still gives a name.
    partnership = store.partnerships.create("Imported", clean_text(source.stem).strip() or "turns",
                                            f"Turns imported from {clean_text(source.name)}")
    cycle = store.cycles.current(partnership.id)
    meeting = store.meetings.open(cycle.id, Stage.POST_LESSON)
    store.meetings.end(meeting.id, last_t)
    return meeting.id
