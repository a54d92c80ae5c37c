-- Learners, attempts, turns and progress (PostgreSQL).
-- The same schema as ../0001_init.sql (SQLite) with PostgreSQL's types:
-- times are TIMESTAMPTZ, JSON columns JSONB holding serde_json of engine types.

CREATE TABLE learners (
    id               BIGSERIAL PRIMARY KEY,
    -- Exactly one way to find the learner: a Telegram user or a named local
    -- (terminal) learner. Later front ends add their own key column.
    telegram_user_id BIGINT UNIQUE,
    local_name       TEXT UNIQUE,
    display_name     TEXT,
    created_at       TIMESTAMPTZ NOT NULL
);

CREATE TABLE attempts (
    id            BIGSERIAL PRIMARY KEY,
    learner_id    BIGINT NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
    dialogue_id   TEXT NOT NULL,
    werkprocessen JSONB NOT NULL,                 -- array of codes
    seed          BIGINT NOT NULL,                -- u64 stored bit for bit as i64
    status        TEXT NOT NULL CHECK (status IN ('in_progress', 'completed', 'stopped')),
    score         BIGINT ,                        -- set when finished
    session       JSONB NOT NULL,                 -- engine::Session, for resuming
    scorecard     JSONB,                          -- engine::Scorecard when finished
    started_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ
);
CREATE INDEX attempts_by_learner ON attempts (learner_id, status, dialogue_id);

CREATE TABLE turns (
    id          BIGSERIAL PRIMARY KEY,
    attempt_id  BIGINT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    seq         BIGINT  NOT NULL,                 -- 1, 2, ... within the attempt
    step_id     TEXT NOT NULL,
    text        TEXT NOT NULL,
    behaviours  JSONB NOT NULL,                   -- array of behaviour ids shown
    evidence    JSONB NOT NULL,                   -- array of matching::Evidence
    feedback    JSONB NOT NULL,                   -- engine::Feedback
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (attempt_id, seq)
);

-- Per learner and werkproces: completed attempts and scores.
CREATE TABLE progress (
    learner_id  BIGINT NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
    werkproces  TEXT NOT NULL,
    attempts    BIGINT  NOT NULL,
    best_score  BIGINT  NOT NULL,
    last_score  BIGINT  NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (learner_id, werkproces)
);

-- Per learner, werkproces and criterion (keyed by the dossier's Gedrag line,
-- so the same behaviour counts across dialogues).
CREATE TABLE criterion_progress (
    learner_id  BIGINT NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
    werkproces  TEXT NOT NULL,
    gedrag      TEXT NOT NULL,
    label       TEXT NOT NULL,                    -- the latest criterion label
    assessed    BIGINT  NOT NULL,
    met         BIGINT  NOT NULL,
    last_status TEXT NOT NULL CHECK (last_status IN ('met', 'not_met')),
    updated_at  TIMESTAMPTZ NOT NULL,
    -- The order criteria were first assessed in (SQLite's rowid).
    position    BIGINT GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (learner_id, werkproces, gedrag)
);
