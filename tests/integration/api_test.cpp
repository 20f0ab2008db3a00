// The JSON API against a real `otos serve`: every status of the contract with its exact body,
// submission_id retries, invitations (pre-filled groups, one response per token, 20 racing
// posts), and staff tokens on results and export (401, 403, 200).
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <latch>
#include <memory>
#include <regex>
#include <thread>

#include "http_client.h"
#include "server_process.h"

namespace otos::itest {
namespace {

const std::string kResponses = "/api/v1/surveys/itest/responses";
const std::string kValid = R"({"answers":{"municipality":"853","seek_help":"agree"},"lang":"en"})";

std::string error_body(const std::string& message) {
  return "{\"error\":\"" + message + "\",\"errors\":[]}";
}

// The response id in a {"id":"..."} body; fails the test when the body is not that.
std::string id_of(const std::string& body) {
  static const std::regex shape(R"re(\{"id":"([0-9a-z]{26})"\})re");
  std::smatch m;
  REQUIRE_MESSAGE(std::regex_match(body, m, shape), body);
  return m[1];
}

// Creates a staff user with `otos user add` and returns its API token.
std::string add_user(const std::string& db, const std::string& name, const std::string& role) {
  CommandResult r = run_otos({"user", "add", name, "--role", role, "--db", db});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  std::smatch m;
  REQUIRE(std::regex_search(r.out, m, std::regex("api token: (\\S+)\n")));
  return m[1];
}

// Creates an invitation with `otos invite` and returns its token.
std::string invite(const std::string& db, const std::string& survey,
                   const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args{"invite", survey, "--name",    "Anna",
                                "--db",   db,     "--surveys", test_surveys_dir()};
  args.insert(args.end(), extra.begin(), extra.end());
  CommandResult r = run_otos(args);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  std::smatch m;
  REQUIRE(std::regex_match(
      r.out, m, std::regex("http://localhost:8080/s/" + survey + "/([A-Za-z0-9_-]{22,})\n")));
  return m[1];
}

// (answers JSON, invitation) of a stored response, read straight from the SQLite file.
std::pair<std::string, std::string> stored_row(const std::string& db, const std::string& id) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(h,
                             "SELECT answers, COALESCE(invitation, '') FROM responses WHERE id = ?",
                             -1, &st, nullptr) == SQLITE_OK);
  sqlite3_bind_text(st, 1, id.c_str(), -1, SQLITE_TRANSIENT);
  std::pair<std::string, std::string> out;
  if (sqlite3_step(st) == SQLITE_ROW) {
    out.first = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    out.second = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
  }
  sqlite3_finalize(st);
  sqlite3_close(h);
  return out;
}

struct Fixture {
  ScratchDir dir;
  std::string db = dir.file("otos.db");
  ServerProcess server{db, test_surveys_dir()};
  uint16_t port = server.port();
};

TEST_CASE_FIXTURE(Fixture, "GET /healthz and the survey list") {
  HttpResult h = http(port, "GET", "/healthz");
  CHECK(h.status == 200);
  CHECK(h.body == R"({"status":"ok"})");
  CHECK(h.header("content-type") == "application/json; charset=utf-8");

  HttpResult list = http(port, "GET", "/api/v1/surveys");
  CHECK(list.status == 200);
  CHECK(list.body == R"([{"id":"invited","version":1,"title":"Kutsukysely","open":true},)"
                     R"({"id":"itest","version":2026,"title":"Testikysely 2026","open":true}])");
}

TEST_CASE_FIXTURE(Fixture, "GET a definition: newest, id@version, unknown") {
  HttpResult old = http(port, "GET", "/api/v1/surveys/itest@2025");
  CHECK(old.status == 200);
  CHECK(old.body ==
        R"({"id":"itest","version":2025,"title":{"fi":"Testikysely 2025","sv":"Testenkät 2025",)"
        R"("en":"Test survey 2025"},"languages":["fi","sv","en"],"access":"public","open":false,)"
        R"("open_date":"2025-01-01","close_date":"2025-03-31","min_cell":5,"groups":[],)"
        R"("pages":[{"id":"about","title":{"fi":"Taustatiedot","sv":"Bakgrund","en":"Background"},)"
        R"("questions":[{"id":"municipality","type":"single_choice","text":{"fi":"Kotikunta",)"
        R"("sv":"Hemkommun","en":"Home municipality"},"required":true,"options":[{"code":"853",)"
        R"("label":{"fi":"Turku","sv":"Åbo","en":"Turku"},"missing":false}]}]}],"lists":{},)"
        R"("scales":{},"indicators":[]})");

  HttpResult newest = http(port, "GET", "/api/v1/surveys/itest");
  CHECK(newest.status == 200);
  CHECK(newest.body.rfind(R"({"id":"itest","version":2026,)", 0) == 0);
  CHECK(newest.body.find(
            R"({"id":"channels","type":"multi_choice","text":{"fi":"Mistä etsisit tietoa?",)"
            R"("sv":"Var skulle du söka information?","en":"Where would you look?"},)"
            R"("required":false,"show_if":"seek_help in ['agree', 'fully_agree']","options":[)") !=
        std::string::npos);
  CHECK(newest.body.find(R"({"code":"dont_know","label":{"fi":"En osaa sanoa","sv":"Vet inte",)"
                         R"("en":"Don't know"},"missing":true})") != std::string::npos);
  CHECK(newest.body.find(R"("max_choices":2)") != std::string::npos);
  CHECK(newest.body.find(R"("type":"number","text":{"fi":"Lasten määrä","sv":"Antal barn",)"
                         R"("en":"Number of children"},"required":false,"integer":true,"min":0,)"
                         R"("max":20})") != std::string::npos);

  HttpResult unknown = http(port, "GET", "/api/v1/surveys/nope");
  CHECK(unknown.status == 404);
  CHECK(unknown.body == error_body("unknown survey 'nope'"));
  CHECK(http(port, "GET", "/api/v1/surveys/itest@1999").status == 404);
  CHECK(http(port, "GET", "/api/v1/surveys/itest@x").body ==
        error_body("unknown survey 'itest@x'"));
}

TEST_CASE_FIXTURE(Fixture, "POST a response: 201 after the commit, then it is stored") {
  HttpResult r = http(port, "POST", kResponses, kValid);
  CHECK(r.status == 201);
  std::string id = id_of(r.body);
  auto [answers, invitation] = stored_row(db, id);
  CHECK(answers == R"({"municipality":"853","seek_help":"agree"})");
  CHECK(invitation.empty());
  // id@version names the wave too.
  CHECK(http(port, "POST", "/api/v1/surveys/itest@2026/responses", kValid).status == 201);
}

TEST_CASE_FIXTURE(Fixture, "POST errors: 400, 404, 409 closed, 413") {
  auto post = [&](const std::string& body, const std::string& path = kResponses) {
    return http(port, "POST", path, body);
  };
  CHECK(post(kValid, "/api/v1/surveys/nope/responses").status == 404);
  CHECK(post(kValid, "/api/v1/surveys/nope/responses").body == error_body("unknown survey 'nope'"));

  HttpResult truncated = post(R"({"answers":{"municipality":"85)");
  CHECK(truncated.status == 400);
  CHECK(truncated.body.rfind(R"({"error":"malformed JSON: )", 0) == 0);
  CHECK(post("").status == 400);
  CHECK(post("not json").status == 400);
  CHECK(post("[]").body == error_body("the body must be a JSON object"));
  CHECK(post("42").status == 400);
  CHECK(post("\"answers\"").status == 400);
  CHECK(post("{}").body == error_body(R"(the body must have \"answers\": an object)"));
  CHECK(post(R"({"answers":[]})").body ==
        error_body(R"(the body must have \"answers\": an object)"));
  CHECK(post(R"({"answers":{},"lang":5})").body == error_body(R"(\"lang\" must be a string)"));
  CHECK(post(R"({"answers":{},"lang":"de"})").body ==
        error_body(R"(\"lang\" must be one of fi, sv, en)"));
  CHECK(post(R"({"answers":{},"token":[]})").body ==
        error_body(R"(\"token\" must be a string of at most 200 characters)"));
  CHECK(post(R"({"answers":{},"submission_id":1})").body ==
        error_body(R"(\"submission_id\" must be a string of at most 200 characters)"));

  HttpResult closed =
      post(R"({"answers":{"municipality":"853"}})", "/api/v1/surveys/itest@2025/responses");
  CHECK(closed.status == 409);
  CHECK(closed.body ==
        error_body("the questionnaire itest@2025 is closed (open 2025-01-01 .. 2025-03-31)"));

  std::string big = R"({"answers":{"comment":")" + std::string(1 << 20, 'x') + R"("}})";
  HttpResult too_big = post(big);
  CHECK(too_big.status == 413);
  CHECK(too_big.body == error_body("request body is larger than 1048576 bytes"));
  // Exactly 1 MiB is allowed through to the JSON checks.
  std::string exact = R"({"answers":{},"pad":")";
  exact += std::string((1 << 20) - exact.size() - 2, 'x') + "\"}";
  REQUIRE(exact.size() == 1 << 20);
  CHECK(post(exact).status == 422);
}

TEST_CASE_FIXTURE(Fixture, "POST bodies Poco's parser alone gets wrong") {
  auto post = [&](const std::string& body) { return http(port, "POST", kResponses, body); };
  // 2^64 and longer integers were wrapped modulo 2^64 (to 0, 1, ...) and stored: now they are
  // numbers out of range like any other.
  for (const char* n : {"18446744073709551616", "18446744073709551617", "-99999999999999999999"}) {
    CAPTURE(n);
    HttpResult r = post(std::string(R"({"answers":{"municipality":"853","children":)") + n +
                        R"(},"lang":"en"})");
    CHECK(r.status == 422);
    CHECK(r.body == R"({"error":"1 answer is not valid","errors":[{"question":"children",)"
                    R"("message":"expected a whole number between 0 and 20"}]})");
  }
  CHECK(post("\xEF\xBB\xBF" + kValid).status == 201);  // a byte order mark is ignored
  CHECK(post("\"answers\"").body == error_body("the body must be a JSON object"));
  CHECK(post("null").body == error_body("the body must be a JSON object"));
  CHECK(post("{\"answers\":{\"comment\":\"\xFF\"}}").body ==
        error_body("malformed JSON: the body is not UTF-8"));
  // A text with a NUL is no text a person typed (and the xlsx export could not hold it).
  HttpResult nul = post(R"({"answers":{"municipality":"853","comment":"a\u0000b"},"lang":"en"})");
  CHECK(nul.status == 422);
  CHECK(nul.body.find("expected a text without control characters") != std::string::npos);
}

TEST_CASE_FIXTURE(Fixture, "error bodies are UTF-8 even when the request was not") {
  // The survey id comes from the path; %FF decodes to a byte that is not UTF-8.
  HttpResult r = http(port, "GET", "/api/v1/surveys/%FF");
  CHECK(r.status == 404);
  CHECK(r.body == error_body("unknown survey '\xEF\xBF\xBD'"));
  HttpResult post = http(port, "POST", "/api/v1/surveys/%C3/responses", kValid);
  CHECK(post.status == 404);
  CHECK(post.body == error_body("unknown survey '\xEF\xBF\xBD'"));
}

TEST_CASE_FIXTURE(Fixture, "submission_id: a retry answers 200 with the first id") {
  const std::string body = R"({"answers":{"municipality":"853"},"submission_id":"0b6a4a34-retry"})";
  HttpResult first = http(port, "POST", kResponses, body);
  CHECK(first.status == 201);
  HttpResult again = http(port, "POST", kResponses, body);
  CHECK(again.status == 200);
  CHECK(again.body == first.body);
  HttpResult other = http(port, "POST", kResponses,
                          R"({"answers":{"municipality":"202"},"submission_id":"0b6a4a34-retry"})");
  CHECK(other.status == 409);
  CHECK(other.body == error_body("the submission_id was already used with other answers"));
}

TEST_CASE_FIXTURE(Fixture, "invitations: token needed, groups pre-filled, accepted once") {
  const std::string path = "/api/v1/surveys/invited/responses";
  HttpResult none = http(port, "POST", path, R"({"answers":{"happy":"yes"}})");
  CHECK(none.status == 403);
  CHECK(none.body == error_body("the questionnaire invited is answered by invitation only"));
  HttpResult unknown =
      http(port, "POST", path, R"({"answers":{"happy":"yes"},"token":"AAAAAAAAAAAAAAAAAAAAAA"})");
  CHECK(unknown.status == 404);
  CHECK(unknown.body == error_body("unknown invitation token"));

  std::string token = invite(db, "invited", {"--group", "municipality=202"});
  // The token belongs to `invited`: it is unknown to another survey.
  CHECK(http(port, "POST", kResponses,
             R"({"answers":{"municipality":"853"},"token":")" + token + "\"}")
            .status == 404);
  // The invitation's group wins over what the body says.
  const std::string body =
      R"({"answers":{"happy":"yes","municipality":"853"},"token":")" + token + "\"}";
  HttpResult ok = http(port, "POST", path, body);
  CHECK(ok.status == 201);
  auto [answers, invitation] = stored_row(db, id_of(ok.body));
  CHECK(answers == R"({"happy":"yes","municipality":"202"})");
  CHECK(invitation == token);
  HttpResult used = http(port, "POST", path, body);
  CHECK(used.status == 409);
  CHECK(used.body == error_body("the invitation has already been answered"));
}

TEST_CASE_FIXTURE(Fixture, "20 parallel posts with one token: one 201 and 19 409") {
  std::string token = invite(db, "invited", {"--group", "municipality=853"});
  const std::string body = R"({"answers":{"happy":"no"},"token":")" + token + "\"}";
  std::vector<int> statuses(20);
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < 20; ++i) clients.push_back(std::make_unique<Client>(port));
  for (auto& c : clients) REQUIRE(c->get("/healthz").status == 200);  // connected
  std::latch go(20);
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&, i] {
      go.arrive_and_wait();
      statuses[static_cast<size_t>(i)] =
          clients[static_cast<size_t>(i)]->post("/api/v1/surveys/invited/responses", body).status;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(std::count(statuses.begin(), statuses.end(), 201) == 1);
  CHECK(std::count(statuses.begin(), statuses.end(), 409) == 19);
}

TEST_CASE_FIXTURE(Fixture, "staff tokens: 401 without or with a bad token, 403 for a coordinator") {
  const std::string analyst = add_user(db, "ana", "analyst");
  const std::string coordinator = add_user(db, "cora", "coordinator");
  const std::string admin = add_user(db, "adam", "admin");
  REQUIRE(http(port, "POST", kResponses, kValid).status == 201);

  for (const std::string route :
       {"/api/v1/surveys/itest/results", "/api/v1/surveys/itest/export"}) {
    CAPTURE(route);
    HttpResult none = http(port, "GET", route);
    CHECK(none.status == 401);
    CHECK(none.body == error_body("this route needs an API token: Authorization: Bearer TOKEN"));
    CHECK(none.header("www-authenticate") == "Bearer realm=\"otos\"");
    HttpResult bad = http(port, "GET", route, "", {{"Authorization", "Bearer otos_nope"}});
    CHECK(bad.status == 401);
    CHECK(bad.body == error_body("the API token is not valid"));
    HttpResult coord = http(port, "GET", route, "", {{"Authorization", "Bearer " + coordinator}});
    CHECK(coord.status == 403);
    CHECK(coord.body == error_body("the role coordinator may not use this route"));
    CHECK(http(port, "GET", route, "", {{"Authorization", "Bearer " + admin}}).status == 200);
  }
  HttpResult results = http(port, "GET", "/api/v1/surveys/itest/results", "",
                            {{"Authorization", "Bearer " + analyst}});
  CHECK(results.status == 200);
  CHECK_MESSAGE(
      results.body.rfind(R"({"survey":"itest","version":2026,"min_cell":5,"responses":1,)", 0) == 0,
      results.body);
  HttpResult csv = http(port, "GET", "/api/v1/surveys/itest/export?format=csv", "",
                        {{"Authorization", "Bearer " + analyst}});
  CHECK(csv.status == 200);
  CHECK(csv.header("content-type") == "text/csv; charset=utf-8");
  CHECK(std::count(csv.body.begin(), csv.body.end(), '\n') == 2);  // header and one row
  HttpResult unknown = http(port, "GET", "/api/v1/surveys/nope/results", "",
                            {{"Authorization", "Bearer " + analyst}});
  CHECK(unknown.status == 404);
  HttpResult format = http(port, "GET", "/api/v1/surveys/itest/export?format=pdf", "",
                           {{"Authorization", "Bearer " + analyst}});
  CHECK(format.status == 400);
  CHECK(format.body == error_body("unknown format 'pdf' (csv, codebook, xlsx, json or sav)"));
}

TEST_CASE_FIXTURE(Fixture,
                  "results and export: a wave named twice, an unknown language, downloads") {
  const std::string token = add_user(db, "ana", "analyst");
  auto get = [&](const std::string& path) {
    return http(port, "GET", path, "", {{"Authorization", "Bearer " + token}});
  };
  for (const char* route : {"results", "export"}) {
    CAPTURE(route);
    const std::string base = std::string("/api/v1/surveys/itest@2025/") + route;
    HttpResult twice = get(base + "?version=2026");
    CHECK(twice.status == 400);
    CHECK(twice.body == error_body("'itest@2025' and version 2026 name two waves; give one"));
    HttpResult lang = get(std::string("/api/v1/surveys/itest/") + route + "?lang=de");
    CHECK(lang.status == 400);
    CHECK(lang.body == error_body("language 'de' is not one of itest@2026's: fi, sv, en"));
    CHECK(get(base + "?version=2025").status == 200);
  }
  HttpResult by = get("/api/v1/surveys/itest/results?by=comment");
  CHECK(by.status == 400);
  CHECK(by.body ==
        error_body("'comment' is not a single-choice or likert question of itest@2026; a "
                   "breakdown needs one"));
  HttpResult json = get("/api/v1/surveys/itest/results");
  CHECK(json.header("content-type") == "application/json; charset=utf-8");
  CHECK(json.header("content-disposition").empty());
  HttpResult csv = get("/api/v1/surveys/itest/results?format=csv");
  CHECK(csv.header("content-disposition") == "attachment; filename=\"itest_2026_results.csv\"");
  CHECK(get("/api/v1/surveys/itest/export?format=json").header("content-type") ==
        "application/json; charset=utf-8");
}

TEST_CASE_FIXTURE(Fixture, "unknown routes are 404 and other methods 405 with Allow") {
  HttpResult nf = http(port, "GET", "/api/v1/nope");
  CHECK(nf.status == 404);
  CHECK(nf.body == error_body("not found"));
  CHECK(http(port, "POST", "/api/nope", "{}").body == error_body("not found"));
  HttpResult del = http(port, "DELETE", "/healthz");
  CHECK(del.status == 405);
  CHECK(del.header("allow") == "GET, HEAD");
  CHECK(del.body == error_body("method DELETE is not allowed here"));
  HttpResult get = http(port, "GET", kResponses);
  CHECK(get.status == 405);
  CHECK(get.header("allow") == "POST");
  HttpResult post = http(port, "POST", "/api/v1/surveys", "{}");
  CHECK(post.status == 405);
  CHECK(post.header("allow") == "GET, HEAD");
}

TEST_CASE_FIXTURE(Fixture, "HEAD answers every GET route with its headers and no body") {
  HttpResult head = http(port, "HEAD", "/healthz");
  CHECK(head.status == 200);
  CHECK(head.header("content-length") == "15");
  CHECK(head.body.empty());
  CHECK(http(port, "HEAD", "/s/itest").status == 200);
  CHECK(http(port, "HEAD", "/api/v1/surveys/nope").status == 404);
  // The connection stays usable: the headers and nothing else were sent.
  const std::string raw =
      raw_exchange(port,
                   "HEAD /api/v1/surveys HTTP/1.1\r\nHost: x\r\n\r\n"
                   "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(raw.find("HTTP/1.1 200 OK") == 0);
  CHECK(raw.rfind("HTTP/1.1 200 OK") > 0);
  CHECK(raw.ends_with("\r\n\r\n{\"status\":\"ok\"}"));
  CHECK(raw.find("[{") == std::string::npos);  // the survey list's body was not sent
}

TEST_CASE_FIXTURE(Fixture, "an unknown browser path gets the HTML notice page, in the language") {
  HttpResult page = http(port, "GET", "/staff-typo/x?lang=sv");
  CHECK(page.status == 404);
  CHECK(page.header("content-type") == "text/html; charset=utf-8");
  CHECK(page.body.find("<html lang=\"sv\"") != std::string::npos);
}

}  // namespace
}  // namespace otos::itest
