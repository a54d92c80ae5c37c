-- Webcare shifts (B1-K2-W3). One row per shift; the engine's ShiftSession is
-- saved after every input so a restart continues with the schedule intact.
-- A completed shift adds its report's scorecard to progress / criterion_progress.

CREATE TABLE shifts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    learner_id   INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    scenario_id  TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('in_progress', 'completed', 'stopped')),
    score        INTEGER,                        -- set when finished
    session      TEXT NOT NULL,                  -- JSON webcare::ShiftSession
    report       TEXT,                           -- JSON webcare::ShiftReport when finished
    reflection   TEXT,                           -- the student's reflection afterwards
    started_at   TEXT NOT NULL,                  -- wall clock; front ends derive the shift clock
    updated_at   TEXT NOT NULL,
    finished_at  TEXT
);
CREATE INDEX shifts_by_learner ON shifts (learner_id, status, scenario_id);
