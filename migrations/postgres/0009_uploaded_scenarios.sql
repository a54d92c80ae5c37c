-- Teachers' own webcare scenarios, as ../0009_uploaded_scenarios.sql.
ALTER TABLE uploaded_dialogues ADD COLUMN kind TEXT NOT NULL DEFAULT 'dialogue'
    CHECK (kind IN ('dialogue', 'webcare'));

CREATE TABLE uploaded_scenario_shifts (
    shift_id   BIGINT PRIMARY KEY REFERENCES shifts (id) ON DELETE CASCADE,
    version_id BIGINT NOT NULL REFERENCES uploaded_dialogues (id)
);
