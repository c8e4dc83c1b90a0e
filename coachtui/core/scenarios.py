"""Role-play scenarios for coach training, one TOML file each, with a separate brief for each role.

Shipped scenarios live in `coachtui/data/scenarios/`; a school adds its own in the config folder's
`scenarios/`, replacing a shipped one with the same id. A malformed file is skipped and named.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from coachtui.core.codes import SCENARIO_KEY
from coachtui.core.model import Stage
from coachtui.core.parsing import toml_data
from coachtui.errors import PackError
from coachtui.text import clean_text

STAGES = {"pre-lesson": Stage.PRE_LESSON, "post-lesson": Stage.POST_LESSON}
KINDS = ("coaching", "mentoring-vs-coaching")
ROLES = ("coach", "coachee", "observer")


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    theme: str  # a prompt pack key
    stage: Stage
    minutes: int
    kind: str
    coachee_situation: str
    coachee_unnoticed: str
    coach_focus: str
    coach_known: str
    observer_listen_for: tuple[str, ...]
    origin: str = "shipped"

    def brief(self, role: str) -> str:
        """The text for one role only: the coachee's unnoticed detail is in the coachee's brief alone."""
        if role == "coachee":
            return (f"{self.coachee_situation}\n\nWhat you have not noticed yet (let it come out only if the "
                    f"coach's questions or the evidence lead you there):\n{self.coachee_unnoticed}")
        if role == "coach":
            return f"The agreed focus: {self.coach_focus}\n\nWhat you know going in:\n{self.coach_known}"
        if role == "observer":
            return "Listen for:\n" + "\n".join(f"• {item}" for item in self.observer_listen_for)
        raise ValueError(f"unknown role {role!r}")


@dataclass(frozen=True)
class ScenarioLibrary:
    scenarios: dict[str, Scenario]
    problems: list[str] = field(default_factory=list)

    def get(self, scenario_id: str) -> Scenario | None:
        return self.scenarios.get(scenario_id)

    def ordered(self) -> list[Scenario]:
        return sorted(self.scenarios.values(), key=lambda s: (s.theme, s.title))


def reflow(text: str) -> str:
    """Paragraphs as written, each on one line: the screen wraps them to its own width."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in paragraphs)


def parse_scenario(data: dict[str, Any], origin: str, known_themes: Collection[str], stem: str) -> Scenario:
    """A scenario from parsed TOML; PackError names the file and the field at fault."""
    def text(table: dict[str, Any], key: str, where: str) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise PackError(f"{origin}: '{where}' is missing or empty.")
        return reflow(clean_text(value))

    def section(name: str) -> dict[str, Any]:
        table = data.get(name)
        if not isinstance(table, dict):
            raise PackError(f"{origin}: the [{name}] brief is missing.")
        return table

    scenario_id = text(data, "id", "id")
    if not SCENARIO_KEY.fullmatch(scenario_id) or scenario_id != stem:
        raise PackError(f"{origin}: the id '{scenario_id}' must be lower-case letters, digits and '-' and match "
                        f"the file name ({stem}).")
    theme = text(data, "theme", "theme")
    if theme not in known_themes:
        raise PackError(f"{origin}: the theme '{theme}' is not a prompt pack ({', '.join(sorted(known_themes))}).")
    stage = STAGES.get(str(data.get("stage")))
    if stage is None:
        raise PackError(f"{origin}: 'stage' must be \"pre-lesson\" or \"post-lesson\".")
    minutes = data.get("minutes")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 5 <= minutes <= 20:
        raise PackError(f"{origin}: 'minutes' must be a whole number from 5 to 20.")
    kind = data.get("kind", "coaching")
    if kind not in KINDS:
        raise PackError(f"{origin}: 'kind' must be one of {', '.join(KINDS)}.")
    coachee, coach, observer = section("coachee"), section("coach"), section("observer")
    listen_for = observer.get("listen_for")
    if not isinstance(listen_for, list) or not listen_for or not all(
            isinstance(item, str) and item.strip() for item in listen_for):
        raise PackError(f"{origin}: 'observer.listen_for' must list what the observer listens for.")
    return Scenario(
        id=scenario_id, title=text(data, "title", "title"), theme=theme, stage=stage, minutes=minutes, kind=kind,
        coachee_situation=text(coachee, "situation", "coachee.situation"),
        coachee_unnoticed=text(coachee, "unnoticed", "coachee.unnoticed"),
        coach_focus=text(coach, "focus", "coach.focus"), coach_known=text(coach, "known", "coach.known"),
        observer_listen_for=tuple(clean_text(item).strip() for item in listen_for),
        origin=origin,
    )


def _read(path: Path, known_themes: Collection[str], origin: str, *, check_shape: bool = False) -> Scenario:
    try:
        data = toml_data(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise PackError(f"{origin} is not a text file.") from None
    except OSError as error:
        raise PackError(f"{origin} cannot be read ({error.strerror}).") from None
    except tomllib.TOMLDecodeError as error:
        raise PackError(f"{origin} is not valid TOML ({error}).") from None
    scenario = parse_scenario(data, origin, known_themes, path.stem)
    if check_shape:  # a user's file: what parse_scenario lets through (a misspelt key); shipped ones are tested
        from coachtui.core.schemas import checked
        from coachtui.core.schemas.pack_file import ScenarioFile

        checked(data, ScenarioFile, lambda problem: PackError(f"{origin}: {problem}."))
    return scenario


def load_scenarios(known_themes: Collection[str], user_dir: Path | None = None) -> ScenarioLibrary:
    """Shipped scenarios, then the user's; a malformed user file is skipped and described."""
    scenarios: dict[str, Scenario] = {}
    shipped = resources.files("coachtui") / "data" / "scenarios"
    for item in sorted(shipped.iterdir(), key=lambda entry: entry.name):
        if item.name.endswith(".toml"):
            scenario = _read(Path(str(item)), known_themes, f"scenarios/{item.name}")
            scenarios[scenario.id] = replace_origin(scenario, "shipped")
    problems: list[str] = []
    from coachtui.locations import is_dir

    if user_dir is not None and is_dir(user_dir):
        for path in sorted(user_dir.glob("*.toml")):
            try:
                scenario = _read(path, known_themes, str(path), check_shape=True)
            except PackError as problem:
                problems.append(f"{problem} It is skipped.")
                continue
            scenarios[scenario.id] = scenario
    return ScenarioLibrary(scenarios, problems)


def replace_origin(scenario: Scenario, origin: str) -> Scenario:
    from dataclasses import replace

    return replace(scenario, origin=origin)
