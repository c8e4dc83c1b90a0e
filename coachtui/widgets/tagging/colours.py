"""How functions look on screen: five families, each with one colour, so the timeline reads at a glance.

Which function belongs to which family is data (`[function.families]` in `coachtui/data/dimensions.toml`);
the colour of each family is presentation, kept here.
"""

from __future__ import annotations

from functools import cache

# Named ANSI colours degrade well on 16- and 256-colour terminals, and Rich drops them under NO_COLOR.
FAMILY_COLOURS = {
    "asks": "cyan",
    "explains": "bright_blue",  # clarification spells out one's own meaning (asking for it is a question)
    "judges": "green",
    # Bright: under NO_COLOR plain magenta turns a grey too dark to read on the dark background.
    "tests": "bright_magenta",
    "builds": "yellow",
}


@cache
def function_styles() -> dict[str, str]:
    """Each function's colour, from its family in the data (every family must have a colour here)."""
    from coachtui.core.vocabulary import vocabulary

    return {function: FAMILY_COLOURS[family]
            for family, functions in vocabulary().families("function").items() for function in functions}


def function_style(function: str) -> str:
    return function_styles().get(function, "")
