"""`coachtui aggregate`: the coordinator's anonymous figures as text, or as CSV to a private file."""

from __future__ import annotations

from pathlib import Path

from coachtui.errors import DataFileError
from coachtui.store import Store


def aggregate_text(store: Store) -> str:
    """Refresh the per-meeting talk figures, then describe the whole database in codes and numbers."""
    from coachtui.core.rubric import load_rubric
    from coachtui.core.vocabulary import vocabulary
    from coachtui.services.figures import as_text, build_overview, refresh_talk

    rubric = load_rubric()
    refresh_talk(store, rubric)
    overview = build_overview(store, vocabulary().functions)
    return as_text(overview, {level.number: level.name for level in rubric.levels})


def aggregate_csv(store: Store, target: Path) -> str:
    """Write the figures as CSV (private to the user, never over an existing file)."""
    from coachtui.core.vocabulary import vocabulary
    from coachtui.services.figures import as_csv, build_overview, refresh_talk
    from coachtui.services.files import write_private

    refresh_talk(store)
    try:
        write_private(target, as_csv(build_overview(store, vocabulary().functions)))
    except FileExistsError:
        raise DataFileError(f"{target} already exists; choose a new file name.") from None
    except OSError as error:
        raise DataFileError(f"Cannot write {target}: {error.strerror}.") from None
    store.log_export("aggregate figures (codes and counts only)", str(target.resolve()))
    return f"Wrote the aggregate figures to {target}."
