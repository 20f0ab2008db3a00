// kill -9 of `otos serve` while 8 clients post: afterwards every acknowledged response is in the
// SQLite file, every stored row is whole (its answers parse), PRAGMA integrity_check is ok, and
// the server starts again on the same file.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <csignal>
#include <set>

#include "engine/common/answer_value.h"
#include "http_client.h"
#include "load_clients.h"
#include "server_process.h"

namespace otos::itest {
namespace {

const std::string kBody = R"({"answers":{"municipality":"853","seek_help":"agree"}})";

std::string single_text(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK);
  std::string out;
  if (sqlite3_step(st) == SQLITE_ROW)
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  return out;
}

TEST_CASE("kill -9 under load loses no acknowledged response") {
  ScratchDir dir;
  const std::string db = dir.file("otos.db");
  std::vector<std::string> acked;
  {
    ServerProcess server(db, test_surveys_dir());
    LoadClients load({server.port()}, 8, "/api/v1/surveys/itest/responses", kBody);
    load.wait_for_acks(3000);
    server.signal(SIGKILL);
    CHECK(server.wait() == 128 + SIGKILL);
    load.stop();
    acked = load.acked();
  }
  REQUIRE(acked.size() >= 3000);

  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  CHECK(single_text(h, "PRAGMA integrity_check") == "ok");
  std::set<std::string> stored;
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(h, "SELECT id, answers FROM responses", -1, &st, nullptr) ==
          SQLITE_OK);
  size_t whole = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    stored.insert(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    auto answers = answers_from_json(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)));
    if (answers && answers_to_json(*answers) == R"({"municipality":"853","seek_help":"agree"})")
      ++whole;
  }
  sqlite3_finalize(st);
  sqlite3_close(h);
  CHECK(whole == stored.size());
  size_t missing = 0;
  for (const auto& id : acked) missing += stored.count(id) ? 0 : 1;
  CHECK(missing == 0);
  CHECK(stored.size() >= acked.size());
  MESSAGE("acknowledged " << acked.size() << ", stored " << stored.size());

  // The file opens again and takes more.
  ServerProcess again(db, test_surveys_dir());
  CHECK(http(again.port(), "POST", "/api/v1/surveys/itest/responses", kBody).status == 201);
}

}  // namespace
}  // namespace otos::itest
