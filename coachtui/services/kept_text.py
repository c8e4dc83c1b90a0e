"""One text as a screen loaded it, saved as it is typed and never over a text another window (another coachtui
process on the same database) saved since: when the text's version moved, both are kept, the other window's
first and what was typed here after a marker, and the caller is told so. Textual-free.

The GROW notes (`meeting_notes`), an action's text, an evidence note, the arrangements' texts and a cycle's focus
are all saved this way (`save_keeping_both`); `KeptText` holds one of them for a screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from coachtui.core.model import SavedText
from coachtui.errors import StoreError
from coachtui.text import clean_text

if TYPE_CHECKING:
    from coachtui.store import Store
    from coachtui.store.texts import ArrangementText

# A third window saving at the same moment sends the save round again; this many rounds is plenty.
SAVE_ATTEMPTS = 5


class Versioned(Protocol):
    @property
    def text(self) -> str: ...

    @property
    def version(self) -> int: ...


def marker_line(at: datetime) -> str:
    return f"— also typed in another window at {at:%H:%M} —"


def kept_both(theirs: str, base: str, ours: str, at: datetime, *, one_line: bool = False) -> str:
    """The text another window saved (`theirs`, changed from the `base` this window loaded), then what was
    typed here after a marker: on a line of its own below theirs, or after it on the same line for a one-line
    field. Only what was added after `base` when that is all that was done here, else all of it. Nothing typed
    here is dropped except deletions, not even one key (a letter theirs happens to hold, a space): typed key by
    key, it is the first of more. Theirs is kept whole."""
    if ours.startswith(base):
        added = ours[len(base):]
    elif base.startswith(ours):
        added = ""  # only deleted here: their text stands
    else:
        added = ours
    if not added:
        return theirs
    if one_line:
        head = theirs.rstrip()
        return f"{head} {marker_line(at)} {added.lstrip()}" if head else added
    head = theirs.rstrip("\n")
    return f"{head}\n\n{marker_line(at)}\n{added.lstrip(chr(10))}" if head else added.lstrip("\n")


@dataclass(frozen=True)
class Kept:
    """What a save did: the text and version now saved; when another window had saved the text since this
    screen loaded it, `elsewhere` is when that was found and `ours_below` whether anything typed here went
    after theirs."""

    text: str
    version: int
    elsewhere: datetime | None = None
    ours_below: bool = False


def save_keeping_both(known: Versioned, typed: str, *, read: Callable[[], Versioned],
                      write: Callable[[str, int], int | None], now: Callable[[], datetime],
                      one_line: bool = False) -> Kept | None:
    """Save `typed` over the text as this screen knows it (`known`) with `write(text, version)`, a
    compare-and-set that returns the new version or None when the version moved. Then `read()` what is saved and
    keep both texts; when only something beside this text moved the version (theirs is what was loaded here),
    ours is saved as it is. None when `typed` is what was saved already."""
    ours = clean_text(typed)
    if ours == known.text:
        return None  # loaded or reloaded text coming back as an edit: nothing to save
    text, version, at = ours, known.version, None
    for _ in range(SAVE_ATTEMPTS):
        saved = write(text, version)
        if saved is not None:
            return Kept(text, saved, at, ours_below=at is not None)
        theirs = read()
        if theirs.text == known.text:
            text, version = ours, theirs.version  # this text is as loaded: nothing of theirs to keep
            continue
        at = at or now()
        # Always what was typed here since loading, under the latest of theirs (a third window may save too).
        text, version = kept_both(theirs.text, known.text, ours, at, one_line=one_line), theirs.version
        if text == theirs.text:
            return Kept(theirs.text, theirs.version, at)  # nothing of ours to add: theirs stands as saved
    raise StoreError("Could not save: other windows keep changing the same text at the same moment. Type in "
                     "one window at a time.")


def kept_notice(what: str, saved: Kept, *, one_line: bool = False) -> str:
    """What to tell the user when another window had changed `what` (\"the Goal notes\", \"this action\")."""
    if saved.ours_below and saved.elsewhere is not None:
        where = "after" if one_line else "below the line"
        return (f"Another window changed {what} while you typed here. Both are kept: its text first, then yours "
                f"{where} \"{marker_line(saved.elsewhere)}\".")
    return f"Another window changed {what}; its text is shown here, as saved."


class KeptText:
    """One text field of a screen: loaded with its version, saved only over that version."""

    def __init__(self, what: str, read: Callable[[], SavedText], write: Callable[[str, int], int | None],
                 now: Callable[[], datetime], *, one_line: bool = True) -> None:
        self.what = what
        self._read, self._write, self._now = read, write, now
        self.one_line = one_line
        self.known = SavedText()

    def load(self) -> str:
        """The text as saved now; later saves go only over it."""
        self.known = self._read()
        return self.known.text

    def save(self, typed: str) -> Kept | None:
        """Save the text as typed here (None when it is what was saved already). When another window saved it
        since, both texts are kept and the result says so: show its `text` in place, and `notice(result)`."""
        saved = save_keeping_both(self.known, typed, read=self._read, write=self._write, now=self._now,
                                  one_line=self.one_line)
        if saved is not None:
            self.known = SavedText(saved.text, saved.version)
        return saved

    def notice(self, saved: Kept) -> str:
        return kept_notice(self.what, saved, one_line=self.one_line)


def action_text(store: Store, action_id: int) -> KeptText:
    return KeptText("this action's text", lambda: store.texts.action_text(action_id),
                    lambda text, version: store.texts.save_action_text(action_id, text, version=version),
                    store.local_now)


def evidence_text(store: Store, evidence_id: int) -> KeptText:
    return KeptText("this evidence note", lambda: store.texts.evidence_text(evidence_id),
                    lambda text, version: store.texts.save_evidence_text(evidence_id, text, version=version),
                    store.local_now)


ARRANGEMENT_WHAT: dict[ArrangementText, str] = {"schedule": "\"When you will meet\"",
                                                "evidence_plan": "\"Evidence to collect\""}


def arrangement_text(store: Store, cycle_id: int, field: ArrangementText) -> KeptText:
    return KeptText(ARRANGEMENT_WHAT[field], lambda: store.texts.arrangement_text(cycle_id, field),
                    lambda text, version: store.texts.save_arrangement_text(cycle_id, field, text, version=version),
                    store.local_now)


def focus_text(store: Store, cycle_id: int) -> KeptText:
    return KeptText("\"Focus of this cycle\"", lambda: store.texts.focus_text(cycle_id),
                    lambda text, version: store.texts.save_focus(cycle_id, text, version=version), store.local_now)
