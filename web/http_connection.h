// One HTTP connection, served by one pool thread for its whole life (Poco's model), with what
// Poco's own HTTPServerConnection lacks: a malformed or oversized header is answered with the
// contract's error JSON; a connection whose request body was not consumed is closed after a short
// lingering drain (so a client still sending reads our 413 instead of a reset); and a
// ConnectionTracker that lets stop() close idle keep-alive connections at once and wait for the
// requests in flight. Between requests it waits with one poll(2), where Poco's session builds an
// epoll set per wait (four system calls per request). Knows nothing about routes.
#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>

#include "web/server_config.h"

namespace otos::web {

class ConnectionTracker {
 public:
  // Registers an open connection (idle). Returns its key.
  uint64_t open(const Poco::Net::StreamSocket& socket);
  void close(uint64_t key);
  // Marks the connection busy with a request; false when the server is stopping (then the
  // connection ends without reading another request).
  bool begin_request(uint64_t key);
  // The request line and header of the current request have been read. False when the
  // watchdog cut them (what was read is then truncated and must not be served).
  bool header_done(uint64_t key);
  // Marks it idle again; false when the server is stopping.
  bool end_request(uint64_t key);

  // Ends the reads of connections that have spent longer than `limit` on one request's line and
  // header (a client trickling bytes defeats the per-read timeout). Returns how many were cut.
  size_t cut_slow_headers(std::chrono::steady_clock::duration limit);

  // Refuses new requests, wakes idle connections (their reads end) and waits until every
  // connection has closed or `grace_seconds` passed. True when all closed.
  bool stop_and_wait(int grace_seconds);

  size_t open_connections() const;

 private:
  struct Entry {
    Poco::Net::StreamSocket socket;
    bool busy = false;
    bool in_header = false;
    bool cut = false;
    std::chrono::steady_clock::time_point header_since;
  };
  mutable std::mutex mu_;
  std::condition_variable all_closed_;
  std::map<uint64_t, Entry> entries_;
  uint64_t next_ = 0;
  bool stopping_ = false;
};

class HttpConnection : public Poco::Net::TCPServerConnection {
 public:
  HttpConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                 Poco::Net::HTTPRequestHandlerFactory::Ptr factory, ConnectionTracker& tracker,
                 const ServerConfig& config);
  void run() override;

 private:
  void linger_close();

  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr factory_;
  ConnectionTracker& tracker_;
  const ServerConfig& config_;
};

class HttpConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
 public:
  HttpConnectionFactory(Poco::Net::HTTPServerParams::Ptr params,
                        Poco::Net::HTTPRequestHandlerFactory::Ptr factory,
                        ConnectionTracker& tracker, const ServerConfig& config)
      : params_(std::move(params)),
        factory_(std::move(factory)),
        tracker_(tracker),
        config_(config) {}
  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
    return new HttpConnection(socket, params_, factory_, tracker_, config_);
  }

 private:
  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr factory_;
  ConnectionTracker& tracker_;
  const ServerConfig& config_;
};

}  // namespace otos::web
