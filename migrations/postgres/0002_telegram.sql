-- Telegram front end: crash-safe update handling, chat state, classes.
-- As ../0002_telegram.sql; Unix-second times stay BIGINT because the
-- Telegram code computes with them.

-- Every update the bot has accepted. The primary key makes a redelivered
-- update_id a no-op; handled_at stays NULL until its effect is committed.
CREATE TABLE tg_inbox (
    update_id   BIGINT PRIMARY KEY,
    chat_id     BIGINT NOT NULL,
    payload     TEXT   NOT NULL,                  -- the update as it arrived
    received_at BIGINT NOT NULL,
    handled_at  BIGINT
);
CREATE INDEX tg_inbox_pending ON tg_inbox (handled_at, update_id);

-- Messages committed together with an update's effect and deleted once
-- Telegram accepted them.
CREATE TABLE tg_outbox (
    id         BIGSERIAL PRIMARY KEY,
    chat_id    BIGINT NOT NULL,
    message    TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX tg_outbox_chat ON tg_outbox (chat_id, id);

-- Classes a student joins with a code; codes compare case-insensitively.
CREATE TABLE classes (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT   NOT NULL,
    join_code  TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX classes_join_code ON classes (lower(join_code));

CREATE TABLE assignments (
    id          BIGSERIAL PRIMARY KEY,
    class_id    BIGINT NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    dialogue_id TEXT   NOT NULL,
    due_at      BIGINT,
    created_at  BIGINT NOT NULL
);

-- One row per Telegram user who talked to the bot.
CREATE TABLE tg_users (
    user_id             BIGINT PRIMARY KEY,
    chat_id             BIGINT NOT NULL,
    first_name          TEXT   NOT NULL DEFAULT '',
    class_id            BIGINT REFERENCES classes (id) ON DELETE SET NULL,
    -- The learner in the store (attempts, turns, progress).
    learner_id          BIGINT,
    forget_requested_at BIGINT,
    -- Set when Telegram answered 403 (blocked); nothing is sent while set.
    inactive_since      BIGINT,
    created_at          BIGINT NOT NULL
);
CREATE INDEX tg_users_chat ON tg_users (chat_id);

-- Failed class-code attempts, for rate limiting guessing.
CREATE TABLE tg_join_attempts (
    user_id BIGINT NOT NULL,
    at      BIGINT NOT NULL
);
CREATE INDEX tg_join_attempts_user ON tg_join_attempts (user_id, at);
