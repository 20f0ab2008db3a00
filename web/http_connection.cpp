// The per-connection request loop (see http_connection.h). Must not route or interpret requests.
#include "web/http_connection.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Timestamp.h>

#include <chrono>
#include <iostream>
#include <memory>

#include "web/http_io.h"

namespace otos::web {

using Poco::Net::HTTPResponse;

uint64_t ConnectionTracker::open(const Poco::Net::StreamSocket& socket) {
  std::lock_guard lock(mu_);
  uint64_t key = next_++;
  entries_.emplace(key, Entry{socket, false});
  return key;
}

void ConnectionTracker::close(uint64_t key) {
  std::lock_guard lock(mu_);
  entries_.erase(key);
  if (entries_.empty()) all_closed_.notify_all();
}

bool ConnectionTracker::begin_request(uint64_t key) {
  std::lock_guard lock(mu_);
  if (stopping_) return false;
  auto it = entries_.find(key);
  if (it != entries_.end()) it->second.busy = true;
  return true;
}

bool ConnectionTracker::end_request(uint64_t key) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it != entries_.end()) it->second.busy = false;
  return !stopping_;
}

bool ConnectionTracker::stop_and_wait(int grace_seconds) {
  std::unique_lock lock(mu_);
  stopping_ = true;
  for (auto& [key, entry] : entries_) {
    if (entry.busy) continue;
    try {
      entry.socket.shutdownReceive();  // its pending read or poll returns at once
    } catch (const Poco::Exception& e) {
      std::cerr << "otos serve: closing an idle connection: " << e.displayText() << std::endl;
    }
  }
  return all_closed_.wait_for(lock, std::chrono::seconds(grace_seconds),
                              [this] { return entries_.empty(); });
}

size_t ConnectionTracker::open_connections() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

HttpConnection::HttpConnection(const Poco::Net::StreamSocket& socket,
                               Poco::Net::HTTPServerParams::Ptr params,
                               Poco::Net::HTTPRequestHandlerFactory::Ptr factory,
                               ConnectionTracker& tracker, const ServerConfig& config)
    : TCPServerConnection(socket),
      params_(std::move(params)),
      factory_(std::move(factory)),
      tracker_(tracker),
      config_(config) {}

void HttpConnection::run() {
  const uint64_t key = tracker_.open(socket());
  struct Closer {
    ConnectionTracker& t;
    uint64_t k;
    ~Closer() { t.close(k); }
  } closer{tracker_, key};

  try {
    socket().setSendTimeout(Poco::Timespan(config_.send_timeout_seconds, 0));
    socket().setNoDelay(true);
    Poco::Net::HTTPServerSession session(socket(), params_);
    bool linger = false;
    while (session.hasMoreRequests()) {
      if (!tracker_.begin_request(key)) break;
      bool keep_alive = false;
      try {
        Poco::Net::HTTPServerResponseImpl response(session);
        Poco::Net::HTTPServerRequestImpl request(response, session, params_);
        response.setDate(Poco::Timestamp());
        response.setVersion(request.getVersion());
        response.setKeepAlive(params_->getKeepAlive() && request.getKeepAlive() &&
                              session.canKeepAlive());
        std::unique_ptr<Poco::Net::HTTPRequestHandler> handler(
            factory_->createRequestHandler(request));
        handler->handleRequest(request, response);
        keep_alive = response.getKeepAlive() && session.canKeepAlive();
        // An answer that closes may have left the client's body unread: linger before closing.
        linger = !keep_alive;
      } catch (const Poco::Net::NoMessageException&) {
        tracker_.end_request(key);
        break;  // the client closed, or said nothing before the timeout
      } catch (const Poco::Net::MessageException& e) {
        // A malformed request line or header, or one over Poco's limits.
        Poco::Net::HTTPServerResponseImpl response(session);
        response.setVersion(HTTPResponse::HTTP_1_1);
        response.setKeepAlive(false);
        send_error(response, 400, std::string("malformed request: ") + e.message());
        linger = true;
      }
      session.setKeepAlive(keep_alive);
      if (!tracker_.end_request(key) || !keep_alive) break;
    }
    if (linger) linger_close();
  } catch (const Poco::Exception& e) {
    // Timeouts and resets of a client that went away: nothing to answer to.
    (void)e;
  } catch (const std::exception& e) {
    std::cerr << "otos serve: connection error: " << e.what() << std::endl;
  }
}

void HttpConnection::linger_close() {
  try {
    socket().shutdownSend();
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(config_.linger_ms);
    char buffer[16384];
    size_t drained = 0;
    while (drained < config_.linger_drain_bytes) {
      auto left = std::chrono::duration_cast<std::chrono::microseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      if (!socket().poll(Poco::Timespan(left.count()), Poco::Net::Socket::SELECT_READ)) break;
      int n = socket().receiveBytes(buffer, sizeof buffer);
      if (n <= 0) break;
      drained += static_cast<size_t>(n);
    }
  } catch (const Poco::Exception&) {
    // The client is gone: the close below is all that is left to do.
  }
}

}  // namespace otos::web
