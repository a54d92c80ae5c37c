-- Telegram front end: crash-safe update handling, chat state, classes.

-- Every update the bot has accepted. The primary key makes a redelivered
-- update_id a no-op; handled_at stays NULL until its effect is committed, so
-- updates received but not handled before a crash are handled after a restart.
CREATE TABLE tg_inbox (
    update_id   INTEGER PRIMARY KEY,
    chat_id     INTEGER NOT NULL,
    payload     TEXT    NOT NULL,
    received_at INTEGER NOT NULL,
    handled_at  INTEGER
);
CREATE INDEX tg_inbox_pending ON tg_inbox (handled_at, update_id);

-- Messages committed together with an update's effect and deleted once
-- Telegram accepted them: nothing the bot decided to say is lost in a crash.
CREATE TABLE tg_outbox (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id    INTEGER NOT NULL,
    message    TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX tg_outbox_chat ON tg_outbox (chat_id, id);

-- Classes a student joins with a code. The teachers issue extends this table
-- (teacher, school year, ...).
CREATE TABLE classes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT    NOT NULL,
    join_code  TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    created_at INTEGER NOT NULL
);

-- Practice assignments for a class (filled by the teachers issue).
CREATE TABLE assignments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    class_id    INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    dialogue_id TEXT    NOT NULL,
    due_at      INTEGER,
    created_at  INTEGER NOT NULL
);

-- One row per Telegram user who talked to the bot.
CREATE TABLE tg_users (
    user_id             INTEGER PRIMARY KEY,
    chat_id             INTEGER NOT NULL,
    first_name          TEXT    NOT NULL DEFAULT '',
    class_id            INTEGER REFERENCES classes (id) ON DELETE SET NULL,
    -- The learner in the store (attempts, turns, progress).
    learner_id          INTEGER,
    forget_requested_at INTEGER,
    -- Set when Telegram answered 403 (blocked); nothing is sent while set.
    inactive_since      INTEGER,
    created_at          INTEGER NOT NULL
);
CREATE INDEX tg_users_chat ON tg_users (chat_id);

-- Failed class-code attempts, for rate limiting guessing.
CREATE TABLE tg_join_attempts (
    user_id INTEGER NOT NULL,
    at      INTEGER NOT NULL
);
CREATE INDEX tg_join_attempts_user ON tg_join_attempts (user_id, at);
