"""`coachtui export-round` and `coachtui import-rounds`: role-play rounds from triads to the coordinator."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from coachtui.errors import CoachError, DataFileError, StoreError
from coachtui.store import Store


def find_round(store: Store, session_code: str, group: int, number: int) -> int:
    """The id of round `number` of group `group` in the session with this code."""
    session = store.training_session_by_code(session_code)
    if session is None:
        known = ", ".join(s.code for s in store.training_sessions()) or "none yet"
        raise DataFileError(f"There is no training session {session_code} in {store.path} (sessions: {known}).")
    found = [r for r in store.training_rounds(session.id, group) if r.number == number]
    if not found:
        raise DataFileError(f"Session {session_code} has no round {number} for group {group}.")
    return found[0].id


def export_round(store: Store, round_id: int, target: Path, *, include_text: bool) -> str:
    """Write one played round as a bundle file (into `target`, or as `target` when it is not a folder)."""
    from coachtui.core.bundle import write_bundle
    from coachtui.services.rounds import bundle_for_round

    try:
        played = store.training_round(round_id)
    except StoreError:
        raise DataFileError(f"There is no training round {round_id} in {store.path}.") from None
    bundle = bundle_for_round(store, played.id, include_text=include_text)
    path = target / bundle.file_name() if target.is_dir() else target
    try:
        write_bundle(path, bundle)
    except FileExistsError:
        raise DataFileError(f"{path} already exists; choose a new file name.") from None
    except OSError as error:
        raise DataFileError(f"Cannot write {path}: {error.strerror}.") from None
    kind = "with the triad's free text" if include_text else "codes and tags only"
    store.log_export(f"role-play round bundle ({kind})", str(path.resolve()))
    return f"Wrote {path}"


@dataclass
class ImportResult:
    lines: list[str] = field(default_factory=list)  # what each imported file added
    problems: list[str] = field(default_factory=list)  # why each skipped file was skipped
    differing: list[Path] = field(default_factory=list)  # skipped because its tags differ from those here


def import_rounds(store: Store, paths: list[Path], *, replace: bool = False) -> ImportResult:
    """Import each bundle in turn; a bad file is skipped and said why. With `replace`, tags that differ from
    an observer's tags already here are replaced by the file's (the user chose this file)."""
    from coachtui.core.bundle import read_bundle
    from coachtui.services.rounds import import_bundle
    from coachtui.store.training import TagsDiffer

    result = ImportResult()
    for path in paths:
        try:
            result.lines.append(f"{path}: {import_bundle(store, read_bundle(path), replace=replace)}")
        except TagsDiffer as error:
            result.differing.append(path)
            result.problems.append(f"{path}: {error}")
        except CoachError as error:
            result.problems.append(str(error))
    return result
