// SIGTERM and SIGINT stop `otos serve` cleanly: it exits 0 while clients post, every response it
// acknowledged is stored and nothing unacknowledged is, and an idle keep-alive connection does
// not hold the exit up.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <chrono>
#include <csignal>

#include "http_client.h"
#include "load_clients.h"
#include "server_process.h"

namespace otos::itest {
namespace {

int64_t count_rows(const std::string& db) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(h, "SELECT count(*) FROM responses", -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  int64_t n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(h);
  return n;
}

TEST_CASE("SIGTERM under load: exit 0, acknowledged = stored") {
  ScratchDir dir;
  const std::string db = dir.file("otos.db");
  ServerProcess server(db, test_surveys_dir());
  LoadClients load({server.port()}, 8, "/api/v1/surveys/itest/responses",
                   R"({"answers":{"municipality":"202"}})");
  load.wait_for_acks(2000);
  server.signal(SIGTERM);
  CHECK(server.wait() == 0);
  load.stop();
  CHECK(load.unexpected() == 0);
  CHECK(count_rows(db) == static_cast<int64_t>(load.acked().size()));
  CHECK(server.stderr_text().find("otos serve: stopped") != std::string::npos);
}

TEST_CASE("SIGINT with an idle keep-alive connection exits at once") {
  ScratchDir dir;
  ServerProcess server(dir.file("otos.db"), test_surveys_dir());
  Client idle(server.port());
  REQUIRE(idle.get("/healthz").status == 200);
  auto t0 = std::chrono::steady_clock::now();
  server.signal(SIGINT);
  CHECK(server.wait() == 0);
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count();
  CHECK(ms < 2000);  // not the 5 s keep-alive timeout
}

}  // namespace
}  // namespace otos::itest
