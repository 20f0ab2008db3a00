-- 003 staff (SQLite): web workspace sessions (only a hash of the cookie's token is kept), the
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
