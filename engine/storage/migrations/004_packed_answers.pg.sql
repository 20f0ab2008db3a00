-- 004 packed answers (PostgreSQL): the same table as in SQLite, so that both schemas stay one
-- design; the PostgreSQL store does not fill it yet (its analysis reads the JSON).
CREATE TABLE packed_answers (
  survey TEXT NOT NULL,
  version INTEGER NOT NULL,
  seq BIGINT NOT NULL,
  layout BIGINT NOT NULL,
  id TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  lang TEXT NOT NULL,
  packed BYTEA NOT NULL,
  PRIMARY KEY (survey, version, seq)
);
