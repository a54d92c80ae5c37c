-- Teachers' own dialogues (issue #5): every uploaded version of a dialogue
-- file, so uploads survive restarts and attempts keep the version they began.

-- One row per accepted upload. At most one version per dialogue id is
-- 'current'; a re-upload marks the previous one 'replaced', a removal marks
-- it 'removed'. Old rows stay: attempts that started on them go on with them.
CREATE TABLE uploaded_dialogues (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    dialogue_id TEXT    NOT NULL,
    -- Telegram user id of the teacher (or admin) who uploaded it.
    owner_id    INTEGER NOT NULL,
    title       TEXT    NOT NULL,
    file_name   TEXT    NOT NULL,
    -- The file as uploaded (UTF-8 text, at most 256 KiB): checked again at start.
    source      TEXT    NOT NULL,
    -- 'classes': the owner's classes; 'everyone': published by an admin.
    scope       TEXT    NOT NULL DEFAULT 'classes' CHECK (scope IN ('classes', 'everyone')),
    status      TEXT    NOT NULL DEFAULT 'current' CHECK (status IN ('current', 'replaced', 'removed')),
    uploaded_at INTEGER NOT NULL,
    -- When it stopped being current (replaced or removed).
    ended_at    INTEGER
);
CREATE UNIQUE INDEX uploaded_dialogues_current ON uploaded_dialogues (dialogue_id)
    WHERE status = 'current';
CREATE INDEX uploaded_dialogues_owner ON uploaded_dialogues (owner_id, status);

-- The upload version an attempt runs on (attempts of shipped dialogues have no row).
CREATE TABLE uploaded_dialogue_attempts (
    attempt_id INTEGER PRIMARY KEY REFERENCES attempts (id) ON DELETE CASCADE,
    version_id INTEGER NOT NULL REFERENCES uploaded_dialogues (id)
);
