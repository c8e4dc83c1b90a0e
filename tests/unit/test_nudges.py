"""Nudge rules on hand-made sequences of tags and clock ticks: when each fires, once, and not after dismissal."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from coachtui.core.analysis import TalkAnalysis
from coachtui.core.model import GROW_ORDER, GrowPhase, Turn
from coachtui.core.nudges import NudgeWatcher, TakenUp, load_rules, shipped_rules

RULES = {rule.id: rule for rule in shipped_rules()}
R, W = GrowPhase.REALITY, GrowPhase.WAY_FORWARD


def watcher(*ids: str, planned: float = 720, pack: str = "a4l", critical: int = 0) -> NudgeWatcher:
    return NudgeWatcher([RULES[i] for i in ids], planned_seconds=planned, pack=pack, critical_incidents=critical)


def talk(w: NudgeWatcher, *rows: tuple[float, str, str], **tags: Any) -> list[TakenUp]:
    """Feed (t, speaker, function) turns; return any take-ups."""
    taken = []
    for t, speaker, function in rows:
        result = w.add_turn(replace(Turn(t=t, speaker=speaker, function=function), **tags))
        if result is not None:
            taken.append(result)
    return taken


def routine(start: float, count: int) -> list[tuple[float, str, str]]:
    return [(start + 10 * i, "coach" if i % 2 == 0 else "coachee", "question" if i % 2 == 0 else "explanation")
            for i in range(count)]


def test_quiet_challenge_fires_at_four_minutes_without_one_and_only_once() -> None:
    w = watcher("quiet-challenge")
    talk(w, *routine(0, 8))  # turns at 0..70 s; the clock counts from the first turn
    assert w.tick(239.9, R) is None
    fired = w.tick(240.0, R)
    assert fired is not None and fired.rule_id == "quiet-challenge"
    assert fired.question == RULES["quiet-challenge"].question(R, "a4l")
    assert "understood" in fired.question  # the A4L pack's own reality question
    assert w.tick(300, R) is None  # still showing, and still true: no second firing


def test_quiet_challenge_waits_for_enough_turns() -> None:
    w = watcher("quiet-challenge")
    talk(w, *routine(0, 7))
    assert w.tick(600, R) is None
    talk(w, (80, "coach", "question"))
    assert w.tick(600, R) is not None


def test_a_challenge_takes_the_nudge_up_and_resets_the_quiet_clock() -> None:
    w = watcher("quiet-challenge")
    talk(w, *routine(0, 8))
    fired = w.tick(250, R)
    assert fired is not None
    taken = talk(w, (255, "coachee", "explanation"), (262, "coach", "challenge"))
    assert taken == [TakenUp("quiet-challenge", 250, 262)]
    assert w.active is None
    # The last challenge was at 262 s: quiet again only from 502 s.
    assert w.tick(501, R) is None
    again = w.tick(502, R)
    assert again is not None and again.fired_at == 502


def test_a_dismissed_rule_never_fires_again_in_the_meeting() -> None:
    w = watcher("quiet-challenge")
    talk(w, *routine(0, 8))
    assert w.tick(240, R) is not None
    assert w.dismiss() is not None and w.active is None
    talk(w, (250, "coach", "challenge"), (260, "coachee", "defence"))
    assert w.tick(2000, R) is None  # quiet for far longer than four minutes: still nothing
    assert w.dismiss() is None


def test_a_nudge_not_taken_up_within_its_window_lapses_and_rearms_only_after_the_pattern_clears() -> None:
    w = watcher("quiet-challenge")
    talk(w, *routine(0, 8))
    fired = w.tick(240, R)
    assert talk(w, *routine(250, 6)) == []  # six turns, none a challenge
    assert w.active is None and w.lapsed == [fired]
    assert w.tick(400, R) is None  # the pattern still holds, so it does not fire again
    talk(w, (410, "coach", "challenge"))
    assert w.tick(411, R) is None  # the pattern has cleared: the rule is armed again
    assert w.tick(650, R) is not None


def test_defence_only_fires_after_two_defended_challenges_and_evidence_takes_it_up() -> None:
    w = watcher("defence-only")
    talk(w, (0, "coach", "challenge"), (10, "coachee", "defence"))
    assert w.tick(20, R) is None  # one defended challenge is not yet a pattern
    talk(w, (30, "coach", "challenge"), (40, "coachee", "defence"))
    fired = w.tick(41, R)
    assert fired is not None and "books" in fired.question  # the A4L pack's question
    assert talk(w, (50, "coach", "question")) == []
    assert talk(w, (60, "coachee", "explanation"), stimulus="pupils' work") == [TakenUp("defence-only", 41, 60)]


def test_defence_only_does_not_fire_when_a_challenge_was_accepted() -> None:
    w = watcher("defence-only")
    talk(w, (0, "coach", "challenge"), (10, "coachee", "defence"), (20, "coach", "challenge"),
         (30, "coachee", "acceptance"))
    assert w.tick(40, R) is None
    talk(w, (0, "coach", "challenge"), (10, "coachee", "defence"), (20, "coachee", "dissonance"))
    assert w.tick(50, R) is None  # dissonance after the defence opens the talk up


def test_no_future_late_fires_with_three_minutes_left_unless_the_future_came_up() -> None:
    w = watcher("no-future-late", planned=600)
    talk(w, *routine(0, 4))
    assert w.tick(419, W) is None
    fired = w.tick(420, W)
    assert fired is not None and fired.question == RULES["no-future-late"].question(W, "a4l")
    assert talk(w, (430, "coachee", "suggestion"), time="future specific lessons") == [
        TakenUp("no-future-late", 420, 430)]
    spoken = watcher("no-future-late", planned=600)
    talk(spoken, (0, "coachee", "suggestion"), time="future specific lessons")
    assert spoken.tick(590, W) is None


def test_coach_led_run_counts_consecutive_coach_initiations() -> None:
    w = watcher("coach-led-run")
    talk(w, *[(10 * i, "coach", "question") for i in range(3)], initiation="coach")
    talk(w, (35, "coachee", "explanation"), initiation="coachee")
    talk(w, *[(40 + 10 * i, "coach", "question") for i in range(3)], initiation="coach")
    assert w.tick(100, R) is None  # three in a row since the coachee opened one
    talk(w, (80, "coach", "question"), initiation="coach")
    assert w.tick(101, R) is not None
    assert talk(w, (90, "coachee", "new idea"), initiation="coachee")[0].rule_id == "coach-led-run"


def test_critical_moment_needs_a_critical_incident_in_the_evidence() -> None:
    none_marked = watcher("critical-moment-unused", critical=0)
    talk(none_marked, *routine(0, 4))
    assert none_marked.tick(600, R) is None
    marked = watcher("critical-moment-unused", critical=1)
    talk(marked, *routine(0, 4))
    assert marked.tick(179, R) is None
    assert marked.tick(180, R) is not None
    discussed = watcher("critical-moment-unused", critical=1)
    talk(discussed, (0, "coach", "question"), scale="critical moment")
    assert discussed.tick(600, R) is None


def test_one_nudge_at_a_time_and_the_waiting_one_follows_in_rule_order() -> None:
    w = watcher("quiet-challenge", "critical-moment-unused", critical=1)
    talk(w, *routine(0, 8))
    first = w.tick(300, R)
    assert first is not None and first.rule_id == "quiet-challenge"
    assert w.tick(301, R) is None  # critical-moment-unused holds too, but waits
    w.dismiss()
    second = w.tick(302, R)
    assert second is not None and second.rule_id == "critical-moment-unused"


def test_rebuild_recounts_after_an_edit_but_remembers_dismissals() -> None:
    w = watcher("quiet-challenge")
    talk(w, *routine(0, 8))
    w.tick(240, R)
    w.dismiss()
    w.rebuild(TalkAnalysis([Turn(t=0, speaker="coach", function="challenge")]))
    assert w.tick(5000, R) is None


def test_a_watcher_given_the_meetings_analysis_reads_it_rather_than_counting_again() -> None:
    analysis = TalkAnalysis()
    shared = NudgeWatcher([RULES["quiet-challenge"]], planned_seconds=600, pack="a4l", analysis=analysis)
    for t, speaker, function in routine(0, 8):
        turn = Turn(t=t, speaker=speaker, function=function)
        analysis.add(turn)  # the owner counts; the watcher only settles nudges
        shared.add_turn(turn)
    assert analysis.turns == 8
    assert shared.tick(240, R) is not None, "the quiet spell is read from the shared analysis"


def test_every_shipped_rule_has_all_four_phases_and_an_a4l_question_of_its_own() -> None:
    assert len(RULES) == 5
    for rule in RULES.values():
        assert set(rule.questions) == set(GROW_ORDER)
        assert rule.pack_questions.get("a4l"), rule.id
        for phase in GROW_ORDER:
            assert rule.question(phase, "no-such-pack") == rule.questions[phase]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "nudges.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_user_file_changes_one_phase_switches_a_rule_off_and_adds_one(tmp_path: Path) -> None:
    path = write(tmp_path, """
[[rule]]
id = "quiet-challenge"
minutes = 6
[rule.questions]
reality = "Our own reality question?"

[[rule]]
id = "coach-led-run"
enabled = false

[[rule]]
id = "late-summary"
title = "Time to sum up"
pattern = "no_future_late"
minutes_left = 1
[rule.taken_up]
function = ["summary"]
[rule.questions]
goal = "g?"
reality = "r?"
options = "o?"
way_forward = "w?"
""")
    rules, problems = load_rules(path)
    assert problems == []
    by_id = {rule.id: rule for rule in rules}
    mine = by_id["quiet-challenge"]
    assert (mine.params["minutes"], mine.params["min_turns"]) == (6.0, 8.0)
    assert mine.questions[R] == "Our own reality question?"
    assert mine.questions[W] == RULES["quiet-challenge"].questions[W]  # the rest kept from the shipped rule
    assert not by_id["coach-led-run"].enabled
    assert [rule.id for rule in rules][-1] == "late-summary"
    assert NudgeWatcher(rules, planned_seconds=600, pack="a4l").rules[-1].id == "late-summary"
    assert "coach-led-run" not in [r.id for r in NudgeWatcher(rules, planned_seconds=600, pack="a4l").rules]


@pytest.mark.parametrize(("text", "message"), [
    ("[[rule]\nid = ", "not valid TOML"),
    ('[[rule]]\nid = "x"\npattern = "sulking"', "unknown pattern 'sulking'"),
    ('[[rule]]\nid = "quiet-challenge"\nminutes = -1', "'minutes' must be a number of minutes from 0 to 120"),
    ('[[rule]]\nid = "quiet-challenge"\nminutes = nan', "'minutes' must be a number of minutes from 0 to 120"),
    ('[[rule]]\nid = "quiet-challenge"\nminutes = inf', "'minutes' must be a number of minutes from 0 to 120"),
    ('[[rule]]\nid = "quiet-challenge"\nminutes = 240', "'minutes' must be a number of minutes from 0 to 120"),
    ('[[rule]]\nid = "no-future-late"\nminutes_left = -inf', "'minutes_left' must be a number of minutes"),
    ('[[rule]]\nid = "defence-only"\nchallenges = 0', "'challenges' must be a whole number from 1 to 100"),
    ('[[rule]]\nid = "defence-only"\nchallenges = -2', "'challenges' must be a whole number from 1 to 100"),
    ('[[rule]]\nid = "defence-only"\nchallenges = 1.5', "'challenges' must be a whole number from 1 to 100"),
    ('[[rule]]\nid = "coach-led-run"\ninitiations = 0', "rule 'coach-led-run': 'initiations' must be a whole"),
    ('[[rule]]\nid = "quiet-challenge"\nmin_turns = nan', "'min_turns' must be a whole number from 1 to 100"),
    ('[[rule]]\nid = "coach-led-run"\nenabled = "false"', "rule 'coach-led-run': 'enabled' must be true or false"),
    ('[[rule]]\nid = "coach-led-run"\nenabled = 0', "'enabled' must be true or false"),
    ('[[rule]]\nid = "coach-led-run"\ntitle = { text = "x" }', "rule 'coach-led-run': 'title' must be text"),
    ('[[rule]]\nid = "quiet-challenge"\n[rule.taken_up]\nfunction = ["shouting"]', "'shouting' is not a function"),
    ('[[rule]]\nid = "quiet-challenge"\n[rule.taken_up]\nmood = ["calm"]', "unknown dimension 'mood'"),
    ('[[rule]]\nid = "new-one"\npattern = "coach_led_run"\ninitiations = 3\n[rule.taken_up]\n'
     'initiation = ["coachee"]\n[rule.questions]\ngoal = "g?"', "no question for reality, options, way_forward"),
    ('[[rule]]\nid = "quiet-challenge"\n[rule.questions]\nlater = "?"', "'later' is not a GROW phase"),
    ('[[rule]]\nid = "quiet-challenge"\n[[rule]]\nid = "quiet-challenge"', "used twice"),
    ('[[rule]]\nid = "b"\npattern = "coach_led_run"', "needs 'initiations'"),
])
def test_a_malformed_user_file_is_reported_and_the_shipped_rules_stand(tmp_path: Path, text: str,
                                                                       message: str) -> None:
    path = write(tmp_path, text)
    rules, problems = load_rules(path)
    assert len(problems) == 1 and message in problems[0], problems
    assert problems[0].startswith(str(path)) and "shipped nudges are used" in problems[0]
    assert rules == list(RULES.values())


def test_an_unreadable_user_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "nudges.toml"
    path.write_bytes(b"\xff\xfe")
    rules, problems = load_rules(path)
    assert "Cannot read" in problems[0] and len(rules) == 5


def test_a_reopened_meeting_recalls_its_nudges_dismissed_on_show_or_lapsed() -> None:
    w = watcher("quiet-challenge", "coach-led-run", "critical-moment-unused", critical=1)
    talk(w, *routine(0, 8))
    w.recall("quiet-challenge", "dismissed", 240, R)
    w.recall("critical-moment-unused", "expired", 180, R)
    w.recall("coach-led-run", "shown", 300, R, turns_since=5)
    w.recall("no-such-rule", "dismissed", 10, R)  # switched off since: nothing to recall
    assert w.active is not None and (w.active.rule_id, w.active.fired_at) == ("coach-led-run", 300)
    assert talk(w, (400, "coach", "question")) == []  # the sixth turn since it fired: it lapses
    assert w.active is None and [n.rule_id for n in w.lapsed] == ["coach-led-run"]
    assert w.tick(2000, R) is None  # dismissed stays quiet; lapsed ones wait for their pattern to clear


def test_the_question_on_show_follows_the_phase_and_the_pack() -> None:
    w = watcher("quiet-challenge", pack="a4l")
    assert w.question_now(R) == ""
    talk(w, *routine(0, 8))
    fired = w.tick(240, GrowPhase.GOAL)
    assert fired is not None and fired.question == RULES["quiet-challenge"].questions[GrowPhase.GOAL]
    assert w.question_now(R) == RULES["quiet-challenge"].pack_questions["a4l"][R]
    w.pack = "behaviour"
    assert w.question_now(R) == RULES["quiet-challenge"].pack_questions["behaviour"][R]
    assert w.question_now(W) == RULES["quiet-challenge"].questions[W]


def test_shipped_pack_questions_name_shipped_packs_and_fit_one_line_of_80_columns() -> None:
    from coachtui.core.packs import load_packs

    packs = {pack.key for pack in load_packs(None).ordered()}
    for rule in RULES.values():
        assert set(rule.pack_questions) <= packs, rule.id
        texts = [*rule.questions.values(), *(q for table in rule.pack_questions.values() for q in table.values())]
        # 80 columns less the padding, the arrow and the dismiss key.
        assert all(len(text) <= 72 for text in texts), [text for text in texts if len(text) > 72]
        assert all(text.endswith("?") or text.endswith(".") for text in texts)
