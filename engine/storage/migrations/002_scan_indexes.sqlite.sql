-- 002 scan indexes (SQLite): a survey's responses in seq order, all versions or one, straight
-- from an index (seq is the rowid, so the old (survey, version) index already ends in it).
CREATE INDEX responses_survey_seq ON responses (survey, seq);
