"""A partnership mid-cycle and a coach-training session, so a newcomer can see every screen within seconds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from coachtui.core.model import EvidenceKind, GrowPhase, LessonFeature, Participant, PerformanceLink, Stage, Turn
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

# A triad observer's tags of the pre-lesson talk: (seconds, speaker, function, initiation, stimulus,
# scale, time-frame, co-construction).
DemoTurn = tuple[int, str, str, str, str, str, str, bool]
PRE_LESSON_TURNS: tuple[DemoTurn, ...] = (
    (10, "coach", "question", "coach", "recall", "lesson as a whole", "past", False),
    (25, "coachee", "explanation", "", "recall", "episode", "past", False),
    (50, "coachee", "justification", "", "recall", "episode", "past", False),
    (70, "coach", "clarification", "", "recall", "episode", "past", False),
    (85, "coachee", "clarification", "", "recall", "episode", "past", False),
    (110, "coach", "evaluation", "", "none", "episode", "past", False),
    (130, "coachee", "context", "", "none", "lesson as a whole", "past", False),
    (160, "coach", "challenge", "", "none", "episode", "past", False),
    (180, "coachee", "dissonance", "", "none", "critical moment", "past", False),
    (205, "coachee", "generalisation", "", "none", "generalised theme", "no specific time-frame", False),
    (230, "coachee", "new idea", "coachee", "lesson plan", "episode", "future specific lessons", False),
    (245, "coach", "continuity", "", "lesson plan", "episode", "future specific lessons", True),
    (255, "coachee", "suggestion", "", "lesson plan", "episode", "future specific lessons", True),
    (265, "coach", "new idea", "", "lesson plan", "episode", "future specific lessons", True),
    (280, "coachee", "acceptance", "", "lesson plan", "episode", "future specific lessons", False),
    (300, "coach", "question", "", "lesson plan", "episode", "future specific lessons", False),
    (320, "coachee", "explanation", "", "lesson plan", "episode", "future specific lessons", False),
    (345, "coach", "summary", "", "none", "lesson as a whole", "future specific lessons", False),
    (370, "coachee", "acceptance", "", "none", "lesson as a whole", "future specific lessons", False),
    (400, "coach", "question", "coach", "observation notes", "episode", "future specific lessons", False),
    (420, "coachee", "suggestion", "", "observation notes", "episode", "future specific lessons", False),
    (440, "coach", "summary", "", "none", "lesson as a whole", "future specific lessons", False),
)
# The post-lesson meeting, under way: the observer has tagged the first few minutes.
POST_LESSON_TURNS: tuple[DemoTurn, ...] = (
    (8, "coach", "question", "coach", "observation notes", "lesson as a whole", "the lesson itself", False),
    (22, "coachee", "evaluation", "", "recall", "lesson as a whole", "the lesson itself", False),
    (40, "coach", "context", "", "observation notes", "critical moment", "the lesson itself", False),
    (58, "coachee", "explanation", "", "pupils' work", "critical moment", "the lesson itself", False),
    (75, "coachee", "justification", "", "pupils' work", "critical moment", "the lesson itself", False),
    (96, "coach", "challenge", "", "pupils' work", "critical moment", "the lesson itself", False),
    (112, "coachee", "dissonance", "", "pupils' work", "episode", "the lesson itself", False),
    (140, "coachee", "generalisation", "coachee", "none", "generalised theme", "past", False),
    (160, "coach", "clarification", "", "none", "generalised theme", "past", False),
    (172, "coachee", "new idea", "", "none", "episode", "future specific lessons", True),
    (181, "coach", "suggestion", "", "none", "episode", "future specific lessons", True),
    (190, "coachee", "continuity", "", "none", "episode", "future specific lessons", True),
    (214, "coach", "summary", "", "none", "lesson as a whole", "future specific lessons", False),
)
# Where a second observer heard it differently: {turn index: function}, and turns they missed.
SECOND_OBSERVER_READS = {3: "question", 14: "evaluation"}
SECOND_OBSERVER_MISSED = {11}


def demo_turns(observer: str, rows: tuple[DemoTurn, ...] = PRE_LESSON_TURNS) -> list[Turn]:
    return [Turn(t=float(t), speaker=speaker, function=function, initiation=initiation, stimulus=stimulus,
                 scale=scale, time=frame, co_construction=co, observer=observer,
                 subject="Questioning that lets every pupil answer")
            for t, speaker, function, initiation, stimulus, scale, frame, co in rows]


def second_observer(turns: list[Turn]) -> list[Turn]:
    """A second observer of the same talk: a second later, reading a couple of turns differently."""
    return [replace(turn, t=turn.t + 1, function=SECOND_OBSERVER_READS.get(i, turn.function))
            for i, turn in enumerate(turns) if i not in SECOND_OBSERVER_MISSED]


def seed_demo(store: Store, today: date | None = None) -> None:
    """Fill an empty store with two partnerships: one mid-cycle, one just set up."""
    today = today or date.today()
    sam = store.partnerships.create("Ana Lopez", "Sam Reed", "Questioning that lets every pupil answer",
                                    theme="a4l")
    cycle = store.cycles.current(sam.id)
    store.cycles.save_arrangement(
        cycle.id, schedule="Tuesdays after school, every two weeks",
        next_meeting=today + timedelta(days=2), observed_lesson=True, confidentiality_agreed=True,
        performance_link=PerformanceLink.UNRELATED,
        evidence_plan="Observation notes on who answers; photos of whiteboards",
    )
    pre = store.meetings.open(cycle.id, Stage.PRE_LESSON, planned_minutes=12)
    for phase, text in PRE_LESSON_NOTES.items():
        store.meetings.save_note(pre.id, phase, text)
    store.meetings.update(pre.id, phase=GrowPhase.WAY_FORWARD)
    store.actions.add(cycle.id, pre.id, "Plan one hinge question for the fractions lesson", "coachee",
                      today + timedelta(days=1))
    store.actions.add(cycle.id, pre.id, "Note which pupils answer and what happens next", "coach")
    store.meetings.end(pre.id, 11 * 60 + 40)
    store.turns.add_many(pre.id, demo_turns("Jo"), checked=False)
    store.turns.add_many(pre.id, second_observer(demo_turns("Priya")), checked=False)

    store.cycles.reach_stage(cycle.id, Stage.LESSON)
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
        store.lessons.add_evidence(cycle.id, t, kind, text, critical=critical, video_ref=ref)
    for start, feature in ((0, LessonFeature.TEACHER_TALK), (300, LessonFeature.GROUP_WORK),
                           (900, LessonFeature.WHOLE_CLASS), (1100, LessonFeature.INDEPENDENT)):
        store.lessons.switch_feature(cycle.id, feature, start)
    store.lessons.switch_feature(cycle.id, None, 1500)
    store.lessons.save_clock(cycle.id, 1500)

    post = store.meetings.open(cycle.id, Stage.POST_LESSON, planned_minutes=15)
    store.meetings.update(post.id, phase=GrowPhase.REALITY)
    store.meetings.save_clock(post.id, 230)
    store.turns.add_many(post.id, demo_turns("Jo", POST_LESSON_TURNS), checked=False)
    store.turns.add_many(post.id, second_observer(demo_turns("Priya", POST_LESSON_TURNS)), checked=False)

    store.partnerships.create("Priya Shah", "Tom Okafor", "Group work that keeps every pupil busy",
                              theme="group-work")
    seed_training(store)


# Six colleagues on a training afternoon: two triads, three rounds, each person in each role once.
TRAINEES = (("T01", "Jo Hart", 1), ("T02", "Ravi Mehta", 1), ("T03", "Lena Fox", 1),
            ("T04", "Omar Said", 2), ("T05", "Bea Lund", 2), ("T06", "Kit Moss", 2))
TRAINING_SCENARIOS = {1: "a4l-exit-tickets", 2: "talk-wait-time", 3: "group-work-passengers"}
ROUND_DEBRIEF = ("Jo's challenge at 01:36 landed: Ravi saw the slips did not say what he had assumed, and "
                 "named the next step himself. Only one challenge in ten minutes, though.")


def seed_training(store: Store) -> None:
    """A training session whose first round in group 1 is played, tagged and debriefed.

    The rotation is written out rather than planned, so the demo's start imports nothing more.
    """
    groups = {1: ("T01", "T02", "T03"), 2: ("T04", "T05", "T06")}
    plan = []
    for group, (a, b, c) in groups.items():
        plan += [(group, 1, a, b, (c,)), (group, 2, b, c, (a,)), (group, 3, c, a, (b,))]
    session = store.training.create_session(
        "DEMO-1", title="Coaching course, role-play afternoon", round_minutes=10, debrief_minutes=5,
        participants=[Participant(code, group, name) for code, name, group in TRAINEES], plan=plan,
        scenarios=TRAINING_SCENARIOS)
    first = store.training.rounds(session.id, 1)[0]
    meeting_id = store.training.start_round(first.id, stage=Stage.POST_LESSON, theme="a4l",
                                            focus="Using exit tickets to decide what comes next")
    store.turns.add_many(meeting_id, demo_turns(first.observers[0], POST_LESSON_TURNS), checked=False)
    store.meetings.end(meeting_id, 9 * 60 + 30)
    store.training.save_round_notes(first.id, ROUND_DEBRIEF)
