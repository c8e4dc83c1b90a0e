"""The confidential meeting summary: sections drafted from the meeting, the text the coachee
approves, its fingerprint, and the documents an approved summary is exported as.

Pure functions over plain data; the store keeps summaries and approvals, the screen edits them.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, replace
from datetime import date
from enum import StrEnum

from coachtui.core.model import Action, ActionStatus, GrowPhase, Meeting, Partnership, PerformanceLink

CONFIDENTIAL = "CONFIDENTIAL: shared with the coachee's approval. Not for performance management."

# The line at the top of every exported summary says what the partners agreed about performance management,
# so it never promises more (or less) than the arrangements do.
CONFIDENTIAL_LINES = {
    PerformanceLink.UNRELATED: CONFIDENTIAL,
    PerformanceLink.COACHEE_BRINGS_EVIDENCE: (
        "CONFIDENTIAL: shared with the coachee's approval. As agreed, the coachee may choose to bring it to "
        "their own performance review; no one else may use it there."),
    PerformanceLink.COACHEE_CHOOSES_TARGET: (
        "CONFIDENTIAL: shared with the coachee's approval. As agreed, the coachee works here on a target they "
        "chose from their performance review; whether this summary goes to that review is theirs to decide."),
    PerformanceLink.MANAGER_LED: (
        "CONFIDENTIAL: shared with the coachee's approval. As agreed, managers use this coaching to address "
        "concerns; it goes no further than the coachee has approved."),
}


def confidential_line(link: PerformanceLink | None) -> str:
    """The confidentiality line for what was agreed; with nothing known, one that promises nothing about reviews."""
    if link is None:
        return "CONFIDENTIAL: shared with the coachee's approval."
    return CONFIDENTIAL_LINES[link]


class SummaryState(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    VOID = "void"  # edited after approval: the approval no longer covers the text
    WITHDRAWN = "withdrawn"  # the coachee took the approval back


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    text: str
    included: bool = True


@dataclass(frozen=True)
class Approval:
    version: int
    initials: str
    approved_at: str
    text_hash: str
    text: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Summary:
    id: int
    meeting_id: int
    sections: tuple[Section, ...]
    state: SummaryState
    approval: Approval | None  # the latest approval, whatever has happened to it since

    @property
    def exportable(self) -> bool:
        return self.state is SummaryState.APPROVED and self.approval is not None


def sections_to_json(sections: tuple[Section, ...] | list[Section]) -> str:
    return json.dumps([asdict(section) for section in sections], ensure_ascii=False)


def sections_from_json(text: str) -> tuple[Section, ...]:
    return tuple(Section(**item) for item in json.loads(text))


def with_section(sections: tuple[Section, ...], key: str, *, text: str | None = None,
                 included: bool | None = None) -> tuple[Section, ...]:
    """The sections with one changed."""
    return tuple(replace(s, text=s.text if text is None else text, included=s.included if included is None
                         else included) if s.key == key else s for s in sections)


ACTION_MARKS = {ActionStatus.OPEN: "", ActionStatus.DONE: "Done: ", ActionStatus.DROPPED: "Dropped: "}


def action_line(action: Action) -> str:
    """One action as a line of the summary, saying in words when it is done or dropped."""
    due = f", by {action.due.isoformat()}" if action.due else ""
    return f"- {ACTION_MARKS[action.status]}{action.text} ({action.owner}{due})"


def draft_sections(focus: str, notes: dict[GrowPhase, str], actions: list[Action], next_focus: str,
                   talk: str = "") -> tuple[Section, ...]:
    """A first draft from the meeting: a section with nothing in it starts left out, and so do the talk
    indicators, for the coachee to add."""
    drafted = [
        ("focus", "Focus", focus),
        ("goal", "Goal", notes.get(GrowPhase.GOAL, "")),
        ("reality", "Reality", notes.get(GrowPhase.REALITY, "")),
        ("options", "Options", notes.get(GrowPhase.OPTIONS, "")),
        ("way_forward", "Way forward", notes.get(GrowPhase.WAY_FORWARD, "")),
        ("actions", "Actions", "\n".join(action_line(a) for a in actions if a.text.strip())),
        ("next", "Next time", next_focus),
    ]
    sections = [Section(key, title, text.strip(), included=bool(text.strip())) for key, title, text in drafted]
    if talk:
        sections.append(Section("talk", "How the talk went", talk.strip(), included=False))
    return tuple(sections)


def shareable_text(partnership: Partnership, meeting: Meeting, sections: tuple[Section, ...]) -> str:
    """Exactly what will be shareable once approved: the included sections that say something."""
    day = (meeting.ended_at or meeting.created_at)[:10]
    lines = [f"Coaching summary: {partnership.pair}, {meeting.stage.title.lower()} on {day}"]
    for section in sections:
        if section.included and section.text.strip():
            lines += ["", section.title, section.text.strip()]
    return "\n".join(lines) + "\n"


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def approval_line(approval: Approval) -> str:
    return (f"Approved by {approval.initials} on {approval.approved_at[:10]} "
            f"(version {approval.version}, sha256 {approval.text_hash[:16]})")


# Escaped wherever they stand: emphasis, code, links, HTML and entities, tables, strikethrough, heading closers.
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<&|~#])")
# Escaped at the start of a line: quotes, list items, setext underlines, and the dot or bracket of numbered items.
_MARKDOWN_LINE_START = re.compile(r"^([>+=-])")
_NUMBERED = re.compile(r"^(\d+)([.)])")


def _references(spaces: str) -> str:
    return "".join(f"&#{ord(c)};" for c in spaces)


def _literal_line(line: str) -> str:
    """One line of user text as Markdown that renders as exactly these characters, never as markup."""
    body = line.strip()
    if not body:
        return _references(line)
    start = line.index(body)
    body = _NUMBERED.sub(r"\1\\\2", _MARKDOWN_LINE_START.sub(r"\\\1", _MARKDOWN_INLINE.sub(r"\\\1", body)))
    # Space at either end of a line is trimmed by Markdown, and four at the start make code: it stays as
    # character references, which the block parser reads as text.
    return _references(line[:start]) + body + _references(line[start + len(line.strip()):])


def markdown_literal(text: str) -> str:
    """User text as a Markdown paragraph showing exactly its characters, each line break a hard break."""
    return "\\\n".join(_literal_line(line) for line in text.split("\n"))


def as_markdown(approval: Approval, link: PerformanceLink | None = None) -> str:
    """The approved text as a Markdown document, marked confidential as agreed and carrying its approval.

    What a Markdown reader shows is exactly the approved text: user text is escaped, its line breaks kept."""
    title = approval.text.split("\n", 1)[0]
    out = [f"# {markdown_literal(title)}", "", f"**{markdown_literal(confidential_line(link))}**"]
    for section in approval.sections:
        if section.included and section.text.strip():
            out += ["", f"## {markdown_literal(section.title)}", "", markdown_literal(section.text.strip())]
    out += ["", "---", "", f"*{markdown_literal(approval_line(approval))}*", ""]
    return "\n".join(out)


def as_plain_text(approval: Approval, link: PerformanceLink | None = None) -> str:
    return f"{confidential_line(link)}\n\n{approval.text.rstrip()}\n\n{approval_line(approval)}\n"


def initials_of(name: str) -> str:
    return "".join(part[0].upper() for part in name.split() if part[:1].isalpha())


def default_file_name(partnership: Partnership, today: date, suffix: str = "md") -> str:
    pair = f"{initials_of(partnership.coach)}-{initials_of(partnership.coachee)}".strip("-") or "pair"
    return f"coaching-summary-{today.isoformat()}-{pair}.{suffix}"
