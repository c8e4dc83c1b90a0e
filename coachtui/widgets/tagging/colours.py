"""How functions look on screen: five families, each with one colour, so the timeline reads at a glance."""

from __future__ import annotations

# Named ANSI colours degrade well on 16- and 256-colour terminals, and Rich drops them under NO_COLOR.
FAMILIES: dict[str, tuple[tuple[str, ...], str]] = {
    "asks": (("question",), "cyan"),
    # Clarification spells out one's own meaning (asking for it is a question): it explains.
    "explains": (("explanation", "context", "justification", "clarification", "continuity"), "bright_blue"),
    "judges": (("evaluation", "summary", "acceptance"), "green"),
    # Bright: under NO_COLOR plain magenta turns a grey too dark to read on the dark background.
    "tests": (("challenge", "dissonance", "defence"), "bright_magenta"),
    "builds": (("new idea", "suggestion", "generalisation"), "yellow"),
}
FUNCTION_STYLE = {function: colour for functions, colour in FAMILIES.values() for function in functions}


def function_style(function: str) -> str:
    return FUNCTION_STYLE.get(function, "")
