"""What one observer's tags say about a meeting, with the nudges offered: `coachtui report`'s JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from coachtui.errors import EXIT_USAGE, CoachError
from coachtui.store import Store

if TYPE_CHECKING:
    from coachtui.core.analysis import Band


class ObserverChoiceError(CoachError):
    exit_code = EXIT_USAGE


def meeting_report(store: Store, meeting_id: int, observer: str | None = None,
                   bands: Sequence[Band] | None = None) -> dict[str, Any]:
    """The level, its reasons, counts per function and the other indicators for one observer, and the
    nudges the coach was offered during the meeting.

    With several observers and none named, it refuses and names them rather than mixing their tags.
    """
    from coachtui.core.talk_report import report
    from coachtui.services.turns import find_meeting

    meeting = find_meeting(store, meeting_id)
    observers = store.turns.observers(meeting_id)
    if observer is None:
        if len(observers) > 1:
            raise ObserverChoiceError(f"Meeting {meeting_id} was tagged by {', '.join(observers)}; "
                                      "choose whose tags with --observer NAME.")
        observer = observers[0] if observers else ""
    elif observer not in observers:
        known = ", ".join(observers) or "nobody yet"
        raise ObserverChoiceError(f"Nobody called '{observer}' tagged meeting {meeting_id} (tagged by {known}).")
    reviewed = bool(observer) and store.turns.reviewed(meeting_id, observer)
    figures = report(store.turns.of_meeting(meeting_id, observer), bands=bands, reviewed=reviewed)
    cycle = store.cycles.get(meeting.cycle_id)
    store.sharing.log_export(f"report of meeting {meeting_id} ({observer or 'no tags'})", "standard output",
                               partnership_id=cycle.partnership_id, meeting_id=meeting_id)
    nudges = [{"rule": n.rule, "phase": n.phase, "fired_at": n.fired_at, "outcome": n.outcome,
               "outcome_at": n.outcome_at} for n in store.turns.nudge_log(meeting_id)]
    return {"meeting": meeting_id, "observer": observer, **figures, "nudges": nudges}


def report_json(store: Store, meeting_id: int, observer: str | None,
                warn: Callable[[str], None] = lambda problem: None) -> str:
    """`meeting_report` as indented JSON; `warn` hears when the coordinator's bands file was skipped."""
    from coachtui.services.bands import bands_in_use

    bands, problem = bands_in_use()
    if problem:
        warn(problem)
    return json.dumps(meeting_report(store, meeting_id, observer, bands), indent=2, ensure_ascii=False)
