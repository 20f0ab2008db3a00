// Ingest benchmark: N client threads (default 8), each with one keep-alive HTTP connection, post
// valid responses to POST /api/v1/surveys/{survey}/responses for a fixed time against a real
// `otos serve` (started here on a scratch SQLite file, or an existing one with --url), then
// print accepted responses/s, latency p50/p99 and the server's peak RSS (VmHWM) against the
// contract's bars. Bodies are generated from the questionnaire and kept only when
// answers::check_answers accepts them, so every post should be 201. Not a test: never run by
// ctest; bench/run_ingest.sh runs it.
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/URI.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <istream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/answers/answer_check.h"
#include "engine/common/answer_value.h"
#include "engine/storage/store.h"
#include "engine/validate/validate.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string url;  // empty: start a server
  std::string otos = "build/otos";
  std::string surveys = "surveys";
  std::string survey;  // id; default kohderyhmakysely when present, else the first file's
  std::string db;      // default: a scratch file
  int threads = 8;
  double seconds = 10;
  int pid = 0;  // with --url: the server's pid, for its RSS
};

void usage() {
  std::cerr << "usage: ingest_bench [--otos PATH] [--surveys DIR] [--survey ID] [--db TARGET]\n"
               "                    [--threads 8] [--seconds 10] [--url URL [--pid PID]]\n";
}

struct Rng {  // splitmix64
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return n ? static_cast<size_t>(next() % n) : 0; }
  bool chance(int percent) { return below(100) < static_cast<size_t>(percent); }
};

otos::Answers generate(const otos::model::Questionnaire& q, Rng& rng) {
  using otos::model::QuestionType;
  otos::Answers a;
  for (const auto* question : q.questions()) {
    if (!question->asks() || !otos::model::is_shown(*question, a)) continue;
    if (!question->required && rng.chance(10)) continue;
    const auto& opts = question->options;
    switch (question->type) {
      case QuestionType::SingleChoice:
      case QuestionType::Likert:
        if (!opts.empty()) a[question->id] = opts[rng.below(opts.size())].code;
        break;
      case QuestionType::MultiChoice: {
        otos::Codes codes;
        size_t max = question->max_choices ? static_cast<size_t>(*question->max_choices) : 3;
        for (const auto& o : opts)
          if (codes.size() < max && !o.missing && rng.chance(35)) codes.push_back(o.code);
        if (codes.empty() && !opts.empty()) codes.push_back(opts.front().code);
        a[question->id] = codes;
        break;
      }
      case QuestionType::Matrix: {
        otos::MatrixAnswer m;
        for (const auto& r : question->rows)
          if (!opts.empty()) m[r.id] = opts[rng.below(opts.size())].code;
        a[question->id] = m;
        break;
      }
      case QuestionType::Number: {
        double lo = question->min.value_or(0), hi = question->max.value_or(100);
        double v = lo + (hi - lo) * static_cast<double>(rng.below(1001)) / 1000.0;
        if (question->integer) v = static_cast<double>(static_cast<int64_t>(v));
        a[question->id] = v;
        break;
      }
      case QuestionType::Text:
        if (question->pattern.empty()) a[question->id] = "ok " + std::to_string(rng.below(100));
        break;
      case QuestionType::Date: {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04zu-%02zu-%02zu", 1950 + rng.below(60), 1 + rng.below(12),
                      1 + rng.below(28));
        a[question->id] = std::string(buf);
        break;
      }
      case QuestionType::Info:
        break;
    }
  }
  return a;
}

// Up to `n` distinct bodies that check_answers accepts.
std::vector<std::string> make_bodies(const otos::model::Questionnaire& q, size_t n) {
  Rng rng{42};
  std::vector<std::string> bodies;
  for (size_t tries = 0; bodies.size() < n && tries < n * 20; ++tries) {
    std::string answers = otos::answers_to_json(generate(q, rng));
    Poco::JSON::Parser parser;
    auto raw = parser.parse(answers).extract<Poco::JSON::Object::Ptr>();
    if (!otos::answers::check_answers(q, *raw).ok()) continue;
    bodies.push_back("{\"answers\":" + answers + ",\"lang\":\"" + q.default_language() + "\"}");
  }
  return bodies;
}

otos::model::QuestionnairePtr find_survey(const Options& o) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(o.surveys, ec))
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  otos::model::QuestionnairePtr best, first;
  for (const auto& f : files) {
    auto r = otos::validate::load_file(f.string());
    if (!r.ok()) continue;
    if (!first) first = r.questionnaire;
    const std::string want = o.survey.empty() ? "kohderyhmakysely" : o.survey;
    if (r.questionnaire->id == want && (!best || best->version < r.questionnaire->version))
      best = r.questionnaire;
  }
  return best ? best : (o.survey.empty() ? first : nullptr);
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

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown cpu";
}

struct ThreadStats {
  std::vector<uint32_t> latencies_us;  // of 201 answers
  uint64_t ok = 0, other = 0, errors = 0;
};

void client(const std::string& host, uint16_t port, const std::string& path,
            const std::vector<std::string>& bodies, size_t offset, Clock::time_point until,
            ThreadStats* stats) {
  std::optional<Poco::Net::HTTPClientSession> session;
  size_t i = offset;
  std::string sink;
  while (Clock::now() < until) {
    if (!session) {
      session.emplace(host, port);
      session->setKeepAlive(true);
      session->setTimeout(Poco::Timespan(30, 0));
    }
    const std::string& body = bodies[i++ % bodies.size()];
    try {
      auto t0 = Clock::now();
      Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, path,
                                 Poco::Net::HTTPMessage::HTTP_1_1);
      req.setKeepAlive(true);
      req.setContentType("application/json");
      req.setContentLength64(static_cast<Poco::Int64>(body.size()));
      session->sendRequest(req).write(body.data(), static_cast<std::streamsize>(body.size()));
      Poco::Net::HTTPResponse resp;
      std::istream& in = session->receiveResponse(resp);
      sink.assign(std::istreambuf_iterator<char>(in), {});
      auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0).count();
      if (resp.getStatus() == 201) {
        ++stats->ok;
        stats->latencies_us.push_back(static_cast<uint32_t>(us));
      } else {
        if (stats->other++ == 0)
          std::cerr << "first non-201: " << resp.getStatus() << " " << sink << "\n";
      }
    } catch (const Poco::Exception& e) {
      if (stats->errors++ == 0) std::cerr << "first error: " << e.displayText() << "\n";
      session.reset();
    }
  }
}

// A database target fit to print: a URL's password replaced by ***.
std::string masked(const std::string& target) {
  auto scheme = target.find("://");
  auto at = target.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return target;
  auto colon = target.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return target;
  return target.substr(0, colon + 1) + "***" + target.substr(at);
}

std::string thousands(double v) {
  const std::string digits = std::to_string(static_cast<long long>(v + 0.5));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  std::vector<std::string> args(argv + 1, argv + argc);
  for (size_t i = 0; i < args.size(); ++i) {
    auto value = [&](const char* name) -> std::string {
      if (i + 1 >= args.size()) {
        std::cerr << name << " needs a value\n";
        std::exit(2);
      }
      return args[++i];
    };
    const std::string& a = args[i];
    if (a == "--url")
      o.url = value("--url");
    else if (a == "--otos")
      o.otos = value("--otos");
    else if (a == "--surveys")
      o.surveys = value("--surveys");
    else if (a == "--survey")
      o.survey = value("--survey");
    else if (a == "--db")
      o.db = value("--db");
    else if (a == "--threads")
      o.threads = std::stoi(value("--threads"));
    else if (a == "--seconds")
      o.seconds = std::stod(value("--seconds"));
    else if (a == "--pid")
      o.pid = std::stoi(value("--pid"));
    else {
      usage();
      return 2;
    }
  }
  std::signal(SIGPIPE, SIG_IGN);
  auto q = find_survey(o);
  if (!q) {
    std::cerr << "ingest_bench: no valid questionnaire " << o.survey << " in " << o.surveys << "\n";
    return 1;
  }
  std::vector<std::string> bodies = make_bodies(*q, 1000);
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
  auto until = Clock::now() + std::chrono::milliseconds(static_cast<long>(o.seconds * 1000));
  std::vector<ThreadStats> stats(static_cast<size_t>(o.threads));
  std::vector<std::thread> threads;
  auto t0 = Clock::now();
  for (int t = 0; t < o.threads; ++t) {
    threads.emplace_back(client, server.host, server.port, path, std::cref(bodies),
                         static_cast<size_t>(t) * 97, until, &stats[static_cast<size_t>(t)]);
  }
  for (auto& t : threads) t.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
  long hwm_kb = server.pid ? status_kb(server.pid, "VmHWM") : -1;

  std::vector<uint32_t> all;
  uint64_t ok = 0, other = 0, errors = 0;
  for (auto& s : stats) {
    all.insert(all.end(), s.latencies_us.begin(), s.latencies_us.end());
    ok += s.ok;
    other += s.other;
    errors += s.errors;
  }
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
  std::printf("ingest: %d clients, keep-alive, %.1f s, %s, %zu distinct bodies, db %s\n", o.threads,
              elapsed, q->key().c_str(), bodies.size(),
              o.url.empty() ? masked(db).c_str() : o.url.c_str());
  std::printf("%-28s %14s %14s %s\n", "measure", "figure", "bar", "");
  std::printf("%-28s %14s %14s %s\n", "accepted responses/s", thousands(rate).c_str(), ">= 10,000",
              rate >= 10000 ? "ok" : "MISSED");
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
  std::printf("%-28s %14s\n", "accepted (201)", thousands(static_cast<double>(ok)).c_str());
  std::printf("%-28s %14s\n", "other answers", thousands(static_cast<double>(other)).c_str());
  std::printf("%-28s %14s\n", "connection errors", thousands(static_cast<double>(errors)).c_str());
  if (stored >= 0) {
    std::printf("%-28s %14s %14s %s\n", "stored after SIGTERM",
                thousands(static_cast<double>(stored)).c_str(), "= accepted",
                stored == static_cast<int64_t>(ok) ? "ok" : "MISMATCH");
  }
  std::printf("machine: %u cores, %s\n", std::thread::hardware_concurrency(), cpu_model().c_str());
  if (!scratch.empty()) {
    std::error_code ec;
    fs::remove_all(scratch, ec);
  }
  return 0;
}
