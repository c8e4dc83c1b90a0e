"""The picture of the talk, checked against small transcripts whose answers were worked out by hand."""

from __future__ import annotations

import json
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachtui.core.analysis import (
    MAX_WINDOW,
    WINDOW_SHARE,
    TalkAnalysis,
    align,
    cohen_kappa,
    compare,
    function_chart,
    in_talk_order,
    observations,
)
from coachtui.core.model import Turn
from coachtui.core.rubric import estimate_level, load_rubric, parse_rubric
from coachtui.core.talk_report import report
from coachtui.core.vocabulary import vocabulary
from coachtui.errors import PackError
from tests.helpers import DEVELOPING, EMERGING, any_turns, co_constructive, transcript

RUBRIC = load_rubric()
LESSON, FUTURE, PAST = "the lesson itself", "future specific lessons", "past"
NOTES, VIDEO = "observation notes", "video extract"
CM, EP, LW, GT = "critical moment", "episode", "lesson as a whole", "generalised theme"


def level_of(turns: list[Turn]) -> int:
    return estimate_level(TalkAnalysis(turns).indicators(), RUBRIC).number


def test_level_1_emerging_coach_asks_coachee_recalls() -> None:
    figures = TalkAnalysis(EMERGING).indicators()
    assert level_of(EMERGING) == 1
    # Level 2 needs the coachee's reasoning (none here), on evidence (recall is memory, not evidence).
    assert (figures["coachee_reasoning"], figures["coachee_reasoning_on_evidence"], figures["evidence_share"],
            figures["suggestions"], figures["past_share"]) == (0, 0, 0.0, 0, 0.0)
    assert figures["recall_share"] == 1.0  # 12 of 12
    assert figures["coach_question_share"] == 1.0  # 6 questions in 6 coach turns
    estimate = estimate_level(figures, RUBRIC)
    assert estimate.reasons == (
        "Developing (level 2) requires the coachee justifying or clarifying their intentions (2 or more turns) "
        "and the coachee reasoning about evidence from the lesson (notes, video, plans or pupils' work); 0 of its "
        "signs were seen.",)
    assert len(estimate.next_steps) == 5


def test_level_2_developing_reasoning_on_evidence_and_a_suggestion() -> None:
    figures = TalkAnalysis(DEVELOPING).indicators()
    assert level_of(DEVELOPING) == 2
    assert figures["coachee_reasoning"] == 2  # justification at 30 s, clarification at 50 s
    # Both drew on the coach's notes: the justification carries them, the clarification answers a turn that did.
    assert figures["coachee_reasoning_on_evidence"] == 2
    assert figures["evidence_share"] == 0.25  # observation notes on 3 of 12 turns
    assert figures["coach_question_share"] == 0.5  # 3 questions in 6 coach turns
    reasons = estimate_level(figures, RUBRIC).reasons
    assert reasons[0] == "The coachee justified or clarified their intentions (2 turns)."
    assert any(r.startswith("Refining (level 3) requires the coachee opening at least 30%") for r in reasons)


def test_level_3_refining_without_building_together() -> None:
    turns = co_constructive(co=0)
    figures = TalkAnalysis(turns).indicators()
    assert level_of(turns) == 3
    assert figures["co_construction_runs"] == 0
    assert figures["coachee_proposals"] == 1  # the coachee's new idea; the coach's suggestion is the coach's
    reasons = estimate_level(figures, RUBRIC).reasons
    # Level 4 has 3 of its 5 signs (not twelve planning turns), and the run of building together is required.
    assert ("Co-constructive collaborative (level 4) requires a run of three or more short turns, alternating, "
            "building an idea together; 3 of its signs were seen:") in reasons


def test_level_4_co_constructive_with_its_evidence() -> None:
    turns = co_constructive()
    figures = TalkAnalysis(turns).indicators()
    assert level_of(turns) == 4
    assert figures["coachee_reasoning"] == 2  # justification at 40 s, clarification at 60 s
    assert figures["coachee_reasoning_on_evidence"] == 1  # the justification, on video; the clarification on nothing
    assert figures["evidence_share"] == round(5 / 14, 3)  # notes on 3 turns, video on 2
    assert figures["evidence_kinds"] == 2
    assert figures["past_share"] == round(3 / 14, 3)
    assert figures["coachee_initiation_share"] == round(2 / 3, 3)  # coachee at 80 s and 90 s, coach at 0 s
    assert figures["scales_touched"] == 4
    # Strand one meets CM, EP, LW and GT (six pairs); strand two only GT; strand three EP and LW again.
    assert figures["scale_links"] == 6
    assert figures["challenges_answered"] == 1  # the coach's challenge drew the coachee's dissonance
    assert figures["dissonances_resolved"] == 1  # the coachee's generalisation at 70 s, in the same strand
    # Future turns from 80 s on, all after the coachee reflected on the notes at 10 s.
    assert figures["future_share"] == figures["grounded_future_share"] == round(6 / 14, 3)
    assert (figures["co_construction_runs"], figures["longest_co_construction_run"]) == (1, 3)
    # The coach's suggestion inside the run counts with the coachee's new idea: the pair built it.
    assert (figures["coachee_proposals"], figures["coach_ideas"]) == (2, 0)
    # Stamps mark the ends of turns: the coach spoke 20-10, 50-40, 95-90 and 110-100: 35 s of 120.
    assert figures["coach_talk_share"] == round(35 / 120, 3)
    reasons = estimate_level(figures, RUBRIC).reasons
    assert reasons[0] == "Coach and coachee built ideas together in runs of short alternating turns (1)."
    # Level 4: four of five (six planning turns are not twelve); level 3: all nine; level 2: all five.
    assert len(reasons) == 4 + 9 + 5, "every sign seen at every level is named"


def test_too_few_turns_stay_at_the_first_level_and_say_why() -> None:
    turns = co_constructive()[:9]
    estimate = estimate_level(TalkAnalysis(turns).indicators(), RUBRIC)
    assert estimate.number == 1
    assert estimate.reasons[0].startswith("Only 9 turns were tagged; at least 10")


def test_a_challenge_is_answered_by_the_next_turn_of_someone_else() -> None:
    turns = transcript(
        (0, "coach", "challenge", "", "none", "", "", 0),
        (5, "coach", "explanation", "", "none", "", "", 0),   # the challenger carrying on: not an answer
        (9, "coachee", "defence", "", "none", "", "", 0),
        (20, "coachee", "challenge", "", "none", "", "", 0),
        (30, "coach", "question", "", "none", "", "", 0),      # answered, but not by the three responses
        (40, "coach", "challenge", "", "none", "", "", 0),     # never answered
    )
    analysis = TalkAnalysis(turns)
    assert [(c.t, c.by, c.response) for c in analysis.challenges] == [
        (0.0, "coach", "defence"), (20.0, "coachee", "question"), (40.0, "coach", "")]
    assert analysis.indicators()["challenges_answered"] == 1


def test_dissonance_is_worked_through_within_its_strand_by_the_coachee() -> None:
    later = transcript((0, "coachee", "dissonance", "", "none", "", "", 0),
                       *[(i, "coach", "question", "", "none", "", "", 0) for i in range(1, 12)],
                       (12, "coachee", "generalisation", "", "none", "", "", 0))
    moved_on = transcript((0, "coachee", "dissonance", "", "none", "", "", 0),
                          (1, "coach", "question", "coach", "none", "", "", 0),   # a new strand opens
                          (2, "coachee", "generalisation", "", "none", "", "", 0))
    told = transcript((0, "coachee", "dissonance", "", "none", "", "", 0),
                      (1, "coach", "generalisation", "", "none", "", "", 0))      # the coach resolving it alone
    assert TalkAnalysis(later).indicators()["dissonances_resolved"] == 1  # eleven turns on, same strand
    assert TalkAnalysis(moved_on).indicators()["dissonances_resolved"] == 0
    assert TalkAnalysis(told).indicators()["dissonances_resolved"] == 0


def test_a_coach_idea_counts_for_the_pair_only_once_its_run_reaches_three_turns() -> None:
    turns = transcript(
        (0, "coachee", "dissonance", "", "none", "", "", 0),
        (4, "coach", "new idea", "", "none", "", "", 1),       # pending: a run of one
        (8, "coachee", "continuity", "", "none", "", "", 1),   # two
        (12, "coach", "suggestion", "", "none", "", "", 1),    # three: both ideas are the pair's
    )
    figures = TalkAnalysis(turns).indicators()
    assert (figures["coachee_proposals"], figures["coach_ideas"], figures["dissonances_resolved"]) == (2, 0, 1)
    short = TalkAnalysis(turns[:3]).indicators()  # the run stopped at two: the coach's idea stays the coach's
    assert (short["coachee_proposals"], short["dissonances_resolved"]) == (0, 0)
    ended = TalkAnalysis([*turns[:3], Turn(t=14.0, speaker="coach", function="question")]).indicators()
    assert (ended["coachee_proposals"], ended["coach_ideas"]) == (0, 1)


def test_co_construction_needs_three_short_turns_alternating_between_coach_and_coachee() -> None:
    turns = transcript(
        (0, "coach", "new idea", "", "none", "", "", 1),       # alone: not a run
        (5, "coachee", "question", "", "none", "", "", 0),
        (10, "coach", "suggestion", "", "none", "", "", 1),
        (15, "coach", "continuity", "", "none", "", "", 1),    # the same speaker again: starts afresh
        (20, "coachee", "new idea", "", "none", "", "", 1),    # two alternating: a question and an answer
        (25, "coach", "summary", "", "none", "", "", 0),
    )
    analysis = TalkAnalysis(turns)
    assert analysis.co_runs == []
    assert analysis.indicators()["co_construction_turns"] == 4
    joint = TalkAnalysis([*turns[:5], Turn(t=24.0, speaker="coach", function="continuity", co_construction=True)])
    assert joint.co_runs == [3]  # coach 15, coachee 20, coach 24
    slow = TalkAnalysis([*turns[:5], Turn(t=60.0, speaker="coach", function="continuity", co_construction=True)])
    assert slow.co_runs == []  # a 40-second turn is not a short one


def test_observations_for_a_routine_conversation() -> None:
    said = observations(TalkAnalysis(EMERGING))
    # 110 s is 1.8 minutes; no challenge, no evidence, no future talk; talk 60/110 is under 60%.
    assert said == [
        "There was no challenge in 1.8 minutes of talk. One question that tests an assumption can open the "
        "talk up.",
        "No evidence (observation notes, video, pupils' work) came into the talk; it rested on memory.",
        "Only 0% of turns looked ahead to future lessons.",
    ]


def test_observations_name_all_openings_by_the_coach_and_stop_at_four() -> None:
    turns = [Turn(t=i * 30.0, speaker="coach" if i % 3 else "coachee", function="explanation",
                  initiation="coach" if i % 4 == 0 else "") for i in range(20)]
    said = observations(TalkAnalysis(turns))
    assert any("The coach opened every new strand" in sentence for sentence in said)
    assert len(said) == 4
    assert observations(TalkAnalysis([])) == ["No turns were tagged in this meeting, so there is nothing to read yet."]


def test_cohen_kappa_worked_by_hand() -> None:
    first = ["q", "q", "q", "q", "e", "e", "s", "s", "c", "c"]
    second = ["q", "q", "q", "e", "e", "e", "s", "s", "c", "s"]
    # Observed 8/10 = 0.8. Expected (4·3 + 2·3 + 2·3 + 2·1) / 100 = 0.26. Kappa 0.54 / 0.74.
    assert cohen_kappa(list(zip(first, second, strict=True))) == pytest.approx(0.54 / 0.74)
    assert cohen_kappa([("q", "q"), ("e", "e")]) == 1.0
    assert cohen_kappa([]) is None
    # Always disagreeing on two categories used equally: observed 0, expected 0.5, kappa -1.
    assert cohen_kappa([("q", "e"), ("e", "q")]) == pytest.approx(-1.0)


def turns_at(*times: float, function: str = "question") -> list[Turn]:
    return [Turn(t=t, speaker="coach", function=function) for t in times]


def test_align_pairs_nearby_turns_in_order_and_leaves_the_rest_alone() -> None:
    pairs = align(turns_at(10, 20, 30), turns_at(10.5, 31, 50))
    assert [(a and a.t, b and b.t) for a, b in pairs] == [(10, 10.5), (20, None), (30, 31), (None, 50)]


def test_align_never_crosses_and_prefers_more_pairs() -> None:
    # Pairing 11↔10 and 12↔12.5 (two pairs) beats pairing 11↔12.5 closely and losing one.
    pairs = align(turns_at(11, 12), turns_at(10, 12.5))
    assert [(a and a.t, b and b.t) for a, b in pairs] == [(11, 10), (12, 12.5)]
    assert align(turns_at(0), turns_at(3.5)) == [(turns_at(0)[0], None), (None, turns_at(3.5)[0])]


def test_compare_lists_the_turns_to_talk_through() -> None:
    first = turns_at(0, 10, 20) + turns_at(30, function="challenge")
    second = turns_at(1, 11) + turns_at(31, function="defence")
    result = compare(first, second)
    assert result.agreement == pytest.approx(2 / 3)
    assert [(a and a.t, b and b.t) for a, b in result.disagreements] == [(20, None), (30, 31)]


def test_report_is_json_with_every_function_counted() -> None:
    figures = report(co_constructive())
    assert figures["level"] == 4 and figures["level_name"] == "Co-constructive collaborative"
    assert set(figures["counts"]) == set(vocabulary().functions)
    assert figures["counts"]["context"] == 0 and figures["counts"]["question"] == 2
    assert figures["indicators"]["turns"] == 14
    assert json.loads(json.dumps(figures)) == figures


def test_the_rubric_file_is_checked() -> None:
    good: dict[str, Any] = {"min_turns": 10,
                            "level": [{"number": n, "name": f"L{n}", "summary": "s"} for n in (1, 2, 3, 4)]}
    assert [level.number for level in parse_rubric(good).levels] == [1, 2, 3, 4]
    with pytest.raises(PackError, match="unknown indicator 'charisma'"):
        parse_rubric({"level": [*good["level"][:3], {"number": 4, "name": "x", "summary": "s", "sign": [
            {"indicator": "charisma", "at_least": 1, "says": "s", "looks_for": "l"}]}]})
    with pytest.raises(PackError, match="levels 1 to 4"):
        parse_rubric({"level": good["level"][:3]})


# -- invariants over any tagging, by hypothesis ---------------------------------------------------


@given(any_turns())
@settings(max_examples=150, deadline=None)
def test_indicators_hold_their_invariants(turns: list[Turn]) -> None:
    analysis = TalkAnalysis(turns)
    figures = analysis.indicators()
    assert sum(analysis.functions.values()) == figures["turns"] == len(turns)
    assert all(0 <= value <= 1 for name, value in figures.items() if name.endswith("_share"))
    assert figures["challenges_answered"] <= figures["challenges"] == analysis.functions["challenge"]
    assert figures["dissonances_resolved"] <= figures["dissonances"]
    assert sum(analysis.co_runs) <= figures["co_construction_turns"]
    pair = figures["coach_talk_share"] + figures["coachee_talk_share"]
    assert pair == pytest.approx(1, abs=0.002) or pair == 0
    estimate = estimate_level(figures, RUBRIC)
    if figures["turns"] < RUBRIC.min_turns:
        assert estimate.number == 1
    # A level above 1 rests on the signs of every level up to it, each seen `need` times over.
    for level in RUBRIC.levels[1:estimate.number]:
        assert sum(sign.met(figures) for sign in level.signs) >= level.need
        assert all(sign.met(figures) for sign in level.signs if sign.required)


@given(any_turns(), st.integers(min_value=0, max_value=40))
@settings(max_examples=100, deadline=None)
def test_the_live_pane_counting_one_turn_at_a_time_agrees_with_a_fresh_count(turns: list[Turn], cut: int) -> None:
    turns = in_talk_order(turns)  # the live pane adds turns as they come, in talk order
    live = TalkAnalysis(turns[:cut])
    for turn in turns[cut:]:
        live.add(turn)
    assert live.indicators() == TalkAnalysis(turns).indicators()
    assert [(c.t, c.response) for c in live.challenges] == [(c.t, c.response) for c in TalkAnalysis(turns).challenges]


# -- a level-3 conversation of its own --------------------------------------------------------------

WORK = "pupils' work"

# Level 3: both open strands, pupils' books are looked at together, a challenge is defended,
# a moment is generalised and the pair plan ahead; nobody builds an idea in short joint turns.
REFINING = transcript(
    (0, "coach", "question", "coach", "none", LW, LESSON, 0),             # how did the starter go?
    (12, "coachee", "explanation", "", "recall", EP, LESSON, 0),
    (30, "coach", "question", "", WORK, EP, LESSON, 0),                   # shall we look at the books?
    (40, "coachee", "justification", "", WORK, EP, LESSON, 0),
    (55, "coach", "challenge", "", NOTES, CM, LESSON, 0),                 # my notes say three didn't
    (65, "coachee", "defence", "", "none", CM, LESSON, 0),
    (80, "coachee", "clarification", "coachee", "none", CM, PAST, 0),     # last year's group...
    (95, "coach", "evaluation", "", "none", EP, PAST, 0),
    (105, "coachee", "generalisation", "", "none", GT, "no specific time-frame", 0),
    (120, "coach", "question", "coach", "none", GT, FUTURE, 0),           # so what next week?
    (130, "coachee", "suggestion", "", "none", EP, FUTURE, 0),
    (145, "coach", "acceptance", "", "none", EP, FUTURE, 0),
    (150, "coachee", "summary", "coachee", "none", LW, FUTURE, 0),
    (165, "coach", "acceptance", "", "none", "", "", 0),
)


def test_level_3_refining_transcript_of_its_own() -> None:
    figures = TalkAnalysis(REFINING).indicators()
    assert level_of(REFINING) == 3
    assert (figures["coach_turns"], figures["coachee_turns"]) == (7, 7)
    # Each stamp ends its turn: the coach spoke 0+18+15+15+15+15+15 = 93 s, the coachee 12+10+10+15+10+10+5 = 72 s.
    assert figures["coach_talk_share"] == 0.564  # 93/165
    assert figures["coachee_talk_share"] == 0.436  # 72/165
    assert figures["coachee_initiation_share"] == 0.5  # coachee at 80 s and 150 s, coach at 0 s and 120 s
    assert figures["coach_question_share"] == 0.429  # 3 questions / 7 coach turns
    assert figures["challenges_answered"] == 1  # the coach's challenge at 55 s drew a defence at 65 s
    assert figures["challenges_per_10_minutes"] == 3.64  # 1 / 2.75 min · 10 = 3.636…
    assert (figures["evidence_share"], figures["evidence_kinds"]) == (0.214, 2)  # pupils' work twice, notes once
    assert figures["coachee_reasoning_on_evidence"] == 1  # the justification on the books at 40 s
    assert figures["recall_share"] == 0.071  # 1/14
    assert figures["past_share"] == 0.143  # 2/14
    assert figures["future_share"] == figures["grounded_future_share"] == 0.286  # 4/14, after the books
    assert figures["grounded_future_turns"] == 4  # one short of level 3's five
    assert figures["scales_touched"] == 4  # LW, EP, CM, GT
    # Strand one meets LW, EP, CM (three pairs); strand two CM, EP, GT (two more); the rest add none.
    assert figures["scale_links"] == 5
    assert figures["scale_tagged_share"] == 0.929  # 13/14
    assert (figures["coachee_generalisations"], figures["coachee_proposals"], figures["dissonances"]) == (1, 1, 0)
    assert figures["co_construction_runs"] == 0
    estimate = estimate_level(figures, RUBRIC)
    # Level 3's eight signs lead, then level 2's five, then the account of level 4: 2 of 5 seen.
    assert estimate.reasons[:2] == ("The coachee opened 50% of the new strands of the talk.",
                                    "The coachee took responsibility for 2 strands.")
    assert "The coachee justified or clarified their intentions (2 turns)." in estimate.reasons
    assert estimate.reasons[13] == ("Co-constructive collaborative (level 4) requires a run of three or more short "
                                    "turns, alternating, building an idea together; 2 of its signs were seen:")
    assert len(estimate.reasons) == 8 + 5 + 1 + 2
    assert estimate.next_steps == (
        "Not yet seen: a run of three or more short turns, alternating, building an idea together (required)",
        "Not yet seen: dissonance worked through by the coachee, or the pair, into a wider idea or a plan",
        "Not yet seen: at least twelve turns planning future lessons after reflecting on evidence",
    )


def test_every_level_has_its_own_transcript_of_ten_to_twenty_turns() -> None:
    for turns, level in ((EMERGING, 1), (DEVELOPING, 2), (REFINING, 3), (co_constructive(), 4)):
        assert 10 <= len(turns) <= 20
        assert level_of(turns) == level


# -- indicator details ------------------------------------------------------------------------------


def test_talk_share_is_by_time_with_each_stamp_at_the_end_of_its_turn() -> None:
    turns = transcript(
        (10, "coach", "question", "", "none", "", "", 0),       # 10 s from the clock's start
        (30, "observer", "question", "", "none", "", "", 0),    # 20 s, outside the pair
        (40, "coachee", "explanation", "", "none", "", "", 0),  # 10 s
        (100, "coach", "explanation", "", "none", "", "", 0),   # 60 s
        (102, "coachee", "acceptance", "", "none", "", "", 0),  # 2 s
    )
    analysis = TalkAnalysis(turns)
    assert dict(analysis.seconds) == {"coach": 70.0, "observer": 20.0, "coachee": 12.0}
    figures = analysis.indicators()
    assert figures["coach_talk_share"] == round(70 / 82, 3)
    assert figures["coachee_talk_share"] == round(12 / 82, 3)
    assert figures["minutes"] == 1.5  # from the first stamp to the last: 92 s
    late_start = TalkAnalysis([Turn(t=300.0, speaker="coach", function="question")])
    assert late_start.seconds["coach"] == 60.0  # the first turn counts at most a minute back to the clock's start


def test_talk_share_falls_back_to_turns_until_time_has_passed() -> None:
    analysis = TalkAnalysis(transcript(
        (0, "coach", "question", "", "none", "", "", 0),
        (0, "coach", "question", "", "none", "", "", 0),
        (0, "coachee", "explanation", "", "none", "", "", 0),
    ))
    assert (analysis.talk_share("coach"), analysis.talk_share("coachee")) == (2 / 3, 1 / 3)  # 2 and 1 of 3 turns
    analysis.add(Turn(t=60.0, speaker="coach", function="question"))
    # The coach's turn ended at 60 s, a minute after the coachee's: all the time so far is the coach's.
    assert (analysis.talk_share("coach"), analysis.talk_share("coachee")) == (1.0, 0.0)
    only_observer = TalkAnalysis([Turn(t=0.0, speaker="observer", function="question"),
                                  Turn(t=9.0, speaker="observer", function="summary")]).indicators()
    assert (only_observer["coach_talk_share"], only_observer["coachee_talk_share"]) == (0.0, 0.0)  # 0 of 0


def test_initiations_are_counted_by_who_took_them_on() -> None:
    turns = transcript(
        (0, "coach", "question", "coach", "none", "", "", 0),
        (5, "coachee", "explanation", "", "none", "", "", 0),
        (10, "coachee", "new idea", "coachee", "none", "", "", 0),
        (15, "coach", "question", "", "none", "", "", 0),
        (20, "coach", "question", "coach", "none", "", "", 0),
        (25, "coach", "context", "coach", "none", "", "", 0),
    )
    figures = TalkAnalysis(turns).indicators()
    assert (figures["initiations"], figures["coach_initiations"], figures["coachee_initiations"]) == (4, 3, 1)
    assert figures["coachee_initiation_share"] == 0.25  # 1 of 4
    assert TalkAnalysis(turns[1:2]).indicators()["coachee_initiation_share"] == 0.0  # no openings: 0 of 0


def test_a_challenge_records_whatever_function_answers_it() -> None:
    turns = transcript(
        (0, "coach", "challenge", "", "none", "", "", 0),
        (10, "coachee", "dissonance", "", "none", "", "", 0),   # answered: dissonance
        (20, "coachee", "challenge", "", "none", "", "", 0),
        (30, "coach", "acceptance", "", "none", "", "", 0),     # answered: acceptance
        (40, "coach", "challenge", "", "none", "", "", 0),
        (50, "coachee", "challenge", "", "none", "", "", 0),    # a counter-challenge: recorded, not a response
    )
    analysis = TalkAnalysis(turns)
    assert [c.response for c in analysis.challenges] == ["dissonance", "acceptance", "challenge", ""]
    figures = analysis.indicators()
    assert (figures["challenges"], figures["challenges_answered"]) == (4, 2)


def test_a_restated_challenge_is_answered_with_the_first() -> None:
    turns = transcript(
        (0, "coach", "challenge", "", "none", "", "", 0),
        (5, "coach", "challenge", "", "none", "", "", 0),     # the coach presses the point again
        (10, "coachee", "defence", "", "none", "", "", 0),    # first later turn by someone else, for both
    )
    analysis = TalkAnalysis(turns)
    assert [c.response for c in analysis.challenges] == ["defence", "defence"]
    assert analysis.indicators()["challenges_answered"] == 2


def test_a_defence_that_gives_way_later_in_the_strand_is_reported_as_what_it_became() -> None:
    turns = transcript(
        (0, "coach", "challenge", "", "none", "", "", 0),
        (5, "coachee", "defence", "", "none", "", "", 0),
        (9, "coach", "question", "", "none", "", "", 0),
        (15, "coachee", "acceptance", "", "none", "", "", 0),   # the defence turns into acceptance
        (20, "coachee", "dissonance", "", "none", "", "", 0),   # and then into dissonance
        (25, "coachee", "defence", "", "none", "", "", 0),      # a later defence does not undo it
    )
    analysis = TalkAnalysis(turns)
    [challenge] = analysis.challenges
    assert (challenge.first_response, challenge.response) == ("defence", "dissonance")
    assert analysis.indicators()["challenges_turned"] == 1
    # Once a new strand opens, the challenge is closed: the later acceptance belongs to other talk.
    moved_on = transcript((0, "coach", "challenge", "", "none", "", "", 0),
                          (5, "coachee", "defence", "", "none", "", "", 0),
                          (9, "coach", "question", "coach", "none", "", "", 0),
                          (15, "coachee", "acceptance", "", "none", "", "", 0))
    assert [c.response for c in TalkAnalysis(moved_on).challenges] == ["defence"]


def test_dissonance_is_resolved_only_by_a_wider_idea_or_a_plan_from_the_coachee() -> None:
    def run(*functions: str) -> dict[str, float]:
        return TalkAnalysis([Turn(t=float(i), speaker="coachee", function=f)
                             for i, f in enumerate(functions)]).indicators()

    # Acceptance, evaluation, defence… never resolve it.
    stuck = run("dissonance", "acceptance", "evaluation", "defence", "summary", "explanation", "justification")
    assert (stuck["dissonances"], stuck["dissonances_resolved"]) == (1, 0)
    assert run("dissonance", "question", "new idea")["dissonances_resolved"] == 1
    # Two open dissonances are both worked through by one generalisation.
    assert run("dissonance", "dissonance", "question", "generalisation")["dissonances_resolved"] == 2
    # Once resolved it is closed: a later suggestion does not count it again.
    assert run("dissonance", "suggestion", "suggestion")["dissonances_resolved"] == 1


def test_co_construction_runs_are_counted_once_each_with_their_final_length() -> None:
    turns = transcript(
        (0, "coach", "new idea", "", "none", "", "", 1),
        (5, "coachee", "continuity", "", "none", "", "", 1),
        (10, "coach", "new idea", "", "none", "", "", 1),       # run of 3, joint
        (15, "coach", "summary", "", "none", "", "", 0),
        (20, "observer", "new idea", "", "none", "", "", 1),
        (25, "coach", "continuity", "", "none", "", "", 1),     # a third voice breaks it: starts afresh
        (30, "coachee", "continuity", "", "none", "", "", 1),   # two
        (35, "coach", "question", "", "none", "", "", 0),
        (40, "coachee", "new idea", "", "none", "", "", 1),
        (45, "coach", "suggestion", "", "none", "", "", 1),
        (50, "coachee", "continuity", "", "none", "", "", 1),
        (55, "coach", "new idea", "", "none", "", "", 1),       # run of 4, counted once at 4
    )
    analysis = TalkAnalysis(turns)
    assert analysis.co_runs == [3, 4]
    figures = analysis.indicators()
    assert figures["co_construction_turns"] == 3 + 3 + 4
    assert (figures["co_construction_runs"], figures["longest_co_construction_run"]) == (2, 4)


def test_scale_links_are_distinct_pairs_of_scales_met_within_one_strand() -> None:
    scales = [CM, "", EP, EP, CM, EP, "", CM, LW, GT, LW]
    opens = {7}  # a new strand opens at the eighth turn
    turns = [Turn(t=float(i), speaker="coach", function="question", scale=scale,
                  initiation="coach" if i in opens else "") for i, scale in enumerate(scales)]
    analysis = TalkAnalysis(turns)
    # Strand one: CM, EP (one pair). Strand two: CM, LW, GT (three pairs). No pair twice.
    assert dict(analysis.scale_links) == {(CM, EP): 1, (CM, LW): 1, (CM, GT): 1, (GT, LW): 1}
    figures = analysis.indicators()
    assert figures["scale_links"] == 4
    assert figures["scales_touched"] == 4
    assert figures["scale_tagged_share"] == 0.818  # 9/11
    neighbours = [Turn(t=float(i), speaker="coach", function="question", scale=s, initiation="coach")
                  for i, s in enumerate([CM, EP, LW])]  # each scale in a strand of its own
    assert TalkAnalysis(neighbours).indicators()["scale_links"] == 0


# -- more invariants by hypothesis ------------------------------------------------------------------


@given(any_turns())
@settings(max_examples=100, deadline=None)
def test_feeding_turns_one_by_one_equals_the_batch_and_counts_add_up(turns: list[Turn]) -> None:
    live = TalkAnalysis()
    for turn in in_talk_order(turns):
        live.add(turn)
    batch = TalkAnalysis(turns)
    assert live.indicators() == batch.indicators()
    assert live.co_runs == batch.co_runs and dict(live.scale_links) == dict(batch.scale_links)
    assert sum(batch.by_speaker.values()) == len(turns)
    figures = batch.indicators()
    assert figures["coach_turns"] + figures["coachee_turns"] + batch.by_speaker["observer"] == len(turns)
    assert figures["coach_initiations"] + figures["coachee_initiations"] == figures["initiations"] <= len(turns)
    assert all(run >= 2 for run in batch.co_runs)
    assert figures["scale_links"] <= 10  # five scales make at most 10 unordered pairs


# -- agreement between two observers ----------------------------------------------------------------


def test_cohen_kappa_below_chance_is_negative() -> None:
    # Observed 1/3. Both say q twice and e once: expected (2·2 + 1·1)/9 = 5/9. Kappa (3/9 - 5/9)/(4/9) = -0.5.
    assert cohen_kappa([("q", "q"), ("q", "e"), ("e", "q")]) == pytest.approx(-0.5)
    # One category on both sides: expected 1 and observed 1, taken as full agreement.
    assert cohen_kappa([("q", "q"), ("q", "q")]) == 1.0


def test_align_pairs_turns_a_second_apart_and_leaves_a_missing_one_alone() -> None:
    pairs = align(turns_at(0, 8, 16, 24, 32), turns_at(0.6, 7, 24.9, 33))
    # Offsets 0.6, -1, 0.9, +1 all within 3 s; the second observer has nothing near 16 s.
    assert [(a and a.t, b and b.t) for a, b in pairs] == [(0, 0.6), (8, 7), (16, None), (24, 24.9), (32, 33)]


def test_align_does_not_pair_beyond_the_tolerance() -> None:
    pairs = align(turns_at(10, 11), turns_at(10.4, 12), tolerance=0.5)
    # 0.4 s apart: paired; 1 s apart after one-second turns: more than 0.5 s, so each stands alone.
    assert [(a and a.t, b and b.t) for a, b in pairs] == [(10, 10.4), (11, None), (None, 12)]


def test_the_window_for_pairing_grows_with_the_length_of_the_turns() -> None:
    # Two observers end a 40-second turn 6 s apart: a quarter of 40 s is 10 s, so they pair.
    assert [(a and a.t, b and b.t) for a, b in align(turns_at(5, 45), turns_at(5, 51))] == [(5, 5), (45, 51)]
    # Short turns 6 s apart do not: the window stays at the 3-second tolerance.
    assert len(align(turns_at(5, 9), turns_at(5, 15))) == 3
    # And never beyond fifteen seconds, however long the turn.
    assert len(align(turns_at(5, 305), turns_at(5, 325))) == 3


def test_align_makes_as_many_pairs_as_possible_when_one_observer_lags() -> None:
    # The second observer tags every turn 2.75 s late (within 3 s): three pairs are possible.
    # The code's scores: three pairs 3·(6 - 2.75 + 1) = 12.75; pairing 3↔2.75 and 6↔5.75 gives 2·6.75 = 13.5.
    pairs = align(turns_at(0, 3, 6), turns_at(2.75, 5.75, 8.75))
    assert [(a and a.t, b and b.t) for a, b in pairs] == [(0, 2.75), (3, 5.75), (6, 8.75)]


@st.composite
def two_observers(draw: st.DrawFn) -> tuple[list[Turn], list[Turn]]:
    def side(name: str) -> list[Turn]:
        times = draw(st.lists(st.integers(min_value=0, max_value=120), max_size=12))
        return [Turn(t=t / 4, speaker="coach", function="question", observer=name, id=k)
                for k, t in enumerate(sorted(times))]
    return side("A"), side("B")


@given(two_observers(), st.sampled_from([0.5, 1.0, 3.0]))
@settings(max_examples=200, deadline=None)
def test_align_uses_every_turn_once_and_pairs_never_cross(sides: tuple[list[Turn], list[Turn]],
                                                         tolerance: float) -> None:
    first, second = sides
    pairs = align(first, second, tolerance)
    assert sorted(a.id for a, _ in pairs if a is not None) == list(range(len(first)))
    assert sorted(b.id for _, b in pairs if b is not None) == list(range(len(second)))
    longest = max((t1.t - t0.t for side in sides for t0, t1 in pairwise(side)), default=0.0)
    longest = max([longest, *(min(side[0].t, 60.0) for side in sides if side)])
    window = max(tolerance, min(MAX_WINDOW, WINDOW_SHARE * longest))
    assert all(abs(a.t - b.t) <= window for a, b in pairs if a is not None and b is not None)
    # Never crossing: each observer's turns come out in time order (turns at the same moment in any order).
    for side in ([a.t for a, _ in pairs if a is not None], [b.t for _, b in pairs if b is not None]):
        assert side == sorted(side)
    # Turns left alone between two pairs come in time order among themselves.
    run: list[float] = []
    for a, b in [*pairs, (None, None)]:
        if (a is None) != (b is None):
            run.append((a or b).t)  # type: ignore[union-attr]
        else:
            assert run == sorted(run)
            run = []


def test_compare_lists_one_sided_turns_and_different_functions() -> None:
    first = [Turn(t=0.0, speaker="coach", function="question"), Turn(t=10.0, speaker="coachee", function="defence"),
             Turn(t=20.0, speaker="coach", function="summary")]
    second = [Turn(t=0.5, speaker="coach", function="question"), Turn(t=11.0, speaker="coachee",
                                                                       function="dissonance"),
              Turn(t=40.0, speaker="coach", function="evaluation")]
    result = compare(first, second)
    assert [(a and a.function, b and b.function) for a, b in result.disagreements] == [
        ("defence", "dissonance"), ("summary", None), (None, "evaluation")]
    assert len(result.matched) == 2
    assert result.agreement == 0.5  # 1 of the 2 matched pairs agrees
    # Labels (q,q), (d,x): observed 1/2; expected (1·1 + 1·0 + …)/4 = 1/4; kappa (1/2 - 1/4)/(3/4) = 1/3.
    assert result.kappa == pytest.approx(1 / 3)
    assert compare([], []).kappa is None and compare([], []).agreement is None


# -- observations, report, rubric, chart ------------------------------------------------------------


def test_observations_for_a_short_talk_led_by_the_coach() -> None:
    turns = transcript(
        (0, "coach", "question", "coach", "none", "", "", 0),
        (20, "coachee", "explanation", "", "none", "", "", 0),
        (40, "coach", "question", "coach", "none", "", "", 0),
    )
    # 40 s is 0.7 minutes (< 1): "in this conversation". Two openings, both the coach's. No evidence,
    # no future talk; the coach talked 20 of 40 s, not over 60%. Four sentences, in this order.
    assert observations(TalkAnalysis(turns)) == [
        "There was no challenge in this conversation. One question that tests an assumption can open the talk up.",
        "The coach opened every new strand of the talk. Inviting the coachee to choose the next one shares the "
        "thinking.",
        "No evidence (observation notes, video, pupils' work) came into the talk; it rested on memory.",
        "Only 0% of turns looked ahead to future lessons.",
    ]
    assert len(observations(TalkAnalysis(turns), limit=2)) == 2


def test_observations_when_every_challenge_is_defended() -> None:
    said = observations(TalkAnalysis(transcript(
        (0, "coach", "challenge", "", NOTES, "", FUTURE, 0),
        (10, "coachee", "defence", "", NOTES, "", FUTURE, 0),
    )))
    assert said[0] == "Every challenge was met with defence. Asking what evidence would change the view can help."
    assert not any("no challenge" in sentence for sentence in said)
    assert len(observations(TalkAnalysis(co_constructive()))) <= 4


def test_report_has_the_level_reasons_all_fifteen_counts_and_the_indicators() -> None:
    result = report(list(reversed(REFINING)))  # the report puts turns in time order itself
    assert {"level", "reasons", "counts", "indicators"} <= set(result)
    assert result["level"] == 3
    assert result["reasons"][0] == "The coachee opened 50% of the new strands of the talk."
    assert list(result["counts"]) == list(vocabulary().functions) and len(result["counts"]) == 15
    # question 3, acceptance 2, the nine others once each (3 + 2 + 9 = 14), four never used.
    assert {f: n for f, n in result["counts"].items() if n} == {
        "question": 3, "evaluation": 1, "summary": 1, "acceptance": 2, "challenge": 1, "generalisation": 1,
        "clarification": 1, "justification": 1, "explanation": 1, "defence": 1, "suggestion": 1}
    assert [f for f, n in result["counts"].items() if n == 0] == ["context", "new idea", "continuity", "dissonance"]
    assert result["indicators"] == TalkAnalysis(REFINING).indicators()
    assert result["challenges"] == [{"t": 55.0, "by": "coach", "response": "defence", "first_response": "defence"}]
    # Additions: which rubric, any pattern that capped it, and how firmly it stands.
    assert (result["rubric_version"], result["patterns"], result["level_before_caps"]) == (RUBRIC.version, [], 3)
    assert result["margin"]["up"]["level"] == 4 and result["margin"]["up"]["one_tag"] == []
    assert "one fewer strand opened by the coachee" in result["margin"]["down"]["one_tag"]
    assert json.loads(json.dumps(result)) == result
    empty = report([])
    assert empty["level"] == 1 and sum(empty["counts"].values()) == 0
    assert json.loads(json.dumps(empty)) == empty


def test_the_rubric_must_name_known_indicators_and_levels_1_to_4() -> None:
    levels = [{"number": n, "name": f"L{n}", "summary": "s"} for n in (1, 2, 3, 4)]
    with pytest.raises(PackError, match="unknown indicator 'talk_volume'"):
        parse_rubric({"level": [*levels[:3], {**levels[3], "sign": [
            {"indicator": "talk_volume", "at_least": 1, "says": "s", "looks_for": "l"}]}]})
    with pytest.raises(PackError, match="levels 1 to 4"):
        parse_rubric({"level": [*levels, {"number": 5, "name": "L5", "summary": "s"}]})
    with pytest.raises(PackError, match="levels 1 to 4"):
        parse_rubric({"level": [levels[0], levels[1], levels[1], levels[3]]})
    with pytest.raises(PackError, match="missing or has a malformed entry"):
        parse_rubric({"level": [*levels[:3], {"number": 4, "summary": "no name"}]})
    with pytest.raises(PackError, match="missing or has a malformed entry"):
        parse_rubric({})


def test_a_rubric_level_that_is_not_a_table_is_a_pack_error() -> None:
    with pytest.raises(PackError):
        parse_rubric({"level": ["one", "two", "three", "four"]})


def test_function_chart_places_speakers_in_equal_slices() -> None:
    turns = [Turn(t=0.0, speaker="coach", function="question"), Turn(t=50.0, speaker="coachee", function="explanation"),
             Turn(t=100.0, speaker="coach", function="question"), Turn(t=60.0, speaker="coach", function="context")]
    chart = function_chart(turns, ["question", "explanation", "challenge"], 4)
    # Span 100 s, 4 slices: 0 s → slice 0, 50 s → int(2.0) = 2, 100 s → int(4.0) = 4, kept in the last (3).
    # "context" is not charted.
    none: frozenset[str] = frozenset()
    assert chart == {
        "question": [frozenset({"coach"}), none, none, frozenset({"coach"})],
        "explanation": [none, none, frozenset({"coachee"}), none],
        "challenge": [none, none, none, none],
    }
    assert function_chart([], ["question"], 3) == {"question": [none, none, none]}
