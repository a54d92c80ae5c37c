-- The teachers' web dashboard: one-time login links and sessions. Both are
-- kept in the database (not in the process), so a restart loses nothing and
-- several instances can share a database. Only a SHA-256 hash of each secret
-- is stored: whoever reads the database cannot log in with it.
CREATE TABLE web_login_links (
    token_hash TEXT PRIMARY KEY,
    -- Telegram user id of the teacher or admin the link is for.
    user_id    INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
-- Counting a user's recent links (the rate limit).
CREATE INDEX web_login_links_user ON web_login_links (user_id, created_at);

CREATE TABLE web_sessions (
    id_hash    TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);
