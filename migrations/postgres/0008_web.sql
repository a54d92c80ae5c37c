-- The teachers' web dashboard: one-time login links and sessions (see the
-- SQLite migration of the same version). Only hashes of the secrets.
CREATE TABLE web_login_links (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX web_login_links_user ON web_login_links (user_id, created_at);

CREATE TABLE web_sessions (
    id_hash    TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);
