-- 005 partial unique indexes (SQLite): responses.invitation and responses.submission_id are
-- unique only where given. As column UNIQUE constraints their indexes held a NULL entry for every
-- public response without a submission_id: two index inserts per response, and two more pages
-- in each commit's WAL, for nothing. SQLite cannot drop a column constraint, so the table is
-- rebuilt once (same columns, same rowids = seq) with partial indexes instead.
CREATE TABLE responses_005 (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  survey TEXT NOT NULL,
  version INTEGER NOT NULL,
  submitted_at TEXT NOT NULL,
  lang TEXT NOT NULL,
  invitation TEXT,
  submission_id TEXT,
  answers TEXT NOT NULL
);
INSERT INTO responses_005 (seq, id, survey, version, submitted_at, lang, invitation,
  submission_id, answers)
  SELECT seq, id, survey, version, submitted_at, lang, invitation, submission_id, answers
  FROM responses ORDER BY seq;
DROP TABLE responses;
ALTER TABLE responses_005 RENAME TO responses;
CREATE INDEX responses_survey ON responses (survey, version);
CREATE INDEX responses_survey_seq ON responses (survey, seq);
CREATE UNIQUE INDEX responses_invitation ON responses (invitation) WHERE invitation IS NOT NULL;
CREATE UNIQUE INDEX responses_submission_id ON responses (submission_id)
  WHERE submission_id IS NOT NULL;
