// Test support: N client threads that post valid responses over keep-alive connections until
// told to stop or until the server goes away, recording every acknowledged (201) response id.
// Used by the crash, shutdown and PostgreSQL tests.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace otos::itest {

class LoadClients {
 public:
  // Starts `threads` clients posting `body` to `path` on each of `ports` in turn (client i uses
  // ports[i % ports.size()]).
  LoadClients(std::vector<uint16_t> ports, int threads, std::string path, std::string body);
  ~LoadClients();

  // Blocks until at least `n` responses were acknowledged (or every client has ended).
  void wait_for_acks(size_t n);
  // Stops the clients and waits for them; then acked() is final.
  void stop();
  // Every acknowledged id (after stop()).
  std::vector<std::string> acked() const;
  // Answers other than 201 and transport errors seen.
  uint64_t unexpected() const { return unexpected_; }

 private:
  void run(uint16_t port);

  std::string path_, body_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> unexpected_{0};
  mutable std::mutex mu_;
  std::condition_variable progress_;
  std::vector<std::string> ids_;
  int running_ = 0;
  std::vector<std::thread> threads_;
};

}  // namespace otos::itest
