// Ingest benchmark: N clients (default 8), each with one keep-alive HTTP connection and at most one
// request in flight (it waits for the whole answer before sending the next), post valid responses
// to POST /api/v1/surveys/{survey}/responses for a fixed time against a real `otos serve` (started
// here on a scratch SQLite file, or an existing one with --url), then print accepted responses/s,
// latency p50/p99 and the server's peak RSS (VmHWM) against the contract's bars, and the CPU time
// the server and this load generator spent per accepted response. The clients share one thread
// (epoll, plain sockets, requests built once): the load runs on the server's cores, so it must
// cost as little as it can. Bodies are generated from the questionnaire and kept only when
// answers::check_answers accepts them, so every post should be 201. Not a test: never run by
// ctest; bench/run_ingest.sh runs it.
#include <Poco/Net/SocketAddress.h>
#include <Poco/URI.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench/common/common.h"
#include "engine/storage/store.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string url;  // empty: start a server
  std::string otos = "build/otos";
  std::string surveys = "surveys";
  std::string survey;  // id; default kohderyhmakysely when present, else the first file's
  std::string db;      // default: a scratch file
  int clients = 8;
  double seconds = 10;
  int pid = 0;  // with --url: the server's pid, for its RSS
};

void usage() {
  std::cerr << "usage: ingest_bench [--otos PATH] [--surveys DIR] [--survey ID] [--db TARGET]\n"
               "                    [--clients 8] [--seconds 10] [--url URL [--pid PID]]\n";
}

struct Server {
  pid_t pid = 0;
  std::string host;
  uint16_t port = 0;
};

// Starts `otos serve --port 0` and waits for its listening line.
std::optional<Server> start_server(const Options& o, const std::string& db,
                                   const std::string& err_file) {
  std::vector<std::string> argv{o.otos, "serve", "--port", "0", "--db", db, "--surveys", o.surveys};
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return std::nullopt;
  pid_t pid = fork();
  if (pid < 0) return std::nullopt;
  if (pid == 0) {
    int e = open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (e < 0) _exit(127);
    dup2(fds[1], STDOUT_FILENO);
    dup2(e, STDERR_FILENO);
    execv(args[0], args.data());
    _exit(127);
  }
  close(fds[1]);
  std::string line;
  char c;
  while (read(fds[0], &c, 1) == 1) {
    if (c != '\n') {
      line += c;
      continue;
    }
    const std::string prefix = "otos: listening on http://";
    if (line.rfind(prefix, 0) == 0) {
      std::string hostport = line.substr(prefix.size());
      auto colon = hostport.rfind(':');
      Server s{pid, hostport.substr(0, colon),
               static_cast<uint16_t>(std::stoi(hostport.substr(colon + 1)))};
      return s;  // the pipe stays open (leaked on purpose) so the server never gets EPIPE
    }
    line.clear();
  }
  close(fds[0]);
  waitpid(pid, nullptr, 0);
  return std::nullopt;
}

long status_kb(int pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::atol(line.c_str() + field.size() + 1);
  }
  return -1;
}

// One keep-alive client: its socket, the request being sent and the answer being read.
struct Client {
  int fd = -1;
  size_t body = 0;          // index of the request in flight
  size_t sent = 0;          // bytes of it written so far
  bool busy = false;        // a request is in flight (sent or being sent)
  bool want_write = false;  // registered for EPOLLOUT (a send was cut short)
  std::string in;           // bytes of the answer read so far
  Clock::time_point t0;
};

struct Stats {
  std::vector<uint32_t> latencies_us;  // of 201 answers
  uint64_t ok = 0, other = 0, errors = 0;
};

// Where an answer ends: header + Content-Length, or npos while incomplete. The status and whether
// the server closes come back through the pointers. Our server always sends Content-Length.
size_t answer_end(const std::string& in, int* status, bool* closes) {
  size_t head = in.find("\r\n\r\n");
  if (head == std::string::npos) return std::string::npos;
  *status = in.size() > 12 ? std::atoi(in.c_str() + 9) : 0;
  size_t length = 0;
  *closes = false;
  size_t line = in.find("\r\n") + 2;
  while (line < head) {
    size_t eol = in.find("\r\n", line);
    std::string_view h(in.data() + line, eol - line);
    auto starts = [&](std::string_view name) {
      if (h.size() < name.size()) return false;
      for (size_t i = 0; i < name.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(h[i])) != name[i]) return false;
      return true;
    };
    if (starts("content-length:")) length = std::strtoul(h.data() + 15, nullptr, 10);
    if (starts("connection:") && h.find("lose") != std::string_view::npos) *closes = true;
    line = eol + 2;
  }
  return in.size() >= head + 4 + length ? head + 4 + length : std::string::npos;
}

// The load: `clients` keep-alive connections served by this one thread with epoll (a thread per
// client would cost the server's two cores more than the server's own work). Each client sends a
// request, waits for the whole answer, and sends the next, until `until`; requests in flight then
// are still answered and counted (the server stores them), for at most 30 s more.
class Load {
 public:
  Load(const Server& server, const std::vector<std::string>& requests, int clients)
      : requests_(requests), clients_(static_cast<size_t>(clients)) {
    Poco::Net::SocketAddress address(server.host, server.port);  // resolves a name too
    std::memcpy(&addr_, address.addr(), address.length());
    addr_length_ = address.length();
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
  }
  ~Load() {
    for (auto& c : clients_)
      if (c.fd >= 0) close(c.fd);
    close(epoll_);
  }

  Stats run(Clock::time_point until) {
    for (size_t i = 0; i < clients_.size(); ++i) {
      clients_[i].body = i * 97;
      if (connect_client(clients_[i])) start(clients_[i]);
    }
    const auto give_up = until + std::chrono::seconds(30);
    std::vector<epoll_event> events(clients_.size());
    for (;;) {
      const auto now = Clock::now();
      const bool stopping = now >= until;
      if (stopping) {
        bool any = false;
        for (auto& c : clients_) any = any || c.busy;
        if (!any || now >= give_up) break;
      }
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>((stopping ? give_up : until) - now)
              .count();
      int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()),
                         static_cast<int>(std::min<long long>(left + 1, 1000)));
      for (int i = 0; i < n; ++i) {
        Client& c = clients_[events[static_cast<size_t>(i)].data.u64];
        if (c.want_write && (events[static_cast<size_t>(i)].events & EPOLLOUT)) send_rest(c);
        if (events[static_cast<size_t>(i)].events & (EPOLLIN | EPOLLERR | EPOLLHUP))
          receive(c, stopping);
      }
      if (!stopping) {  // clients that lost their connection start again
        for (auto& c : clients_)
          if (c.fd < 0 && connect_client(c)) start(c);
      }
    }
    return std::move(stats_);
  }

 private:
  bool connect_client(Client& c) {
    c.fd = socket(addr_.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (c.fd < 0 || connect(c.fd, reinterpret_cast<sockaddr*>(&addr_), addr_length_) != 0) {
      fail(c, std::string("connect: ") + std::strerror(errno));
      return false;
    }
    int one = 1;
    setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(c.fd, F_SETFL, fcntl(c.fd, F_GETFL) | O_NONBLOCK);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = static_cast<uint64_t>(&c - clients_.data());
    epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &ev);
    c.want_write = false;
    return true;
  }

  void fail(Client& c, const std::string& why) {
    if (stats_.errors++ == 0) std::cerr << "first error: " << why << "\n";
    drop(c);
  }

  void drop(Client& c) {
    if (c.fd >= 0) close(c.fd);  // also leaves the epoll set
    c.fd = -1;
    c.busy = false;
    c.in.clear();
  }

  void start(Client& c) {
    c.body = (c.body + 1) % requests_.size();
    c.sent = 0;
    c.in.clear();
    c.busy = true;
    c.t0 = Clock::now();
    send_rest(c);
  }

  void send_rest(Client& c) {
    const std::string& r = requests_[c.body];
    while (c.sent < r.size()) {
      ssize_t n = send(c.fd, r.data() + c.sent, r.size() - c.sent, MSG_NOSIGNAL);
      if (n > 0) {
        c.sent += static_cast<size_t>(n);
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        break;
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else {
        fail(c, std::string("send: ") + std::strerror(errno));
        return;
      }
    }
    const bool want = c.sent < r.size();
    if (want != c.want_write) {
      epoll_event ev{};
      ev.events = EPOLLIN | (want ? EPOLLOUT : 0u);
      ev.data.u64 = static_cast<uint64_t>(&c - clients_.data());
      epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev);
      c.want_write = want;
    }
  }

  void receive(Client& c, bool stopping) {
    char buffer[4096];
    for (;;) {
      ssize_t n = recv(c.fd, buffer, sizeof buffer, 0);
      if (n > 0) {
        c.in.append(buffer, static_cast<size_t>(n));
        if (static_cast<size_t>(n) < sizeof buffer) break;
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        break;
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else {
        fail(c, n == 0 ? "the server closed the connection" : std::strerror(errno));
        return;
      }
    }
    int status = 0;
    bool closes = false;
    const size_t end = answer_end(c.in, &status, &closes);
    if (end == std::string::npos) return;  // more to come
    const auto us =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - c.t0).count();
    if (status == 201) {
      ++stats_.ok;
      stats_.latencies_us.push_back(static_cast<uint32_t>(us));
    } else if (stats_.other++ == 0) {
      std::cerr << "first non-201: " << c.in.substr(0, 300) << "\n";
    }
    c.busy = false;
    if (end != c.in.size()) {
      fail(c, "answer followed by unexpected bytes");
    } else if (closes) {
      drop(c);  // the server ends the connection: the next round reconnects
    } else if (!stopping) {
      start(c);
    }
  }

  const std::vector<std::string>& requests_;
  std::vector<Client> clients_;
  sockaddr_storage addr_{};
  socklen_t addr_length_ = 0;
  int epoll_ = -1;
  Stats stats_;
};

}  // namespace

int main(int argc, char** argv) {
  Options o;
  std::vector<std::string> args(argv + 1, argv + argc);
  for (size_t i = 0; i < args.size(); ++i) {
    auto value = [&] { return otos::bench::option_value(args, i); };
    const std::string& a = args[i];
    if (a == "--url")
      o.url = value();
    else if (a == "--otos")
      o.otos = value();
    else if (a == "--surveys")
      o.surveys = value();
    else if (a == "--survey")
      o.survey = value();
    else if (a == "--db")
      o.db = value();
    else if (a == "--clients" || a == "--threads")  // --threads: its name before one thread
      o.clients = std::stoi(value());
    else if (a == "--seconds")
      o.seconds = std::stod(value());
    else if (a == "--pid")
      o.pid = std::stoi(value());
    else {
      usage();
      return 2;
    }
  }
  std::signal(SIGPIPE, SIG_IGN);
  auto q = otos::bench::find_survey(o.surveys, o.survey);
  if (!q) {
    std::cerr << "ingest_bench: no valid questionnaire " << o.survey << " in " << o.surveys << "\n";
    return 1;
  }
  std::vector<std::string> bodies = otos::bench::make_bodies(*q, 1000);
  if (bodies.empty()) {
    std::cerr << "ingest_bench: could not generate a valid response for " << q->key() << "\n";
    return 1;
  }

  std::string scratch;
  std::string db = o.db;
  Server server;
  if (o.url.empty()) {
    scratch = (fs::temp_directory_path() / ("otos-ingest-" + std::to_string(getpid()))).string();
    fs::create_directories(scratch);
    if (db.empty()) db = scratch + "/bench.db";
    std::string err_file = scratch + "/serve.stderr";
    auto started = start_server(o, db, err_file);
    if (!started) {
      std::cerr << "ingest_bench: otos serve did not start; see " << err_file << "\n";
      scratch.clear();  // kept for reading
      return 1;
    }
    server = *started;
  } else {
    Poco::URI uri(o.url);
    server.host = uri.getHost();
    server.port = uri.getPort();
    server.pid = o.pid;
  }

  const std::string path =
      "/api/v1/surveys/" + q->id + "@" + std::to_string(q->version) + "/responses";
  std::vector<std::string> requests;
  for (const auto& body : bodies) {
    requests.push_back(
        "POST " + path + " HTTP/1.1\r\nHost: " + server.host + ":" + std::to_string(server.port) +
        "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\n\r\n" + body);
  }
  // The disk the database is on (a local file only).
  double probe_us = -1;
  if (db.find("://") == std::string::npos && !db.empty()) {
    const fs::path dir = fs::absolute(db).parent_path();
    probe_us = otos::bench::fdatasync_probe_us(dir.string(), 10, 50);
  }
  Load load(server, requests, o.clients);
  const double server_cpu0 = server.pid ? otos::bench::process_cpu_seconds(server.pid) : -1;
  const double own_cpu0 = otos::bench::own_cpu_seconds();
  auto t0 = Clock::now();
  Stats stats = load.run(t0 + std::chrono::milliseconds(static_cast<long>(o.seconds * 1000)));
  double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
  const double own_cpu = otos::bench::own_cpu_seconds() - own_cpu0;
  const double server_cpu =
      server.pid ? otos::bench::process_cpu_seconds(server.pid) - server_cpu0 : -1;
  long hwm_kb = server.pid ? status_kb(server.pid, "VmHWM") : -1;

  std::vector<uint32_t>& all = stats.latencies_us;
  const uint64_t ok = stats.ok, other = stats.other, errors = stats.errors;
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) -> double {
    if (all.empty()) return 0;
    size_t k = static_cast<size_t>(p * static_cast<double>(all.size() - 1));
    return all[k] / 1000.0;
  };
  const double rate = static_cast<double>(ok) / elapsed;

  int64_t stored = -1;
  if (o.url.empty()) {
    kill(server.pid, SIGTERM);
    int status = 0;
    waitpid(server.pid, &status, 0);
    try {
      stored = otos::storage::Store::open(db)->count_responses(q->id, q->version);
    } catch (const std::exception& e) {
      std::cerr << "ingest_bench: counting stored responses: " << e.what() << "\n";
    }
  }

  char line[200];
  std::printf("ingest: %d clients, keep-alive, %.1f s, %s, %zu distinct bodies, db %s\n", o.clients,
              elapsed, q->key().c_str(), bodies.size(),
              o.url.empty() ? otos::bench::masked(db).c_str() : o.url.c_str());
  std::printf("%-28s %14s %14s %s\n", "measure", "figure", "bar", "");
  std::printf("%-28s %14s %14s %s\n", "accepted responses/s", otos::bench::thousands(rate).c_str(),
              ">= 10,000", rate >= 10000 ? "ok" : "MISSED");
  std::snprintf(line, sizeof line, "%.2f ms", pct(0.50));
  std::printf("%-28s %14s %14s\n", "latency p50", line, "");
  std::snprintf(line, sizeof line, "%.2f ms", pct(0.99));
  std::printf("%-28s %14s %14s %s\n", "latency p99", line, "< 50 ms",
              pct(0.99) < 50 ? "ok" : "MISSED");
  if (hwm_kb >= 0) {
    std::snprintf(line, sizeof line, "%.1f MB", static_cast<double>(hwm_kb) / 1024.0);
    std::printf("%-28s %14s %14s %s\n", "server peak RSS (VmHWM)", line, "< 100 MB",
                hwm_kb < 100 * 1024 ? "ok" : "MISSED");
  } else {
    std::printf("%-28s %14s %14s\n", "server peak RSS (VmHWM)", "n/a (--pid)", "< 100 MB");
  }
  if (ok > 0) {
    auto per_response = [&](double seconds) {
      std::snprintf(line, sizeof line, "%.1f us", seconds * 1e6 / static_cast<double>(ok));
      return std::string(line);
    };
    if (server_cpu >= 0)
      std::printf("%-28s %14s\n", "server CPU per response", per_response(server_cpu).c_str());
    std::printf("%-28s %14s\n", "load CPU per response", per_response(own_cpu).c_str());
  }
  if (probe_us >= 0) {
    std::snprintf(line, sizeof line, "%.0f us", probe_us);
    std::printf("%-28s %14s\n", "disk: 10 pages + fdatasync", line);
  }
  std::printf("%-28s %14s\n", "accepted (201)",
              otos::bench::thousands(static_cast<double>(ok)).c_str());
  std::printf("%-28s %14s\n", "other answers",
              otos::bench::thousands(static_cast<double>(other)).c_str());
  std::printf("%-28s %14s\n", "connection errors",
              otos::bench::thousands(static_cast<double>(errors)).c_str());
  if (stored >= 0) {
    std::printf("%-28s %14s %14s %s\n", "stored after SIGTERM",
                otos::bench::thousands(static_cast<double>(stored)).c_str(), "= accepted",
                stored == static_cast<int64_t>(ok) ? "ok" : "MISMATCH");
  }
  std::printf("machine: %u cores, %s\n", std::thread::hardware_concurrency(),
              otos::bench::cpu_model().c_str());
  if (!scratch.empty()) {
    std::error_code ec;
    fs::remove_all(scratch, ec);
  }
  return 0;
}
