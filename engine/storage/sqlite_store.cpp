// The SQLite store: WAL with synchronous=FULL, one writer connection (group commit of responses
// and every other write), reader connections from a pool so that long scans never block writes,
// and a checkpointer thread that keeps the WAL bounded. A background checkpoint alone cannot: with
// a writer that never pauses and readers that never stop, the WAL is never completely folded in
// while nobody uses it, so it never restarts and grows without end. So when the writer's WAL hook
// reports kCheckpointPages more frames, the checkpointer copies pages back with a PASSIVE
// checkpoint (the writer goes on); when the WAL still holds kRestartPages frames after that, it
// pauses our writer (the writer mutex) for a RESTART checkpoint that folds in the last frames and
// waits at most kRestartWaitMs for readers to finish their current chunk; the next write then
// starts the WAL from its beginning (and journal_size_limit trims the file). The two hot paths
// (batched insert, streaming scan) use the sqlite3 C API on the handles of Poco sessions; the rest
// is SqlStore's Poco::Data SQL. Must not hold a read transaction across the whole of a long scan
// (it reads in chunks).
#include "engine/storage/sqlite_store.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/Utility.h>
#include <sqlite3.h>

#include <condition_variable>
#include <thread>
#include <utility>

#include "engine/storage/group_commit.h"
#include "engine/storage/ids.h"
#include "engine/storage/sql_store.h"
#include "engine/storage/sqlite_wal_vfs.h"

namespace otos::storage {

namespace {

using Poco::Data::Session;

constexpr int kBusyTimeoutMs = 10000;
constexpr size_t kLoginTimeoutSeconds = 5;
constexpr int kCheckpointPages = 1000;  // WAL frames after which the checkpointer runs
constexpr int kRestartPages = 4000;     // WAL frames after which the checkpointer RESTARTs
constexpr int kRestartWaitMs = 25;      // how long a RESTART checkpoint waits for readers
constexpr int kScanChunk = 5000;        // rows per read transaction of a scan (a few ms)

void exec(sqlite3* db, const char* text) {
  char* err = nullptr;
  if (sqlite3_exec(db, text, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db);
    sqlite3_free(err);
    throw StoreError(std::string("SQLite: ") + text + ": " + msg);
  }
}

// A prepared statement owned for the life of a connection.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* text) : db_(db) {
    if (sqlite3_prepare_v3(db, text, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK) {
      throw StoreError(std::string("SQLite: preparing ") + text + ": " + sqlite3_errmsg(db));
    }
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  void text(int i, std::string_view s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
  }
  void integer(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  // An empty blob binds NULL (a response that was not packed).
  void blob(int i, std::string_view b) {
    if (b.empty())
      sqlite3_bind_null(stmt_, i);
    else
      sqlite3_bind_blob(stmt_, i, b.data(), static_cast<int>(b.size()), SQLITE_STATIC);
  }
  // SQLITE_ROW -> true, SQLITE_DONE -> false, anything else throws.
  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw StoreError(std::string("SQLite: ") + sqlite3_errmsg(db_));
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string_view column(int i) {
    const unsigned char* p = sqlite3_column_text(stmt_, i);
    int n = sqlite3_column_bytes(stmt_, i);
    return p ? std::string_view(reinterpret_cast<const char*>(p), static_cast<size_t>(n))
             : std::string_view();
  }
  int64_t column_int(int i) { return sqlite3_column_int64(stmt_, i); }
  std::string_view column_blob(int i) {
    const void* p = sqlite3_column_blob(stmt_, i);
    int n = sqlite3_column_bytes(stmt_, i);
    return p ? std::string_view(static_cast<const char*>(p), static_cast<size_t>(n))
             : std::string_view();
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

void register_connector() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Multi-thread mode: no mutex around every call on a connection (each sqlite3_column_* took
    // and released one: a tenth of a million-row scan). Safe because no connection is used by
    // two threads at once: the writer's under writer_mu_, the checkpointer's on its thread, each
    // reader leased to one thread. SQLite's own global mutexes stay. Only possible before SQLite
    // initialises (the VFS registration below does); should something have initialised it
    // already, it stays serialized, which is slower and as safe.
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    register_wal_coalescing_vfs();  // before any connection: they all use it
    Poco::Data::SQLite::Connector::registerConnector();
  });
}

// A response with the id and time it will be stored under, made before it is queued.
struct Stamped {
  const NewResponse* response;
  std::string id;
  std::string at;
};

class SqliteStore final : public SqlStore {
 public:
  explicit SqliteStore(const std::string& path)
      : SqlStore(Dialect::Sqlite), path_(path), readers_([this] { return connect(Conn::Reader); }) {
    register_connector();
    check_openable(path);
    rethrow_as_store_error("opening the SQLite database", [&] {
      writer_ = connect(Conn::Writer);
      wdb_ = handle(*writer_);
      exec(wdb_, "PRAGMA journal_mode=WAL");
      exec(wdb_, "PRAGMA wal_autocheckpoint=0");  // the checkpointer thread does it
      // Once checkpointed, a WAL that grew during a big import shrinks back to this size.
      exec(wdb_, "PRAGMA journal_size_limit=67108864");
      with_write_transaction([&](Session& s) { migrate(s, [](Session&) {}); });
      insert_ = std::make_unique<Stmt>(
          wdb_,
          "INSERT INTO responses (id, survey, version, submitted_at, lang, invitation, "
          "submission_id, answers) VALUES (?1, ?2, ?3, ?4, ?5, NULLIF(?6, ''), NULLIF(?7, ''), "
          "?8) ON CONFLICT DO NOTHING");
      insert_packed_ = std::make_unique<Stmt>(
          wdb_,
          "INSERT INTO packed_answers (survey, version, seq, layout, id, submitted_at, lang, "
          "packed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
      begin_ = std::make_unique<Stmt>(wdb_, "BEGIN IMMEDIATE");
      commit_ = std::make_unique<Stmt>(wdb_, "COMMIT");
      checkpoint_db_ = connect(Conn::Checkpointer);
    });
    sqlite3_wal_hook(wdb_, &SqliteStore::on_wal, this);
    checkpointer_ = std::thread([this] { checkpoint_loop(); });
    group_ = std::make_unique<GroupCommit<Stamped, InsertResult>>(
        [this](const std::vector<const Stamped*>& batch) { return commit_batch(batch); });
  }

  ~SqliteStore() override {
    group_.reset();  // drains the queue: every caller gets its answer
    {
      std::lock_guard lock(checkpoint_mu_);
      stopping_ = true;
    }
    checkpoint_cv_.notify_all();
    checkpointer_.join();
    std::lock_guard lock(writer_mu_);
    sqlite3_wal_hook(wdb_, nullptr, nullptr);
    insert_.reset();
    insert_packed_.reset();
    begin_.reset();
    commit_.reset();
    readers_.clear();
    checkpoint_db_.reset();
    // The last connection: fold the WAL into the database and truncate it.
    sqlite3_wal_checkpoint_v2(wdb_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    writer_.reset();
  }

  // The id and the time are made here, on the caller's thread: the writer is the bottleneck.
  InsertResult insert_response(const NewResponse& r) override {
    Stamped item{&r, new_response_id(), now_iso8601()};
    return group_->submit(item);
  }
  CommitStats commit_stats() const override {
    auto [commits, responses] = group_->counts();
    return {commits, responses};
  }

  std::vector<std::string> insert_all(const std::vector<NewResponse>& rs) override {
    std::vector<std::string> ids;
    in_write_transaction([&] {
      for (const auto& r : rs) {
        InsertResult res = insert_one(Stamped{&r, new_response_id(), now_iso8601()});
        if (res.status != InsertStatus::Created) {
          throw StoreError(res.status == InsertStatus::TokenUsed
                               ? "invitation already answered: " + r.invitation
                               : "duplicate submission_id: " + r.submission_id);
        }
        ids.push_back(std::move(res.id));
      }
    });
    return ids;
  }

  int64_t add_packed(const std::vector<PackedCopy>& copies) override {
    int64_t stored = 0;
    in_write_transaction([&] {
      Stmt stmt(wdb_,
                "INSERT INTO packed_answers (survey, version, seq, layout, id, submitted_at, lang, "
                "packed) SELECT survey, version, seq, ?2, id, submitted_at, lang, ?3 FROM "
                "responses WHERE id = ?1 ON CONFLICT (survey, version, seq) DO UPDATE SET "
                "layout = excluded.layout, packed = excluded.packed");
      for (const auto& c : copies) {
        stmt.reset();
        stmt.text(1, c.id);
        stmt.integer(2, c.layout);
        stmt.blob(3, c.packed);
        stmt.step();
        stored += sqlite3_changes(wdb_);
      }
      stmt.reset();
    });
    return stored;
  }

  void scan_responses(const std::string& survey, std::optional<int> version,
                      const std::function<void(const ResponseRow&)>& fn) override {
    auto lease = readers_.lease();
    sqlite3* db = handle(*lease);
    Stmt stmt(
        db, version ? "SELECT seq, id, survey, version, submitted_at, lang, "
                      "COALESCE(invitation, ''), answers FROM responses "
                      "WHERE survey = ?1 AND version = ?2 AND seq > ?3 ORDER BY seq LIMIT ?4"
                    : "SELECT seq, id, survey, version, submitted_at, lang, "
                      "COALESCE(invitation, ''), answers FROM responses "
                      "INDEXED BY responses_survey_seq WHERE survey = ?1 AND seq > ?3 ORDER BY seq "
                      "LIMIT ?4");
    ResponseRow row;
    int64_t after = 0;
    for (;;) {
      stmt.reset();
      stmt.text(1, survey);
      if (version) stmt.integer(2, *version);
      stmt.integer(3, after);
      stmt.integer(4, kScanChunk);
      int n = 0;
      // Each chunk is its own read transaction, so checkpoints can progress between chunks.
      while (stmt.step()) {
        ++n;
        after = stmt.column_int(0);
        row.id.assign(stmt.column(1));
        row.survey.assign(stmt.column(2));
        row.version = static_cast<int>(stmt.column_int(3));
        row.submitted_at.assign(stmt.column(4));
        row.lang.assign(stmt.column(5));
        row.invitation.assign(stmt.column(6));
        row.answers_json.assign(stmt.column(7));
        fn(row);
      }
      if (n < kScanChunk) break;
    }
    stmt.reset();
  }

  void scan_packed(const std::string& survey, int version, int64_t layout,
                   const std::function<void(const PackedRow&)>& fn) override {
    auto lease = readers_.lease();
    Stmt stmt(handle(*lease),
              "SELECT seq, id, submitted_at, lang, packed FROM packed_answers "
              "WHERE survey = ?1 AND version = ?2 AND layout = ?3 AND seq > ?4 ORDER BY seq "
              "LIMIT ?5");
    PackedRow row;
    row.version = version;
    int64_t after = 0;
    for (;;) {
      stmt.reset();
      stmt.text(1, survey);
      stmt.integer(2, version);
      stmt.integer(3, layout);
      stmt.integer(4, after);
      stmt.integer(5, kScanChunk);
      int n = 0;
      while (stmt.step()) {  // each chunk its own read transaction, as in scan_responses
        ++n;
        after = stmt.column_int(0);
        row.id = stmt.column(1);
        row.submitted_at = stmt.column(2);
        row.lang = stmt.column(3);
        row.packed = stmt.column_blob(4);
        fn(row);
      }
      if (n < kScanChunk) break;
    }
    stmt.reset();
  }

  int64_t count_packed(const std::string& survey, int version, int64_t layout) override {
    return packed_counts(survey, version, layout).second;
  }

  bool all_packed(const std::string& survey, int version, int64_t layout) override {
    auto [responses, packed] = packed_counts(survey, version, layout);
    return responses > 0 && responses == packed;
  }

  // For tests: what a connection of this store reports for a PRAGMA.
  std::string pragma(const std::string& name) {
    std::lock_guard lock(writer_mu_);
    Stmt stmt(wdb_, ("PRAGMA " + name).c_str());
    return stmt.step() ? std::string(stmt.column(0)) : std::string();
  }

 protected:
  void with_reader(const std::function<void(Session&)>& fn) override {
    auto lease = readers_.lease();
    fn(*lease);
  }

  void with_write_transaction(const std::function<void(Session&)>& fn) override {
    in_write_transaction([&] { fn(*writer_); });
  }

 private:
  static sqlite3* handle(Session& s) { return Poco::Data::SQLite::Utility::dbHandle(s); }

  enum class Conn { Writer, Reader, Checkpointer };

  // Poco's connector retries a failing open until its login timeout; fail at once instead, with
  // SQLite's own message.
  static void check_openable(const std::string& path) {
    sqlite3* db = nullptr;
    int rc =
        sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    if (rc != SQLITE_OK) throw StoreError("cannot open database " + path + ": " + msg);
  }

  std::unique_ptr<Session> connect(Conn role) {
    auto s = std::make_unique<Session>("SQLite", path_, kLoginTimeoutSeconds);
    sqlite3* db = handle(*s);
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    exec(db, "PRAGMA synchronous=FULL");
    exec(db, "PRAGMA foreign_keys=ON");
    if (role == Conn::Reader) exec(db, "PRAGMA query_only=ON");
    if (role == Conn::Checkpointer) sqlite3_busy_timeout(db, kRestartWaitMs);
    return s;
  }

  // A wave's responses and its packed copies under `layout`, counted in one statement: one
  // snapshot, so that rows arriving meanwhile cannot make them agree by accident.
  std::pair<int64_t, int64_t> packed_counts(const std::string& survey, int version,
                                            int64_t layout) {
    auto lease = readers_.lease();
    Stmt stmt(handle(*lease),
              "SELECT (SELECT COUNT(*) FROM responses WHERE survey = ?1 AND version = ?2), "
              "(SELECT COUNT(*) FROM packed_answers WHERE survey = ?1 AND version = ?2 AND "
              "layout = ?3)");
    stmt.text(1, survey);
    stmt.integer(2, version);
    stmt.integer(3, layout);
    std::pair<int64_t, int64_t> counts{0, 0};
    if (stmt.step()) counts = {stmt.column_int(0), stmt.column_int(1)};
    stmt.reset();
    return counts;
  }

  // Inserts one response inside the open transaction; the writer mutex is held. A clash of
  // ids (80 random bits within one millisecond) takes a fresh one.
  InsertResult insert_one(const Stamped& item) {
    const NewResponse& r = *item.response;
    std::string id = item.id;  // the result's; a clash replaces it
    for (int attempt = 0; attempt < 3; ++attempt) {
      if (attempt > 0) id = new_response_id();
      insert_->reset();
      insert_->text(1, id);
      insert_->text(2, r.survey);
      insert_->integer(3, r.version);
      insert_->text(4, item.at);
      insert_->text(5, r.lang);
      insert_->text(6, r.invitation);
      insert_->text(7, r.submission_id);
      insert_->text(8, r.answers_json);
      insert_->step();
      bool inserted = sqlite3_changes(wdb_) == 1;
      insert_->reset();
      if (inserted) {
        if (!r.packed.empty()) insert_packed(r, sqlite3_last_insert_rowid(wdb_), id, item.at);
        return InsertResult{InsertStatus::Created, std::move(id)};
      }
      if (auto why = explain_conflict(*writer_, r)) return *why;
    }
    throw StoreError("could not find a free response id");
  }

  // The packed copy of a response just inserted (same transaction): see migration 004.
  void insert_packed(const NewResponse& r, int64_t seq, const std::string& id,
                     const std::string& at) {
    insert_packed_->reset();
    insert_packed_->text(1, r.survey);
    insert_packed_->integer(2, r.version);
    insert_packed_->integer(3, seq);
    insert_packed_->integer(4, r.layout);
    insert_packed_->text(5, id);
    insert_packed_->text(6, at);
    insert_packed_->text(7, r.lang);
    insert_packed_->blob(8, r.packed);
    insert_packed_->step();
    insert_packed_->reset();
  }

  std::vector<InsertResult> commit_batch(const std::vector<const Stamped*>& batch) {
    std::vector<InsertResult> out;
    out.reserve(batch.size());
    try {
      in_write_transaction([&] {
        for (const Stamped* item : batch) out.push_back(insert_one(*item));
      });
    } catch (const Poco::Exception& e) {  // the callers are told a StoreError
      throw StoreError("storing responses: " + e.displayText());
    }
    return out;
  }

  // One write transaction on the writer connection, under the writer mutex: COMMIT when `fn`
  // returns, ROLLBACK and rethrow when it throws. Every write of the store goes through here.
  template <typename Fn>
  void in_write_transaction(Fn&& fn) {
    std::lock_guard lock(writer_mu_);
    step_or_exec(begin_.get(), "BEGIN IMMEDIATE");
    try {
      fn();
      step_or_exec(commit_.get(), "COMMIT");
    } catch (const std::exception&) {  // Poco::Exception too
      sqlite3_exec(wdb_, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }

  // `prepared` once it exists; `text` parsed each time before (the migrations at open run first).
  void step_or_exec(Stmt* prepared, const char* text) {
    if (!prepared) {
      exec(wdb_, text);
      return;
    }
    prepared->reset();
    prepared->step();
  }

  // Called by SQLite on the writer's thread after each commit with the WAL's size in frames.
  static int on_wal(void* self, sqlite3*, const char*, int pages) {
    auto* store = static_cast<SqliteStore*>(self);
    if (pages < store->wal_pages_.exchange(pages)) store->trigger_pages_ = kCheckpointPages;
    if (pages >= store->trigger_pages_.load()) {
      {
        std::lock_guard lock(store->checkpoint_mu_);
        store->checkpoint_wanted_ = true;
      }
      store->checkpoint_cv_.notify_one();
    }
    return SQLITE_OK;
  }

  void checkpoint_loop() {
    sqlite3* db = handle(*checkpoint_db_);
    for (;;) {
      {
        std::unique_lock lock(checkpoint_mu_);
        checkpoint_cv_.wait(lock, [this] { return stopping_ || checkpoint_wanted_; });
        if (stopping_) return;
        checkpoint_wanted_ = false;
      }
      // PASSIVE never waits for readers or blocks the writer: the bulk of the copying.
      int log = 0;
      int done = 0;
      sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
      if (log >= kRestartPages) {
        // The WAL has not restarted for a while (readers or a busy writer): with our writer
        // paused, fold in the rest and wait briefly for readers; SQLITE_BUSY when one keeps its
        // snapshot longer than kRestartWaitMs, and a later round tries again.
        std::lock_guard writer(writer_mu_);
        sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_RESTART, &log, &done);
        ++restarts_;
      }
      trigger_pages_ = log + kCheckpointPages;
      ++checkpoints_;
    }
  }

  std::string path_;
  SessionPool readers_;
  std::mutex writer_mu_;
  std::unique_ptr<Session> writer_;
  sqlite3* wdb_ = nullptr;
  std::unique_ptr<Stmt> insert_;
  std::unique_ptr<Stmt> insert_packed_;
  std::unique_ptr<Stmt> begin_;  // BEGIN IMMEDIATE and COMMIT of every write, parsed once
  std::unique_ptr<Stmt> commit_;
  std::unique_ptr<Session> checkpoint_db_;
  std::mutex checkpoint_mu_;
  std::condition_variable checkpoint_cv_;
  bool checkpoint_wanted_ = false;
  bool stopping_ = false;
  std::atomic<int> wal_pages_{0};                     // the WAL's size at the last commit
  std::atomic<int> trigger_pages_{kCheckpointPages};  // the size that calls the checkpointer
  std::atomic<uint64_t> checkpoints_{0};
  std::atomic<uint64_t> restarts_{0};
  std::thread checkpointer_;
  std::unique_ptr<GroupCommit<Stamped, InsertResult>> group_;
};

}  // namespace

std::unique_ptr<Store> make_sqlite_store(const std::string& path) {
  return std::make_unique<SqliteStore>(path);
}

std::string sqlite_pragma(Store& store, const std::string& name) {
  auto* s = dynamic_cast<SqliteStore*>(&store);
  if (!s) throw StoreError("not a SQLite store");
  return s->pragma(name);
}

}  // namespace otos::storage
