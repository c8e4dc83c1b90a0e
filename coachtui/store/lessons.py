"""SQL for the lesson taught between the meetings: its clock, evidence notes and feature timings."""

from __future__ import annotations

from typing import Any

from coachtui.core.model import Evidence, EvidenceKind, FeatureSpan, LessonFeature
from coachtui.errors import StoreError
from coachtui.store.connection import Records
from coachtui.text import clean_text


class LessonRecords(Records):
    """The observed lesson of a cycle: its clock, the evidence noted, and when each lesson feature ran."""

    def clock(self, cycle_id: int) -> float:
        row = self.db.one("SELECT clock_elapsed FROM lesson WHERE cycle_id = ?", (cycle_id,))
        return float(row["clock_elapsed"]) if row else 0.0

    def save_clock(self, cycle_id: int, elapsed: float) -> None:
        stamp = self.db.timestamp()
        self.db.write(
            "save the lesson clock",
            "INSERT INTO lesson (cycle_id, clock_elapsed, started_at) VALUES (?, ?, ?)"
            " ON CONFLICT (cycle_id) DO UPDATE SET clock_elapsed = excluded.clock_elapsed",
            (cycle_id, elapsed, stamp),
        )

    def add_evidence(self, cycle_id: int, t: float, kind: EvidenceKind, text: str = "", *,
                     critical: bool = False, video_ref: str = "") -> Evidence:
        evidence_id = self.db.write(
            "save the evidence",
            "INSERT INTO evidence (cycle_id, t, kind, text, critical, video_ref, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (cycle_id, t, kind.value, clean_text(text), int(critical), video_ref, self.db.timestamp()),
        )
        return self.evidence_item(evidence_id)

    def evidence_item(self, evidence_id: int) -> Evidence:
        row = self.db.one("SELECT * FROM evidence WHERE id = ?", (evidence_id,))
        if row is None:
            raise StoreError(f"There is no evidence note {evidence_id}.")
        return _evidence(row)

    def update_evidence(self, evidence_id: int, *, text: str | None = None, critical: bool | None = None,
                        video_ref: str | None = None) -> Evidence:
        if text is not None:
            self.db.write("save the evidence", "UPDATE evidence SET text = ?, version = version + 1 WHERE id = ?",
                          (clean_text(text), evidence_id))
        if critical is not None:
            self.db.write("save the evidence", "UPDATE evidence SET critical = ? WHERE id = ?",
                          (int(critical), evidence_id))
        if video_ref is not None:
            self.db.write("save the evidence", "UPDATE evidence SET video_ref = ? WHERE id = ?",
                          (video_ref, evidence_id))
        return self.evidence_item(evidence_id)

    def delete_evidence(self, evidence_id: int) -> None:
        self.db.write("delete the evidence", "DELETE FROM evidence WHERE id = ?", (evidence_id,))

    def evidence(self, cycle_id: int) -> list[Evidence]:
        return [_evidence(r) for r in self.db.rows(
            "SELECT * FROM evidence WHERE cycle_id = ? ORDER BY t, id", (cycle_id,))]

    def switch_feature(self, cycle_id: int, feature: LessonFeature | None, t: float) -> None:
        """End whichever lesson feature is running at `t` and, if given, start `feature`."""
        with self.db.transaction("save the lesson timings"):
            self.db.conn.execute("UPDATE feature_span SET end = ? WHERE cycle_id = ? AND end IS NULL", (t, cycle_id))
            if feature is not None:
                self.db.conn.execute("INSERT INTO feature_span (cycle_id, feature, start) VALUES (?, ?, ?)",
                                     (cycle_id, feature.value, t))

    def feature_spans(self, cycle_id: int) -> list[FeatureSpan]:
        return [FeatureSpan(LessonFeature(r["feature"]), r["start"], r["end"]) for r in self.db.rows(
            "SELECT feature, start, end FROM feature_span WHERE cycle_id = ? ORDER BY id", (cycle_id,))]


def _evidence(row: dict[str, Any]) -> Evidence:
    return Evidence(
        id=row["id"], cycle_id=row["cycle_id"], t=float(row["t"]), kind=EvidenceKind(row["kind"]),
        text=row["text"], critical=bool(row["critical"]), video_ref=row["video_ref"], created_at=row["created_at"],
    )
