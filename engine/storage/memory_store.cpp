// The in-memory Store (see memory_store.h). Mirrors the SQL stores' rules; no durability.
#include "engine/storage/memory_store.h"

#include <algorithm>
#include <mutex>
#include <set>
#include <tuple>
#include <unordered_map>

#include "engine/storage/credentials.h"
#include "engine/storage/ids.h"
#include "engine/storage/user_names.h"

namespace otos::storage {

namespace {

struct StoredUser {
  User user;
  std::string password_hash;
  std::string token_id;
  std::string token_hash;
};

class MemoryStore final : public Store {
 public:
  void put_survey_version(const SurveyVersion& v) override {
    std::lock_guard lock(mu_);
    for (auto& s : versions_) {
      if (s.survey == v.survey && s.version == v.version) {
        if (s.sha256 != v.sha256) {
          s = v;
          s.stored_at = now_iso8601();
        }
        return;
      }
    }
    versions_.push_back(v);
    versions_.back().stored_at = now_iso8601();
  }

  std::vector<SurveyVersion> survey_versions() override {
    std::lock_guard lock(mu_);
    std::vector<SurveyVersion> out = versions_;
    std::sort(out.begin(), out.end(), [](const SurveyVersion& a, const SurveyVersion& b) {
      return std::tie(a.survey, a.version) < std::tie(b.survey, b.version);
    });
    return out;
  }

  InsertResult insert_response(const NewResponse& r) override {
    std::lock_guard lock(mu_);
    return insert_locked(r);
  }

  std::vector<std::string> insert_all(const std::vector<NewResponse>& rs) override {
    std::lock_guard lock(mu_);
    size_t mark = rows_.size();
    std::vector<std::string> ids;
    for (const auto& r : rs) {
      InsertResult res = insert_locked(r);
      if (res.status != InsertStatus::Created) {
        rollback_to(mark);
        throw StoreError(res.status == InsertStatus::TokenUsed
                             ? "invitation already answered: " + r.invitation
                             : "duplicate submission_id: " + r.submission_id);
      }
      ids.push_back(res.id);
    }
    return ids;
  }

  void scan_responses(const std::string& survey, std::optional<int> version,
                      const std::function<void(const ResponseRow&)>& fn) override {
    std::vector<ResponseRow> rows;
    {
      std::lock_guard lock(mu_);
      for (const auto& row : rows_) {
        if (row.survey == survey && (!version || row.version == *version)) rows.push_back(row);
      }
    }
    for (const auto& row : rows) fn(row);
  }

  int64_t count_responses(const std::string& survey, std::optional<int> version) override {
    std::lock_guard lock(mu_);
    int64_t n = 0;
    for (const auto& row : rows_) {
      if (row.survey == survey && (!version || row.version == *version)) ++n;
    }
    return n;
  }

  void scan_packed(const std::string& survey, int version, int64_t layout,
                   const std::function<void(const PackedRow&)>& fn) override {
    std::vector<std::pair<ResponseRow, std::string>> rows;
    {
      std::lock_guard lock(mu_);
      for (size_t i = 0; i < rows_.size(); ++i)
        if (is_packed(i, survey, version, layout)) rows.emplace_back(rows_[i], packed_[i].second);
    }
    for (const auto& [row, bytes] : rows)
      fn(PackedRow{row.id, row.submitted_at, row.version, row.lang, bytes});
  }

  int64_t count_packed(const std::string& survey, int version, int64_t layout) override {
    std::lock_guard lock(mu_);
    int64_t n = 0;
    for (size_t i = 0; i < rows_.size(); ++i) n += is_packed(i, survey, version, layout);
    return n;
  }

  bool all_packed(const std::string& survey, int version, int64_t layout) override {
    std::lock_guard lock(mu_);
    int64_t total = 0, packed = 0;
    for (size_t i = 0; i < rows_.size(); ++i) {
      total += rows_[i].survey == survey && rows_[i].version == version;
      packed += is_packed(i, survey, version, layout);
    }
    return total > 0 && total == packed;
  }

  int64_t add_packed(const std::vector<PackedCopy>& copies) override {
    std::lock_guard lock(mu_);
    int64_t stored = 0;
    for (const auto& c : copies) {
      auto it = by_id_.find(c.id);
      if (it == by_id_.end()) continue;
      packed_[it->second] = {c.layout, c.packed};
      ++stored;
    }
    return stored;
  }

  std::optional<ResponseRow> find_response(const std::string& id) override {
    std::lock_guard lock(mu_);
    auto it = by_id_.find(id);
    if (it == by_id_.end()) return std::nullopt;
    return rows_[it->second];
  }

  void create_invitation(const Invitation& inv) override {
    std::lock_guard lock(mu_);
    if (invitations_.count(inv.token)) throw StoreError("invitation token exists: " + inv.token);
    Invitation stored = inv;
    stored.created_at = now_iso8601();
    stored.response_id.clear();
    stored.has_draft = false;
    invitations_[inv.token] = std::move(stored);
  }

  void create_invitations(const std::vector<Invitation>& invs) override {
    std::lock_guard lock(mu_);
    std::set<std::string> tokens;
    for (const auto& inv : invs) {
      if (invitations_.count(inv.token) || !tokens.insert(inv.token).second) {
        throw StoreError("invitation token exists: " + inv.token);
      }
    }
    const std::string at = now_iso8601();
    for (const auto& inv : invs) {
      Invitation stored = inv;
      stored.created_at = at;
      stored.response_id.clear();
      stored.has_draft = false;
      invitations_[inv.token] = std::move(stored);
    }
  }

  std::optional<Invitation> find_invitation(const std::string& token) override {
    std::lock_guard lock(mu_);
    auto it = invitations_.find(token);
    if (it == invitations_.end()) return std::nullopt;
    return decorate(it->second);
  }

  std::vector<Invitation> list_invitations(const std::string& survey) override {
    std::lock_guard lock(mu_);
    std::vector<Invitation> out;
    for (const auto& [token, inv] : invitations_) {
      if (inv.survey == survey) out.push_back(decorate(inv));
    }
    // The SQL stores' order: created_at, then name, then token.
    std::sort(out.begin(), out.end(), [](const Invitation& a, const Invitation& b) {
      return std::tie(a.created_at, a.name, a.token) < std::tie(b.created_at, b.name, b.token);
    });
    return out;
  }

  void save_draft(const Draft& d) override {
    std::lock_guard lock(mu_);
    Draft stored = d;
    stored.updated_at = now_iso8601();
    drafts_[d.token] = std::move(stored);
  }

  std::optional<Draft> load_draft(const std::string& token) override {
    std::lock_guard lock(mu_);
    auto it = drafts_.find(token);
    if (it == drafts_.end()) return std::nullopt;
    return it->second;
  }

  void delete_drafts_before(const std::string& prefix, const std::string& before) override {
    std::lock_guard lock(mu_);
    for (auto it = drafts_.begin(); it != drafts_.end();) {
      if (it->first.compare(0, prefix.size(), prefix) == 0 && it->second.updated_at < before)
        it = drafts_.erase(it);
      else
        ++it;
    }
  }

  NewUserSecrets create_user(const std::string& name, Role role) override {
    NewUserSecrets secrets;
    secrets.password = generate_password();
    ApiToken token = generate_api_token();
    secrets.api_token = token.full;
    StoredUser stored;
    stored.password_hash = hash_password(secrets.password);
    stored.token_id = token.token_id;
    stored.token_hash = hash_api_token(token.full);
    std::lock_guard lock(mu_);
    for (const auto& u : users_) {
      if (same_user_name(u.user.name, name)) throw StoreError("user exists: " + u.user.name);
    }
    stored.user = User{static_cast<int64_t>(users_.size()) + 1, name, role};
    users_.push_back(stored);
    secrets.user = stored.user;
    return secrets;
  }

  std::optional<User> authenticate_password(const std::string& name,
                                            const std::string& password) override {
    StoredUser found;
    {
      std::lock_guard lock(mu_);
      std::vector<std::string> names;
      for (const auto& u : users_) names.push_back(u.user.name);
      const std::optional<size_t> i = find_user_name(names, name);
      if (!i) return std::nullopt;
      found = users_[*i];
    }
    if (!verify_hash(found.password_hash, password)) return std::nullopt;
    return found.user;
  }

  std::optional<User> authenticate_token(const std::string& api_token) override {
    if (auto cached = cache_.find(api_token)) return cached;
    auto token_id = api_token_id(api_token);
    if (!token_id) return std::nullopt;
    StoredUser found;
    {
      std::lock_guard lock(mu_);
      auto it = std::find_if(users_.begin(), users_.end(),
                             [&](const StoredUser& u) { return u.token_id == *token_id; });
      if (it == users_.end()) return std::nullopt;
      found = *it;
    }
    if (!verify_hash(found.token_hash, api_token)) return std::nullopt;
    cache_.remember(api_token, found.user);
    return found.user;
  }

  std::vector<User> list_users() override {
    std::lock_guard lock(mu_);
    std::vector<User> out;
    for (const auto& u : users_) out.push_back(u.user);
    return out;
  }

  std::optional<User> find_user(int64_t id) override {
    std::lock_guard lock(mu_);
    StoredUser* u = user_locked(id);
    if (!u) return std::nullopt;
    return u->user;
  }

  bool set_user_role(int64_t id, Role role) override {
    std::lock_guard lock(mu_);
    StoredUser* u = user_locked(id);
    cache_.clear();
    if (!u) return false;
    u->user.role = role;
    return true;
  }

  std::optional<std::string> reset_password(int64_t id) override {
    std::string password = generate_password();
    std::string hash = hash_password(password);
    std::lock_guard lock(mu_);
    StoredUser* u = user_locked(id);
    if (!u) return std::nullopt;
    u->password_hash = hash;
    std::erase_if(sessions_, [&](const auto& kv) { return kv.second.user_id == id; });
    return password;
  }

  std::optional<std::string> replace_api_token(int64_t id) override {
    ApiToken token = generate_api_token();
    std::string hash = hash_api_token(token.full);
    std::lock_guard lock(mu_);
    cache_.clear();
    StoredUser* u = user_locked(id);
    if (!u) return std::nullopt;
    u->token_id = token.token_id;
    u->token_hash = hash;
    return token.full;
  }

  void create_session(const std::string& token, int64_t user_id, const std::string& csrf,
                      int64_t now) override {
    std::lock_guard lock(mu_);
    std::erase_if(sessions_,
                  [&](const auto& kv) { return kv.second.last_seen < now - 7 * 24 * 3600; });
    sessions_[session_token_hash(token)] = SessionRow{user_id, csrf, now, now};
  }

  std::optional<StaffSession> find_session(const std::string& token, int64_t now,
                                           int64_t idle_seconds) override {
    std::lock_guard lock(mu_);
    auto it = sessions_.find(session_token_hash(token));
    if (it == sessions_.end()) return std::nullopt;
    StoredUser* u = user_locked(it->second.user_id);
    if (!u || it->second.last_seen < now - idle_seconds) {
      sessions_.erase(it);
      return std::nullopt;
    }
    if (now - it->second.last_seen >= 60) it->second.last_seen = now;  // as the SQL stores
    return StaffSession{u->user, it->second.csrf, it->second.created_at, it->second.last_seen};
  }

  void delete_session(const std::string& token) override {
    std::lock_guard lock(mu_);
    sessions_.erase(session_token_hash(token));
  }

  void record_login_failure(const std::vector<std::string>& keys, int64_t now) override {
    std::lock_guard lock(mu_);
    std::erase_if(failures_, [&](const auto& f) { return f.second < now - 24 * 3600; });
    for (const auto& key : keys) failures_.emplace_back(key, now);
  }

  int64_t count_login_failures(const std::string& key, int64_t since) override {
    std::lock_guard lock(mu_);
    return std::count_if(failures_.begin(), failures_.end(),
                         [&](const auto& f) { return f.first == key && f.second >= since; });
  }

  void clear_login_failures(const std::string& key) override {
    std::lock_guard lock(mu_);
    std::erase_if(failures_, [&](const auto& f) { return f.first == key; });
  }

  void append_audit(const AuditEntry& entry) override {
    std::lock_guard lock(mu_);
    AuditEntry stored = entry;
    stored.seq = static_cast<int64_t>(audit_.size()) + 1;
    stored.at = now_iso8601();
    audit_.push_back(std::move(stored));
  }

  std::vector<AuditEntry> list_audit(size_t limit) override {
    std::lock_guard lock(mu_);
    std::vector<AuditEntry> out;
    for (auto it = audit_.rbegin(); it != audit_.rend() && out.size() < limit; ++it) {
      out.push_back(*it);
    }
    return out;
  }

 private:
  struct SessionRow {
    int64_t user_id = 0;
    std::string csrf;
    int64_t created_at = 0;
    int64_t last_seen = 0;
  };

  StoredUser* user_locked(int64_t id) {
    for (auto& u : users_) {
      if (u.user.id == id) return &u;
    }
    return nullptr;
  }

  bool is_packed(size_t i, const std::string& survey, int version, int64_t layout) const {
    return rows_[i].survey == survey && rows_[i].version == version && !packed_[i].second.empty() &&
           packed_[i].first == layout;
  }

  InsertResult insert_locked(const NewResponse& r) {
    if (!r.submission_id.empty()) {
      auto it = by_submission_.find(r.submission_id);
      if (it != by_submission_.end()) {
        const ResponseRow& first = rows_[it->second];
        bool same = first.survey == r.survey && first.answers_json == r.answers_json;
        return InsertResult{same ? InsertStatus::Duplicate : InsertStatus::Conflict,
                            same ? first.id : std::string()};
      }
    }
    if (!r.invitation.empty() && by_invitation_.count(r.invitation)) {
      return InsertResult{InsertStatus::TokenUsed, ""};
    }
    ResponseRow row;
    row.id = new_response_id();
    row.survey = r.survey;
    row.version = r.version;
    row.submitted_at = now_iso8601();
    row.lang = r.lang;
    row.invitation = r.invitation;
    row.answers_json = r.answers_json;
    size_t index = rows_.size();
    rows_.push_back(row);
    submission_ids_.push_back(r.submission_id);
    packed_.push_back({r.layout, r.packed});
    by_id_[row.id] = index;
    if (!r.submission_id.empty()) by_submission_[r.submission_id] = index;
    if (!r.invitation.empty()) by_invitation_[r.invitation] = index;
    return InsertResult{InsertStatus::Created, row.id};
  }

  void rollback_to(size_t mark) {
    while (rows_.size() > mark) {
      const ResponseRow& row = rows_.back();
      by_id_.erase(row.id);
      if (!row.invitation.empty()) by_invitation_.erase(row.invitation);
      if (!submission_ids_.back().empty()) by_submission_.erase(submission_ids_.back());
      rows_.pop_back();
      submission_ids_.pop_back();
      packed_.pop_back();
    }
  }

  Invitation decorate(const Invitation& inv) const {
    Invitation out = inv;
    auto it = by_invitation_.find(inv.token);
    out.response_id = it == by_invitation_.end() ? "" : rows_[it->second].id;
    out.has_draft = drafts_.count(inv.token) > 0;
    return out;
  }

  std::mutex mu_;
  std::vector<SurveyVersion> versions_;
  std::vector<ResponseRow> rows_;
  std::vector<std::string> submission_ids_;              // parallel to rows_
  std::vector<std::pair<int64_t, std::string>> packed_;  // parallel to rows_: layout, bytes
  std::unordered_map<std::string, size_t> by_id_;
  std::unordered_map<std::string, size_t> by_submission_;
  std::unordered_map<std::string, size_t> by_invitation_;
  std::unordered_map<std::string, Invitation> invitations_;
  std::unordered_map<std::string, Draft> drafts_;
  std::vector<StoredUser> users_;
  TokenCache cache_;
  std::unordered_map<std::string, SessionRow> sessions_;   // by session_token_hash
  std::vector<std::pair<std::string, int64_t>> failures_;  // key, Unix seconds
  std::vector<AuditEntry> audit_;
};

}  // namespace

std::unique_ptr<Store> make_memory_store() { return std::make_unique<MemoryStore>(); }

}  // namespace otos::storage
