"""One quiet line under the meeting clock: a question the tags suggest, dismissable with one key."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class NudgeLine(Widget):
    """Shows `title` and `question` while `question` is set; hidden otherwise. The screen sets both."""

    title: reactive[str] = reactive("")
    question: reactive[str] = reactive("", layout=True)
    dismiss_key: reactive[str] = reactive("D")

    def watch_question(self, question: str) -> None:
        self.display = bool(question)

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("➜ ", style="bold")
        if self.title:
            text.append(f"{self.title}: ", style="bold")
        text.append(self.question)
        text.append(f"   {self.dismiss_key} dismisses", style="dim")
        return text
