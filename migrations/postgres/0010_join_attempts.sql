-- The code-guessing limit is the school's rule (issue 11: no school read
-- names a transport table), so its failed attempts live in a school table.
-- Still keyed by the Telegram user id, as teachers and classes are.
ALTER TABLE tg_join_attempts RENAME TO join_attempts;
ALTER INDEX tg_join_attempts_user RENAME TO join_attempts_user;
