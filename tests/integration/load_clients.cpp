// Posting clients for the load-bearing integration tests (see load_clients.h).
#include "load_clients.h"

#include <Poco/Exception.h>

#include <regex>

#include "http_client.h"

namespace otos::itest {

LoadClients::LoadClients(std::vector<uint16_t> ports, int threads, std::string path,
                         std::string body)
    : path_(std::move(path)), body_(std::move(body)) {
  running_ = threads;
  for (int i = 0; i < threads; ++i) {
    uint16_t port = ports[static_cast<size_t>(i) % ports.size()];
    threads_.emplace_back([this, port] { run(port); });
  }
}

LoadClients::~LoadClients() { stop(); }

void LoadClients::run(uint16_t port) {
  static const std::regex id_shape(R"re(\{"id":"([0-9a-z]+)"\})re");
  try {
    Client client(port, 10);
    while (!stop_) {
      HttpResult r = client.post(path_, body_);
      std::smatch m;
      if (r.status == 201 && std::regex_match(r.body, m, id_shape)) {
        std::lock_guard lock(mu_);
        ids_.push_back(m[1]);
        progress_.notify_all();
      } else {
        ++unexpected_;
      }
    }
  } catch (const Poco::Exception&) {
    // The server went away (killed or stopped): this client is done.
  }
  std::lock_guard lock(mu_);
  --running_;
  progress_.notify_all();
}

void LoadClients::wait_for_acks(size_t n) {
  std::unique_lock lock(mu_);
  progress_.wait(lock, [&] { return ids_.size() >= n || running_ == 0; });
}

void LoadClients::stop() {
  stop_ = true;
  for (auto& t : threads_)
    if (t.joinable()) t.join();
}

std::vector<std::string> LoadClients::acked() const {
  std::lock_guard lock(mu_);
  return ids_;
}

}  // namespace otos::itest
