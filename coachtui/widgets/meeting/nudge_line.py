"""One quiet line under the meeting clock: a question the tags suggest, dismissable with one key."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

ARROW = "➜ "


class NudgeLine(Widget):
    """Shows `title` and `question` while `question` is set; hidden otherwise. The screen sets all three.

    When the line is too narrow for everything, the title goes first, then the words of the key hint
    (the key itself stays), and only then is the question cut short.
    """

    title: reactive[str] = reactive("")
    question: reactive[str] = reactive("", layout=True)
    dismiss_key: reactive[str] = reactive("D")

    def watch_question(self, question: str) -> None:
        self.display = bool(question)

    def render(self) -> Text:
        width = self.size.width
        long_hint = Text(f"   {self.dismiss_key} dismisses", style="dim")
        short_hint = Text.assemble("  ", (f" {self.dismiss_key} ", "reverse"))
        title = Text(f"{self.title}: ", style="bold") if self.title else Text()
        question = Text(self.question, no_wrap=True, overflow="ellipsis")
        for heading, hint in ((title, long_hint), (Text(), long_hint), (Text(), short_hint)):
            if len(ARROW) + heading.cell_len + question.cell_len + hint.cell_len <= width or width <= 0:
                return Text.assemble((ARROW, "bold"), heading, question, hint, no_wrap=True)
        question.truncate(max(width - len(ARROW) - short_hint.cell_len, 1), overflow="ellipsis")
        return Text.assemble((ARROW, "bold"), question, short_hint, no_wrap=True)
