"""Reference bands: where a meeting's figures sit against a typical 10-15 minute meeting."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from coachtui.core.analysis import Band, TalkAnalysis, load_bands, parse_bands, place, place_all
from coachtui.core.model import Stage, Turn
from coachtui.core.talk_report import report
from coachtui.errors import PackError

BAND = Band("future_share", "Turns about future lessons", 0.15, 0.35, "higher", "s", "r")


@pytest.mark.parametrize(("value", "where"), [
    (0.0, "below"), (0.149, "below"), (0.15, "within"), (0.25, "within"), (0.35, "within"), (0.351, "above"),
])
def test_the_edges_of_a_band_count_as_within(value: float, where: str) -> None:
    assert place(value, BAND).place == where


def test_placement_reads_as_a_sentence() -> None:
    assert place(0.1, BAND).sentence == "Turns about future lessons: 10%, below the usual range (15% to 35%)"


def test_challenges_are_counted_per_ten_minutes() -> None:
    # Two challenges between 0 s and 300 s: 5 minutes, so 4 per 10 minutes.
    turns = [Turn(t=0, speaker="coach", function="challenge"), Turn(t=150, speaker="coachee", function="defence"),
             Turn(t=300, speaker="coach", function="challenge")]
    assert TalkAnalysis(turns).indicators()["challenges_per_10_minutes"] == 4.0


def test_every_shipped_band_gives_its_source_and_reasoning() -> None:
    bands = load_bands()
    assert len(bands) >= 4
    assert {"coachee_initiation_share", "challenges_per_10_minutes", "future_share",
            "co_construction_runs"} <= {band.indicator for band in bands}
    assert all(band.source and len(band.reasoning) > 40 and band.low <= band.high for band in bands)


def test_a_coordinators_file_replaces_only_the_bands_it_lists(tmp_path: Path) -> None:
    mine = tmp_path / "bands.toml"
    mine.write_text('[[band]]\nindicator = "future_share"\nlabel = "Future talk"\nlow = 0.3\nhigh = 0.6\n'
                    'source = "our school"\nreasoning = "we plan a lot"\n')
    bands = {band.indicator: band for band in load_bands(mine)}
    assert (bands["future_share"].low, bands["future_share"].label) == (0.3, "Future talk")
    assert bands["challenges_per_10_minutes"] == next(b for b in load_bands() if b.indicator ==
                                                      "challenges_per_10_minutes")


@pytest.mark.parametrize(("text", "says"), [
    ('[[band]]\nindicator = "charm"\nlabel = "x"\nlow = 0\nhigh = 1\nsource = "s"\nreasoning = "r"\n',
     "unknown indicator 'charm'"),
    ('[[band]]\nindicator = "future_share"\nlabel = "x"\nlow = 0.5\nhigh = 0.1\nsource = "s"\nreasoning = "r"\n',
     "low above high"),
    ('[[band]]\nindicator = "future_share"\nlow = 0\nhigh = 1\nsource = "s"\nreasoning = "r"\n', "has no label"),
    ('[[band]]\nindicator = "future_share"\nlabel = "x"\nlow = "some"\nhigh = 1\nsource = "s"\nreasoning = "r"\n',
     "needs numbers"),
])
def test_a_malformed_band_is_named(tmp_path: Path, text: str, says: str) -> None:
    mine = tmp_path / "bands.toml"
    mine.write_text(text)
    with pytest.raises(PackError, match=says):
        load_bands(mine)


def test_the_report_includes_each_indicators_band() -> None:
    turns = [Turn(t=i * 30.0, speaker=("coach", "coachee")[i % 2], function="question",
                  time="future specific lessons" if i < 3 else "") for i in range(10)]
    bands = {entry["indicator"]: entry for entry in report(turns)["bands"]}
    assert bands["future_share"]["value"] == 0.3 and bands["future_share"]["place"] == "within"
    assert bands["challenges_per_10_minutes"]["place"] == "below"
    assert place_all({}, [BAND])[0].place == "below"
    assert parse_bands({}) == []


async def test_the_feedback_view_shows_the_bands_and_a_bad_file_is_reported(app_factory, store, tmp_path: Path
                                                                            ) -> None:
    from coachtui.screens.feedback import FeedbackScreen

    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "bands.toml").write_text("[[band]]\nindicator = 3\n")
    partnership = store.partnerships.create("Ana", "Sam")
    meeting = store.meetings.open(store.cycles.current(partnership.id).id, Stage.POST_LESSON)
    store.turns.add_many(meeting.id, [Turn(t=i * 20.0, speaker=("coach", "coachee")[i % 2], function="question",
                                           observer="Jo") for i in range(12)])
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(FeedbackScreen(meeting.id))
        await pilot.pause()
        shown = str(app.screen.query_one("#feedback-bands", Static).render())
        assert "Challenges per 10 minutes: 0, below the usual range (1 to 3)" in shown
        assert any("Using the shipped bands" in n.message for n in app._notifications)
