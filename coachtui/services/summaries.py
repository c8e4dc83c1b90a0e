"""The approved summary out, and a partnership gone for good: for the summary screen and the CLI alike."""

from __future__ import annotations

from pathlib import Path

from coachtui.errors import EXIT_REFUSED, EXIT_USAGE, CoachError, DataFileError, StoreError
from coachtui.store import Store

KINDS = ("markdown", "text")


class Refused(CoachError):
    exit_code = EXIT_REFUSED


class NotConfirmed(CoachError):
    exit_code = EXIT_USAGE


def kind_for(target: Path) -> str:
    """Plain text for a `.txt` file, otherwise Markdown."""
    return "text" if target.suffix.lower() == ".txt" else "markdown"


def export_summary(store: Store, meeting_id: int, target: Path, kind: str | None = None) -> str:
    """Write the approved summary to a new private file, logged first; refuse anything the coachee has not
    approved. Returns what to tell the user."""
    from coachtui.core.summary import as_markdown, as_plain_text
    from coachtui.services.files import export_file
    from coachtui.services.turns import find_meeting

    meeting = find_meeting(store, meeting_id)
    summary = store.summaries.get(meeting_id)
    if summary is None:
        raise Refused(f"Meeting {meeting_id} has no summary yet; write it and have the coachee approve it first.")
    if not summary.exportable or summary.approval is None:
        raise Refused(f"The summary of meeting {meeting_id} is {summary.state.value}, not approved; only a summary "
                      "the coachee has approved can be exported.")
    kind = kind or kind_for(target)
    # The confidentiality line says what the partners agreed about performance management.
    link = store.cycles.arrangement(meeting.cycle_id).performance_link
    document = (as_plain_text(summary.approval, link) if kind == "text"
                else as_markdown(summary.approval, link))
    partnership_id = store.cycles.get(meeting.cycle_id).partnership_id
    export_file(store, target, document, f"summary v{summary.approval.version} ({kind})",
                partnership_id=partnership_id, meeting_id=meeting_id)
    return f"Exported the approved summary (version {summary.approval.version}) to {target}."


def erase_partnership(store: Store, partnership_id: int, *, confirmed: bool) -> str:
    try:
        partnership = store.partnerships.get(partnership_id)
    except StoreError:
        raise DataFileError(f"There is no partnership {partnership_id} in {store.path}.") from None
    if not confirmed:
        raise NotConfirmed(f"This erases {partnership.pair} and everything recorded for them, for good. "
                           "Add --yes to confirm.")
    return erased_message(partnership_id, store.erasing.partnership(partnership_id))


def erased_message(partnership_id: int, kept_in: list[Path]) -> str:
    """What erasing said; `kept_in` are the backups made before upgrades that could not be changed."""
    done = f"Erased partnership {partnership_id} and everything recorded for it."
    if not kept_in:
        return done
    names = " ".join(str(path) for path in kept_in)
    return (f"{done} These copies made before upgrades still hold it and could not be changed: {names}. "
            "Delete them to erase it there too.")
