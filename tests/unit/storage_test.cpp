// Storage unit tests: the shared cases (storage_cases.h) against the in-memory and SQLite stores,
// plus what is SQLite's own (WAL, synchronous=FULL, migrations on reopen, durability across
// reopen), the group commit queue, the embedded migrations, ids, tokens and PostgreSQL URLs.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/storage/group_commit.h"
#include "engine/storage/ids.h"
#include "engine/storage/migrations.h"
#include "engine/storage/pg_store.h"
#include "engine/storage/sqlite_store.h"
#include "engine/storage/user_names.h"
#include "tests/unit/storage_cases.h"

namespace fs = std::filesystem;
using namespace otos::storage;

namespace {

// A fresh directory under the system temp dir, removed at exit.
class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("otos_storage_test_" + std::to_string(getpid()) + "_" + std::to_string(counter_++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

TempDir& temp_dir() {
  static TempDir dir;
  return dir;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs a query on its own sqlite3 connection and returns the first column of each row.
std::vector<std::string> sqlite_query(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK);
  std::vector<std::string> out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    const unsigned char* t = sqlite3_column_text(st, 0);
    out.push_back(t ? reinterpret_cast<const char*>(t) : "");
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

}  // namespace

std::vector<storage_cases::Backend> store_backends() {
  static int n = 0;
  return {
      {"memory", [] { return Store::open_memory(); }},
      {"sqlite", [] { return Store::open(temp_dir().file("case" + std::to_string(n++) + ".db")); }},
  };
}

TEST_CASE("user names: the exact name first, else the only one equal ignoring case") {
  using otos::storage::find_user_name;
  const std::vector<std::string> names{"anna", "Bo", "BO", "Åsa"};
  CHECK(find_user_name(names, "anna") == 0u);
  CHECK(find_user_name(names, "ANNA") == 0u);
  CHECK(find_user_name(names, "BO") == 2u);              // exact wins over the folded "Bo"
  CHECK_FALSE(find_user_name(names, "bo").has_value());  // two stored before names ignored case
  CHECK(find_user_name(names, "åSA") == 3u);
  CHECK_FALSE(find_user_name(names, "asa").has_value());
  CHECK_FALSE(find_user_name(names, "\xFF").has_value());
  CHECK(otos::storage::user_name_key("\xC3") == "\xC3");  // not UTF-8: kept as it is
}

TEST_CASE("embedded migrations equal the .sql files") {
  fs::path dir = fs::path(OTOS_SOURCE_DIR) / "engine/storage/migrations";
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".sql") ++files;
  }
  CHECK(files == 2 * migrations().size());
  int last = 0;
  for (const auto& m : migrations()) {
    INFO("migration " << m.name);
    CHECK(m.number > last);
    last = m.number;
    CHECK(read_file(dir / (std::string(m.name) + ".sqlite.sql")) == m.sqlite);
    CHECK(read_file(dir / (std::string(m.name) + ".pg.sql")) == m.pg);
  }
}

TEST_CASE("split_statements: one statement per ';' at a line end, comments dropped") {
  auto s = split_statements(
      "-- a comment\nCREATE TABLE a (\n  x INTEGER\n);\n\nCREATE INDEX i ON "
      "a (x);\n-- tail\n");
  REQUIRE(s.size() == 2);
  CHECK(s[0] == "CREATE TABLE a (\n  x INTEGER\n)");
  CHECK(s[1] == "CREATE INDEX i ON a (x)");
  CHECK(split_statements(migrations()[0].sqlite).size() == 7);
  CHECK(split_statements(migrations()[0].pg).size() == 7);
}

TEST_CASE("sqlite: WAL, synchronous=FULL, busy timeout, foreign keys") {
  auto store = Store::open(temp_dir().file("pragmas.db"));
  CHECK(sqlite_pragma(*store, "journal_mode") == "wal");
  CHECK(sqlite_pragma(*store, "synchronous") == "2");  // FULL
  CHECK(sqlite_pragma(*store, "foreign_keys") == "1");
  CHECK(sqlite_pragma(*store, "busy_timeout") == "10000");
  CHECK(sqlite_pragma(*store, "wal_autocheckpoint") == "0");  // the checkpointer thread's job
}

TEST_CASE("sqlite: migrations apply once; data survives reopening") {
  std::string path = temp_dir().file("reopen.db");
  std::string id;
  {
    auto store = Store::open(path);
    id = store->insert_response(storage_cases::response(R"({"q":"a"})", "tok", "sub")).id;
  }
  CHECK(sqlite_query(path, "SELECT version || ' ' || name FROM schema_version") ==
        (std::vector<std::string>{"1 001_init", "2 002_scan_indexes", "3 003_staff",
                                  "4 004_packed_answers", "5 005_partial_unique"}));
  {
    auto store = Store::open(path);
    CHECK(store->count_responses("family", std::nullopt) == 1);
    auto row = store->find_response(id);
    REQUIRE(row);
    CHECK(row->answers_json == R"({"q":"a"})");
    auto dup = store->insert_response(storage_cases::response(R"({"q":"a"})", "tok", "sub"));
    CHECK(dup.status == InsertStatus::Duplicate);
    CHECK(dup.id == id);
  }
  CHECK(sqlite_query(path, "SELECT COUNT(*) FROM schema_version") == std::vector<std::string>{"5"});
  CHECK(sqlite_query(path, "PRAGMA integrity_check") == std::vector<std::string>{"ok"});
  // Closing folds the WAL back into the database file.
  CHECK(fs::file_size(path + "-wal") == 0);
}

TEST_CASE("sqlite: 005 rebuilds responses with partial unique indexes, keeping every row") {
  // A database as migration 004 left it, with public, invited and idempotent responses.
  std::string path = temp_dir().file("m005.db");
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    auto run = [&](const std::string& sql) {
      REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    };
    run("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at TEXT NOT NULL)");
    for (size_t i = 0; i < 4; ++i) {
      for (const auto& st : split_statements(migrations()[i].sqlite)) run(st);
      run("INSERT INTO schema_version VALUES (" + std::to_string(i + 1) + ", '" +
          std::string(migrations()[i].name) + "', 'then')");
    }
    run("INSERT INTO responses (seq, id, survey, version, submitted_at, lang, invitation, "
        "submission_id, answers) VALUES (3, 'r3', 'family', 1, 't', 'fi', NULL, NULL, '{}'), "
        "(7, 'r7', 'family', 1, 't', 'fi', 'tok', NULL, '{\"q\":\"a\"}'), "
        "(9, 'r9', 'family', 1, 't', 'sv', NULL, 'sub', '{\"q\":\"b\"}')");
    sqlite3_close(db);
  }
  auto store = Store::open(path);
  CHECK(sqlite_query(path,
                     "SELECT group_concat(seq || id || COALESCE(invitation, '-') || "
                     "COALESCE(submission_id, '-') || lang || answers, ' ') FROM "
                     "(SELECT * FROM responses ORDER BY seq)") ==
        std::vector<std::string>{R"(3r3--fi{} 7r7tok-fi{"q":"a"} 9r9-subsv{"q":"b"})"});
  CHECK(sqlite_query(path,
                     "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = "
                     "'responses' ORDER BY name") ==
        (std::vector<std::string>{"responses_invitation", "responses_submission_id",
                                  "responses_survey", "responses_survey_seq",
                                  "sqlite_autoindex_responses_1"}));
  // Uniqueness still holds where given; any number of responses may have neither.
  CHECK(store->insert_response(storage_cases::response(R"({"q":"c"})", "tok")).status ==
        InsertStatus::TokenUsed);
  auto dup = store->insert_response(storage_cases::response(R"({"q":"b"})", "", "sub"));
  CHECK(dup.status == InsertStatus::Duplicate);
  CHECK(dup.id == "r9");
  CHECK(store->insert_response(storage_cases::response(R"({"q":"c"})")).status ==
        InsertStatus::Created);
  CHECK(store->insert_response(storage_cases::response(R"({"q":"d"})")).status ==
        InsertStatus::Created);
  CHECK(store->count_responses("family", std::nullopt) == 5);
  // New rows continue after the highest seq.
  CHECK(sqlite_query(path, "SELECT MIN(seq) > 9 FROM responses WHERE id NOT LIKE 'r%'") ==
        std::vector<std::string>{"1"});
  CHECK(sqlite_query(path, "PRAGMA integrity_check") == std::vector<std::string>{"ok"});
}

TEST_CASE("sqlite: a response acknowledged is in the file for another connection") {
  std::string path = temp_dir().file("visible.db");
  auto store = Store::open(path);
  auto r = store->insert_response(storage_cases::response(R"({"q":"a"})"));
  std::string q = "SELECT answers FROM responses WHERE id = '" + r.id + "'";
  CHECK(sqlite_query(path, q.c_str()) == std::vector<std::string>{R"({"q":"a"})"});
}

TEST_CASE("sqlite: an unusable path is a StoreError") {
  CHECK_THROWS_AS(Store::open("/nonexistent-dir/x/y.db"), StoreError);
  CHECK_THROWS_AS(Store::open(""), StoreError);
}

TEST_CASE("sqlite: scans read the survey's index in seq order, never a sort") {
  std::string path = temp_dir().file("plan.db");
  auto store = Store::open(path);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  auto explain = [&](const char* sql) {
    std::string text = std::string("EXPLAIN QUERY PLAN ") + sql;
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, text.c_str(), -1, &st, nullptr) == SQLITE_OK);
    std::string out;
    while (sqlite3_step(st) == SQLITE_ROW) {
      out += reinterpret_cast<const char*>(sqlite3_column_text(st, 3));
      out += ";";
    }
    sqlite3_finalize(st);
    return out;
  };
  CHECK(explain("SELECT id FROM responses INDEXED BY responses_survey_seq WHERE survey = 'a' "
                "AND seq > 0 ORDER BY seq LIMIT 10") ==
        "SEARCH responses USING INDEX responses_survey_seq (survey=? AND seq>?);");
  CHECK(explain("SELECT id FROM responses WHERE survey = 'a' AND version = 1 AND seq > 0 "
                "ORDER BY seq LIMIT 10") ==
        "SEARCH responses USING INDEX responses_survey (survey=? AND version=? AND rowid>?);");
  // The conflict checks find a token or a submission_id through the partial indexes.
  CHECK(explain("SELECT id FROM responses WHERE invitation = ?") ==
        "SEARCH responses USING INDEX responses_invitation (invitation=?);");
  CHECK(explain("SELECT id, survey, answers FROM responses WHERE submission_id = ?") ==
        "SEARCH responses USING INDEX responses_submission_id (submission_id=?);");
  sqlite3_close(db);
}

TEST_CASE("sqlite: a long scan does not block writers") {
  auto store = Store::open(temp_dir().file("scan_write.db"));
  std::vector<NewResponse> rs(1000, storage_cases::response("{}"));
  store->insert_all(rs);
  int seen = 0;
  int written = 0;
  store->scan_responses("family", std::nullopt, [&](const ResponseRow&) {
    // Writes inside the scan's read transaction commit at once.
    if (seen++ % 100 == 0) {
      if (store->insert_response(storage_cases::response("{}", "", "", 2025)).status ==
          InsertStatus::Created) {
        ++written;
      }
    }
  });
  CHECK(seen == 1000);
  CHECK(written == 10);
  CHECK(store->count_responses("family", 2025) == 10);
}

TEST_CASE("group commit: batches concurrent callers, answers each in order") {
  std::atomic<int> calls{0};
  constexpr int kThreads = 12;
  GroupCommit<int, int>* self = nullptr;
  GroupCommit<int, int> gc([&](const std::vector<const int*>& batch) {
    // The first batch waits until everyone else is queued, so the second takes them all.
    if (calls++ == 0) {
      while (self->queued() < static_cast<size_t>(kThreads - 1)) std::this_thread::yield();
    }
    std::vector<int> out;
    for (const int* v : batch) out.push_back(*v * 10);
    return out;
  });
  self = &gc;
  std::vector<int> results(kThreads);
  std::thread first([&] {
    int v = 0;
    results[0] = gc.submit(v);
  });
  while (calls.load() == 0) std::this_thread::yield();
  storage_cases::run_parallel(kThreads - 1, [&](int i) {
    int v = i + 1;
    results[static_cast<size_t>(i + 1)] = gc.submit(v);
  });
  first.join();
  for (int i = 0; i < kThreads; ++i) CHECK(results[static_cast<size_t>(i)] == i * 10);
  CHECK(gc.batches() == 2);
  CHECK(gc.items() == kThreads);
}

TEST_CASE("group commit: a failing commit reaches every caller of its batch") {
  GroupCommit<int, int> gc([](const std::vector<const int*>& batch) -> std::vector<int> {
    if (*batch[0] < 0) throw StoreError("disk full");
    return std::vector<int>(batch.size(), 1);
  });
  int bad = -1;
  CHECK_THROWS_WITH_AS(gc.submit(bad), "disk full", StoreError);
  int good = 5;
  CHECK(gc.submit(good) == 1);
}

TEST_CASE("group commit: the destructor drains the queue") {
  std::atomic<int> committed{0};
  std::vector<std::thread> threads;
  std::atomic<int> answered{0};
  {
    GroupCommit<int, int> gc([&](const std::vector<const int*>& batch) {
      committed += static_cast<int>(batch.size());
      return std::vector<int>(batch.size(), 0);
    });
    for (int i = 0; i < 8; ++i) {
      threads.emplace_back([&] {
        int v = 1;
        gc.submit(v);
        ++answered;
      });
    }
    for (auto& t : threads) t.join();
  }
  CHECK(committed.load() == 8);
  CHECK(answered.load() == 8);
}

TEST_CASE("ids: response ids, tokens, times") {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) ids.insert(new_response_id());
  CHECK(ids.size() == 1000);
  CHECK(storage_cases::is_response_id(*ids.begin()));
  std::string a = new_response_id();
  std::string b = new_response_id();
  CHECK(a.substr(0, 6) == b.substr(0, 6));  // same time prefix within a few ms
  CHECK(random_token().size() == 22);
  CHECK(random_token(32).size() == 43);
  CHECK(random_token(1).size() == 2);
  CHECK(std::regex_match(random_token(), std::regex("[A-Za-z0-9_-]{22}")));
  CHECK(random_token() != random_token());
  CHECK(iso8601_from_unix(0) == "1970-01-01T00:00:00Z");
  CHECK(iso8601_from_unix(1795014245) == "2026-11-18T15:04:05Z");
  CHECK(storage_cases::is_iso_utc(now_iso8601()));
}

TEST_CASE("roles: names both ways") {
  CHECK(to_string(Role::Admin) == "admin");
  CHECK(to_string(Role::Analyst) == "analyst");
  CHECK(to_string(Role::Coordinator) == "coordinator");
  CHECK(role_from_string("coordinator") == Role::Coordinator);
  CHECK(role_from_string("admin") == Role::Admin);
  CHECK_FALSE(role_from_string("Admin").has_value());
  CHECK_FALSE(role_from_string("").has_value());
}

TEST_CASE("postgresql URLs become libpq connection strings") {
  CHECK(pg_connection_string("postgresql://otos:s3cret@127.0.0.1:5433/otos") ==
        "host='127.0.0.1' port='5433' dbname='otos' user='otos' password='s3cret'");
  CHECK(pg_connection_string("postgres://u@db/x?sslmode=require") ==
        "host='db' dbname='x' user='u' sslmode='require'");
  CHECK(pg_connection_string("postgresql://u:p%40ss%27w@[::1]:5432/d") ==
        "host='::1' port='5432' dbname='d' user='u' password='p@ss\\'w'");
  CHECK(pg_connection_string("postgresql://localhost") == "host='localhost'");
  CHECK_FALSE(pg_connection_string("otos.db").has_value());
  CHECK_FALSE(pg_connection_string("mysql://x").has_value());
}
