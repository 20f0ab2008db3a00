// Every limit and default of the HTTP server in one place: listening address, thread pool and
// queue, timeouts, header and body caps. The server reads these; nothing else hard-codes them.
// Why these numbers: Poco holds one thread per connection for its whole life (also while it waits
// for a stalled client), so the pool is sized well above the number of stalled sockets we must
// survive (500) while /healthz still gets a thread at once; threads start on demand and their
// stacks are small, so an idle pool costs little memory. Timeouts bound how long a silent client
// keeps its thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace otos::web {

struct ServerConfig {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port

  int min_threads = 8;     // kept alive in the pool
  int max_threads = 1024;  // connections served at once (one thread each)
  int max_queued = 1000;   // accepted connections waiting for a thread; then refused
  size_t thread_stack_bytes = 256 * 1024;
  int thread_idle_seconds = 60;  // an idle pool thread above min_threads ends after this

  int receive_timeout_seconds = 10;    // any one read (request line, header, body chunk)
  int send_timeout_seconds = 10;       // any one write
  int keep_alive_timeout_seconds = 5;  // between requests on one connection
  // A request line and header must arrive within this, however slowly each byte comes.
  int header_timeout_seconds = 20;
  int max_keep_alive_requests = 0;  // 0: unlimited

  // Headers: Poco caps them while reading (100 fields, a name at 256 and a value at 8192 bytes,
  // the request line's URI at 16 KiB); a header over those is 400 and the connection closes.
  size_t max_body_bytes = 1 << 20;  // 1 MiB: larger bodies are 413

  // After refusing a request whose body we did not read, the connection is closed; first up to
  // this many bytes are read and dropped (for at most linger_ms) so that the client, still
  // sending, gets to read our answer instead of a connection reset.
  size_t linger_drain_bytes = 8 << 20;
  int linger_ms = 2000;

  // How long stop() waits for requests in flight to finish before giving up on them.
  int shutdown_grace_seconds = 30;
};

}  // namespace otos::web
