"""Opening a meeting's summary: the one kept, or a draft made now from the meeting's notes, actions, the
arrangements and the talk. For the summary screen (and anything else that shows a summary to edit)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from coachtui.core.model import Cycle, Meeting, Partnership, Stage
from coachtui.core.summary import Section, Summary, draft_sections
from coachtui.store import Store

if TYPE_CHECKING:
    from coachtui.core.rubric import Rubric

# How a talk paragraph drafted before the observer's review says the level may still move.
PROVISIONAL = "provisional until"


@dataclass
class OpenedSummary:
    """A meeting's summary with what the screen shows around it."""

    meeting: Meeting
    cycle: Cycle
    partnership: Partnership
    observers: list[str]  # everyone who tagged the meeting, in the order they first tagged it
    talk_observer: str  # whose tags "How the talk went" reads ("" when nobody tagged)
    summary: Summary


def open_summary(store: Store, meeting_id: int, rubric: Rubric) -> OpenedSummary:
    """The meeting's summary, drafted and saved now if it has none yet; StoreError when it cannot be read."""
    meeting = store.meetings.get(meeting_id)
    cycle = store.cycles.get(meeting.cycle_id)
    partnership = store.partnerships.get(cycle.partnership_id)
    observers = store.turns.observers(meeting_id)
    # "How the talk went" speaks from one observer's tags: the one who tagged most turns, as in the school's
    # figures, until the pair choose another.
    talk_observer = store.turns.main_observer(meeting_id) if observers else ""
    summary = store.summaries.get(meeting_id)
    if summary is None:
        sections = draft(store, meeting, cycle, partnership, talk_paragraph(store, meeting_id, talk_observer, rubric))
        summary = store.summaries.create(meeting_id, sections)
    return OpenedSummary(meeting, cycle, partnership, observers, talk_observer, summary)


def draft(store: Store, meeting: Meeting, cycle: Cycle, partnership: Partnership, talk: str) -> tuple[Section, ...]:
    """The first draft: the focus, the GROW notes, the actions and what comes next, and how the talk went."""
    arrangement = store.cycles.arrangement(cycle.id)
    actions = store.actions.for_meeting(partnership.id, meeting.id)
    if meeting.stage is Stage.PRE_LESSON:
        next_focus = "\n".join(x for x in (
            f"The lesson, looking at: {arrangement.evidence_plan}" if arrangement.evidence_plan else "",
            f"Next meeting: {arrangement.next_meeting.isoformat()}" if arrangement.next_meeting else "") if x)
    else:
        next_focus = f"The next cycle carries on with: {cycle.focus}" if cycle.focus else ""
    return draft_sections(cycle.focus, store.meetings.notes(meeting.id), actions, next_focus, talk)


def talk_paragraph(store: Store, meeting_id: int, observer: str, rubric: Rubric) -> str:
    """"How the talk went" from `observer`'s tags: the level estimate (provisional until their review is
    complete), who else tagged, and what the indicators show; "" when `observer` tagged nothing."""
    from coachtui.core.analysis import TalkAnalysis, observations
    from coachtui.core.rubric import estimate_level

    observers = store.turns.observers(meeting_id)
    if not observers or observer not in observers:
        return ""
    turns = store.turns.of_meeting(meeting_id, observer)
    analysis = TalkAnalysis(turns)
    estimate = estimate_level(analysis.indicators(), rubric)
    standing = ("" if store.turns.reviewed(meeting_id, observer)
                else f", {PROVISIONAL} {observer} marks the review of these tags complete")
    others = [name for name in observers if name != observer]
    also = f"; {' and '.join(others)} also tagged this meeting" if others else ""
    lines = [f"From {observer}'s tags ({len(turns)} turn{'s' if len(turns) != 1 else ''}{also}): level "
             f"{estimate.number} ({estimate.name}){standing}; an estimate to reflect on, not a grade.",
             *observations(analysis, estimate.patterns)]
    return "\n".join(lines)
