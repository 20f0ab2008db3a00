// The HTTP server in-process (web/server.h) with its own small limits: a client trickling its
// header byte by byte is cut at the header deadline, stop() finishes a request in flight and
// closes idle keep-alive connections, and a route that throws answers 500 with the error JSON
// (the safety net; real routes never throw).
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <stdexcept>
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

}  // namespace
}  // namespace otos::itest
