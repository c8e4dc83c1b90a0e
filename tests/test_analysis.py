"""The picture of the talk, checked against small transcripts whose answers were worked out by hand."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachtui.analysis import (
    TalkAnalysis,
    align,
    cohen_kappa,
    compare,
    estimate_level,
    load_rubric,
    observations,
    parse_rubric,
    report,
)
from coachtui.errors import PackError
from coachtui.model import Turn
from coachtui.vocabulary import vocabulary

RUBRIC = load_rubric()
LESSON, FUTURE, PAST = "the lesson itself", "future specific lessons", "past"
NOTES, VIDEO = "observation notes", "video extract"
CM, EP, LW, GT = "critical moment", "episode", "lesson as a whole", "generalised theme"


def transcript(*rows: tuple) -> list[Turn]:  # type: ignore[type-arg]
    """Rows of (t, speaker, function, initiation, stimulus, scale, time, co_construction)."""
    return [Turn(t=float(t), speaker=s, function=f, initiation=i, stimulus=st_, scale=sc, time=tm,
                 co_construction=bool(co)) for t, s, f, i, st_, sc, tm, co in rows]


# Level 1: the coach asks, the coachee recounts the lesson from memory.
EMERGING = transcript(*[
    (i * 10, "coach" if i % 2 == 0 else "coachee", "question" if i % 2 == 0 else "explanation",
     "coach" if i == 0 else "", "recall", LW, LESSON, 0) for i in range(12)])

# Level 2: the coachee explains intentions, observation notes come in, a suggestion is made.
DEVELOPING = transcript(
    (0, "coach", "question", "coach", "none", EP, LESSON, 0),
    (10, "coachee", "explanation", "", "recall", EP, LESSON, 0),
    (20, "coach", "question", "", NOTES, EP, LESSON, 0),
    (30, "coachee", "justification", "", NOTES, EP, LESSON, 0),
    (40, "coach", "clarification", "", NOTES, EP, LESSON, 0),
    (50, "coachee", "clarification", "", "none", EP, LESSON, 0),
    (60, "coach", "evaluation", "", "none", EP, LESSON, 0),
    (70, "coachee", "acceptance", "", "none", EP, LESSON, 0),
    (80, "coach", "suggestion", "", "none", EP, LESSON, 0),
    (90, "coachee", "acceptance", "", "none", EP, LESSON, 0),
    (100, "coach", "question", "", "none", EP, LESSON, 0),
    (110, "coachee", "explanation", "", "none", EP, LESSON, 0),
)


def co_constructive(co: int = 1) -> list[Turn]:
    """Level 4 as written; with co=0 the run of building together is gone and it is level 3."""
    return transcript(
        (0, "coach", "question", "coach", NOTES, CM, LESSON, 0),
        (10, "coachee", "explanation", "", NOTES, CM, LESSON, 0),
        (20, "coach", "challenge", "", NOTES, CM, LESSON, 0),
        (30, "coachee", "dissonance", "", VIDEO, EP, LESSON, 0),
        (40, "coachee", "justification", "", VIDEO, EP, PAST, 0),
        (50, "coach", "clarification", "", "none", EP, PAST, 0),
        (60, "coachee", "clarification", "", "none", LW, PAST, 0),
        (70, "coachee", "generalisation", "coachee", "none", GT, "no specific time-frame", 0),
        (80, "coach", "question", "", "none", GT, FUTURE, 0),
        (90, "coachee", "new idea", "coachee", "none", EP, FUTURE, co),
        (95, "coach", "suggestion", "", "none", EP, FUTURE, co),
        (100, "coachee", "continuity", "", "none", EP, FUTURE, co),
        (110, "coach", "evaluation", "", "none", LW, FUTURE, 0),
        (120, "coachee", "acceptance", "", "none", LW, FUTURE, 0),
    )


def level_of(turns: list[Turn]) -> int:
    return estimate_level(TalkAnalysis(turns).indicators(), RUBRIC).number


def test_level_1_emerging_coach_asks_coachee_recalls() -> None:
    figures = TalkAnalysis(EMERGING).indicators()
    assert level_of(EMERGING) == 1
    # Level 2 signs: reasoning 0, evidence 0 (recall is memory, not evidence), suggestions 0, past 0.
    assert (figures["coachee_reasoning"], figures["evidence_share"], figures["suggestions"],
            figures["past_share"]) == (0, 0.0, 0, 0.0)
    assert figures["recall_share"] == 1.0  # 12 of 12
    assert figures["coach_question_share"] == 1.0  # 6 questions in 6 coach turns
    estimate = estimate_level(figures, RUBRIC)
    assert estimate.reasons == ("0 of the 2 signs needed for Developing (level 2) were seen.",)
    assert len(estimate.next_steps) == 4


def test_level_2_developing_reasoning_evidence_and_a_suggestion() -> None:
    figures = TalkAnalysis(DEVELOPING).indicators()
    assert level_of(DEVELOPING) == 2
    assert figures["coachee_reasoning"] == 2  # justification at 30 s, clarification at 50 s
    assert figures["evidence_share"] == 0.25  # observation notes on 3 of 12 turns
    assert figures["coach_question_share"] == 0.5  # 3 questions in 6 coach turns
    reasons = estimate_level(figures, RUBRIC).reasons
    assert reasons[0] == "The coachee justified or clarified their intentions (2)."
    assert "0 of the 3 signs needed for Refining (level 3) were seen." in reasons


def test_level_3_refining_without_building_together() -> None:
    turns = co_constructive(co=0)
    figures = TalkAnalysis(turns).indicators()
    assert level_of(turns) == 3
    # Level 4 has 4 of its 5 signs, but the run of building together is required.
    assert figures["co_construction_runs"] == 0
    reasons = estimate_level(figures, RUBRIC).reasons
    assert ("Co-constructive collaborative (level 4) also requires a run of short turns building an idea "
            "together; 4 of its other signs were seen:") in reasons


def test_level_4_co_constructive_with_its_evidence() -> None:
    turns = co_constructive()
    figures = TalkAnalysis(turns).indicators()
    assert level_of(turns) == 4
    assert figures["coachee_reasoning"] == 2  # justification at 40 s, clarification at 60 s
    assert figures["evidence_share"] == round(5 / 14, 3)  # notes on 3 turns, video on 2
    assert figures["past_share"] == round(3 / 14, 3)
    assert figures["coachee_initiation_share"] == round(2 / 3, 3)  # coachee at 70 s and 90 s, coach at 0 s
    assert figures["scales_touched"] == 4
    # Consecutive tagged scales: CM→EP, EP→LW, LW→GT, GT→EP, EP→LW (again): four different links.
    assert figures["scale_links"] == 4
    assert figures["challenges_answered"] == 1  # the coach's challenge drew the coachee's dissonance
    assert figures["dissonances_resolved"] == 1  # generalisation four turns after the dissonance
    assert figures["future_share"] == round(6 / 14, 3)
    assert (figures["co_construction_runs"], figures["longest_co_construction_run"]) == (1, 3)
    # Coach speaks 10+10+10+10+5+10 = 55 s of the 120 s whose length is known.
    assert figures["coach_talk_share"] == round(55 / 120, 3)
    reasons = estimate_level(figures, RUBRIC).reasons
    assert reasons[0] == "Coach and coachee built an idea together in short alternating turns (1)."
    assert len(reasons) == 5 + 5 + 4, "every sign seen at every level is named"


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


def test_dissonance_counts_as_worked_through_only_within_six_turns() -> None:
    late = transcript((0, "coachee", "dissonance", "", "none", "", "", 0),
                      *[(i, "coach", "question", "", "none", "", "", 0) for i in range(1, 7)],
                      (7, "coachee", "generalisation", "", "none", "", "", 0))
    soon = transcript((0, "coachee", "dissonance", "", "none", "", "", 0),
                      *[(i, "coach", "question", "", "none", "", "", 0) for i in range(1, 6)],
                      (6, "coachee", "suggestion", "", "none", "", "", 0))
    assert TalkAnalysis(late).indicators()["dissonances_resolved"] == 0  # seventh turn after: too late
    assert TalkAnalysis(soon).indicators()["dissonances_resolved"] == 1  # sixth turn after


def test_co_construction_needs_both_people_and_two_turns() -> None:
    turns = transcript(
        (0, "coach", "new idea", "", "none", "", "", 1),       # alone: not a run
        (5, "coachee", "question", "", "none", "", "", 0),
        (10, "coach", "suggestion", "", "none", "", "", 1),
        (15, "coach", "continuity", "", "none", "", "", 1),    # two turns but one speaker so far
        (20, "coachee", "new idea", "", "none", "", "", 1),    # now a joint run of 3
        (25, "coach", "summary", "", "none", "", "", 0),
    )
    analysis = TalkAnalysis(turns)
    assert analysis.co_runs == [3]
    assert analysis.indicators()["co_construction_turns"] == 4


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
    good = {"min_turns": 10, "level": [{"number": n, "name": f"L{n}", "summary": "s"} for n in (1, 2, 3, 4)]}
    assert [level.number for level in parse_rubric(good).levels] == [1, 2, 3, 4]
    with pytest.raises(PackError, match="unknown indicator 'charisma'"):
        parse_rubric({"level": [*good["level"][:3], {"number": 4, "name": "x", "summary": "s", "sign": [
            {"indicator": "charisma", "at_least": 1, "says": "s", "looks_for": "l"}]}]})
    with pytest.raises(PackError, match="levels 1 to 4"):
        parse_rubric({"level": good["level"][:3]})


# -- invariants over any tagging, by hypothesis ---------------------------------------------------

VOCAB = vocabulary()


@st.composite
def any_turns(draw: st.DrawFn) -> list[Turn]:
    count = draw(st.integers(min_value=0, max_value=40))
    gaps = draw(st.lists(st.floats(min_value=0, max_value=60), min_size=count, max_size=count))
    turns, t = [], 0.0
    for gap in gaps:
        t += gap
        turns.append(Turn(
            t=t, speaker=draw(st.sampled_from(VOCAB.values("speaker"))),
            function=draw(st.sampled_from(VOCAB.functions)),
            initiation=draw(st.sampled_from(VOCAB.values("initiation"))),
            stimulus=draw(st.sampled_from(VOCAB.values("stimulus"))),
            scale=draw(st.sampled_from(("", *VOCAB.values("scale")))),
            time=draw(st.sampled_from(("", *VOCAB.values("time")))), co_construction=draw(st.booleans())))
    return turns


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
    assert 1 <= estimate_level(figures, RUBRIC).number <= 4


@given(any_turns(), st.integers(min_value=0, max_value=40))
@settings(max_examples=100, deadline=None)
def test_the_live_pane_counting_one_turn_at_a_time_agrees_with_a_fresh_count(turns: list[Turn], cut: int) -> None:
    live = TalkAnalysis(turns[:cut])
    for turn in turns[cut:]:
        live.add(turn)
    assert live.indicators() == TalkAnalysis(turns).indicators()
    assert [(c.t, c.response) for c in live.challenges] == [(c.t, c.response) for c in TalkAnalysis(turns).challenges]
