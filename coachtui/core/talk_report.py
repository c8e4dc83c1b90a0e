"""Everything the tags say about one observer's view of a meeting, as one JSON-ready record.

`coachtui report --json` prints it; the fields before `rubric_version` are the first version's and
keep their meaning, later ones are additions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coachtui.core.analysis import PAIR, Band, TalkAnalysis, load_bands, observations, place_all
from coachtui.core.model import Turn
from coachtui.core.rubric import Rubric, estimate_level, load_rubric, margin


def report(turns: Sequence[Turn], rubric: Rubric | None = None,
           bands: Sequence[Band] | None = None, *, reviewed: bool = False) -> dict[str, Any]:
    """The level, its reasons and margin, the indicators and observations of one observer's turns.

    `reviewed`: the observer marked their review pass complete; until then the level is provisional.
    """
    from coachtui.core.vocabulary import vocabulary

    rubric = rubric or load_rubric()
    analysis = TalkAnalysis(sorted(turns, key=lambda turn: turn.t))
    tally = analysis.tallies()
    figures = analysis.indicators()
    estimate = estimate_level(figures, rubric)
    return {
        "level": estimate.number,
        "level_name": estimate.name,
        "reasons": list(estimate.reasons),
        "next_steps": list(estimate.next_steps),
        "caveat": estimate.caveat,
        "counts": {name: analysis.functions[name] for name in vocabulary().functions},
        "indicators": figures,
        "talk_share": {s: round(analysis.talk_share(s), 3) for s in PAIR},
        "initiation": {s: analysis.initiations[s] for s in PAIR},
        "challenges": [{"t": c.t, "by": c.by, "response": c.response, "first_response": c.first_response}
                       for c in analysis.challenges],
        "stimulus": dict(sorted(analysis.stimuli.items())),
        "scales": dict(sorted(analysis.scales.items())),
        "scale_links": [[a, b, n] for (a, b), n in sorted(analysis.scale_links.items())],
        "time": dict(sorted(analysis.time_frames.items())),
        "co_construction_runs": list(analysis.co_runs),
        "observations": observations(analysis, estimate.patterns),
        "bands": [placement.as_dict() for placement in place_all(figures, load_bands() if bands is None else bands)],
        "rubric_version": rubric.version,
        "patterns": list(estimate.patterns),
        "level_before_caps": estimate.uncapped,
        "margin": margin(tally, rubric, estimate).as_dict(),
        "reviewed": reviewed,
    }
