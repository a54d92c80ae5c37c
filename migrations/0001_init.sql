-- Learners, attempts, turns and progress (SQLite).
-- Times are UTC RFC 3339 text. JSON columns hold serde_json of engine types.

CREATE TABLE learners (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Exactly one way to find the learner: a Telegram user or a named local
    -- (terminal) learner. Later front ends add their own key column.
    telegram_user_id INTEGER UNIQUE,
    local_name       TEXT UNIQUE,
    display_name     TEXT,
    created_at       TEXT NOT NULL
);

CREATE TABLE attempts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    learner_id    INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    dialogue_id   TEXT NOT NULL,
    werkprocessen TEXT NOT NULL,                  -- JSON array of codes
    seed          INTEGER NOT NULL,               -- u64 stored bit for bit as i64
    status        TEXT NOT NULL CHECK (status IN ('in_progress', 'completed', 'stopped')),
    score         INTEGER,                        -- set when finished
    session       TEXT NOT NULL,                  -- JSON engine::Session, for resuming
    scorecard     TEXT,                           -- JSON engine::Scorecard when finished
    started_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    finished_at   TEXT
);
CREATE INDEX attempts_by_learner ON attempts (learner_id, status, dialogue_id);

CREATE TABLE turns (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    attempt_id  INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,                 -- 1, 2, ... within the attempt
    step_id     TEXT NOT NULL,
    text        TEXT NOT NULL,
    behaviours  TEXT NOT NULL,                    -- JSON array of behaviour ids shown
    evidence    TEXT NOT NULL,                    -- JSON array of matching::Evidence
    feedback    TEXT NOT NULL,                    -- JSON engine::Feedback
    created_at  TEXT NOT NULL,
    UNIQUE (attempt_id, seq)
);

-- Per learner and werkproces: completed attempts and scores.
CREATE TABLE progress (
    learner_id  INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    werkproces  TEXT NOT NULL,
    attempts    INTEGER NOT NULL,
    best_score  INTEGER NOT NULL,
    last_score  INTEGER NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (learner_id, werkproces)
);

-- Per learner, werkproces and criterion (keyed by the dossier's Gedrag line,
-- so the same behaviour counts across dialogues).
CREATE TABLE criterion_progress (
    learner_id  INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    werkproces  TEXT NOT NULL,
    gedrag      TEXT NOT NULL,
    label       TEXT NOT NULL,                    -- the latest criterion label
    assessed    INTEGER NOT NULL,
    met         INTEGER NOT NULL,
    last_status TEXT NOT NULL CHECK (last_status IN ('met', 'not_met')),
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (learner_id, werkproces, gedrag)
);
