// The HTTP server in-process (web/server.h) with its own small limits: a client trickling its
// header byte by byte is cut at the header deadline, stop() finishes a request in flight and
// closes idle keep-alive connections, and a route that throws answers 500 with the error JSON
// (the safety net; real routes never throw). The connection loop's own keep-alive handling
// (http_connection.cpp waits with poll(2) and counts requests itself): requests sent back to back
// are all answered in order, the Nth answer of max_keep_alive_requests closes, and an idle
// connection closes after keep_alive_timeout_seconds.
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <doctest/doctest.h>

#include <cctype>
#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "http_client.h"
#include "web/http_io.h"
#include "web/router.h"
#include "web/server.h"

namespace otos::itest {
namespace {

using Clock = std::chrono::steady_clock;

struct InProcess {
  web::ServerConfig config;
  web::Router router{1 << 20};
  std::promise<void> entered;  // the slow route has started
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::unique_ptr<web::Server> server;

  InProcess() {
    config.port = 0;
    config.header_timeout_seconds = 1;
    router.add("GET", "/healthz",
               [](web::Exchange& ex) { web::send_json(ex.response, 200, R"({"status":"ok"})"); });
    router.add("GET", "/slow", [this](web::Exchange& ex) {
      entered.set_value();
      released.wait();
      web::send_json(ex.response, 200, R"({"slow":true})");
    });
    router.add("GET", "/throw", [](web::Exchange&) -> void { throw std::runtime_error("a bug"); });
    server = std::make_unique<web::Server>(config, router);
    server->start();
  }
  uint16_t port() const { return server->port(); }
};

TEST_CASE_FIXTURE(InProcess, "a header trickled byte by byte is cut at the header deadline") {
  Poco::Net::StreamSocket s(Poco::Net::SocketAddress("127.0.0.1", port()));
  s.setReceiveTimeout(Poco::Timespan(0, 100000));
  const std::string head = "GET /healthz HTTP/1.1\r\nX-Slow: ";
  s.sendBytes(head.data(), static_cast<int>(head.size()));
  auto t0 = Clock::now();
  bool closed = false;
  std::string answer;
  while (!closed && Clock::now() - t0 < std::chrono::seconds(5)) {
    try {
      s.sendBytes("a", 1);
    } catch (const Poco::Exception&) {
      closed = true;  // reset: the server has closed
      break;
    }
    try {
      char buffer[1024];
      int n = s.receiveBytes(buffer, sizeof buffer);  // waits up to 100 ms: the trickle's pace
      if (n <= 0) closed = true;
      answer.append(buffer, static_cast<size_t>(std::max(n, 0)));
    } catch (const Poco::TimeoutException&) {
      // nothing yet: send the next byte
    } catch (const Poco::Net::NetException&) {
      closed = true;
    }
  }
  auto seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  CHECK(closed);
  CHECK(seconds >= 0.9);
  CHECK(seconds < 2.5);
  CHECK((answer.empty() || raw_status(answer) == 408));
  if (!answer.empty())
    CHECK(raw_body(answer) == R"({"error":"the request header took too long","errors":[]})");
  CHECK(http(port(), "GET", "/healthz").status == 200);
  release.set_value();
}

TEST_CASE_FIXTURE(InProcess, "stop() finishes a request in flight and closes idle connections") {
  Client idle(port());
  REQUIRE(idle.get("/healthz").status == 200);
  auto slow = std::async(std::launch::async, [&] { return http(port(), "GET", "/slow"); });
  entered.get_future().wait();  // the slow request is inside its route: its connection is busy
  auto stopping = std::async(std::launch::async, [&] { server->stop(); });
  CHECK(stopping.wait_for(std::chrono::milliseconds(300)) == std::future_status::timeout);
  release.set_value();
  HttpResult r = slow.get();
  CHECK(r.status == 200);
  CHECK(r.body == R"({"slow":true})");
  CHECK(stopping.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  CHECK_THROWS(http(port(), "GET", "/healthz"));
}

TEST_CASE_FIXTURE(InProcess, "a route that throws answers 500 with the error JSON") {
  HttpResult r = http(port(), "GET", "/throw");
  CHECK(r.status == 500);
  CHECK(r.body == R"({"error":"internal error","errors":[]})");
  CHECK(http(port(), "GET", "/healthz").status == 200);
  release.set_value();
}

struct KeepAliveLimits {
  web::ServerConfig config;
  web::Router router{1 << 20};
  std::unique_ptr<web::Server> server;

  KeepAliveLimits() {
    config.port = 0;
    config.max_keep_alive_requests = 3;
    config.keep_alive_timeout_seconds = 1;
    router.add("GET", "/healthz",
               [](web::Exchange& ex) { web::send_json(ex.response, 200, R"({"status":"ok"})"); });
    server = std::make_unique<web::Server>(config, router);
    server->start();
  }
  uint16_t port() const { return server->port(); }
};

// How many times `needle` occurs in `text`.
size_t count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST_CASE_FIXTURE(KeepAliveLimits, "requests sent back to back are each answered, in order") {
  // Two requests in one write: the second is already in the connection's buffer when the first
  // is answered, so the loop must not wait for the socket to become readable again.
  const std::string two =
      "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n"
      "GET /nowhere HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
  auto t0 = Clock::now();
  std::string answers = raw_exchange(port(), two, 3000);
  CHECK(std::chrono::duration<double>(Clock::now() - t0).count() < 1.5);
  REQUIRE(count(answers, "HTTP/1.1 ") == 2);
  CHECK(answers.find("HTTP/1.1 200") < answers.find("HTTP/1.1 404"));
}

TEST_CASE_FIXTURE(KeepAliveLimits, "the last answer that max_keep_alive_requests allows closes") {
  std::string requests;
  for (int i = 0; i < 4; ++i) requests += "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n";
  std::string answers = raw_exchange(port(), requests, 3000);
  CHECK(count(answers, "HTTP/1.1 200") == 3);  // the fourth request is never read
  std::string lower = answers;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  CHECK(count(lower, "connection: close") == 1);  // Poco writes "Close"
  CHECK(lower.rfind("connection: close") > lower.rfind("http/1.1 200"));
}

TEST_CASE_FIXTURE(KeepAliveLimits, "an idle keep-alive connection closes after its timeout") {
  Poco::Net::StreamSocket s(Poco::Net::SocketAddress("127.0.0.1", port()));
  s.setReceiveTimeout(Poco::Timespan(5, 0));
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n";
  s.sendBytes(request.data(), static_cast<int>(request.size()));
  char buffer[1024];
  std::string answer;
  while (answer.find(R"({"status":"ok"})") == std::string::npos) {
    int n = s.receiveBytes(buffer, sizeof buffer);
    REQUIRE(n > 0);
    answer.append(buffer, static_cast<size_t>(n));
  }
  auto t0 = Clock::now();
  int n = 0;
  try {
    n = s.receiveBytes(buffer, sizeof buffer);  // returns 0 when the server closes
  } catch (const Poco::Net::NetException&) {
    n = 0;  // a reset is a close too
  }
  auto seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  CHECK(n == 0);
  CHECK(seconds >= 0.8);
  CHECK(seconds < 3);
}

}  // namespace
}  // namespace otos::itest
