// Abuse of a real `otos serve`: malformed and truncated JSON, wrong types, deep nesting, bodies
// of 5 MB (declared, sent, chunked), oversized and malformed headers, unknown routes and
// methods, a client sending one byte at a time, and 500 stalled sockets while /healthz must
// answer within a second. The server must never answer 5xx, never stop, and log no error.
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <thread>

#include "http_client.h"
#include "server_process.h"

namespace otos::itest {
namespace {

using Clock = std::chrono::steady_clock;
const std::string kResponses = "/api/v1/surveys/itest/responses";

struct Fixture {
  ScratchDir dir;
  ServerProcess server{dir.file("otos.db"), test_surveys_dir()};
  uint16_t port = server.port();

  ~Fixture() {
    // Alive, healthy, and nothing logged as an internal error.
    CHECK(::kill(server.pid(), 0) == 0);
    CHECK(http(port, "GET", "/healthz").status == 200);
    server.signal(SIGTERM);
    CHECK(server.wait() == 0);
    CHECK(server.stderr_text().find("error in ") == std::string::npos);
  }
};

std::string post_head(size_t length, const std::string& extra = "") {
  return "POST " + kResponses + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
         extra + "Content-Length: " + std::to_string(length) + "\r\n\r\n";
}

TEST_CASE_FIXTURE(Fixture, "malformed, truncated and mistyped bodies are 400 or 422") {
  const std::string valid = R"({"answers":{"municipality":"853","seek_help":"agree"}})";
  std::vector<std::string> bodies = {"",
                                     " ",
                                     "{",
                                     "}",
                                     "[",
                                     "null",
                                     "true",
                                     "\"answers\"",
                                     "{\"answers\"",
                                     "{\"answers\":",
                                     "{\"answers\":{",
                                     "{\"answers\":{}",
                                     "{\"answers\":{}}}",
                                     "{'answers':{}}",
                                     "{\"answers\":{\"municipality\":853}}",
                                     "{\"answers\":{\"municipality\":[\"853\"]}}",
                                     "{\"answers\":{\"municipality\":{\"a\":1}}}",
                                     "{\"answers\":{\"municipality\":null}}",
                                     "{\"answers\":{\"children\":\"3\"}}",
                                     "{\"answers\":{\"children\":1e400}}",
                                     "{\"answers\":{\"born\":\"2026-02-30\"}}",
                                     "{\"answers\":{\"services\":[\"agree\"]}}",
                                     "{\"answers\":{\"nope\":1}}",
                                     "{\"answers\":\"\\ud800\"}",
                                     "\xff\xfe{}",
                                     "{\"a\":\"\x01\"}",
                                     std::string("{\"answers\":{\"municipality\":\"8\0"
                                                 "53\"}}",
                                                 32)};
  for (size_t cut = 1; cut < valid.size(); cut += 3) bodies.push_back(valid.substr(0, cut));
  for (const auto& body : bodies) {
    CAPTURE(body);
    HttpResult r = http(port, "POST", kResponses, body);
    CHECK((r.status == 400 || r.status == 422));
    CHECK(r.body.rfind("{\"error\":", 0) == 0);
  }
}

TEST_CASE_FIXTURE(Fixture, "1000-deep nesting is 400") {
  std::string arrays =
      R"({"answers":{"comment":)" + std::string(1000, '[') + std::string(1000, ']') + "}}";
  CHECK(http(port, "POST", kResponses, arrays).status == 400);
  std::string objects;
  for (int i = 0; i < 1000; ++i) objects += "{\"a\":";
  objects += "1" + std::string(1000, '}');
  CHECK(http(port, "POST", kResponses, objects).status == 400);
  std::string unclosed(100000, '[');
  CHECK(http(port, "POST", kResponses, unclosed).status == 400);
}

TEST_CASE_FIXTURE(Fixture, "a body of a million small values is 400, not a million allocations") {
  // Just under the 1 MiB cap: 524,000 zeros, two bytes of text each.
  std::string zeros = R"({"answers":{"comment":[0)";
  for (int i = 1; i < 524000; ++i) zeros += ",0";
  zeros += "]}}";
  REQUIRE(zeros.size() < (1u << 20));
  HttpResult r = http(port, "POST", kResponses, zeros);
  CHECK(r.status == 400);
  CHECK(r.body ==
        R"({"error":"malformed JSON: more than 100000 values at byte 200018","errors":[]})");
  CHECK(http(port, "GET", "/healthz").status == 200);
}

TEST_CASE_FIXTURE(Fixture, "5 MB bodies are 413: declared, sent whole, chunked, with Expect") {
  const size_t five_mb = 5 << 20;
  // Declared and not sent: refused from the header alone.
  std::string head_only = raw_exchange(port, post_head(five_mb));
  CHECK(raw_status(head_only) == 413);
  CHECK(raw_body(head_only) ==
        R"({"error":"request body is larger than 1048576 bytes","errors":[]})");
  // Sent whole: the server answers and drains, the client reads the 413.
  std::string whole = raw_exchange(port, post_head(five_mb) + std::string(five_mb, 'x'));
  CHECK(raw_status(whole) == 413);
  // Chunked: counted while reading and cut after 1 MiB.
  std::string chunked =
      "POST " + kResponses + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 80; ++i) chunked += "10000\r\n" + std::string(0x10000, 'x') + "\r\n";
  chunked += "0\r\n\r\n";
  CHECK(raw_status(raw_exchange(port, chunked)) == 413);
  // Expect: 100-continue with too large a length: 413 and no 100 Continue first.
  std::string expect = raw_exchange(port, post_head(five_mb, "Expect: 100-continue\r\n"));
  CHECK(raw_status(expect) == 413);
  // A small chunked body is fine.
  std::string small = "POST " + kResponses +
                      " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: "
                      "chunked\r\n\r\n";
  std::string json = R"({"answers":{"municipality":"853"}})";
  char size[16];
  std::snprintf(size, sizeof size, "%zx", json.size());
  small += std::string(size) + "\r\n" + json + "\r\n0\r\n\r\n";
  CHECK(raw_status(raw_exchange(port, small)) == 201);
  // No length at all on a POST: 411.
  CHECK(raw_status(raw_exchange(port, "POST " + kResponses + " HTTP/1.0\r\n\r\n{}")) == 411);
  // A body on a GET is read and dropped; the connection stays usable.
  Client c(port);
  CHECK(c.request("GET", "/healthz", std::string(1000, 'x')).status == 200);
  CHECK(c.get("/healthz").status == 200);
}

TEST_CASE_FIXTURE(Fixture, "bad request lines and headers are 400") {
  std::string garbage = raw_exchange(port, "GARBAGE\r\n\r\n");
  CHECK(raw_status(garbage) == 400);
  CHECK(raw_body(garbage) ==
        R"({"error":"malformed request: HTTP request URI invalid or too long","errors":[]})");
  std::string version = raw_exchange(port, "GET /healthz HTTP/9.9\r\n\r\n");
  CHECK(raw_status(version) == 400);
  CHECK(raw_body(version) ==
        R"({"error":"malformed request: unsupported HTTP version","errors":[]})");
  std::string long_value =
      "GET /healthz HTTP/1.1\r\nX-Big: " + std::string(100000, 'a') + "\r\n\r\n";
  CHECK(raw_status(raw_exchange(port, long_value)) == 400);
  std::string many = "GET /healthz HTTP/1.1\r\n";
  for (int i = 0; i < 500; ++i) many += "X-" + std::to_string(i) + ": v\r\n";
  CHECK(raw_status(raw_exchange(port, many + "\r\n")) == 400);
  std::string long_uri = "GET /" + std::string(100000, 'a') + " HTTP/1.1\r\n\r\n";
  CHECK(raw_status(raw_exchange(port, long_uri)) == 400);
  CHECK(raw_status(raw_exchange(
            port, "GET /api/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) == 400);
  CHECK(raw_status(raw_exchange(port, post_head(0, "Content-Length: -5\r\n"))) == 400);
  std::string letters = raw_exchange(
      port, "POST " + kResponses + " HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n");
  CHECK(raw_status(letters) == 400);
  CHECK(raw_body(letters) ==
        R"({"error":"malformed request: Not a valid integer: abc","errors":[]})");
  std::string bad_chunk =
      "POST " + kResponses +
      " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n";
  CHECK(raw_status(raw_exchange(port, bad_chunk)) == 400);
}

TEST_CASE_FIXTURE(Fixture, "unknown routes and methods") {
  for (const std::string method : {"GET", "POST", "PUT", "DELETE", "PATCH", "BREW", "OPTIONS"}) {
    for (const std::string path : {"/x", "/api", "/api/v1", "/api/v1/surveys/itest/responses/1",
                                   "/..%2f..%2fetc", "/api/v1/surveys/itest/nope", "/healthz/x"}) {
      CAPTURE(method + " " + path);
      std::string raw = raw_exchange(
          port, method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      int status = raw_status(raw);
      CHECK(status >= 400);
      CHECK(status < 500);
    }
  }
}

TEST_CASE_FIXTURE(Fixture, "a client sending one byte at a time is served") {
  const std::string json = R"({"answers":{"municipality":"853"}})";
  const std::string request = post_head(json.size(), "Connection: close\r\n") + json;
  Poco::Net::StreamSocket s(Poco::Net::SocketAddress("127.0.0.1", port));
  s.setNoDelay(true);
  for (char c : request) {
    s.sendBytes(&c, 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // the pace under test
  }
  std::string answer;
  char buffer[4096];
  for (int n; (n = s.receiveBytes(buffer, sizeof buffer)) > 0;) answer.append(buffer, n);
  CHECK(raw_status(answer) == 201);
}

TEST_CASE_FIXTURE(Fixture, "500 stalled sockets: /healthz still answers within a second") {
  std::vector<Poco::Net::StreamSocket> stalled;
  for (int i = 0; i < 500; ++i) {
    stalled.emplace_back(Poco::Net::SocketAddress("127.0.0.1", port));
    if (i % 3 == 1) stalled.back().sendBytes("GET /healthz HTTP/1.1\r\nHo", 26);  // half a header
    if (i % 3 == 2) {
      std::string head = post_head(100);
      stalled.back().sendBytes(head.data(), static_cast<int>(head.size()));  // no body
    }
  }
  for (int i = 0; i < 10; ++i) {
    auto t0 = Clock::now();
    HttpResult h = http(port, "GET", "/healthz");
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
    CHECK(h.status == 200);
    CHECK(ms < 1000);
  }
  HttpResult post = http(port, "POST", kResponses, R"({"answers":{"municipality":"853"}})");
  CHECK(post.status == 201);
}

}  // namespace
}  // namespace otos::itest
