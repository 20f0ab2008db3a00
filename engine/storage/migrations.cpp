// The embedded migrations (see migrations.h): raw-string copies of engine/storage/migrations/*.sql.
// Keep each copy byte-equal to its file; storage_test fails when they drift.
#include "engine/storage/migrations.h"

namespace otos::storage {

namespace {

constexpr std::string_view k001InitSqlite =
    R"sql(-- 001 init (SQLite): questionnaire waves, responses, invitations, drafts, staff users.
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
)sql";

constexpr std::string_view k001InitPg =
    R"sql(-- 001 init (PostgreSQL): questionnaire waves, responses, invitations, drafts, staff users.
-- responses.seq is a bigserial: submission order, the order every scan streams in.
CREATE TABLE survey_versions (
  survey TEXT NOT NULL,
  version INTEGER NOT NULL,
  yaml TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  stored_at TEXT NOT NULL,
  PRIMARY KEY (survey, version)
);

CREATE TABLE responses (
  seq BIGSERIAL PRIMARY KEY,
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
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  token_id TEXT NOT NULL UNIQUE,
  token_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);
)sql";

constexpr std::string_view k002ScanIndexesSqlite =
    R"sql(-- 002 scan indexes (SQLite): a survey's responses in seq order, all versions or one, straight
-- from an index (seq is the rowid, so the old (survey, version) index already ends in it).
CREATE INDEX responses_survey_seq ON responses (survey, seq);
)sql";

constexpr std::string_view k002ScanIndexesPg =
    R"sql(-- 002 scan indexes (PostgreSQL): a survey's responses in seq order, all versions or one, as
-- index range scans for the keyset-paged scan.
CREATE INDEX responses_survey_seq ON responses (survey, seq);
CREATE INDEX responses_survey_version_seq ON responses (survey, version, seq);
DROP INDEX responses_survey;
)sql";

constexpr std::string_view k003StaffSqlite =
    R"sql(-- 003 staff (SQLite): web workspace sessions (only a hash of the cookie's token is kept), the
-- audit log, and failed sign-ins (counted per account and per address for throttling).
-- Session and failure times are Unix seconds.
CREATE TABLE staff_sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL,
  csrf TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen INTEGER NOT NULL
);

CREATE INDEX staff_sessions_user ON staff_sessions (user_id);

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  user_name TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL,
  address TEXT NOT NULL
);

CREATE TABLE login_failures (
  failure_key TEXT NOT NULL,
  at INTEGER NOT NULL
);

CREATE INDEX login_failures_key_at ON login_failures (failure_key, at);
)sql";

constexpr std::string_view k003StaffPg =
    R"sql(-- 003 staff (PostgreSQL): web workspace sessions (only a hash of the cookie's token is kept), the
-- audit log, and failed sign-ins (counted per account and per address for throttling).
-- Session and failure times are Unix seconds.
CREATE TABLE staff_sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL,
  csrf TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen BIGINT NOT NULL
);

CREATE INDEX staff_sessions_user ON staff_sessions (user_id);

CREATE TABLE audit_log (
  seq BIGSERIAL PRIMARY KEY,
  at TEXT NOT NULL,
  user_name TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL,
  address TEXT NOT NULL
);

CREATE TABLE login_failures (
  failure_key TEXT NOT NULL,
  at BIGINT NOT NULL
);

CREATE INDEX login_failures_key_at ON login_failures (failure_key, at);
)sql";

constexpr std::string_view k004PackedAnswersSqlite =
    R"sql(-- 004 packed answers (SQLite): each response's answers also in the compact binary layout of
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
)sql";

constexpr std::string_view k004PackedAnswersPg =
    R"sql(-- 004 packed answers (PostgreSQL): the same table as in SQLite, so that both schemas stay one
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
)sql";

constexpr std::string_view k005PartialUniqueSqlite =
    R"sql(-- 005 partial unique indexes (SQLite): responses.invitation and responses.submission_id are
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
)sql";

constexpr std::string_view k005PartialUniquePg =
    R"sql(-- 005 partial unique indexes (PostgreSQL): responses.invitation and responses.submission_id are
-- unique only where given, as in SQLite's 005: the NULLs of public responses no longer fill
-- two indexes. INSERT ... ON CONFLICT DO NOTHING treats unique indexes like the constraints.
CREATE UNIQUE INDEX responses_invitation ON responses (invitation) WHERE invitation IS NOT NULL;
CREATE UNIQUE INDEX responses_submission_id ON responses (submission_id)
  WHERE submission_id IS NOT NULL;
ALTER TABLE responses DROP CONSTRAINT responses_invitation_key;
ALTER TABLE responses DROP CONSTRAINT responses_submission_id_key;
)sql";

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> steps = {
      {1, "001_init", k001InitSqlite, k001InitPg},
      {2, "002_scan_indexes", k002ScanIndexesSqlite, k002ScanIndexesPg},
      {3, "003_staff", k003StaffSqlite, k003StaffPg},
      {4, "004_packed_answers", k004PackedAnswersSqlite, k004PackedAnswersPg},
      {5, "005_partial_unique", k005PartialUniqueSqlite, k005PartialUniquePg},
  };
  return steps;
}

std::vector<std::string> split_statements(std::string_view sql) {
  std::vector<std::string> out;
  std::string current;
  size_t pos = 0;
  while (pos < sql.size()) {
    size_t eol = sql.find('\n', pos);
    if (eol == std::string_view::npos) eol = sql.size();
    std::string_view line = sql.substr(pos, eol - pos);
    pos = eol + 1;
    size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || line.substr(first, 2) == "--") continue;
    size_t last = line.find_last_not_of(" \t\r");
    line = line.substr(0, last + 1);
    if (line.back() == ';') {
      current.append(line.substr(0, line.size() - 1));
      out.push_back(std::move(current));
      current.clear();
    } else {
      current.append(line);
      current += '\n';
    }
  }
  if (current.find_first_not_of(" \t\r\n") != std::string::npos) out.push_back(current);
  return out;
}

}  // namespace otos::storage
