-- Assignments, weekly plans and reminders, as ../0005_assignments.sql.
-- Times are Unix seconds (UTC); weekly plans are in COACH_TIMEZONE local time.

ALTER TABLE tg_outbox ADD COLUMN bulk BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX tg_outbox_bulk ON tg_outbox (bulk, id);

ALTER TABLE assignments ADD COLUMN created_by BIGINT;
ALTER TABLE assignments ADD COLUMN attempt_mark BIGINT NOT NULL DEFAULT 0;
ALTER TABLE assignments ADD COLUMN reminded_at BIGINT;
ALTER TABLE assignments ADD COLUMN plan_slot BIGINT;
CREATE UNIQUE INDEX assignments_plan_slot ON assignments (class_id, plan_slot);
CREATE INDEX assignments_by_class ON assignments (class_id, created_at);

CREATE TABLE plans (
    class_id   BIGINT PRIMARY KEY REFERENCES classes (id) ON DELETE CASCADE,
    weekday    BIGINT  NOT NULL CHECK (weekday BETWEEN 1 AND 7),   -- 1 = Monday
    minute     BIGINT  NOT NULL CHECK (minute BETWEEN 0 AND 1439), -- local time of day
    paused     BOOLEAN NOT NULL DEFAULT FALSE,
    anchor_at  BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL
);

CREATE TABLE plan_items (
    class_id      BIGINT  NOT NULL REFERENCES plans (class_id) ON DELETE CASCADE,
    position      BIGINT  NOT NULL,
    dialogue_id   TEXT    NOT NULL,
    assignment_id BIGINT,
    pushed_at     BIGINT,
    PRIMARY KEY (class_id, position)
);
