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
from coachtui.services.kept_text import Kept, kept_notice, save_keeping_both

if TYPE_CHECKING:
    from coachtui.store import Store


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
        return kept_notice(f"the {self.phase.label} notes", Kept(self.text, 0, self.elsewhere, self.ours_below))


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
        known = self._known.get(phase) or GrowNote()
        saved = save_keeping_both(
            known, typed, read=lambda: self.store.meetings.grow_notes(self.meeting_id)[phase],
            write=lambda text, version: self.store.meetings.save_note(self.meeting_id, phase, text, version=version),
            now=self.store.local_now)
        if saved is None:
            return None
        self._known[phase] = GrowNote(saved.text, saved.version)
        return NoteSaved(phase, saved.text, saved.elsewhere, saved.ours_below)
