"""SQL for the confidential summary of a meeting, the coachee's approvals, and the sharing log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coachtui.errors import StoreError
from coachtui.store.connection import Records
from coachtui.text import clean_text

if TYPE_CHECKING:
    from coachtui.core.summary import Approval, Section, Summary

# coachtui.core.summary (hashlib, json) is imported on first use: the summary is not needed to start.


class SummaryRecords(Records):
    """The confidential summary of each meeting, the coachee's approvals, and the log of what left the app."""

    def get(self, meeting_id: int) -> Summary | None:
        row = self.db.one("SELECT * FROM summary WHERE meeting_id = ?", (meeting_id,))
        return self._summary(row) if row else None

    def _summary(self, row: dict[str, Any]) -> Summary:
        from coachtui.core.summary import Summary, SummaryState, sections_from_json

        approval = self.db.one("SELECT * FROM approval WHERE summary_id = ? ORDER BY version DESC LIMIT 1",
                               (row["id"],))
        return Summary(row["id"], row["meeting_id"], sections_from_json(row["sections"]), SummaryState(row["state"]),
                       _approval(approval) if approval else None)

    def _summary_by_id(self, summary_id: int) -> Summary:
        row = self.db.one("SELECT * FROM summary WHERE id = ?", (summary_id,))
        if row is None:
            raise StoreError(f"There is no summary {summary_id}; it may have been erased.")
        return self._summary(row)

    def create(self, meeting_id: int, sections: tuple[Section, ...]) -> Summary:
        """The meeting's summary, drafted from `sections` if it has none yet."""
        from coachtui.core.summary import sections_to_json

        existing = self.get(meeting_id)
        if existing is not None:
            return existing
        stamp = self.db.timestamp()
        self.db.write("save the summary", "INSERT INTO summary (meeting_id, sections, state, created_at, updated_at)"
                      " VALUES (?, ?, 'draft', ?, ?)", (meeting_id, sections_to_json(_clean(sections)), stamp, stamp))
        created = self.get(meeting_id)
        assert created is not None
        return created

    def save_sections(self, summary_id: int, sections: tuple[Section, ...]) -> Summary:
        """Save an edit. An approved summary that changes is void: the approval no longer covers it."""
        from coachtui.core.summary import SummaryState, sections_to_json

        current = self._summary_by_id(summary_id)
        sections = _clean(sections)
        if sections == current.sections:
            return current
        state = SummaryState.VOID if current.state is SummaryState.APPROVED else current.state
        self.db.write("save the summary", "UPDATE summary SET sections = ?, state = ?, updated_at = ? WHERE id = ?",
                      (sections_to_json(sections), state.value, self.db.timestamp(), summary_id))
        return self._summary_by_id(summary_id)

    def approve(self, summary_id: int, initials: str, text: str) -> Summary:
        """The coachee approves exactly `text` (built from the current sections)."""
        from coachtui.core.summary import fingerprint, sections_to_json

        initials, text = clean_text(initials).strip(), clean_text(text)  # as the sections it is built from
        if not initials:
            raise StoreError("Approval needs the coachee's initials.")
        current = self._summary_by_id(summary_id)
        version = (current.approval.version if current.approval else 0) + 1
        with self.db.transaction("record the approval"):
            self.db.write("record the approval", "INSERT INTO approval (summary_id, version, initials, approved_at,"
                          " text_hash, text, sections) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          (summary_id, version, initials, self.db.timestamp(), fingerprint(text), text,
                           sections_to_json(current.sections)))
            self.db.write("record the approval", "UPDATE summary SET state = 'approved', updated_at = ? WHERE id = ?",
                          (self.db.timestamp(), summary_id))
        return self._summary_by_id(summary_id)

    def withdraw_approval(self, summary_id: int) -> Summary:
        self.db.write("withdraw the approval", "UPDATE summary SET state = 'withdrawn', updated_at = ? WHERE id = ?",
                      (self.db.timestamp(), summary_id))
        return self._summary_by_id(summary_id)

    def restore_approved(self, summary_id: int) -> Summary:
        """Put back the sections the coachee last approved; the approval covers them again."""
        from coachtui.core.summary import SummaryState, sections_to_json

        current = self._summary_by_id(summary_id)
        if current.approval is None or current.state is not SummaryState.VOID:
            raise StoreError("Only an approval voided by an edit can be restored.")
        self.db.write("restore the approved summary", "UPDATE summary SET sections = ?, state = 'approved',"
                      " updated_at = ? WHERE id = ?",
                      (sections_to_json(current.approval.sections), self.db.timestamp(), summary_id))
        return self._summary_by_id(summary_id)



def _clean(sections: tuple[Section, ...]) -> tuple[Section, ...]:
    from coachtui.core.summary import Section

    return tuple(Section(s.key, s.title, clean_text(s.text), s.included) for s in sections)


def _approval(row: dict[str, Any]) -> Approval:
    from coachtui.core.summary import Approval, sections_from_json

    return Approval(row["version"], row["initials"], row["approved_at"], row["text_hash"], row["text"],
                    sections_from_json(row["sections"]))
