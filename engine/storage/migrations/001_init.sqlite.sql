-- 001 init (SQLite): questionnaire waves, responses, invitations, drafts, staff users.
-- responses.seq is the rowid: submission order, the order every scan streams in.
CREATE TABLE survey_versions (
  survey TEXT NOT NULL,
  version INTEGER NOT NULL,
  yaml TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  stored_at TEXT NOT NULL,
  PRIMARY KEY (survey, version)
);

CREATE TABLE responses (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  survey TEXT NOT NULL,
  version INTEGER NOT NULL,
  submitted_at TEXT NOT NULL,
  lang TEXT NOT NULL,
  invitation TEXT UNIQUE,
  submission_id TEXT UNIQUE,
  answers TEXT NOT NULL
);

CREATE INDEX responses_survey ON responses (survey, version);

CREATE TABLE invitations (
  token TEXT PRIMARY KEY,
  survey TEXT NOT NULL,
  name TEXT NOT NULL,
  groups_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE INDEX invitations_survey ON invitations (survey);

CREATE TABLE drafts (
  token TEXT PRIMARY KEY,
  answers TEXT NOT NULL,
  page INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  token_id TEXT NOT NULL UNIQUE,
  token_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);
