// Two `otos serve` processes on one PostgreSQL database (label pg, fixture pg_cluster): clients
// post to both at once, half of the posts sharing submission_ids across the two servers. Nothing
// is lost (every acknowledged id is stored), nothing is doubled (one row per submission_id, both
// servers answer with the same id), and the row count is exact; a wave one server stored is
// served by the other within seconds; every stored response has its packed copy. Uses a fresh
// database of its own.
#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/Session.h>
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <latch>
#include <map>
#include <mutex>
#include <regex>
#include <thread>

#include "engine/packed/packed_answers.h"
#include "engine/storage/pg_store.h"
#include "engine/storage/store.h"
#include "engine/validate/validate.h"
#include "http_client.h"
#include "server_process.h"

namespace otos::itest {
namespace {

using namespace Poco::Data::Keywords;
namespace fs = std::filesystem;

std::string pg_url() {
  std::ifstream in(OTOS_PG_URL_FILE);
  std::string url;
  std::getline(in, url);
  REQUIRE_MESSAGE(!url.empty(), "no URL in " OTOS_PG_URL_FILE " (is the pg_cluster fixture up?)");
  return url;
}

// A new empty database next to the fixture's (the name is unique to this run); returns its URL.
std::string fresh_database(const std::string& url, const std::string& name) {
  Poco::Data::PostgreSQL::Connector::registerConnector();
  Poco::Data::Session s("PostgreSQL", *storage::pg_connection_string(url));
  s << "CREATE DATABASE " + name, now;
  return url.substr(0, url.rfind('/') + 1) + name;
}

TEST_CASE("two servers on one PostgreSQL database: nothing lost, nothing doubled") {
  const std::string url = fresh_database(pg_url(), "otos_two_servers_" + std::to_string(getpid()));
  // b also has a wave that a's files lack: a picks it up from the database while it runs.
  ScratchDir dir;
  fs::create_directory(dir.file("surveys"));
  for (const auto& f : fs::directory_iterator(test_surveys_dir()))
    fs::copy_file(f.path(), dir.file("surveys/" + f.path().filename().string()));
  {
    std::ifstream in(test_surveys_dir() + "/itest_2026.yaml");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    text.replace(text.find("version: 2026"), 13, "version: 2027");
    std::ofstream(dir.file("surveys/itest_2027.yaml")) << text;
  }
  ServerProcess a(url, test_surveys_dir());
  ServerProcess b(url, dir.file("surveys"));
  const std::string path = "/api/v1/surveys/itest@2026/responses";

  constexpr int kThreads = 8, kPerThread = 150;
  // Threads 0-3 post to a, 4-7 to b. Thread t and t+4 share submission_ids "s<t>-<i>" for even i;
  // odd i have ids of their own.
  std::mutex mu;
  std::map<std::string, std::vector<std::pair<int, std::string>>> by_submission;  // -> (status, id)
  std::vector<std::string> acked;
  int unexpected = 0;
  std::latch go(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Client client(t < 4 ? a.port() : b.port());
      go.arrive_and_wait();
      static const std::regex id_shape(R"re(\{"id":"([0-9a-z]+)"\})re");
      for (int i = 0; i < kPerThread; ++i) {
        std::string sid(1, i % 2 == 0 ? 's' : 'u');  // appended piecewise: GCC 12 -Wrestrict
        sid += std::to_string(i % 2 == 0 ? t % 4 : t);
        sid += '-';
        sid += std::to_string(i);
        std::string code = i % 3 == 0 ? "853" : "202";
        HttpResult r = client.post(path, R"({"answers":{"municipality":")" + code +
                                             R"("},"submission_id":")" + sid + "\"}");
        std::smatch m;
        std::lock_guard lock(mu);
        if ((r.status == 201 || r.status == 200) && std::regex_match(r.body, m, id_shape)) {
          by_submission[sid].push_back({r.status, m[1]});
          acked.push_back(m[1]);
        } else {
          ++unexpected;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(unexpected == 0);

  // Shared ids: one 201 and one 200, same response id.
  size_t shared = 0, created = 0;
  for (const auto& [sid, answers] : by_submission) {
    CAPTURE(sid);
    if (sid[0] == 's') {
      ++shared;
      REQUIRE(answers.size() == 2);
      CHECK(answers[0].second == answers[1].second);
      CHECK(answers[0].first + answers[1].first == 401);
    } else {
      REQUIRE(answers.size() == 1);
      CHECK(answers[0].first == 201);
    }
    created++;
  }
  CHECK(shared == 4 * kPerThread / 2);
  CHECK(created == 4 * kPerThread / 2 + kThreads * kPerThread / 2);

  // a refreshes its waves from the database every few seconds.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  int status = 0;
  while ((status = http(a.port(), "GET", "/api/v1/surveys/itest@2027").status) != 200 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // polling a condition
  }
  CHECK(status == 200);
  CHECK(http(a.port(), "GET", "/api/v1/surveys").body.find(R"({"id":"itest","version":2027,)") !=
        std::string::npos);

  auto store = storage::Store::open(url);
  CHECK(store->count_responses("itest", 2026) == static_cast<int64_t>(created));
  size_t missing = 0;
  for (const auto& id : acked) missing += store->find_response(id) ? 0 : 1;
  CHECK(missing == 0);
  // Every stored response also has its packed copy under the wave's layout, so the analysis
  // reads this wave through its fast path on PostgreSQL too.
  auto wave = validate::load_file(test_surveys_dir() + "/itest_2026.yaml");
  REQUIRE(wave.ok());
  const int64_t layout = packed::layout_of(*wave.questionnaire);
  CHECK(store->count_packed("itest", 2026, layout) == static_cast<int64_t>(created));
  CHECK(store->all_packed("itest", 2026, layout));
}

}  // namespace
}  // namespace otos::itest
