-- Webcare shifts (B1-K2-W3), as ../0003_webcare.sql.

CREATE TABLE shifts (
    id           BIGSERIAL PRIMARY KEY,
    learner_id   BIGINT NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
    scenario_id  TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('in_progress', 'completed', 'stopped')),
    score        BIGINT ,                        -- set when finished
    session      JSONB NOT NULL,                 -- webcare::ShiftSession
    report       JSONB,                          -- webcare::ShiftReport when finished
    reflection   TEXT,                           -- the student's reflection afterwards
    started_at   TIMESTAMPTZ NOT NULL,           -- wall clock; front ends derive the shift clock
    updated_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ
);
CREATE INDEX shifts_by_learner ON shifts (learner_id, status, scenario_id);
