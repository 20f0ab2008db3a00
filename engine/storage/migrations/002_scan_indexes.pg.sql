-- 002 scan indexes (PostgreSQL): a survey's responses in seq order, all versions or one, as
-- index range scans for the keyset-paged scan.
CREATE INDEX responses_survey_seq ON responses (survey, seq);
CREATE INDEX responses_survey_version_seq ON responses (survey, version, seq);
DROP INDEX responses_survey;
