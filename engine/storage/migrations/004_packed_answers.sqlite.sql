-- 004 packed answers (SQLite): each response's answers also in the compact binary layout of
-- engine/packed (question and option indexes, typed numbers), tagged with the layout id of the
-- wave it was packed for, with what an export row needs besides. A narrow table clustered by
-- wave, so that result tables and CSV exports over a million responses read ~130 bytes a row
-- instead of the JSON row; `responses.answers` stays the truth and the fallback.
CREATE TABLE packed_answers (
  survey TEXT NOT NULL,
  version INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  layout INTEGER NOT NULL,
  id TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  lang TEXT NOT NULL,
  packed BLOB NOT NULL,
  PRIMARY KEY (survey, version, seq)
) WITHOUT ROWID;
