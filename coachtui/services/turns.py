"""A meeting's tagged turns in and out, as CSV or JSON files: for `export-turns`, `import-turns` and the app."""

from __future__ import annotations

from pathlib import Path

from coachtui.core.model import Meeting, Stage, Turn
from coachtui.errors import EXIT_REFUSED, CoachError, DataFileError, StoreError
from coachtui.store import Store

STANDARD_OUTPUT = "standard output"


def find_meeting(store: Store, meeting_id: int) -> Meeting:
    """The meeting, or a data error (exit 4) naming the id: a wrong id is the user's to fix."""
    try:
        return store.meeting(meeting_id)
    except StoreError as error:
        if str(error).startswith(f"There is no meeting {meeting_id}"):
            raise DataFileError(f"There is no meeting {meeting_id} in {store.path}.") from None
        raise


def export_turns(store: Store, meeting_id: int, fmt: str, *, observer: str | None = None,
                 output: Path | None = None, force: bool = False) -> str:
    """The meeting's turns as text, or "" once saved to `output` (private to the user).

    Every export is recorded in the partnership's export log, which the coachee can read; the record
    is made before the text leaves, so an export is never missing from the log.
    """
    from coachtui.core.interchange import format_turns

    meeting = find_meeting(store, meeting_id)
    if observer is not None and observer not in (known := store.observers(meeting_id)):
        raise DataFileError(f"Nobody called '{observer}' tagged meeting {meeting_id} "
                            f"(tagged by {', '.join(known) or 'nobody yet'}).")
    text = format_turns(store.turns(meeting_id, observer), fmt)
    partnership_id = store.cycle(meeting.cycle_id).partnership_id
    who = f", {observer}'s tags" if observer else ""

    def record(destination: str) -> None:
        store.log_export(f"turns of meeting {meeting_id} ({fmt}{who})", destination, partnership_id=partnership_id,
                         meeting_id=meeting_id)

    if output is None:
        record(STANDARD_OUTPUT)
        return text
    from coachtui.services.files import save_private

    save_private(output, text, replace=force, before_publishing=lambda: record(str(output.resolve())))
    return ""


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
    return meeting_id, store.add_turns(meeting_id, turns)


def _refuse_repeats(store: Store, meeting_id: int, turns: list[Turn], source: Path) -> None:
    from collections import Counter

    from coachtui.core.interchange import turn_record

    def key(turn: Turn) -> tuple[object, ...]:
        return tuple(turn_record(turn).values())

    present = Counter(key(turn) for turn in store.turns(meeting_id))
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
    partnership = store.create_partnership("Imported", clean_text(source.stem).strip() or "turns",
                                           f"Turns imported from {clean_text(source.name)}")
    cycle = store.current_cycle(partnership.id)
    meeting = store.open_meeting(cycle.id, Stage.POST_LESSON)
    store.end_meeting(meeting.id, last_t)
    return meeting.id
