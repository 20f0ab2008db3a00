// The HTTP server: binds, serves the routes of a Router on Poco's TCPServer with our own
// connection loop (http_connection.h) and a dedicated thread pool sized by ServerConfig, and
// stops cleanly: no new connections, idle keep-alive connections closed, requests in flight
// (and their commits) finished. Knows no route.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "web/router.h"
#include "web/server_config.h"

namespace Poco {
class ThreadPool;
namespace Net {
class TCPServer;
}
}  // namespace Poco

namespace otos::web {

class ConnectionTracker;

class Server {
 public:
  // `router` must outlive the server.
  Server(const ServerConfig& config, const Router& router);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds host:port and starts accepting. Throws Poco::Exception when it cannot bind.
  void start();
  // The bound port (after start; the chosen one when config.port was 0).
  uint16_t port() const;
  // Stops accepting, closes idle connections, waits for requests in flight. Idempotent.
  void stop();

 private:
  ServerConfig config_;
  const Router& router_;
  std::unique_ptr<ConnectionTracker> tracker_;
  std::unique_ptr<Poco::ThreadPool> pool_;
  std::unique_ptr<Poco::Net::TCPServer> server_;
  uint16_t port_ = 0;
  bool stopped_ = false;
  // The watchdog: cuts connections that trickle their headers (see header_timeout_seconds).
  std::thread watchdog_;
  std::mutex watchdog_mu_;
  std::condition_variable watchdog_cv_;
  bool watchdog_stop_ = false;
};

}  // namespace otos::web
