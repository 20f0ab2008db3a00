-- 004 packed answers (PostgreSQL): each response's answers also in the compact binary layout of
-- engine/packed, tagged with the layout of the wave it was packed for (see the SQLite file).
ALTER TABLE responses ADD COLUMN layout BIGINT NOT NULL DEFAULT 0;
ALTER TABLE responses ADD COLUMN packed BYTEA;
