-- 005 partial unique indexes (PostgreSQL): responses.invitation and responses.submission_id are
-- unique only where given, as in SQLite's 005: the NULLs of public responses no longer fill
-- two indexes. INSERT ... ON CONFLICT DO NOTHING treats unique indexes like the constraints.
CREATE UNIQUE INDEX responses_invitation ON responses (invitation) WHERE invitation IS NOT NULL;
CREATE UNIQUE INDEX responses_submission_id ON responses (submission_id)
  WHERE submission_id IS NOT NULL;
ALTER TABLE responses DROP CONSTRAINT responses_invitation_key;
ALTER TABLE responses DROP CONSTRAINT responses_submission_id_key;
