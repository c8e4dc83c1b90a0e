"""A copy of what is typed on screen, written to a file when the database cannot take it.

A confidential summary on screen goes into the copy as the coachee's approval allows: the approved text when an
approval is in force; otherwise the draft, under "Not approved: not for sharing" at the top of the file. Either
way the copy is recorded in the partnership's sharing log before the file is written, so the coachee sees it
there. When the log cannot be written (the database is failing, the reason for a rescue copy), the copy is still
written, since the pair's text would otherwise be lost, and the file and the message both say it is not logged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

from textual.screen import Screen
from textual.widgets import Input, TextArea

from coachtui.errors import StoreError

NOT_FOR_SHARING = "Not approved: not for sharing."


@dataclass(frozen=True)
class Confidential:
    """A summary on screen: whose it is, and its approved text when an approval is in force (else None)."""

    partnership_id: int
    meeting_id: int
    coachee: str
    state: str  # draft, approved, void or withdrawn
    approved_text: str | None = None
    version: int | None = None


@runtime_checkable
class HoldsSummary(Protocol):
    """A screen showing a confidential summary: its text leaves only as approved, or marked and logged."""

    def confidential(self) -> Confidential | None: ...


class SharingLog(Protocol):
    def log_export(self, what: str, destination: str, *, partnership_id: int | None = None,
                   meeting_id: int | None = None) -> None: ...


@dataclass(frozen=True)
class RescueCopy:
    """The text to save, and the summaries in it (each logged before the file is written)."""

    text: str
    summaries: tuple[Confidential, ...] = ()

    @property
    def unapproved(self) -> tuple[Confidential, ...]:
        return tuple(s for s in self.summaries if s.approved_text is None)


def default_rescue_path(now: datetime | None = None) -> Path:
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return Path.home() / f"coachtui-copy-{stamp}.txt"


def _label(widget: TextArea | Input) -> str:
    return str(widget.border_title or widget.id or type(widget).__name__).replace("-", " ")


def _boxes(screen: Screen[object]) -> list[str]:
    parts: list[str] = []
    for widget in screen.query("TextArea, Input"):
        assert isinstance(widget, TextArea | Input)
        text = widget.text if isinstance(widget, TextArea) else widget.value
        if text.strip():
            parts.append(f"## {screen.title or type(screen).__name__}: {_label(widget)}\n\n{text}\n")
    return parts


def copy_of_screens(screens: Iterable[Screen[object]]) -> RescueCopy:
    """Every non-empty text box and text area on the given screens, each under its label; a summary as its
    approval allows (the approved text alone, when one is in force)."""
    parts: list[str] = []
    summaries: list[Confidential] = []
    for screen in screens:
        if not isinstance(screen, HoldsSummary):
            parts += _boxes(screen)
            continue
        summary = screen.confidential()
        if summary is None:
            continue  # still being read: nothing of it is on screen
        if summary.approved_text is not None:
            parts.append(f"## {screen.title}: the approved summary (version {summary.version})\n\n"
                         f"{summary.approved_text}\n")
            summaries.append(summary)
        else:
            drafted = _boxes(screen)
            parts += drafted
            if drafted:
                summaries.append(summary)
    return RescueCopy("\n".join(parts), tuple(summaries))


def write_rescue(path: Path, copy: RescueCopy, log: SharingLog) -> str:
    """Write a new file private to the user; never replace one that exists (DataFileError if it does). A
    summary in the copy is logged first, and an unapproved one marks the file not for sharing. Returns what
    to tell the user."""
    from coachtui.services.files import FileExists, save_private

    if path.exists() or path.is_symlink():
        raise FileExists(path)  # before logging: the log never names a copy that was not written
    unlogged = ""
    for summary in copy.summaries:
        what = (f"summary v{summary.version} (approved; copy saved with Ctrl+G)" if summary.approved_text is not None
                else f"summary, {summary.state} and not approved (copy saved with Ctrl+G, marked not for sharing)")
        try:
            log.log_export(what, str(path), partnership_id=summary.partnership_id, meeting_id=summary.meeting_id)
        except StoreError as error:
            unlogged = str(error)
    top = ""
    if copy.unapproved:
        coachees = " and ".join(sorted({s.coachee for s in copy.unapproved}))
        logged = (f"It could not be recorded in the sharing log ({unlogged.rstrip('.')}): tell {coachees} about "
                  "it." if unlogged else f"It is recorded in the sharing log {coachees} can see.")
        top = (f"{NOT_FOR_SHARING.upper()}\nThis copy holds a confidential coaching summary "
               f"that {coachees} has not approved. Keep it to yourself, put the text back into coachtui, then "
               f"delete this file. {logged}\n\n")
    save_private(path, f"{top}coachtui: a copy of the text on screen, {datetime.now():%Y-%m-%d %H:%M}\n\n{copy.text}")
    said = f"Saved a copy to {path} (readable only by you)."
    if copy.unapproved:
        said += " The summary in it is not approved, so the file is marked not for sharing"
        said += (" and it could not be recorded in the sharing log: tell the coachee." if unlogged
                 else " and the copy is in the sharing log.")
    elif copy.summaries:
        said += " Only the approved summary is in it; the copy is in the sharing log." if not unlogged else (
            " Only the approved summary is in it; it could not be recorded in the sharing log.")
    return said
