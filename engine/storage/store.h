// Storage: one interface, three implementations (SQLite, PostgreSQL, in-memory for unit tests).
// Every method is thread-safe. Schema changes are numbered migrations in engine/storage/migrations/
// applied by open(). Prepared statements only; no SQL is ever built from user data.
// A write method returns only after its transaction has committed durably (SQLite: WAL with
// synchronous=FULL); on failure it throws StoreError and nothing of it is stored.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace otos::storage {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SurveyVersion {
  std::string survey;  // questionnaire id
  int version = 0;
  std::string yaml;       // the file's text
  std::string sha256;     // hex of yaml
  std::string stored_at;  // ISO 8601 UTC
};

struct NewResponse {
  std::string survey;
  int version = 0;
  std::string lang;
  std::string invitation;     // token, "" when public
  std::string submission_id;  // client's idempotency key, "" when none
  std::string answers_json;   // canonical JSON (answers_to_json)
  // The same answers in engine/packed's binary layout, for the analysis' fast path, and the
  // layout id of the wave they were packed for; 0 and "" when not packed (JSON is the truth).
  int64_t layout = 0;
  std::string packed;
};

enum class InsertStatus {
  Created,    // stored now; id is new
  Duplicate,  // same submission_id with the same answers: id is the first response's id
  Conflict,   // same submission_id with other answers: nothing stored
  TokenUsed,  // the invitation already has a response: nothing stored
};

// What the group commit has done since the store was opened (operators and benchmarks: how many
// responses share a commit). Zero for a store without one (memory).
struct CommitStats {
  uint64_t commits = 0;    // transactions of insert_response batches that committed
  uint64_t responses = 0;  // insert_response calls in them
};

struct InsertResult {
  InsertStatus status = InsertStatus::Created;
  std::string id;
};

struct ResponseRow {
  std::string id;
  std::string survey;
  int version = 0;
  std::string submitted_at;  // ISO 8601 UTC, e.g. 2026-02-03T10:15:00Z
  std::string lang;
  std::string invitation;
  std::string answers_json;
};

// A packed copy for a response already stored (add_packed): the analysis' fast path for rows
// stored before packing, or packed under an earlier layout.
struct PackedCopy {
  std::string id;  // the response's id
  int64_t layout = 0;
  std::string packed;
};

// One packed response as scan_packed streams it: views valid during the callback only.
struct PackedRow {
  std::string_view id;
  std::string_view submitted_at;
  int version = 0;
  std::string_view lang;
  std::string_view packed;
};

struct Invitation {
  std::string token;  // >= 128 bits, URL-safe
  std::string survey;
  std::string name;
  std::map<std::string, std::string> groups;  // question id -> code, pre-filled and not asked
  std::string created_at;
  std::string response_id;  // "" until answered
  bool has_draft = false;
};

struct Draft {
  std::string token;
  std::string answers_json;
  int page = 0;
  std::string updated_at;
};

enum class Role { Admin, Analyst, Coordinator };
std::string to_string(Role role);
std::optional<Role> role_from_string(const std::string& name);

struct User {
  int64_t id = 0;
  std::string name;
  Role role = Role::Analyst;
};

struct NewUserSecrets {
  User user;
  std::string password;   // shown once
  std::string api_token;  // shown once
};

// A signed-in session of the staff workspace (migration 003). Times are Unix seconds.
struct StaffSession {
  User user;         // the user as stored now (a changed role applies at once)
  std::string csrf;  // the anti-forgery token every form of this session carries
  int64_t created_at = 0;
  int64_t last_seen = 0;
};

// One line of the audit log: who did what, when, from where.
struct AuditEntry {
  int64_t seq = 0;
  std::string at;       // ISO 8601 UTC, set by the store
  std::string user;     // user name ("" when nobody signed in, e.g. a failed sign-in)
  std::string action;   // "sign-in", "sign-in-failed", "publish", "invite", "download", ...
  std::string detail;   // what it was about, e.g. "kohderyhmakysely@2026"
  std::string address;  // the client's address
};

class Store {
 public:
  virtual ~Store() = default;

  // "PATH" (SQLite file) or "postgresql://user:pass@host:port/db". Applies migrations.
  static std::unique_ptr<Store> open(const std::string& target);
  // For unit tests: everything in memory, same semantics.
  static std::unique_ptr<Store> open_memory();

  // Questionnaire waves. Storing the same (survey, version, sha256) again is a no-op; the same
  // (survey, version) with another text replaces it (staff republish a wave before it opens).
  virtual void put_survey_version(const SurveyVersion& v) = 0;
  virtual std::vector<SurveyVersion> survey_versions() = 0;

  // Responses. Durable when it returns. Many concurrent callers share one commit (group commit).
  virtual InsertResult insert_response(const NewResponse& r) = 0;
  virtual CommitStats commit_stats() const { return {}; }
  // All or nothing, one transaction (the importer). Returns the new ids in order.
  virtual std::vector<std::string> insert_all(const std::vector<NewResponse>& rs) = 0;
  // Streams responses of a survey (one version, or all when version is nullopt) in submission
  // order without holding them all in memory.
  virtual void scan_responses(const std::string& survey, std::optional<int> version,
                              const std::function<void(const ResponseRow&)>& fn) = 0;
  virtual int64_t count_responses(const std::string& survey, std::optional<int> version) = 0;
  // The analysis' fast path: the responses of one wave that were packed under `layout`, in
  // submission order, and how many there are. A store that does not pack has none.
  virtual void scan_packed(const std::string& /*survey*/, int /*version*/, int64_t /*layout*/,
                           const std::function<void(const PackedRow&)>& /*fn*/) {}
  virtual int64_t count_packed(const std::string& /*survey*/, int /*version*/, int64_t /*layout*/) {
    return 0;
  }
  // True when the wave has responses and every one is packed under `layout`, both counted in one
  // snapshot (two separate counts could agree by accident while rows arrive).
  virtual bool all_packed(const std::string& /*survey*/, int /*version*/, int64_t /*layout*/) {
    return false;
  }
  // Stores each copy for its response, replacing the copy the response had; ids that are not
  // stored are skipped. All or nothing, one transaction. Returns how many copies were stored.
  virtual int64_t add_packed(const std::vector<PackedCopy>& copies) = 0;
  virtual std::optional<ResponseRow> find_response(const std::string& id) = 0;

  // Invitations and drafts.
  virtual void create_invitation(const Invitation& inv) = 0;
  // Many at once, in one transaction: all are stored or none (a bulk upload from a CSV).
  virtual void create_invitations(const std::vector<Invitation>& invs) = 0;
  virtual std::optional<Invitation> find_invitation(const std::string& token) = 0;
  virtual std::vector<Invitation> list_invitations(const std::string& survey) = 0;
  virtual void save_draft(const Draft& d) = 0;
  virtual std::optional<Draft> load_draft(const std::string& token) = 0;
  // Forgets the drafts whose key starts with `prefix` that were last saved before `before`
  // (ISO 8601 UTC, as Draft::updated_at): abandoned anonymous form sessions.
  virtual void delete_drafts_before(const std::string& prefix, const std::string& before) = 0;

  // Staff. Passwords and API tokens are stored as argon2id hashes only.
  virtual NewUserSecrets create_user(const std::string& name, Role role) = 0;
  virtual std::optional<User> authenticate_password(const std::string& name,
                                                    const std::string& password) = 0;
  virtual std::optional<User> authenticate_token(const std::string& api_token) = 0;
  virtual std::vector<User> list_users() = 0;

  // Staff user management. False / nullopt when no user has `id`. A new password ends the
  // user's sessions; a new API token makes the old one fail at once on this server and within
  // a minute on others (their verified-token caches expire).
  virtual std::optional<User> find_user(int64_t id) = 0;
  virtual bool set_user_role(int64_t id, Role role) = 0;
  virtual std::optional<std::string> reset_password(int64_t id) = 0;     // the new password
  virtual std::optional<std::string> replace_api_token(int64_t id) = 0;  // the new token

  // Staff workspace sessions. Only a hash of `token` is stored. find_session answers the
  // session when it was last seen within `idle_seconds` of `now` and moves last_seen to `now`
  // (written at most once a minute); an expired session is deleted and nullopt returned.
  // create_session also forgets every session not seen for a week (abandoned ones).
  virtual void create_session(const std::string& token, int64_t user_id, const std::string& csrf,
                              int64_t now) = 0;
  virtual std::optional<StaffSession> find_session(const std::string& token, int64_t now,
                                                   int64_t idle_seconds) = 0;
  virtual void delete_session(const std::string& token) = 0;

  // Failed sign-ins for throttling, under keys such as "user:NAME" and "addr:ADDRESS".
  // record_login_failure adds one failure per key (and forgets failures older than a day).
  virtual void record_login_failure(const std::vector<std::string>& keys, int64_t now) = 0;
  virtual int64_t count_login_failures(const std::string& key, int64_t since) = 0;
  virtual void clear_login_failures(const std::string& key) = 0;

  // The audit log: append-only; list_audit gives the newest `limit` entries, newest first.
  virtual void append_audit(const AuditEntry& entry) = 0;
  virtual std::vector<AuditEntry> list_audit(size_t limit) = 0;
};

// Random URL-safe token with `bytes` bytes of entropy (libsodium), e.g. for invitations.
std::string random_token(size_t bytes = 16);

}  // namespace otos::storage
