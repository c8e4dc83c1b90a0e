"""The summary's life in the database: draft, approved, void on edit, restored, withdrawn; and erasing."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachtui.core.model import GrowPhase, Stage, Turn
from coachtui.core.summary import Section, SummaryState, draft_sections, fingerprint, with_section
from coachtui.errors import StoreError
from coachtui.store import Store
from tests.helpers import RunCli, rows

MARKER = "ZEBRA-7731-CONFIDENTIAL-MARKER"


def meeting_with_summary(store: Store) -> tuple[int, int]:
    partnership = store.partnerships.create("Ana Lopez", "Sam Reed", "wait time")
    cycle = store.cycles.current(partnership.id)
    meeting = store.meetings.open(cycle.id, Stage.PRE_LESSON)
    store.meetings.save_note(meeting.id, GrowPhase.GOAL, "every pupil answers")
    sections = draft_sections("wait time", store.meetings.notes(meeting.id), [], "hinge")
    summary = store.summaries.create(meeting.id, sections)
    return meeting.id, summary.id


def test_an_edit_after_approval_voids_it_and_restoring_brings_it_back(store: Store) -> None:
    meeting_id, summary_id = meeting_with_summary(store)
    summary = store.summaries.get(meeting_id)
    assert summary is not None and summary.state is SummaryState.DRAFT and not summary.exportable
    approved = store.summaries.approve(summary_id, " SR ", "the exact text")
    assert approved.state is SummaryState.APPROVED and approved.exportable
    assert approved.approval is not None
    assert (approved.approval.initials, approved.approval.version) == ("SR", 1)
    assert approved.approval.text_hash == fingerprint("the exact text")

    edited = store.summaries.save_sections(summary_id, with_section(approved.sections, "goal", text="changed"))
    assert edited.state is SummaryState.VOID and not edited.exportable
    restored = store.summaries.restore_approved(summary_id)
    assert restored.state is SummaryState.APPROVED and restored.sections == approved.sections

    again = store.summaries.approve(summary_id, "SR", "the exact text")
    assert again.approval is not None and again.approval.version == 2
    withdrawn = store.summaries.withdraw_approval(summary_id)
    assert withdrawn.state is SummaryState.WITHDRAWN and not withdrawn.exportable


def test_saving_the_same_sections_changes_nothing(store: Store) -> None:
    _, summary_id = meeting_with_summary(store)
    approved = store.summaries.approve(summary_id, "SR", "text")
    assert store.summaries.save_sections(summary_id, approved.sections).state is SummaryState.APPROVED


def test_approval_needs_initials_and_restore_needs_a_voided_approval(store: Store) -> None:
    _, summary_id = meeting_with_summary(store)
    with pytest.raises(StoreError, match="initials"):
        store.summaries.approve(summary_id, "  ", "text")
    with pytest.raises(StoreError, match="voided"):
        store.summaries.restore_approved(summary_id)


def test_erasing_a_partnership_leaves_none_of_its_text_in_the_file(store: Store, db_path: Path) -> None:
    keep = store.partnerships.create("Kim Ng", "Lee Park", "group work")
    gone = store.partnerships.create(f"Coach {MARKER}", f"Coachee {MARKER}", MARKER)
    cycle = store.cycles.current(gone.id)
    meeting = store.meetings.open(cycle.id, Stage.POST_LESSON)
    store.meetings.save_note(meeting.id, GrowPhase.REALITY, f"note {MARKER} " * 50)
    store.actions.add(cycle.id, meeting.id, f"action {MARKER}")
    store.turns.add(meeting.id, Turn(t=1, speaker="coach", function="question", note=MARKER, observer=MARKER))
    summary = store.summaries.create(meeting.id, (Section("focus", "Focus", MARKER),))
    store.summaries.approve(summary.id, "XY", f"approved {MARKER}")
    store.sharing.log_export(f"summary {MARKER}", f"/tmp/{MARKER}.md", partnership_id=gone.id, meeting_id=meeting.id)

    store.erasing.partnership(gone.id)

    assert [p.id for p in store.partnerships.all()] == [keep.id]
    for path in (db_path, db_path.with_name(db_path.name + "-wal")):
        if path.exists():
            assert MARKER.encode() not in path.read_bytes(), path.name
    with pytest.raises(StoreError):
        store.partnerships.get(gone.id)


# -- the command line ---------------------------------------------------------------------------


def test_export_refuses_a_summary_that_is_not_approved_and_writes_an_approved_one(
        tmp_path: Path, db_path: Path, run_cli: RunCli) -> None:
    import stat

    from coachtui.errors import EXIT_REFUSED

    store = Store.open(db_path)
    meeting_id, summary_id = meeting_with_summary(store)
    store.close()
    target = tmp_path / "out.md"

    refused = run_cli("--db", str(db_path), "export", "--meeting", str(meeting_id), "--to", str(target))
    assert refused.returncode == EXIT_REFUSED
    assert "is draft, not approved" in refused.stderr and refused.stderr.count("\n") == 1
    assert not target.exists()

    store = Store.open(db_path)
    store.summaries.approve(summary_id, "SR", "Coaching summary\n\nGoal\nevery pupil answers\n")
    store.close()
    done = run_cli("--db", str(db_path), "export", "--meeting", str(meeting_id), "--to", str(target))
    assert done.returncode == 0, done.stderr
    assert "CONFIDENTIAL" in target.read_text() and "Approved by SR" in target.read_text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert rows(db_path, "SELECT what FROM export_log") == [{"what": "summary v1 (markdown)"}]
    again = run_cli("--db", str(db_path), "export", "--meeting", str(meeting_id), "--to", str(target))
    assert again.returncode != 0 and "already exists" in again.stderr


def test_erase_from_the_command_line_needs_yes(db_path: Path, run_cli: RunCli) -> None:
    from coachtui.errors import EXIT_USAGE

    store = Store.open(db_path)
    gone = store.partnerships.create(f"Ana {MARKER}", "Sam")
    store.close()
    asked = run_cli("--db", str(db_path), "erase", "--partnership", str(gone.id))
    assert asked.returncode == EXIT_USAGE and "--yes" in asked.stderr
    done = run_cli("--db", str(db_path), "erase", "--partnership", str(gone.id), "--yes")
    assert done.returncode == 0, done.stderr
    assert MARKER.encode() not in db_path.read_bytes()
    missing = run_cli("--db", str(db_path), "erase", "--partnership", "99", "--yes")
    assert missing.returncode == 4 and "There is no partnership 99" in missing.stderr
