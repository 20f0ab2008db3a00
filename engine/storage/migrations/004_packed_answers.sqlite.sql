-- 004 packed answers (SQLite): each response's answers also in the compact binary layout of
-- engine/packed (question and option indexes, typed numbers), tagged with the layout of the wave
-- it was packed for. Result tables and CSV exports read these instead of parsing JSON; rows
-- without them (stored before 004) or with another layout fall back to the JSON in `answers`.
ALTER TABLE responses ADD COLUMN layout INTEGER NOT NULL DEFAULT 0;
ALTER TABLE responses ADD COLUMN packed BLOB;
