"""`coachtui export` and `coachtui erase`: the approved summary out, a partnership gone for good."""

from __future__ import annotations

from pathlib import Path

from coachtui.errors import EXIT_REFUSED, EXIT_USAGE, CoachError, DataFileError, StoreError
from coachtui.store import Store


class Refused(CoachError):
    exit_code = EXIT_REFUSED


class NotConfirmed(CoachError):
    exit_code = EXIT_USAGE


def export_summary(store: Store, meeting_id: int, target: Path) -> str:
    """Write the approved summary; refuse anything the coachee has not approved."""
    from coachtui.cli.turns import find_meeting
    from coachtui.core.summary import as_markdown, as_plain_text
    from coachtui.services.files import write_private

    meeting = find_meeting(store, meeting_id)
    summary = store.summary(meeting_id)
    if summary is None:
        raise Refused(f"Meeting {meeting_id} has no summary yet; write it and have the coachee approve it first.")
    if not summary.exportable or summary.approval is None:
        raise Refused(f"The summary of meeting {meeting_id} is {summary.state.value}, not approved; only a summary "
                      "the coachee has approved can be exported.")
    kind = "text" if target.suffix.lower() == ".txt" else "markdown"
    document = as_plain_text(summary.approval) if kind == "text" else as_markdown(summary.approval)
    try:
        write_private(target, document)
    except FileExistsError:
        raise DataFileError(f"{target} already exists; choose a new file name.") from None
    except OSError as error:
        raise DataFileError(f"Cannot write {target}: {error.strerror}.") from None
    partnership_id = store.cycle(meeting.cycle_id).partnership_id
    store.log_export(f"summary v{summary.approval.version} ({kind})", str(target.resolve()),
                     partnership_id=partnership_id, meeting_id=meeting_id)
    return f"Exported the approved summary (version {summary.approval.version}) to {target}."


def erase_partnership(store: Store, partnership_id: int, *, confirmed: bool) -> str:
    try:
        partnership = store.partnership(partnership_id)
    except StoreError:
        raise DataFileError(f"There is no partnership {partnership_id} in {store.path}.") from None
    if not confirmed:
        raise NotConfirmed(f"This erases {partnership.pair} and everything recorded for them, for good. "
                           "Add --yes to confirm.")
    store.erase_partnership(partnership_id)
    return f"Erased partnership {partnership_id} and everything recorded for it."
