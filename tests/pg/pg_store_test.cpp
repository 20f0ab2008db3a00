// PostgreSQL storage tests (label pg, fixture pg_cluster): the shared storage cases against a
// real server, migrations on reopen, and two Store instances (as two otos servers would be) on one
// database inserting at once with shared submission_ids and invitation tokens: nothing is lost
// and nothing is stored twice.
#include "engine/storage/pg_store.h"

#include <Poco/Data/Session.h>
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <mutex>

#include "tests/unit/storage_cases.h"

using namespace otos::storage;
using namespace Poco::Data::Keywords;

namespace {

std::string pg_url() {
  std::ifstream in(OTOS_PG_URL_FILE);
  std::string url;
  std::getline(in, url);
  REQUIRE_MESSAGE(!url.empty(), "no URL in " OTOS_PG_URL_FILE " (is the pg_cluster fixture up?)");
  return url;
}

// Runs one statement on a connection of its own.
void pg_exec(const std::string& text) {
  Poco::Data::Session s("PostgreSQL", *pg_connection_string(pg_url()));
  s << text, now;
}

int64_t pg_count(const std::string& text) {
  Poco::Data::Session s("PostgreSQL", *pg_connection_string(pg_url()));
  Poco::Int64 n = 0;
  s << text, into(n), now;
  return n;
}

std::unique_ptr<Store> open_empty() {
  auto store = Store::open(pg_url());
  pg_exec(
      "TRUNCATE responses, packed_answers, invitations, drafts, users, survey_versions, "
      "staff_sessions, audit_log, login_failures RESTART IDENTITY");
  return store;
}

}  // namespace

std::vector<storage_cases::Backend> store_backends() { return {{"postgresql", open_empty}}; }

TEST_CASE("pg: migrations apply once") {
  { auto a = Store::open(pg_url()); }
  { auto b = Store::open(pg_url()); }
  CHECK(pg_count("SELECT COUNT(*) FROM schema_version") == 5);
  CHECK(pg_count("SELECT MAX(version) FROM schema_version") == 5);
}

TEST_CASE("pg: two stores on one database, concurrent, shared keys: nothing lost or doubled") {
  using storage_cases::response;
  auto a = open_empty();
  auto b = Store::open(pg_url());
  Store* stores[2] = {a.get(), b.get()};

  constexpr int kThreads = 16;  // 8 per store
  constexpr int kRounds = 60;
  std::mutex mu;
  std::map<std::string, std::set<std::string>> ids_by_submission;  // submission_id -> ids seen
  std::map<std::string, int> created_by_token;
  int public_created = 0;
  int bad = 0;

  storage_cases::run_parallel(kThreads, [&](int t) {
    Store& store = *stores[t % 2];
    for (int i = 0; i < kRounds; ++i) {
      // Every thread retries the same submission: one Created, the rest Duplicate of it.
      std::string sub = "sub-" + std::to_string(i);
      InsertResult r1 =
          store.insert_response(response("{\"s\":" + std::to_string(i) + "}", "", sub));
      // Every thread answers the same invitation with its own answers: one Created.
      std::string tok = "tok-" + std::to_string(i);
      InsertResult r2 = store.insert_response(response("{\"t\":" + std::to_string(t) + "}", tok));
      // And one public response of its own.
      InsertResult r3 = store.insert_response(response("{}"));
      std::lock_guard lock(mu);
      if (r1.status != InsertStatus::Created && r1.status != InsertStatus::Duplicate) ++bad;
      ids_by_submission[sub].insert(r1.id);
      if (r2.status == InsertStatus::Created) {
        ++created_by_token[tok];
      } else if (r2.status != InsertStatus::TokenUsed) {
        ++bad;
      }
      if (r3.status == InsertStatus::Created) ++public_created;
    }
  });

  CHECK(bad == 0);
  CHECK(public_created == kThreads * kRounds);
  REQUIRE(ids_by_submission.size() == static_cast<size_t>(kRounds));
  for (const auto& [sub, ids] : ids_by_submission) {
    INFO(sub);
    CHECK(ids.size() == 1);
  }
  REQUIRE(created_by_token.size() == static_cast<size_t>(kRounds));
  for (const auto& [tok, n] : created_by_token) {
    INFO(tok);
    CHECK(n == 1);
  }
  int64_t expected = kRounds + kRounds + kThreads * kRounds;
  CHECK(a->count_responses("family", std::nullopt) == expected);
  CHECK(b->count_responses("family", std::nullopt) == expected);
  CHECK(pg_count("SELECT COUNT(DISTINCT id) FROM responses") == expected);
}

TEST_CASE("pg: a wrong password or an unreachable server is a StoreError") {
  std::string url = pg_url();
  std::string wrong = url;
  wrong.replace(wrong.find(':', 13) + 1, 4, "nope");
  CHECK_THROWS_AS(Store::open(wrong), StoreError);
}
