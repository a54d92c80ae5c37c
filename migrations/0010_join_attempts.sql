-- The code-guessing limit is the school's rule (issue 11: no school read
-- names a transport table), so its failed attempts live in a school table.
-- Still keyed by the Telegram user id, as teachers and classes are.
ALTER TABLE tg_join_attempts RENAME TO join_attempts;
-- SQLite cannot rename an index; the rename above carried it along.
DROP INDEX tg_join_attempts_user;
CREATE INDEX join_attempts_user ON join_attempts (user_id, at);
