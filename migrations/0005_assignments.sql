-- Assignments, weekly plans and reminders (issue #5).
-- Times are Unix seconds (UTC); weekly plans are in COACH_TIMEZONE local time.

-- Bulk messages (pushes, reminders) are sent by their own paced queue so
-- they never hold up the answers to students who are practising.
ALTER TABLE tg_outbox ADD COLUMN bulk INTEGER NOT NULL DEFAULT 0;
CREATE INDEX tg_outbox_bulk ON tg_outbox (bulk, id);

-- Who gave the assignment (Telegram user id; NULL for the weekly plan).
ALTER TABLE assignments ADD COLUMN created_by INTEGER;
-- The highest attempt id when the assignment was given: an assignment is done
-- by a completed attempt of its dialogue started after it (a larger id).
ALTER TABLE assignments ADD COLUMN attempt_mark INTEGER NOT NULL DEFAULT 0;
-- Set in the transaction that queued the automatic reminder: sent once.
ALTER TABLE assignments ADD COLUMN reminded_at INTEGER;
-- For a weekly-plan push: the slot it was due at. Unique per class, so one
-- slot can never produce two assignments.
ALTER TABLE assignments ADD COLUMN plan_slot INTEGER;
CREATE UNIQUE INDEX assignments_plan_slot ON assignments (class_id, plan_slot);
CREATE INDEX assignments_by_class ON assignments (class_id, created_at);

-- A class's weekly plan: one dialogue per week at a local weekday and time.
CREATE TABLE plans (
    class_id   INTEGER PRIMARY KEY REFERENCES classes (id) ON DELETE CASCADE,
    weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),   -- 1 = Monday
    minute     INTEGER NOT NULL CHECK (minute BETWEEN 0 AND 1439), -- local time of day
    paused     INTEGER NOT NULL DEFAULT 0,
    -- The next push is the first slot after this moment: the last push, or the
    -- teacher's last change (so a change never fires a slot in the past).
    anchor_at  INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- The dialogues of a plan in order. `assignment_id` is set in the transaction
-- that pushes the item (together with the outbox rows): pushed exactly once.
CREATE TABLE plan_items (
    class_id      INTEGER NOT NULL REFERENCES plans (class_id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    dialogue_id   TEXT    NOT NULL,
    assignment_id INTEGER,
    pushed_at     INTEGER,
    PRIMARY KEY (class_id, position)
);
