"""`coachtui session-report`: one training session for its coordinator, as text or as CSV to a private file."""

from __future__ import annotations

from pathlib import Path

from coachtui.errors import DataFileError
from coachtui.store import Store


def session_report_command(store: Store, code: str, target: Path | None) -> str:
    """The session's report as text, or a line saying where its CSV was written (and logged)."""
    from coachtui.core.rubric import load_rubric
    from coachtui.core.vocabulary import vocabulary
    from coachtui.services.session_report import as_csv, as_text, build_session_report

    session = store.training_session_by_code(code)
    if session is None:
        known = ", ".join(s.code for s in store.training_sessions()) or "none"
        raise DataFileError(f"There is no training session called {code} in {store.path} (sessions: {known}).")
    report = build_session_report(store, session.id, load_rubric(), vocabulary().functions)
    if target is None:
        return as_text(report)
    from coachtui.services.files import write_private

    try:
        write_private(target, as_csv(report))
    except FileExistsError:
        raise DataFileError(f"{target} already exists; choose a new file name.") from None
    except OSError as error:
        raise DataFileError(f"Cannot write {target}: {error.strerror}.") from None
    store.log_export(export_description(report.session), str(target.resolve()))
    return f"Wrote the session figures to {target}."


def export_description(session_code: str) -> str:
    """What the export log says a saved session report holds; the screen logs the same words."""
    return f"training session {session_code} figures (codes and counts only)"
