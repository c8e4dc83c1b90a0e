"""Tagged turns as a BORIS project (https://www.boris.unito.it), so its agreement and time-budget analyses run on them.

A project is one JSON document. Its ethogram (`behaviors_conf`) holds the 15 functions as point events, each
with one single-choice modifier set per other dimension (initiation, subject, stimulus, scale, tone, time,
co_construction) and its timeline family as the behavioural category; its subjects (`subjects_conf`) are the
speakers. Each meeting and observer becomes one LIVE observation whose events are the turns one to one, as
BORIS stores them: `[t, speaker, function, modifiers, note]`, the modifiers joined by `|` in the sets' order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from coachtui.core.model import Turn
from coachtui.core.vocabulary import vocabulary
from coachtui.text import clean_text

# The BORIS project format this writes (BORIS 8 and later read it; they refuse a project newer than themselves).
PROJECT_FORMAT_VERSION = "7.0"
POINT_EVENT = "Point event"
SINGLE_SELECTION = 0  # BORIS's code for a modifier set of which one value is chosen
UNSET = "None"  # what BORIS records for a single-choice set left unchosen
MODIFIER_DIMENSIONS = ("initiation", "subject", "stimulus", "scale", "tone", "time", "co_construction")

# BORIS reserves these in modifier values ('(' starts a value's shortcut key, '|' and ',' separate values);
# a subject typed with one is written with a look-alike so the event still reads.
_RESERVED = str.maketrans({"(": "[", ")": "]", "|": "/", ",": ";", "`": "'", "~": "-"})


@dataclass(frozen=True)
class Observation:
    """One meeting as one observer tagged it."""

    meeting_id: int
    observer: str
    date: str  # local time, "YYYY-MM-DDTHH:MM:SS" as BORIS writes it
    stage: str
    mode: str
    turns: Sequence[Turn]

    @property
    def name(self) -> str:
        """The observation's id in the project: unique per meeting and observer."""
        observer = _label(self.observer)
        return f"meeting {self.meeting_id}" + (f" - {observer}" if observer else "")


def boris_project(observations: Iterable[Observation], *, name: str, date: str) -> dict[str, Any]:
    """The BORIS project holding these observations, as the dict BORIS loads from a `.boris` file."""
    observations = list(observations)
    vocab = vocabulary()
    subjects = sorted({_modifier(turn.subject) for obs in observations for turn in obs.turns} - {""})
    values = {key: [value for value in vocab.values(key) if value] for key in MODIFIER_DIMENSIONS if key != "subject"}
    values["subject"] = subjects
    modifier_sets = {
        str(index): {"name": key, "description": vocab.title(key), "type": SINGLE_SELECTION, "values": values[key]}
        for index, key in enumerate(MODIFIER_DIMENSIONS)
    }
    family_of = {function: family for family, members in vocab.families("function").items() for function in members}
    ethogram = {
        str(index): {"type": POINT_EVENT, "key": "", "code": function, "description": "", "color": "",
                     "category": family_of.get(function, ""), "modifiers": modifier_sets, "excluded": "",
                     "coding map": ""}
        for index, function in enumerate(vocab.functions)
    }
    families = list(vocab.families("function"))
    return {
        "time_format": "s",
        "project_date": date,
        "project_name": name,
        "project_description": "Exported from coachtui: one observation per meeting and observer; each event "
                               "is a tagged turn (subject = speaker, behaviour = function, modifiers = the "
                               "other dimensions, comment = the observer's note).",
        "project_format_version": PROJECT_FORMAT_VERSION,
        "subjects_conf": {str(index): {"key": "", "name": speaker, "description": ""}
                          for index, speaker in enumerate(vocab.values("speaker"))},
        "behaviors_conf": ethogram,
        "observations": {obs.name: _observation(obs) for obs in observations},
        "behavioral_categories": families,
        "behavioral_categories_config": {str(index): {"name": family} for index, family in enumerate(families)},
        "independent_variables": {
            str(index): {"label": label, "description": description, "type": "text", "default value": "",
                         "possible values": ""}
            for index, (label, description) in enumerate((
                ("meeting", "coachtui's meeting id"), ("observer", "who tagged the turns"),
                ("stage", "pre-lesson or post-lesson"), ("mode", "live or role-play")))
        },
        "coding_map": {},
        "behaviors_coding_map": [],
        "converters": {},
    }


def event(turn: Turn) -> list[Any]:
    """The turn as a BORIS live event: time, subject, behaviour, modifiers, comment."""
    modifiers = []
    for key in MODIFIER_DIMENSIONS:
        value = str(int(turn.co_construction)) if key == "co_construction" else _modifier(getattr(turn, key))
        modifiers.append(value or UNSET)
    return [float(turn.t), turn.speaker, turn.function, "|".join(modifiers), clean_text(turn.note)]


def format_boris(observations: Iterable[Observation], *, name: str, date: str) -> str:
    """The project as the text of a `.boris` file."""
    return json.dumps(boris_project(observations, name=name, date=date), ensure_ascii=False, indent=1) + "\n"


def _observation(obs: Observation) -> dict[str, Any]:
    return {
        "file": {},
        "type": "LIVE",
        "date": obs.date,
        "description": f"coachtui meeting {obs.meeting_id} ({obs.stage}, {obs.mode})"
                       + (f", tagged by {_label(obs.observer)}" if _label(obs.observer) else ""),
        "time offset": 0.0,
        "events": [event(turn) for turn in obs.turns],
        "observation time interval": [0, 0],
        "independent_variables": {"meeting": str(obs.meeting_id), "observer": _label(obs.observer),
                                  "stage": obs.stage, "mode": obs.mode},
        "visualize_spectrogram": False,
        "visualize_waveform": False,
        "media_creation_date_as_offset": False,
        "media_scan_sampling_duration": 0,
        "image_display_duration": 1,
        "close_behaviors_between_videos": False,
        "scan_sampling_time": 0,
        "start_from_current_time": False,
        "start_from_current_epoch_time": False,
    }


def _label(text: str) -> str:
    return clean_text(text).strip()


def _modifier(text: str) -> str:
    """A value BORIS takes as one modifier: one line, no reserved characters."""
    return " ".join(_label(text).translate(_RESERVED).split())
