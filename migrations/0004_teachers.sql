-- Teachers and their classes (issue #5).

-- Telegram users who redeemed a teacher invite. Admins (COACH_ADMIN_IDS) are
-- configured, not stored: removing an id from the configuration revokes it.
CREATE TABLE teachers (
    user_id    INTEGER PRIMARY KEY,
    invited_by INTEGER,
    created_at INTEGER NOT NULL
);

-- One-time teacher invite codes handed out by an admin with /docentcode.
CREATE TABLE teacher_invites (
    code       TEXT    PRIMARY KEY COLLATE NOCASE,
    created_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_by    INTEGER,
    used_at    INTEGER
);

-- The teacher (Telegram user id) who owns a class; NULL for classes created
-- before teachers existed, which no teacher can then act on.
ALTER TABLE classes ADD COLUMN teacher_id INTEGER;
-- A teacher refers to a class by name in commands, so names are unique per
-- teacher (NULL teacher ids never collide).
CREATE UNIQUE INDEX classes_teacher_name ON classes (teacher_id, name COLLATE NOCASE);
