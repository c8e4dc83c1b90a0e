"""The database schema as a list of forward migrations. Only store.py uses this."""

from __future__ import annotations

# Each entry moves the database from version N-1 to N. Never edit a shipped entry; add one.
MIGRATIONS: list[str] = [
    # 1: the coaching cycle, meetings, evidence, and room for turns and observers.
    """
    CREATE TABLE partnership (
        id INTEGER PRIMARY KEY,
        coach TEXT NOT NULL,
        coachee TEXT NOT NULL,
        focus TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE TABLE cycle (
        id INTEGER PRIMARY KEY,
        partnership_id INTEGER NOT NULL REFERENCES partnership(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        focus TEXT NOT NULL DEFAULT '',
        theme TEXT NOT NULL DEFAULT 'a4l',
        stage INTEGER NOT NULL DEFAULT 1 CHECK (stage BETWEEN 1 AND 4),
        created_at TEXT NOT NULL,
        closed_at TEXT,
        UNIQUE (partnership_id, number)
    );
    CREATE TABLE stage_reached (
        cycle_id INTEGER NOT NULL REFERENCES cycle(id) ON DELETE CASCADE,
        stage INTEGER NOT NULL CHECK (stage BETWEEN 1 AND 4),
        reached_at TEXT NOT NULL,
        PRIMARY KEY (cycle_id, stage)
    );
    CREATE TABLE arrangement (
        cycle_id INTEGER PRIMARY KEY REFERENCES cycle(id) ON DELETE CASCADE,
        schedule TEXT NOT NULL DEFAULT '',
        next_meeting TEXT,
        observed_lesson INTEGER NOT NULL DEFAULT 1,
        confidentiality_agreed INTEGER NOT NULL DEFAULT 0,
        performance_link TEXT NOT NULL DEFAULT 'unrelated',
        evidence_plan TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL
    );
    CREATE TABLE meeting (
        id INTEGER PRIMARY KEY,
        cycle_id INTEGER NOT NULL REFERENCES cycle(id) ON DELETE CASCADE,
        stage INTEGER NOT NULL CHECK (stage IN (2, 4)),
        planned_minutes INTEGER NOT NULL DEFAULT 12,
        mode TEXT NOT NULL DEFAULT 'live',
        phase TEXT NOT NULL DEFAULT 'goal',
        pack TEXT NOT NULL DEFAULT 'a4l',
        clock_elapsed REAL NOT NULL DEFAULT 0,
        started_at TEXT,
        ended_at TEXT,
        created_at TEXT NOT NULL
    );
    CREATE INDEX meeting_cycle ON meeting(cycle_id, stage);
    CREATE TABLE grow_note (
        meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        phase TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (meeting_id, phase)
    );
    CREATE TABLE action (
        id INTEGER PRIMARY KEY,
        partnership_id INTEGER NOT NULL REFERENCES partnership(id) ON DELETE CASCADE,
        cycle_id INTEGER NOT NULL REFERENCES cycle(id) ON DELETE CASCADE,
        meeting_id INTEGER REFERENCES meeting(id) ON DELETE SET NULL,
        text TEXT NOT NULL DEFAULT '',
        owner TEXT NOT NULL DEFAULT 'coachee',
        due TEXT,
        status TEXT NOT NULL DEFAULT 'open',
        created_at TEXT NOT NULL,
        closed_at TEXT
    );
    CREATE INDEX action_status ON action(partnership_id, status);
    CREATE TABLE lesson (
        cycle_id INTEGER PRIMARY KEY REFERENCES cycle(id) ON DELETE CASCADE,
        clock_elapsed REAL NOT NULL DEFAULT 0,
        started_at TEXT,
        ended_at TEXT
    );
    CREATE TABLE evidence (
        id INTEGER PRIMARY KEY,
        cycle_id INTEGER NOT NULL REFERENCES cycle(id) ON DELETE CASCADE,
        t REAL NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        critical INTEGER NOT NULL DEFAULT 0,
        video_ref TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE INDEX evidence_cycle ON evidence(cycle_id, t);
    CREATE TABLE feature_span (
        id INTEGER PRIMARY KEY,
        cycle_id INTEGER NOT NULL REFERENCES cycle(id) ON DELETE CASCADE,
        feature TEXT NOT NULL,
        start REAL NOT NULL,
        end REAL
    );
    CREATE INDEX feature_span_cycle ON feature_span(cycle_id);
    CREATE TABLE observer (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        code TEXT NOT NULL,
        UNIQUE (meeting_id, code)
    );
    CREATE TABLE turn (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        observer_id INTEGER REFERENCES observer(id) ON DELETE CASCADE,
        t REAL NOT NULL,
        speaker TEXT NOT NULL,
        function TEXT NOT NULL,
        initiation TEXT NOT NULL DEFAULT '',
        subject TEXT NOT NULL DEFAULT '',
        stimulus TEXT NOT NULL DEFAULT 'none',
        scale TEXT NOT NULL DEFAULT '',
        tone TEXT NOT NULL DEFAULT 'neutral',
        time_frame TEXT NOT NULL DEFAULT '',
        co_construction INTEGER NOT NULL DEFAULT 0,
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE INDEX turn_meeting ON turn(meeting_id, observer_id, t);
    """,
    # 2: what left the laptop, when and where to; the coachee can read this log.
    """
    CREATE TABLE export_log (
        id INTEGER PRIMARY KEY,
        partnership_id INTEGER REFERENCES partnership(id) ON DELETE SET NULL,
        meeting_id INTEGER REFERENCES meeting(id) ON DELETE SET NULL,
        what TEXT NOT NULL,
        destination TEXT NOT NULL,
        exported_at TEXT NOT NULL
    );
    """,
    # 3: the confidential summary of a meeting and the coachee's approvals of it.
    """
    CREATE TABLE summary (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL UNIQUE REFERENCES meeting(id) ON DELETE CASCADE,
        sections TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'approved', 'void', 'withdrawn')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE approval (
        id INTEGER PRIMARY KEY,
        summary_id INTEGER NOT NULL REFERENCES summary(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        initials TEXT NOT NULL,
        approved_at TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        text TEXT NOT NULL,
        sections TEXT NOT NULL,
        UNIQUE (summary_id, version)
    );
    """,
    # 4: nudges shown to the coach; role-play training; per-meeting talk figures for aggregates.
    """
    CREATE TABLE nudge_log (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        rule TEXT NOT NULL,
        phase TEXT NOT NULL,
        fired_at REAL NOT NULL,
        outcome TEXT NOT NULL DEFAULT 'shown' CHECK (outcome IN ('shown', 'taken up', 'dismissed', 'expired')),
        outcome_at REAL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX nudge_log_meeting ON nudge_log(meeting_id, id);
    ALTER TABLE partnership ADD COLUMN kind TEXT NOT NULL DEFAULT 'coaching';
    CREATE TABLE training_session (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        rounds INTEGER NOT NULL,
        round_minutes INTEGER NOT NULL,
        debrief_minutes INTEGER NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE participant (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES training_session(id) ON DELETE CASCADE,
        code TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        group_number INTEGER NOT NULL,
        UNIQUE (session_id, code)
    );
    CREATE TABLE training_round (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES training_session(id) ON DELETE CASCADE,
        group_number INTEGER NOT NULL,
        round_number INTEGER NOT NULL,
        scenario TEXT NOT NULL,
        coach TEXT NOT NULL,
        coachee TEXT NOT NULL,
        observers TEXT NOT NULL,
        meeting_id INTEGER REFERENCES meeting(id) ON DELETE SET NULL,
        source TEXT NOT NULL DEFAULT 'here',
        notes TEXT NOT NULL DEFAULT '',
        UNIQUE (session_id, group_number, round_number)
    );
    CREATE INDEX training_round_meeting ON training_round(meeting_id);
    CREATE TABLE meeting_talk (
        meeting_id INTEGER PRIMARY KEY REFERENCES meeting(id) ON DELETE CASCADE,
        observer TEXT NOT NULL,
        turns INTEGER NOT NULL,
        level INTEGER NOT NULL,
        figures TEXT NOT NULL,
        functions TEXT NOT NULL
    );
    CREATE TRIGGER turn_added AFTER INSERT ON turn
        BEGIN DELETE FROM meeting_talk WHERE meeting_id = NEW.meeting_id; END;
    CREATE TRIGGER turn_changed AFTER UPDATE ON turn
        BEGIN DELETE FROM meeting_talk WHERE meeting_id IN (OLD.meeting_id, NEW.meeting_id); END;
    CREATE TRIGGER turn_removed AFTER DELETE ON turn
        BEGIN DELETE FROM meeting_talk WHERE meeting_id = OLD.meeting_id; END;
    """,
    # 5: cached figures remember the rubric that levelled them, so a new rubric recomputes them.
    """
    ALTER TABLE meeting_talk ADD COLUMN rubric_version INTEGER NOT NULL DEFAULT 0;
    """,
    # 6: an observer marks their review pass complete; until then their level is provisional.
    """
    ALTER TABLE observer ADD COLUMN reviewed_at TEXT;
    ALTER TABLE meeting_talk ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0;
    """,
    # 7: a partnership's figures count in the school's figures only once coach and coachee have both
    # agreed (when each did; NULL is not agreed). Nobody has yet, so the coordinator's cached figures
    # of every coaching meeting go; role-play rounds count by their training session's terms.
    """
    ALTER TABLE partnership ADD COLUMN figures_coach_agreed_at TEXT;
    ALTER TABLE partnership ADD COLUMN figures_coachee_agreed_at TEXT;
    DELETE FROM meeting_talk WHERE meeting_id IN (SELECT m.id FROM meeting m JOIN cycle c ON c.id = m.cycle_id
        JOIN partnership p ON p.id = c.partnership_id WHERE p.kind = 'coaching');
    """,
    # 8: one meeting clock for every process that has the meeting open (the coach's screen, an observer's
    # console in another terminal): when it started running, in the machine's monotonic seconds (NULL when
    # paused), and which processes have the meeting open, each seen every few seconds, so a clock left
    # running by a killed process is known for what it is.
    """
    ALTER TABLE meeting ADD COLUMN clock_running_since REAL;
    CREATE TABLE meeting_presence (
        meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        process TEXT NOT NULL,
        role TEXT NOT NULL,
        seen_at REAL NOT NULL,
        PRIMARY KEY (meeting_id, process)
    );
    -- Counts edits and deletes of a meeting's turns, so another process loads only the turns added since it
    -- last looked unless this number moved.
    ALTER TABLE meeting ADD COLUMN turn_edits INTEGER NOT NULL DEFAULT 0;
    CREATE TRIGGER turn_edited AFTER UPDATE ON turn
        BEGIN UPDATE meeting SET turn_edits = turn_edits + 1 WHERE id IN (OLD.meeting_id, NEW.meeting_id); END;
    CREATE TRIGGER turn_deleted AFTER DELETE ON turn
        BEGIN UPDATE meeting SET turn_edits = turn_edits + 1 WHERE id = OLD.meeting_id; END;
    """,
    # 9: a version per GROW note, raised by every save, so a screen saves only over the text it loaded and never
    # silently over notes another process (a second window on the same database) saved since.
    """
    ALTER TABLE grow_note ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    """,
    # 10: the same for the other texts two windows can edit at once: an action's text, an evidence note, the
    # arrangements' schedule and evidence plan (one version for the row's texts), and a cycle's focus. Each is
    # raised by every save of those texts (not of dates, ticks or choices beside them).
    """
    ALTER TABLE action ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE evidence ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE arrangement ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE cycle ADD COLUMN focus_version INTEGER NOT NULL DEFAULT 1;
    """,
]

LATEST_VERSION = len(MIGRATIONS)
