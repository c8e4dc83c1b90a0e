"""A partnership mid-cycle, so a newcomer can see every screen within seconds."""

from __future__ import annotations

from datetime import date, timedelta

from coachtui.model import EvidenceKind, GrowPhase, LessonFeature, PerformanceLink, Stage
from coachtui.store import Store

PRE_LESSON_NOTES = {
    GrowPhase.GOAL: "Sam wants more pupils to show what they think before she moves on, "
                    "not only the three who always put a hand up.",
    GrowPhase.REALITY: "Uses hands-up questioning; most answers come from the front two tables. "
                       "Exit tickets tried once last term, dropped because marking took too long.",
    GrowPhase.OPTIONS: "Mini whiteboards for a hinge question; no-hands-up with lolly sticks; "
                       "a quick thumbs check. Sam prefers whiteboards: everyone answers at once.",
    GrowPhase.WAY_FORWARD: "Try one hinge question on whiteboards in the Year 8 fractions lesson. "
                           "Ana to note which pupils answer and what Sam does next.",
}


def seed_demo(store: Store, today: date | None = None) -> None:
    """Fill an empty store with two partnerships: one mid-cycle, one just set up."""
    today = today or date.today()
    sam = store.create_partnership("Ana Lopez", "Sam Reed", "Questioning that lets every pupil answer",
                                   theme="a4l")
    cycle = store.current_cycle(sam.id)
    store.save_arrangement(
        cycle.id, schedule="Tuesdays after school, every two weeks",
        next_meeting=today + timedelta(days=2), observed_lesson=True, confidentiality_agreed=True,
        performance_link=PerformanceLink.UNRELATED,
        evidence_plan="Observation notes on who answers; photos of whiteboards",
    )
    pre = store.open_meeting(cycle.id, Stage.PRE_LESSON, planned_minutes=12)
    for phase, text in PRE_LESSON_NOTES.items():
        store.save_note(pre.id, phase, text)
    store.update_meeting(pre.id, phase=GrowPhase.WAY_FORWARD)
    store.add_action(cycle.id, pre.id, "Plan one hinge question for the fractions lesson", "coachee",
                     today + timedelta(days=1))
    store.add_action(cycle.id, pre.id, "Note which pupils answer and what happens next", "coach")
    store.end_meeting(pre.id, 11 * 60 + 40)

    store.reach_stage(cycle.id, Stage.LESSON)
    evidence = [
        (95, EvidenceKind.NOTE, "Starter on the board; pupils copying the date", False, ""),
        (240, EvidenceKind.TEACHER_QUESTION, "Which is bigger, 3/8 or 2/5? Show me on whiteboards.", False, ""),
        (262, EvidenceKind.NOTE, "Nine boards wrong: bigger denominator chosen as bigger fraction. "
                                 "Sam spotted it and regrouped them.", True, ""),
        (410, EvidenceKind.PUPIL_QUESTION, "Can we draw it as a bar instead?", False, ""),
        (415, EvidenceKind.VIDEO_MOMENT, "Pupil explains bar model to her table", False, "06:55"),
        (1260, EvidenceKind.NOTE, "Plenary: thumbs check, most up", False, ""),
    ]
    for t, kind, text, critical, ref in evidence:
        store.add_evidence(cycle.id, t, kind, text, critical=critical, video_ref=ref)
    for start, feature in ((0, LessonFeature.TEACHER_TALK), (300, LessonFeature.GROUP_WORK),
                           (900, LessonFeature.WHOLE_CLASS), (1100, LessonFeature.INDEPENDENT)):
        store.switch_feature(cycle.id, feature, start)
    store.switch_feature(cycle.id, None, 1500)
    store.save_lesson_clock(cycle.id, 1500)

    store.create_partnership("Priya Shah", "Tom Okafor", "Group work that keeps every pupil busy",
                             theme="group-work")
