-- Teachers and their classes, as ../0004_teachers.sql.

CREATE TABLE teachers (
    user_id    BIGINT PRIMARY KEY,
    invited_by BIGINT,
    created_at BIGINT NOT NULL
);

-- One-time teacher invite codes; codes compare case-insensitively.
CREATE TABLE teacher_invites (
    code       TEXT   NOT NULL,
    created_by BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_by    BIGINT,
    used_at    BIGINT
);
CREATE UNIQUE INDEX teacher_invites_code ON teacher_invites (lower(code));

-- The teacher (Telegram user id) who owns a class; NULL for classes created
-- before teachers existed.
ALTER TABLE classes ADD COLUMN teacher_id BIGINT;
-- Names are unique per teacher, case-insensitively (NULL teacher ids never collide).
CREATE UNIQUE INDEX classes_teacher_name ON classes (teacher_id, lower(name));
