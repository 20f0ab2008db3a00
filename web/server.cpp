// Server start and stop (see server.h). Must not know routes or storage.
#include "web/server.h"

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>

#include <iostream>

#include "web/http_connection.h"

namespace otos::web {

Server::Server(const ServerConfig& config, const Router& router)
    : config_(config), router_(router), tracker_(std::make_unique<ConnectionTracker>()) {}

Server::~Server() { stop(); }

void Server::start() {
  Poco::Net::SocketAddress address(config_.host, config_.port);
  Poco::Net::ServerSocket socket;
  // SO_REUSEADDR so a restart need not wait for old connections in TIME_WAIT; never SO_REUSEPORT
  // (Poco's two-argument bind sets both): with it a second otos on the same port would start
  // and silently take half of the connections, perhaps on another database.
  socket.bind(address, /*reuseAddress=*/true, /*reusePort=*/false);
  socket.listen(1024);
  port_ = socket.address().port();

  pool_ = std::make_unique<Poco::ThreadPool>("otos-http", config_.min_threads,
                                             config_.max_threads + 2, config_.thread_idle_seconds,
                                             static_cast<int>(config_.thread_stack_bytes));

  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(config_.max_threads);
  params->setMaxQueued(config_.max_queued);
  params->setThreadIdleTime(Poco::Timespan(config_.thread_idle_seconds, 0));
  params->setTimeout(Poco::Timespan(config_.receive_timeout_seconds, 0));
  params->setKeepAlive(true);
  params->setKeepAliveTimeout(Poco::Timespan(config_.keep_alive_timeout_seconds, 0));
  params->setMaxKeepAliveRequests(config_.max_keep_alive_requests);
  params->setServerName(config_.host);

  Poco::Net::HTTPRequestHandlerFactory::Ptr factory = new RoutingFactory(router_);
  server_ = std::make_unique<Poco::Net::TCPServer>(
      new HttpConnectionFactory(params, factory, *tracker_, config_), *pool_, socket, params);
  server_->start();

  watchdog_ = std::thread([this] {
    const auto limit = std::chrono::seconds(config_.header_timeout_seconds);
    std::unique_lock lock(watchdog_mu_);
    while (!watchdog_cv_.wait_for(lock, std::chrono::milliseconds(250),
                                  [this] { return watchdog_stop_; })) {
      tracker_->cut_slow_headers(limit);
    }
  });
}

uint16_t Server::port() const { return port_; }

void Server::stop() {
  if (stopped_ || !server_) return;
  stopped_ = true;
  {
    std::lock_guard lock(watchdog_mu_);
    watchdog_stop_ = true;
  }
  watchdog_cv_.notify_all();
  watchdog_.join();
  server_->stop();  // closes the listening socket; queued connections are dropped
  if (tracker_->stop_and_wait(config_.shutdown_grace_seconds)) {
    server_.reset();
    pool_->joinAll();
    return;
  }
  std::cerr << "otos serve: " << tracker_->open_connections() << " connection(s) still busy after "
            << config_.shutdown_grace_seconds << " s; stopping without them" << std::endl;
  // Their threads still use the pool and the server objects: leave those to the process exit.
  (void)server_.release();
  (void)pool_.release();
}

}  // namespace otos::web
