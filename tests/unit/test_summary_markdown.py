"""The exported Markdown shows exactly what the coachee approved: rendered by a CommonMark renderer, its text
is the approved text, whatever the notes hold (headings, rules, HTML, lists, code, tables, line breaks)."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from coachtui.core.model import GrowPhase, Meeting, MeetingMode, Partnership, PerformanceLink, Stage
from coachtui.core.summary import Approval, Section, as_markdown, confidential_line, fingerprint, shareable_text

# CommonMark with raw HTML on, plus the GitHub tables and strikethrough that many readers add.
RENDERER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
BLOCK = re.compile(r"<(h1|h2|p)>(.*?)</\1>\n", re.DOTALL)
WHOLE_BLOCK_EMPHASIS = re.compile(r"<(strong|em)>(.*)</\1>", re.DOTALL)  # ours: the agreement and approval lines


def rendered_text(markdown: str) -> str:
    """What a reader sees: each heading and paragraph as a block, hard breaks as line ends, no other markup."""
    rendered = RENDERER.render(markdown)
    assert BLOCK.sub("", rendered) == "<hr />\n", rendered  # headings and paragraphs, and our one rule
    blocks = []
    for _, inner in BLOCK.findall(rendered):
        inner = WHOLE_BLOCK_EMPHASIS.fullmatch(inner).group(2) if WHOLE_BLOCK_EMPHASIS.fullmatch(inner) else inner
        text = inner.replace("<br />\n", "\n")
        assert "<" not in text, inner  # no tag of the user's made it through
        blocks.append(html.unescape(text))
    return "\n\n".join(blocks)


def approved(notes: dict[str, str], coach: str = "Ana Lopez", coachee: str = "Sam Reed") -> Approval:
    partnership = Partnership(1, coach, coachee, "questioning", "2026-03-01")
    meeting = Meeting(1, 1, Stage.PRE_LESSON, 12, MeetingMode.LIVE, GrowPhase.GOAL, "a4l", 0.0, None,
                      "2026-03-02T10:00:00", "2026-03-02T09:40:00")
    sections = tuple(Section(key, key.replace("_", " ").title(), text) for key, text in notes.items())
    text = shareable_text(partnership, meeting, sections)
    return Approval(1, "SR", "2026-03-02T10:05:00", fingerprint(text), text, sections)


def expected_text(approval: Approval, link: PerformanceLink | None) -> str:
    title = approval.text.split("\n", 1)[0]
    blocks = [title, confidential_line(link)]
    for section in approval.sections:
        if section.included and section.text.strip():
            blocks += [section.title, section.text.strip()]
    blocks.append(f"Approved by {approval.initials} on 2026-03-02 (version 1, sha256 {approval.text_hash[:16]})")
    return "\n\n".join(blocks)


def assert_shows_exactly(notes: dict[str, str], link: PerformanceLink | None = None, **names: str) -> None:
    approval = approved(notes, **names)
    assert rendered_text(as_markdown(approval, link)) == expected_text(approval, link)


def test_the_issue_s_examples_render_as_written() -> None:
    assert_shows_exactly({
        "goal": "Pupils explain their thinking\n---",  # would make the line above a heading
        "reality": "# not a title\nline one\nline two",  # a title, and lines joined into one
        "options": "<b>bold?</b> & &amp; <script>alert(1)</script>",
        "way_forward": "1. first\n2) second\n- a\n+ b\n* c\n> quoted\n```\nfenced\n```\n    indented code",
        "actions": "| a | b |\n|---|---|\n| 1 | 2 |\n~~struck~~ *em* _em_ **strong** `code` [link](http://x) ![i](y)",
        "next": "a\\\nb\\\n\n\nafter two blank lines\n   \n===\n\t tabbed",
    })


def test_names_and_the_agreement_line_are_text_too() -> None:
    assert_shows_exactly({"focus": "Questioning"}, PerformanceLink.COACHEE_CHOOSES_TARGET,
                         coach="<i>Ana</i> #1", coachee="*Sam* [Reed]")


# Text as the store keeps it (clean_text: no control characters but tab and newline), heavy with the characters
# Markdown reads as markup, and the Unicode spaces Python and Markdown trim differently.
PIECES = [*"#->*+=_`~|<>&;[]()!\\:.0123456789 \t\n", "a", "Z", "é", "\u00a0", "\u2003", "\u2028", "\u3000",
          "&#32;", "&lt;", "<b>", "```", "---", "    "]
MARKUP_HEAVY = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(notes=st.lists(MARKUP_HEAVY, min_size=1, max_size=4), names=st.tuples(MARKUP_HEAVY, MARKUP_HEAVY))
def test_any_hostile_notes_render_as_the_approved_text(notes: list[str], names: tuple[str, str]) -> None:
    coach, coachee = (name.replace("\n", " ") for name in names)  # names are one line
    assert_shows_exactly({f"s{i}": text for i, text in enumerate(notes)}, coach=coach, coachee=coachee)
