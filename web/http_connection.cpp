// The per-connection request loop (see http_connection.h). Must not route or interpret requests.
#include "web/http_connection.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Timestamp.h>
#include <poll.h>
#include <pthread.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <iostream>
#include <memory>
#include <sstream>

#include "web/http_io.h"

namespace otos::web {

using Poco::Net::HTTPResponse;

uint64_t ConnectionTracker::open(const Poco::Net::StreamSocket& socket) {
  std::lock_guard lock(mu_);
  uint64_t key = next_++;
  Entry entry;
  entry.socket = socket;
  entries_.emplace(key, std::move(entry));
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
  if (it != entries_.end()) {
    it->second.busy = true;
    it->second.in_header = true;
    it->second.header_since = std::chrono::steady_clock::now();
  }
  return true;
}

bool ConnectionTracker::header_done(uint64_t key) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return true;
  it->second.in_header = false;
  return !it->second.cut;
}

size_t ConnectionTracker::cut_slow_headers(std::chrono::steady_clock::duration limit) {
  const auto now = std::chrono::steady_clock::now();
  size_t cut = 0;
  std::lock_guard lock(mu_);
  for (auto& [key, entry] : entries_) {
    if (!entry.in_header || now - entry.header_since < limit) continue;
    entry.in_header = false;
    entry.cut = true;
    try {
      entry.socket.shutdownReceive();  // the pending read sees the end of the stream
      ++cut;
    } catch (const Poco::Exception& e) {
      std::cerr << "otos serve: cutting a slow header: " << e.displayText() << std::endl;
    }
  }
  return cut;
}

bool ConnectionTracker::end_request(uint64_t key) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    it->second.busy = false;
    it->second.in_header = false;
  }
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

namespace {

// Answers 400 before (or instead of) a parsed request: written straight to the socket, since
// Poco's response object drops the body when it has no request attached.
void answer_malformed(Poco::Net::StreamSocket& socket, const std::string& why, int status = 400) {
  const std::string body = error_json((status == 400 ? "malformed request: " : "") + why);
  Poco::Net::HTTPResponse response(Poco::Net::HTTPMessage::HTTP_1_1,
                                   static_cast<HTTPResponse::HTTPStatus>(status));
  response.setKeepAlive(false);
  response.setContentType("application/json; charset=utf-8");
  response.setContentLength64(static_cast<Poco::Int64>(body.size()));
  std::ostringstream out;
  response.write(out);
  out << body;
  const std::string bytes = out.str();
  size_t sent = 0;
  while (sent < bytes.size()) {
    int n = socket.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent));
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
}

// Poco's session plus what it keeps to itself: whether bytes of the next request were already read
// (a client may send requests back to back).
class ServerSession : public Poco::Net::HTTPServerSession {
 public:
  using HTTPServerSession::HTTPServerSession;
  bool has_buffered() const { return buffered() > 0; }
};

// Waits until the socket has bytes to read, or the peer closed or failed (true), or `timeout`
// passed (false). One poll(2): Poco's hasMoreRequests() builds a new epoll set for every wait
// (epoll_create, epoll_ctl, epoll_wait, close), four system calls per request.
bool wait_readable(const Poco::Net::StreamSocket& socket, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  pollfd fd{};
  fd.fd = socket.impl()->sockfd();
  fd.events = POLLIN;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    const int rc = ::poll(&fd, 1, static_cast<int>(std::max<int64_t>(left.count(), 0)));
    if (rc > 0) return true;
    if (rc == 0) return false;
    if (errno != EINTR) return true;  // let the read report the error
  }
}

bool supported_version(const std::string& version) {
  return version == Poco::Net::HTTPMessage::HTTP_1_1 || version == Poco::Net::HTTPMessage::HTTP_1_0;
}

}  // namespace

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
  pthread_setname_np(pthread_self(), "otos-http");  // what ps and perf show
  const uint64_t key = tracker_.open(socket());
  struct Closer {
    ConnectionTracker& t;
    uint64_t k;
    ~Closer() { t.close(k); }
  } closer{tracker_, key};

  try {
    socket().setSendTimeout(Poco::Timespan(config_.send_timeout_seconds, 0));
    socket().setNoDelay(true);
    ServerSession session(socket(), params_);
    bool linger = false;
    // Poco's session counts requests in hasMoreRequests(), which this loop replaces: count here.
    const int max_requests = config_.max_keep_alive_requests;  // 0: unlimited
    int served = 0;
    for (;;) {
      const auto wait = std::chrono::seconds(served == 0 ? config_.receive_timeout_seconds
                                                         : config_.keep_alive_timeout_seconds);
      if (!session.has_buffered() && !wait_readable(socket(), wait)) break;
      if (!tracker_.begin_request(key)) break;
      ++served;
      const bool may_keep_alive = max_requests <= 0 || served < max_requests;
      bool keep_alive = false;
      try {
        Poco::Net::HTTPServerResponseImpl response(session);
        Poco::Net::HTTPServerRequestImpl request(response, session, params_);
        if (!tracker_.header_done(key)) {
          answer_malformed(socket(), "the request header took too long", 408);
          tracker_.end_request(key);
          linger_close();
          break;
        }
        if (!supported_version(request.getVersion())) {
          answer_malformed(socket(), "unsupported HTTP version");
          tracker_.end_request(key);
          linger_close();
          break;
        }
        response.setDate(Poco::Timestamp());
        response.setVersion(request.getVersion());
        response.setKeepAlive(params_->getKeepAlive() && request.getKeepAlive() && may_keep_alive);
        std::unique_ptr<Poco::Net::HTTPRequestHandler> handler(
            factory_->createRequestHandler(request));
        handler->handleRequest(request, response);
        keep_alive = response.getKeepAlive() && may_keep_alive;
        // An answer that closes may have left the client's body unread: linger before closing.
        linger = !keep_alive;
      } catch (const Poco::Net::NoMessageException&) {
        tracker_.end_request(key);
        break;  // the client closed, or said nothing before the timeout
      } catch (const Poco::Net::MessageException& e) {
        // A malformed request line or header, or one over Poco's limits.
        answer_malformed(socket(), e.message());
        linger = true;
      } catch (const Poco::SyntaxException& e) {
        // Poco reads Content-Length while setting up the body stream: "abc" lands here.
        answer_malformed(socket(), e.message());
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
