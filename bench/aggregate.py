"""The coordinator's aggregate view at school scale: 10,000 meetings holding 1,000,000 tagged turns.

Builds the database once (bulk SQL, not timed), then times:
- the one-off fill of the per-meeting talk cache (`refresh_talk`), which later runs only for
  meetings whose tags changed;
- the aggregate view's queries (`build_overview`), the figure with a target: under one second;
- the files' tables (`build_tables`, one row per meeting, and its CSV), worked out only when the coordinator
  saves the figures or runs `coachtui aggregate --csv/--sqlite`: timed too, beside the target.
Each query sample is paired with a bare Textual app's start in a fresh interpreter, for a ratio
that machine noise moves less than the absolute time. Prints one JSON object.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import startup

TARGET_MS = 1000.0
FUNCTIONS_WEIGHTED = (["question"] * 20 + ["explanation"] * 18 + ["evaluation"] * 10 + ["acceptance"] * 9
                      + ["justification"] * 8 + ["clarification"] * 8 + ["summary"] * 5 + ["context"] * 5
                      + ["suggestion"] * 5 + ["continuity"] * 4 + ["challenge"] * 3 + ["defence"] * 2
                      + ["generalisation"] * 2 + ["new idea"] * 2 + ["dissonance"])
STIMULI = ["none"] * 6 + ["recall"] * 3 + ["observation notes", "video extract", "pupils' work"]
SCALES = ["", "critical moment", "episode", "episode", "lesson as a whole", "generalised theme"]
TIMES = ["", "the lesson itself", "the lesson itself", "past", "future specific lessons", "no specific time-frame"]


def build(path: Path, meetings: int, turns_per_meeting: int, seed: int = 7) -> None:
    """Fill a fresh database with partnerships, cycles, ended meetings and tagged turns."""
    from coachtui.store import Store

    rng = random.Random(seed)
    store = Store.open(path, durable=False)
    conn = store.db.conn
    conn.execute("BEGIN")
    coaches = max(1, meetings // 80)
    partnerships = max(1, meetings // 25)
    for pid in range(1, partnerships + 1):
        # Every pair agreed to be counted, so the school's figures hold every meeting.
        conn.execute("INSERT INTO partnership (id, coach, coachee, focus, created_at, figures_coach_agreed_at,"
                     " figures_coachee_agreed_at) VALUES (?, ?, ?, '', ?, ?, ?)",
                     (pid, f"coach {pid % coaches}", f"coachee {pid}", *["2025-09-01T08:00:00+00:00"] * 3))
    turn_rows = []
    for mid in range(1, meetings + 1):
        pid = (mid - 1) % partnerships + 1
        number = (mid - 1) // partnerships // 2 + 1
        cid = conn.execute("SELECT id FROM cycle WHERE partnership_id = ? AND number = ?", (pid, number)).fetchone()
        if cid is None:
            cycle_id = conn.execute("INSERT INTO cycle (partnership_id, number, stage, created_at) VALUES"
                                    " (?, ?, 4, '2025-09-01')", (pid, number)).lastrowid
        else:
            cycle_id = cid[0]
        day = f"2025-{9 + (mid * 10 // meetings) % 4:02d}-{1 + mid % 28:02d}T10:00:00+00:00"
        conn.execute("INSERT INTO meeting (id, cycle_id, stage, planned_minutes, clock_elapsed, started_at,"
                     " ended_at, created_at) VALUES (?, ?, ?, 12, ?, ?, ?, ?)",
                     (mid, cycle_id, 2 if mid % 2 else 4, rng.uniform(540, 960), day, day, day))
        conn.execute("INSERT INTO observer (id, meeting_id, code) VALUES (?, ?, 'observer')", (mid, mid))
        for i in range(turns_per_meeting):
            speaker = "coach" if i % 2 == 0 else "coachee"
            turn_rows.append((mid, mid, i * 7.5, speaker, rng.choice(FUNCTIONS_WEIGHTED),
                              speaker if rng.random() < 0.12 else "", rng.choice(STIMULI), rng.choice(SCALES),
                              rng.choice(TIMES), int(rng.random() < 0.04), day))
        if len(turn_rows) >= 50_000:
            _insert_turns(conn, turn_rows)
    _insert_turns(conn, turn_rows)
    conn.execute("COMMIT")
    store.close()


def _insert_turns(conn: object, rows: list[tuple[object, ...]]) -> None:
    conn.executemany(  # type: ignore[attr-defined]
        "INSERT INTO turn (meeting_id, observer_id, t, speaker, function, initiation, stimulus, scale, time_frame,"
        " co_construction, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    rows.clear()


def measure(meetings: int = 10_000, turns_per_meeting: int = 100, samples: int = 9) -> dict[str, float | int]:
    from coachtui.core.vocabulary import vocabulary
    from coachtui.services.figure_tables import as_csv, build_tables
    from coachtui.services.figures import build_overview, refresh_talk
    from coachtui.store import Store

    functions = vocabulary().functions
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "school.db"
        started = time.perf_counter()
        build(path, meetings, turns_per_meeting)
        built = time.perf_counter() - started
        store = Store.open(path)
        started = time.perf_counter()
        filled = refresh_talk(store)
        fill = time.perf_counter() - started
        query_ms, ratios, tables_ms, csv_ms = [], [], [], []
        build_overview(store, functions)  # warm the page cache, as a coordinator's second look would be
        for _ in range(samples):
            started = time.perf_counter()
            overview = build_overview(store, functions)
            elapsed = (time.perf_counter() - started) * 1000
            started = time.perf_counter()
            tables = build_tables(store, functions)
            tables_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            as_csv(tables)
            csv_ms.append((time.perf_counter() - started) * 1000)
            bare_ms = startup.launch("bare")[0] * 1000
            query_ms.append(elapsed)
            ratios.append(elapsed / bare_ms)
        store.close()
    return {
        "meetings": meetings,
        "turns": overview.counts["turns_tagged"],
        "samples": samples,
        "build_seconds": round(built, 1),
        "cache_fill_seconds": round(fill, 1),
        "meetings_filled": filled,
        "aggregate_median_ms": round(statistics.median(query_ms), 1),
        "aggregate_p99_ms": round(startup.percentile(query_ms, 0.99), 1),
        "aggregate_target_ms": TARGET_MS,
        "tables_median_ms": round(statistics.median(tables_ms), 1),
        "csv_median_ms": round(statistics.median(csv_ms), 1),
        "meeting_rows": len(tables.meetings),
        "ratio_to_bare_start_median": round(statistics.median(ratios), 3),
        "ratio_to_bare_start_p99": round(startup.percentile(ratios, 0.99), 3),
    }


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    print(json.dumps({"aggregate": measure(size)}, indent=2))
