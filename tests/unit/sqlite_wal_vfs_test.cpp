// The WAL-coalescing VFS: a commit's frames reach the -wal file in far fewer writes than SQLite
// asked for; what one connection commits is visible to another at once, whether the commit
// synced (synchronous=FULL) or not (OFF: only the shared-memory barrier flushes); a transaction
// whose frames exceed one write of the default VFS stores completely; integrity holds.
#include "engine/storage/sqlite_wal_vfs.h"

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace fs = std::filesystem;
using otos::storage::register_wal_coalescing_vfs;
using otos::storage::wal_write_counts;

namespace {

struct Db {
  sqlite3* db = nullptr;
  explicit Db(const std::string& path) {
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                            nullptr) == SQLITE_OK);
  }
  ~Db() { sqlite3_close(db); }
  void exec(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    INFO(sql << ": " << (err ? err : ""));
    sqlite3_free(err);
    REQUIRE(rc == SQLITE_OK);
  }
  std::string one(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    std::string out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
  }
};

struct Scratch {
  fs::path dir = fs::temp_directory_path() / ("otos_wal_vfs_test_" + std::to_string(getpid()));
  Scratch() {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~Scratch() { fs::remove_all(dir); }
  std::string file(const char* name) const { return (dir / name).string(); }
};

// A WAL database with table t at the given synchronous setting.
void create_table(Db& db, const char* synchronous) {
  db.exec("PRAGMA journal_mode=WAL");
  db.exec(std::string("PRAGMA synchronous=") + synchronous);
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)");
}

// Inserts `rows` rows of `bytes` bytes each in one transaction.
void insert_rows(Db& db, int rows, int bytes) {
  db.exec("BEGIN IMMEDIATE");
  for (int i = 0; i < rows; ++i)
    db.exec("INSERT INTO t (v) VALUES (randomblob(" + std::to_string(bytes) + "))");
  db.exec("COMMIT");
}

}  // namespace

TEST_CASE("the VFS is the default and coalesces a commit's WAL writes") {
  REQUIRE(std::string(register_wal_coalescing_vfs()) == "otos-wal-coalescing");
  REQUIRE(std::string(sqlite3_vfs_find(nullptr)->zName) == "otos-wal-coalescing");
  Scratch s;
  Db writer(s.file("a.db"));
  create_table(writer, "FULL");

  const auto before = wal_write_counts();
  insert_rows(writer, 40, 1000);  // ~10 pages: ~20 writes asked (header + page per frame)
  const auto after = wal_write_counts();
  const uint64_t asked = after.asked - before.asked;
  const uint64_t made = after.made - before.made;
  CHECK(asked >= 20);
  CHECK(made == 1);  // one commit, all frames consecutive, one write at its sync

  Db reader(s.file("a.db"));
  CHECK(reader.one("SELECT count(*) FROM t") == "40");
}

TEST_CASE("a commit without a sync is visible to another connection at once") {
  register_wal_coalescing_vfs();
  Scratch s;
  Db writer(s.file("b.db"));
  create_table(writer, "OFF");  // no xSync: the barrier must flush
  Db reader(s.file("b.db"));
  for (int round = 1; round <= 5; ++round) {
    insert_rows(writer, 3, 3000);
    CHECK(reader.one("SELECT count(*) FROM t") == std::to_string(3 * round));
    CHECK(reader.one("SELECT sum(length(v)) FROM t") == std::to_string(9000 * round));
  }
}

TEST_CASE("a transaction larger than one write of the default VFS stores completely") {
  register_wal_coalescing_vfs();
  Scratch s;
  Db writer(s.file("c.db"));
  create_table(writer, "FULL");
  const auto before = wal_write_counts();
  insert_rows(writer, 400, 3000);  // ~300 pages, ~1.2 MB of frames: many 128 KiB writes
  const auto after = wal_write_counts();
  CHECK(after.made - before.made >= 9);
  CHECK(after.made - before.made < (after.asked - before.asked) / 10);
  Db reader(s.file("c.db"));
  CHECK(reader.one("SELECT count(*) FROM t") == "400");
  CHECK(reader.one("SELECT sum(length(v)) FROM t") == "1200000");
  writer.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  CHECK(reader.one("PRAGMA integrity_check") == "ok");
  CHECK(reader.one("SELECT count(*) FROM t") == "400");
}

TEST_CASE("a reopened database reads everything the WAL held") {
  register_wal_coalescing_vfs();
  Scratch s;
  {
    Db writer(s.file("d.db"));
    create_table(writer, "FULL");
    for (int i = 0; i < 10; ++i) insert_rows(writer, 7, 500);
  }
  Db again(s.file("d.db"));
  CHECK(again.one("SELECT count(*) FROM t") == "70");
  CHECK(again.one("PRAGMA integrity_check") == "ok");
}
