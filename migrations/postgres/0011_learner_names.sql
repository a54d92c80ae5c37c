-- A learner's name is the school's (issue 11: no school read joins
-- tg_users). Telegram writes the first name into learners.display_name at
-- every contact; this fills it for learners whose name so far lived only in
-- tg_users.first_name.
UPDATE learners SET display_name = (
    SELECT u.first_name FROM tg_users u WHERE u.learner_id = learners.id
    ORDER BY u.user_id LIMIT 1
)
WHERE (display_name IS NULL OR TRIM(display_name) = '')
  AND EXISTS (SELECT 1 FROM tg_users u WHERE u.learner_id = learners.id);
