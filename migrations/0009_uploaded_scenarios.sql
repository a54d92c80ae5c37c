-- Teachers' own webcare scenarios (issue #14): an upload is a dialogue or a
-- webcare scenario. Both kinds share the table, its versions, limits and
-- scope, and one id namespace (the unique index on current ids).
ALTER TABLE uploaded_dialogues ADD COLUMN kind TEXT NOT NULL DEFAULT 'dialogue'
    CHECK (kind IN ('dialogue', 'webcare'));

-- The upload version a shift runs on (shifts of shipped scenarios have no
-- row), so a new version does not change a shift that is under way.
CREATE TABLE uploaded_scenario_shifts (
    shift_id   INTEGER PRIMARY KEY REFERENCES shifts (id) ON DELETE CASCADE,
    version_id INTEGER NOT NULL REFERENCES uploaded_dialogues (id)
);
