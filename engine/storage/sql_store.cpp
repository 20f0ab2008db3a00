// The dialect-neutral SQL of the SQLite and PostgreSQL stores (see sql_store.h), on Poco::Data.
#include "engine/storage/sql_store.h"

#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include <exception>

#include "engine/common/answer_value.h"
#include "engine/storage/ids.h"
#include "engine/storage/migrations.h"
#include "engine/storage/user_names.h"

namespace otos::storage {

using namespace Poco::Data::Keywords;
using Poco::Data::Session;
using Poco::Data::Statement;

SessionPool::Lease::Lease(SessionPool* pool, std::unique_ptr<Session> s)
    : pool_(pool), session_(std::move(s)), exceptions_(std::uncaught_exceptions()) {}

SessionPool::Lease::~Lease() {
  if (!session_ || std::uncaught_exceptions() > exceptions_) return;  // dropped
  std::lock_guard lock(pool_->mu_);
  if (pool_->idle_.size() < pool_->keep_) pool_->idle_.push_back(std::move(session_));
}

SessionPool::Lease SessionPool::lease() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto s = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(s));
    }
  }
  return Lease(this, make_());
}

void SessionPool::clear() {
  std::lock_guard lock(mu_);
  idle_.clear();
}

void rethrow_as_store_error(const char* what, const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Poco::Exception& e) {
    throw StoreError(std::string(what) + ": " + e.displayText());
  }
}

std::string groups_to_json(const std::map<std::string, std::string>& groups) {
  std::string out = "{";
  for (const auto& [q, code] : groups) {
    if (out.size() > 1) out += ',';
    append_json_string(out, q);
    out += ':';
    append_json_string(out, code);
  }
  out += '}';
  return out;
}

std::map<std::string, std::string> groups_from_json(const std::string& json) {
  std::map<std::string, std::string> out;
  auto parsed = answers_from_json(json);
  if (!parsed) return out;
  for (const auto& [q, value] : *parsed) {
    if (const auto* code = std::get_if<std::string>(&value)) out[q] = *code;
  }
  return out;
}

std::string SqlStore::sql(std::string_view text) const {
  if (dialect_ == Dialect::Sqlite) return std::string(text);
  std::string out;
  int n = 0;
  for (char c : text) {
    if (c == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

void SqlStore::migrate(Session& s, const std::function<void(Session&)>& lock) {
  lock(s);
  s << "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
       "name TEXT NOT NULL, applied_at TEXT NOT NULL)",
      now;
  int current = 0;
  s << "SELECT COALESCE(MAX(version), 0) FROM schema_version", into(current), now;
  for (const auto& m : migrations()) {
    if (m.number <= current) continue;
    for (const auto& statement : split_statements(dialect_ == Dialect::Sqlite ? m.sqlite : m.pg)) {
      s << statement, now;
    }
    std::string name(m.name);
    std::string at = now_iso8601();
    int number = m.number;
    s << sql("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)"),
        use(number), use(name), use(at), now;
  }
}

std::optional<InsertResult> SqlStore::explain_conflict(Session& s, const NewResponse& r) {
  if (!r.submission_id.empty()) {
    std::vector<std::string> ids, surveys, answers;
    s << sql("SELECT id, survey, answers FROM responses WHERE submission_id = ?"),
        useRef(r.submission_id), into(ids), into(surveys), into(answers), now;
    if (!ids.empty()) {
      bool same = surveys[0] == r.survey && answers[0] == r.answers_json;
      return InsertResult{same ? InsertStatus::Duplicate : InsertStatus::Conflict,
                          same ? ids[0] : std::string()};
    }
  }
  if (!r.invitation.empty()) {
    std::vector<std::string> ids;
    s << sql("SELECT id FROM responses WHERE invitation = ?"), useRef(r.invitation), into(ids), now;
    if (!ids.empty()) return InsertResult{InsertStatus::TokenUsed, ""};
  }
  return std::nullopt;
}

void SqlStore::put_survey_version(const SurveyVersion& v) {
  rethrow_as_store_error("storing a questionnaire version", [&] {
    std::string at = now_iso8601();
    with_write_transaction([&](Session& s) {
      s << sql(
          "INSERT INTO survey_versions (survey, version, yaml, sha256, stored_at) "
          "VALUES (?, ?, ?, ?, ?) ON CONFLICT (survey, version) DO UPDATE SET "
          "yaml = excluded.yaml, sha256 = excluded.sha256, stored_at = excluded.stored_at "
          "WHERE survey_versions.sha256 <> excluded.sha256"),
          useRef(v.survey), useRef(v.version), useRef(v.yaml), useRef(v.sha256), use(at), now;
    });
  });
}

std::vector<SurveyVersion> SqlStore::survey_versions() {
  std::vector<SurveyVersion> out;
  rethrow_as_store_error("reading questionnaire versions", [&] {
    with_reader([&](Session& s) {
      std::vector<std::string> surveys, yamls, hashes, ats;
      std::vector<int> versions;
      s << "SELECT survey, version, yaml, sha256, stored_at FROM survey_versions "
           "ORDER BY survey, version",
          into(surveys), into(versions), into(yamls), into(hashes), into(ats), now;
      for (size_t i = 0; i < surveys.size(); ++i) {
        out.push_back(SurveyVersion{surveys[i], versions[i], yamls[i], hashes[i], ats[i]});
      }
    });
  });
  return out;
}

int64_t SqlStore::count_responses(const std::string& survey, std::optional<int> version) {
  Poco::Int64 n = 0;
  rethrow_as_store_error("counting responses", [&] {
    with_reader([&](Session& s) {
      if (version) {
        int v = *version;
        s << sql("SELECT COUNT(*) FROM responses WHERE survey = ? AND version = ?"), useRef(survey),
            use(v), into(n), now;
      } else {
        s << sql("SELECT COUNT(*) FROM responses WHERE survey = ?"), useRef(survey), into(n), now;
      }
    });
  });
  return n;
}

std::optional<ResponseRow> SqlStore::find_response(const std::string& id) {
  std::optional<ResponseRow> out;
  rethrow_as_store_error("reading a response", [&] {
    with_reader([&](Session& s) {
      std::vector<std::string> surveys, ats, langs, invitations, answers;
      std::vector<int> versions;
      s << sql(
          "SELECT survey, version, submitted_at, lang, COALESCE(invitation, ''), answers "
          "FROM responses WHERE id = ?"),
          useRef(id), into(surveys), into(versions), into(ats), into(langs), into(invitations),
          into(answers), now;
      if (surveys.empty()) return;
      out = ResponseRow{id, surveys[0], versions[0], ats[0], langs[0], invitations[0], answers[0]};
    });
  });
  return out;
}

void SqlStore::create_invitation(const Invitation& inv) {
  rethrow_as_store_error("creating an invitation", [&] {
    std::string groups = groups_to_json(inv.groups);
    std::string at = now_iso8601();
    with_write_transaction([&](Session& s) {
      s << sql(
          "INSERT INTO invitations (token, survey, name, groups_json, created_at) "
          "VALUES (?, ?, ?, ?, ?)"),
          useRef(inv.token), useRef(inv.survey), useRef(inv.name), use(groups), use(at), now;
    });
  });
}

void SqlStore::create_invitations(const std::vector<Invitation>& invs) {
  rethrow_as_store_error("creating invitations", [&] {
    std::string at = now_iso8601();
    // One statement per row inside one transaction (one commit for all). A Statement re-executed
    // with new values crashed Poco's PostgreSQL connector after a failed row (double free).
    with_write_transaction([&](Session& s) {
      for (const auto& inv : invs) {
        std::string groups = groups_to_json(inv.groups);
        s << sql(
            "INSERT INTO invitations (token, survey, name, groups_json, created_at) "
            "VALUES (?, ?, ?, ?, ?)"),
            useRef(inv.token), useRef(inv.survey), useRef(inv.name), use(groups), use(at), now;
      }
    });
  });
}

namespace {

constexpr const char* kInvitationSelect =
    "SELECT i.token, i.survey, i.name, i.groups_json, i.created_at, COALESCE(r.id, ''), "
    "CASE WHEN d.token IS NULL THEN 0 ELSE 1 END FROM invitations i "
    "LEFT JOIN responses r ON r.invitation = i.token LEFT JOIN drafts d ON d.token = i.token ";

struct InvitationColumns {
  std::vector<std::string> tokens, surveys, names, groups, ats, responses;
  std::vector<int> drafts;

  std::vector<Invitation> rows() const {
    std::vector<Invitation> out;
    for (size_t i = 0; i < tokens.size(); ++i) {
      out.push_back(Invitation{tokens[i], surveys[i], names[i], groups_from_json(groups[i]), ats[i],
                               responses[i], drafts[i] != 0});
    }
    return out;
  }
};

}  // namespace

std::optional<Invitation> SqlStore::find_invitation(const std::string& token) {
  std::optional<Invitation> out;
  rethrow_as_store_error("reading an invitation", [&] {
    with_reader([&](Session& s) {
      InvitationColumns c;
      s << sql(std::string(kInvitationSelect) + "WHERE i.token = ?"), useRef(token), into(c.tokens),
          into(c.surveys), into(c.names), into(c.groups), into(c.ats), into(c.responses),
          into(c.drafts), now;
      auto rows = c.rows();
      if (!rows.empty()) out = rows[0];
    });
  });
  return out;
}

std::vector<Invitation> SqlStore::list_invitations(const std::string& survey) {
  std::vector<Invitation> out;
  rethrow_as_store_error("listing invitations", [&] {
    with_reader([&](Session& s) {
      InvitationColumns c;
      s << sql(std::string(kInvitationSelect) +
               "WHERE i.survey = ? ORDER BY i.created_at, i.name, i.token"),
          useRef(survey), into(c.tokens), into(c.surveys), into(c.names), into(c.groups),
          into(c.ats), into(c.responses), into(c.drafts), now;
      out = c.rows();
    });
  });
  return out;
}

void SqlStore::save_draft(const Draft& d) {
  rethrow_as_store_error("saving a draft", [&] {
    std::string at = now_iso8601();
    with_write_transaction([&](Session& s) {
      s << sql(
          "INSERT INTO drafts (token, answers, page, updated_at) VALUES (?, ?, ?, ?) "
          "ON CONFLICT (token) DO UPDATE SET answers = excluded.answers, "
          "page = excluded.page, updated_at = excluded.updated_at"),
          useRef(d.token), useRef(d.answers_json), useRef(d.page), use(at), now;
    });
  });
}

std::optional<Draft> SqlStore::load_draft(const std::string& token) {
  std::optional<Draft> out;
  rethrow_as_store_error("reading a draft", [&] {
    with_reader([&](Session& s) {
      std::vector<std::string> answers, ats;
      std::vector<int> pages;
      s << sql("SELECT answers, page, updated_at FROM drafts WHERE token = ?"), useRef(token),
          into(answers), into(pages), into(ats), now;
      if (!answers.empty()) out = Draft{token, answers[0], pages[0], ats[0]};
    });
  });
  return out;
}

void SqlStore::delete_drafts_before(const std::string& prefix, const std::string& before) {
  rethrow_as_store_error("forgetting old drafts", [&] {
    int length = static_cast<int>(prefix.size());
    with_write_transaction([&](Session& s) {
      s << sql("DELETE FROM drafts WHERE substr(token, 1, ?) = ? AND updated_at < ?"), use(length),
          useRef(prefix), useRef(before), now;
    });
  });
}

NewUserSecrets SqlStore::create_user(const std::string& name, Role role) {
  NewUserSecrets secrets;
  secrets.password = generate_password();
  ApiToken token = generate_api_token();
  secrets.api_token = token.full;
  std::string password_hash = hash_password(secrets.password);
  std::string token_hash = hash_api_token(token.full);
  std::string role_name = to_string(role);
  std::string at = now_iso8601();
  rethrow_as_store_error("creating a user", [&] {
    with_write_transaction([&](Session& s) {
      std::vector<std::string> names;
      s << sql("SELECT name FROM users"), into(names), now;
      for (const auto& other : names) {
        if (same_user_name(other, name))
          throw StoreError("a user named '" + other + "' exists already");
      }
      Poco::Int64 id = 0;
      s << sql(
          "INSERT INTO users (name, role, password_hash, token_id, token_hash, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?) RETURNING id"),
          useRef(name), use(role_name), use(password_hash), use(token.token_id), use(token_hash),
          use(at), into(id), now;
      secrets.user = User{id, name, role};
    });
  });
  return secrets;
}

std::optional<User> SqlStore::authenticate_password(const std::string& name,
                                                    const std::string& password) {
  // Every user is read: names match ignoring case (user_names.h), and staff are a few dozen.
  std::vector<Poco::Int64> ids;
  std::vector<std::string> names, roles, hashes;
  rethrow_as_store_error("reading a user", [&] {
    with_reader([&](Session& s) {
      s << sql("SELECT id, name, role, password_hash FROM users"), into(ids), into(names),
          into(roles), into(hashes), now;
    });
  });
  const std::optional<size_t> i = find_user_name(names, name);
  if (!i || !verify_hash(hashes[*i], password)) return std::nullopt;
  auto role = role_from_string(roles[*i]);
  if (!role) return std::nullopt;
  return User{ids[*i], names[*i], *role};
}

std::optional<User> SqlStore::authenticate_token(const std::string& api_token) {
  if (auto cached = token_cache_.find(api_token)) return cached;
  auto token_id = api_token_id(api_token);
  if (!token_id) return std::nullopt;
  std::vector<Poco::Int64> ids;
  std::vector<std::string> names, roles, hashes;
  rethrow_as_store_error("reading a user", [&] {
    with_reader([&](Session& s) {
      s << sql("SELECT id, name, role, token_hash FROM users WHERE token_id = ?"), use(*token_id),
          into(ids), into(names), into(roles), into(hashes), now;
    });
  });
  if (ids.empty() || !verify_hash(hashes[0], api_token)) return std::nullopt;
  auto role = role_from_string(roles[0]);
  if (!role) return std::nullopt;
  User user{ids[0], names[0], *role};
  token_cache_.remember(api_token, user);
  return user;
}

std::vector<User> SqlStore::list_users() {
  std::vector<User> out;
  rethrow_as_store_error("listing users", [&] {
    with_reader([&](Session& s) {
      std::vector<Poco::Int64> ids;
      std::vector<std::string> names, roles;
      s << "SELECT id, name, role FROM users ORDER BY id", into(ids), into(names), into(roles), now;
      for (size_t i = 0; i < ids.size(); ++i) {
        out.push_back(User{ids[i], names[i], role_from_string(roles[i]).value_or(Role::Analyst)});
      }
    });
  });
  return out;
}

}  // namespace otos::storage

// ---- staff workspace (migration 003): user management, sessions, throttling, audit log ----

namespace otos::storage {

namespace {
// last_seen is written at most this often, so that browsing does not write on every request.
constexpr int64_t kSessionTouchSeconds = 60;
// Sessions not seen for this long are deleted when a new session is made.
constexpr int64_t kSessionForgetSeconds = 7 * 24 * 3600;
// Failed sign-ins older than this are forgotten when a new one is recorded.
constexpr int64_t kFailureMemorySeconds = 24 * 3600;
}  // namespace

std::optional<User> SqlStore::find_user(int64_t id) {
  std::optional<User> out;
  rethrow_as_store_error("reading a user", [&] {
    with_reader([&](Session& s) {
      Poco::Int64 key = id;
      std::vector<std::string> names, roles;
      s << sql("SELECT name, role FROM users WHERE id = ?"), use(key), into(names), into(roles),
          now;
      if (names.empty()) return;
      out = User{id, names[0], role_from_string(roles[0]).value_or(Role::Analyst)};
    });
  });
  return out;
}

bool SqlStore::set_user_role(int64_t id, Role role) {
  bool found = false;
  rethrow_as_store_error("changing a role", [&] {
    with_write_transaction([&](Session& s) {
      Poco::Int64 key = id, exists = 0;
      std::string name = to_string(role);
      s << sql("SELECT COUNT(*) FROM users WHERE id = ?"), use(key), into(exists), now;
      if (!exists) return;
      s << sql("UPDATE users SET role = ? WHERE id = ?"), use(name), use(key), now;
      found = true;
    });
  });
  token_cache_.clear();  // cached API users carry the old role
  return found;
}

std::optional<std::string> SqlStore::reset_password(int64_t id) {
  std::string password = generate_password();
  std::string hash = hash_password(password);
  bool found = false;
  rethrow_as_store_error("resetting a password", [&] {
    with_write_transaction([&](Session& s) {
      Poco::Int64 key = id, exists = 0;
      s << sql("SELECT COUNT(*) FROM users WHERE id = ?"), use(key), into(exists), now;
      if (!exists) return;
      s << sql("UPDATE users SET password_hash = ? WHERE id = ?"), use(hash), use(key), now;
      s << sql("DELETE FROM staff_sessions WHERE user_id = ?"), use(key), now;
      found = true;
    });
  });
  if (!found) return std::nullopt;
  return password;
}

std::optional<std::string> SqlStore::replace_api_token(int64_t id) {
  ApiToken token = generate_api_token();
  std::string hash = hash_api_token(token.full);
  bool found = false;
  rethrow_as_store_error("replacing an API token", [&] {
    with_write_transaction([&](Session& s) {
      Poco::Int64 key = id, exists = 0;
      s << sql("SELECT COUNT(*) FROM users WHERE id = ?"), use(key), into(exists), now;
      if (!exists) return;
      s << sql("UPDATE users SET token_id = ?, token_hash = ? WHERE id = ?"), use(token.token_id),
          use(hash), use(key), now;
      found = true;
    });
  });
  token_cache_.clear();
  if (!found) return std::nullopt;
  return token.full;
}

void SqlStore::create_session(const std::string& token, int64_t user_id, const std::string& csrf,
                              int64_t now_s) {
  rethrow_as_store_error("creating a session", [&] {
    std::string hash = session_token_hash(token);
    Poco::Int64 user = user_id, at = now_s, abandoned = now_s - kSessionForgetSeconds;
    with_write_transaction([&](Session& s) {
      s << sql("DELETE FROM staff_sessions WHERE last_seen < ?"), use(abandoned), now;
      s << sql(
          "INSERT INTO staff_sessions (token_hash, user_id, csrf, created_at, last_seen) "
          "VALUES (?, ?, ?, ?, ?)"),
          use(hash), use(user), useRef(csrf), use(at), use(at), now;
    });
  });
}

std::optional<StaffSession> SqlStore::find_session(const std::string& token, int64_t now_s,
                                                   int64_t idle_seconds) {
  std::string hash = session_token_hash(token);
  std::vector<Poco::Int64> users, created, seen;
  std::vector<std::string> csrfs, names, roles;
  rethrow_as_store_error("reading a session", [&] {
    with_reader([&](Session& s) {
      s << sql(
          "SELECT s.user_id, s.csrf, s.created_at, s.last_seen, u.name, u.role "
          "FROM staff_sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?"),
          use(hash), into(users), into(csrfs), into(created), into(seen), into(names), into(roles),
          now;
    });
  });
  if (users.empty()) return std::nullopt;
  auto role = role_from_string(roles[0]);
  if (seen[0] < now_s - idle_seconds || !role) {
    delete_session(token);
    return std::nullopt;
  }
  if (now_s - seen[0] >= kSessionTouchSeconds) {
    rethrow_as_store_error("touching a session", [&] {
      Poco::Int64 at = now_s;
      with_write_transaction([&](Session& s) {
        s << sql("UPDATE staff_sessions SET last_seen = ? WHERE token_hash = ?"), use(at),
            use(hash), now;
      });
    });
    seen[0] = now_s;
  }
  return StaffSession{User{users[0], names[0], *role}, csrfs[0], created[0], seen[0]};
}

void SqlStore::delete_session(const std::string& token) {
  rethrow_as_store_error("deleting a session", [&] {
    std::string hash = session_token_hash(token);
    with_write_transaction([&](Session& s) {
      s << sql("DELETE FROM staff_sessions WHERE token_hash = ?"), use(hash), now;
    });
  });
}

void SqlStore::record_login_failure(const std::vector<std::string>& keys, int64_t now_s) {
  rethrow_as_store_error("recording a failed sign-in", [&] {
    Poco::Int64 at = now_s, old = now_s - kFailureMemorySeconds;
    with_write_transaction([&](Session& s) {
      s << sql("DELETE FROM login_failures WHERE at < ?"), use(old), now;
      for (const auto& key : keys) {
        s << sql("INSERT INTO login_failures (failure_key, at) VALUES (?, ?)"), useRef(key),
            use(at), now;
      }
    });
  });
}

int64_t SqlStore::count_login_failures(const std::string& key, int64_t since) {
  Poco::Int64 n = 0;
  rethrow_as_store_error("counting failed sign-ins", [&] {
    Poco::Int64 from = since;
    with_reader([&](Session& s) {
      s << sql("SELECT COUNT(*) FROM login_failures WHERE failure_key = ? AND at >= ?"),
          useRef(key), use(from), into(n), now;
    });
  });
  return n;
}

void SqlStore::clear_login_failures(const std::string& key) {
  rethrow_as_store_error("clearing failed sign-ins", [&] {
    with_write_transaction([&](Session& s) {
      s << sql("DELETE FROM login_failures WHERE failure_key = ?"), useRef(key), now;
    });
  });
}

void SqlStore::append_audit(const AuditEntry& entry) {
  rethrow_as_store_error("writing the audit log", [&] {
    std::string at = now_iso8601();
    with_write_transaction([&](Session& s) {
      s << sql(
          "INSERT INTO audit_log (at, user_name, action, detail, address) "
          "VALUES (?, ?, ?, ?, ?)"),
          use(at), useRef(entry.user), useRef(entry.action), useRef(entry.detail),
          useRef(entry.address), now;
    });
  });
}

std::vector<AuditEntry> SqlStore::list_audit(size_t limit) {
  std::vector<AuditEntry> out;
  rethrow_as_store_error("reading the audit log", [&] {
    Poco::Int64 n = static_cast<Poco::Int64>(limit);
    with_reader([&](Session& s) {
      std::vector<Poco::Int64> seqs;
      std::vector<std::string> ats, users, actions, details, addresses;
      s << sql(
          "SELECT seq, at, user_name, action, detail, address FROM audit_log "
          "ORDER BY seq DESC LIMIT ?"),
          use(n), into(seqs), into(ats), into(users), into(actions), into(details), into(addresses),
          now;
      for (size_t i = 0; i < seqs.size(); ++i) {
        out.push_back(AuditEntry{seqs[i], ats[i], users[i], actions[i], details[i], addresses[i]});
      }
    });
  });
  return out;
}

}  // namespace otos::storage
