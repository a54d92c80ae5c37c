-- Class membership for any learner, as ../0007_class_members.sql: the
-- school's table instead of a column of the transport's `tg_users`.
-- A learner is in at most one class (as before).
CREATE TABLE class_members (
    learner_id BIGINT PRIMARY KEY REFERENCES learners (id) ON DELETE CASCADE,
    class_id   BIGINT NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    joined_at  BIGINT NOT NULL
);
CREATE INDEX class_members_class ON class_members (class_id);

INSERT INTO class_members (learner_id, class_id, joined_at)
    SELECT u.learner_id, u.class_id, u.created_at FROM tg_users u
    WHERE u.class_id IS NOT NULL AND u.learner_id IS NOT NULL
      AND EXISTS (SELECT 1 FROM learners l WHERE l.id = u.learner_id)
      AND EXISTS (SELECT 1 FROM classes c WHERE c.id = u.class_id);

-- PostgreSQL can drop the old column.
ALTER TABLE tg_users DROP COLUMN class_id;
