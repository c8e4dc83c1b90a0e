"""A meeting's GROW notes as one screen holds them: saved as they are typed, and never over notes that another
window (another coachtui process on the same database) saved since this screen loaded them.

Textual-free. Each phase's notes are saved with the version this screen last loaded or saved
(`store.meetings.save_note(..., version=)`, a compare-and-set): when another window saved them in between, both texts
are kept, the other window's first and what was typed here below a marker line, and the caller is told so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from coachtui.core.model import GrowNote, GrowPhase
from coachtui.errors import StoreError
from coachtui.text import clean_text

if TYPE_CHECKING:
    from coachtui.store import Store

# A third window saving at the same moment sends the save round again; this many rounds is plenty.
SAVE_ATTEMPTS = 5


def marker_line(at: datetime) -> str:
    return f"— also typed in another window at {at:%H:%M} —"


def kept_both(theirs: str, base: str, ours: str, at: datetime) -> str:
    """The notes another window saved (`theirs`, changed from the `base` this window loaded), then what was
    typed here under a marker line: only what was added after `base` when that is all that was done here,
    else all of it. Nothing typed here is dropped except deletions; theirs is kept whole."""
    if ours.startswith(base):
        added = ours[len(base):]
    elif base.startswith(ours):
        added = ""  # only deleted here: their text stands
    else:
        added = ours
    if not added.strip() or added.strip() in theirs:
        return theirs
    head = theirs.rstrip("\n")
    return f"{head}\n\n{marker_line(at)}\n{added.lstrip(chr(10))}" if head else added.lstrip("\n")


@dataclass(frozen=True)
class NoteSaved:
    """What a save did: the text now saved; when another window had saved the notes since this screen loaded
    them, `elsewhere` is when that was found and `ours_below` whether anything typed here went below theirs."""

    phase: GrowPhase
    text: str
    elsewhere: datetime | None = None
    ours_below: bool = False

    def notice(self) -> str:
        """What to tell the coach when another window had changed these notes."""
        label = self.phase.label
        if self.ours_below and self.elsewhere is not None:
            return (f"Another window changed the {label} notes while you typed here. Both are kept: its text "
                    f"first, then yours below the line \"{marker_line(self.elsewhere)}\".")
        return f"Another window changed the {label} notes; its text is shown here, as saved."


class MeetingNotes:
    """The four GROW notes of one meeting as this screen loaded and saved them."""

    def __init__(self, store: Store, meeting_id: int) -> None:
        self.store = store
        self.meeting_id = meeting_id
        self._known: dict[GrowPhase, GrowNote] = {}

    @property
    def loaded(self) -> bool:
        return bool(self._known)

    def load(self) -> dict[GrowPhase, str]:
        """Every phase's notes as saved now; later saves go only over these."""
        self._known = self.store.meetings.grow_notes(self.meeting_id)
        return {phase: note.text for phase, note in self._known.items()}

    def reload(self, phase: GrowPhase) -> str:
        """One phase's notes as saved now (another window changed them), to show in place of ours."""
        note = self.store.meetings.grow_notes(self.meeting_id)[phase]
        self._known[phase] = note
        return note.text

    def changed_elsewhere(self) -> set[GrowPhase]:
        """The phases whose notes another process saved since this screen loaded or saved them."""
        if not self._known:
            return set()
        versions = self.store.meetings.note_versions(self.meeting_id)
        return {phase for phase, note in self._known.items() if versions[phase] != note.version}

    def save(self, phase: GrowPhase, typed: str) -> NoteSaved | None:
        """Save a phase's notes as typed here (None when they are what was saved already). When another
        window saved them since, both texts are kept and the result says so: show its `text` in place."""
        ours = clean_text(typed)
        known = self._known.get(phase) or GrowNote()
        if ours == known.text:
            return None  # loaded or reloaded text coming back as an edit: nothing to save
        text, version, at = ours, known.version, None
        for _ in range(SAVE_ATTEMPTS):
            saved = self.store.meetings.save_note(self.meeting_id, phase, text, version=version)
            if saved is not None:
                self._known[phase] = GrowNote(text, saved)
                return NoteSaved(phase, text, at, ours_below=at is not None)
            theirs = self.store.meetings.grow_notes(self.meeting_id)[phase]
            at = at or self.store.local_now()
            # Always what was typed here since loading, under the latest of theirs (a third window may save too).
            text, version = kept_both(theirs.text, known.text, ours, at), theirs.version
            if text == theirs.text:
                self._known[phase] = theirs  # nothing of ours to add: theirs stands as saved
                return NoteSaved(phase, text, at)
        raise StoreError("Could not save the notes: other windows keep changing them at the same moment. Type in "
                         "one window at a time.")
