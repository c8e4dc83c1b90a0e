"""Every partnership, cycle and meeting with its id: what `coachtui list` shows, so the ids other commands
need are never a guess."""

from __future__ import annotations

from typing import Any

from coachtui.store import Store


def listing(store: Store) -> list[dict[str, Any]]:
    """Partnerships (coaching ones; training rounds have their own codes), each with its cycles and meetings."""
    found: list[dict[str, Any]] = []
    for partnership in store.partnerships.all():
        cycles = []
        for cycle in store.cycles.of_partnership(partnership.id):
            meetings = []
            for meeting in store.meetings.of_cycle(cycle.id):
                summary = store.summaries.get(meeting.id)
                meetings.append({
                    "id": meeting.id, "stage": meeting.stage.title, "mode": meeting.mode.value,
                    "opened": meeting.created_at[:10], "ended": (meeting.ended_at or "")[:10] or None,
                    "summary": summary.state.value if summary is not None else None,
                })
            cycles.append({"number": cycle.number, "id": cycle.id, "stage": cycle.stage.title, "meetings": meetings})
        found.append({"partnership": partnership.id, "coach": partnership.coach, "coachee": partnership.coachee,
                      "cycles": cycles})
    return found


def as_text(found: list[dict[str, Any]]) -> str:
    if not found:
        return "No partnerships yet. Run coachtui to set one up.\n"
    lines: list[str] = []
    for partnership in found:
        lines.append(f"Partnership {partnership['partnership']}: {partnership['coach']} & {partnership['coachee']}")
        for cycle in partnership["cycles"]:
            lines.append(f"  Cycle {cycle['number']} (now at: {cycle['stage']})")
            if not cycle["meetings"]:
                lines.append("    no meetings yet")
            for meeting in cycle["meetings"]:
                state = f"ended {meeting['ended']}" if meeting["ended"] else "still open"
                summary = f"summary {meeting['summary']}" if meeting["summary"] else "no summary"
                lines.append(f"    meeting {meeting['id']}: {meeting['stage']}, {meeting['mode']}, "
                             f"opened {meeting['opened']}, {state}, {summary}")
    return "\n".join(lines) + "\n"
