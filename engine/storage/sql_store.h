// The part of the SQLite and PostgreSQL stores that is the same SQL on both, on Poco::Data:
// migrations, questionnaire waves, invitations, drafts, users, lookups and counts. The dialects
// (sqlite_store.cpp, pg_store.cpp) add how to connect, how to open a write transaction, and the
// two hot paths: the batched insert of responses and the streaming scan.
// Statements are written with '?' placeholders and prepared; no SQL is built from data.
// Every Poco exception leaves a public method as StoreError.
#pragma once

#include <Poco/Data/Session.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "engine/storage/credentials.h"
#include "engine/storage/store.h"

namespace otos::storage {

enum class Dialect { Sqlite, Postgres };

// A small pool of Poco sessions made on demand by `make`. A lease gives its session back when it
// ends, unless it ends by an exception (the connection may be broken; it is dropped).
class SessionPool {
 public:
  using Make = std::function<std::unique_ptr<Poco::Data::Session>()>;
  explicit SessionPool(Make make, size_t keep = 8) : make_(std::move(make)), keep_(keep) {}

  class Lease {
   public:
    Lease(SessionPool* pool, std::unique_ptr<Poco::Data::Session> s);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Poco::Data::Session& operator*() { return *session_; }
    Poco::Data::Session* operator->() { return session_.get(); }

   private:
    SessionPool* pool_;
    std::unique_ptr<Poco::Data::Session> session_;
    int exceptions_;
  };

  Lease lease();
  void clear();

 private:
  Make make_;
  size_t keep_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Poco::Data::Session>> idle_;
};

class SqlStore : public Store {
 public:
  void put_survey_version(const SurveyVersion& v) override;
  std::vector<SurveyVersion> survey_versions() override;
  int64_t count_responses(const std::string& survey, std::optional<int> version) override;
  std::optional<ResponseRow> find_response(const std::string& id) override;
  void create_invitation(const Invitation& inv) override;
  void create_invitations(const std::vector<Invitation>& invs) override;
  std::optional<Invitation> find_invitation(const std::string& token) override;
  std::vector<Invitation> list_invitations(const std::string& survey) override;
  void save_draft(const Draft& d) override;
  std::optional<Draft> load_draft(const std::string& token) override;
  void delete_drafts_before(const std::string& prefix, const std::string& before) override;
  NewUserSecrets create_user(const std::string& name, Role role) override;
  std::optional<User> authenticate_password(const std::string& name,
                                            const std::string& password) override;
  std::optional<User> authenticate_token(const std::string& api_token) override;
  std::vector<User> list_users() override;
  std::optional<User> find_user(int64_t id) override;
  bool set_user_role(int64_t id, Role role) override;
  std::optional<std::string> reset_password(int64_t id) override;
  std::optional<std::string> replace_api_token(int64_t id) override;
  void create_session(const std::string& token, int64_t user_id, const std::string& csrf,
                      int64_t now) override;
  std::optional<StaffSession> find_session(const std::string& token, int64_t now,
                                           int64_t idle_seconds) override;
  void delete_session(const std::string& token) override;
  void record_login_failure(const std::vector<std::string>& keys, int64_t now) override;
  int64_t count_login_failures(const std::string& key, int64_t since) override;
  void clear_login_failures(const std::string& key) override;
  void append_audit(const AuditEntry& entry) override;
  std::vector<AuditEntry> list_audit(size_t limit) override;

 protected:
  explicit SqlStore(Dialect dialect) : dialect_(dialect) {}

  // The statement text for this dialect: PostgreSQL gets $1, $2, ... for each '?'.
  std::string sql(std::string_view text) const;

  // Runs fn on a session for reading (any connection).
  virtual void with_reader(const std::function<void(Poco::Data::Session&)>& fn) = 0;
  // Runs fn inside one write transaction (BEGIN ... COMMIT; ROLLBACK and rethrow on error).
  virtual void with_write_transaction(const std::function<void(Poco::Data::Session&)>& fn) = 0;

  // Applies every migration not yet recorded in schema_version, in one write transaction.
  // `lock` runs first inside the transaction (PostgreSQL: an advisory lock).
  void migrate(Poco::Data::Session& s, const std::function<void(Poco::Data::Session&)>& lock);

  // The outcome of an INSERT that did nothing because of a unique index: the first row with
  // the same submission_id decides Duplicate/Conflict, else the invitation's TokenUsed; nullopt
  // when neither holds (an id collision: retry with a new id).
  std::optional<InsertResult> explain_conflict(Poco::Data::Session& s, const NewResponse& r);

  Dialect dialect_;

 private:
  TokenCache token_cache_;
};

// Runs fn and turns any Poco exception into StoreError("what: message").
void rethrow_as_store_error(const char* what, const std::function<void()>& fn);

// Invitation groups as a JSON object of strings and back.
std::string groups_to_json(const std::map<std::string, std::string>& groups);
std::map<std::string, std::string> groups_from_json(const std::string& json);

}  // namespace otos::storage
