-- Teachers' own dialogues, as ../0006_uploads.sql.

CREATE TABLE uploaded_dialogues (
    id          BIGSERIAL PRIMARY KEY,
    dialogue_id TEXT   NOT NULL,
    owner_id    BIGINT NOT NULL,
    title       TEXT   NOT NULL,
    file_name   TEXT   NOT NULL,
    source      TEXT   NOT NULL,
    scope       TEXT   NOT NULL DEFAULT 'classes' CHECK (scope IN ('classes', 'everyone')),
    status      TEXT   NOT NULL DEFAULT 'current' CHECK (status IN ('current', 'replaced', 'removed')),
    uploaded_at BIGINT NOT NULL,
    ended_at    BIGINT
);
CREATE UNIQUE INDEX uploaded_dialogues_current ON uploaded_dialogues (dialogue_id)
    WHERE status = 'current';
CREATE INDEX uploaded_dialogues_owner ON uploaded_dialogues (owner_id, status);

CREATE TABLE uploaded_dialogue_attempts (
    attempt_id BIGINT PRIMARY KEY REFERENCES attempts (id) ON DELETE CASCADE,
    version_id BIGINT NOT NULL REFERENCES uploaded_dialogues (id)
);
