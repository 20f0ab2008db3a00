// Store benchmark: the storage layer's share of ingest, without HTTP. N threads (default 8) each
// call Store::insert_response in a loop for a fixed time, on a scratch SQLite file (WAL,
// synchronous=FULL, the group commit) or on the --db given (a postgresql:// URL too), with the
// responses the POST route would store (bodies from bench/common, checked, packed). Prints
// inserts/s, latency p50/p99, CPU per insert and responses per commit, beside the disk's fdatasync
// probe, so that ingest_bench's figures can be split into the store's part and the HTTP round
// trip's part. Not a test: never run by ctest; scripts/bench runs it.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "bench/common/common.h"
#include "engine/answers/answer_check.h"
#include "engine/common/answer_value.h"
#include "engine/common/json_value.h"
#include "engine/packed/packed_answers.h"
#include "engine/storage/store.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string surveys = "surveys";
  std::string survey;  // default kohderyhmakysely
  std::string db;      // default: a scratch SQLite file
  int threads = 8;
  double seconds = 10;
  bool packed = true;  // --no-packed: JSON only, to see what the packed copies cost
};

void usage() {
  std::cerr << "usage: store_bench [--surveys DIR] [--survey ID] [--db TARGET] [--threads 8]\n"
               "                   [--seconds 10] [--no-packed]\n";
}

// What the POST route stores for each body: checked answers as canonical JSON, and packed.
std::vector<otos::storage::NewResponse> make_responses(const otos::model::Questionnaire& q,
                                                       const std::vector<std::string>& bodies) {
  std::vector<otos::storage::NewResponse> out;
  for (const auto& body : bodies) {
    const otos::JsonParse parsed = otos::parse_json(body, 32);
    const otos::JsonObject* object = parsed.value.object();
    if (!object || !object->find("answers") || !object->find("lang")) continue;
    otos::answers::CheckOptions options;
    options.lang = *object->find("lang")->string();
    auto checked = otos::answers::check_answers(q, *object->find("answers")->object(), options);
    if (!checked.ok()) continue;
    otos::storage::NewResponse r;
    r.survey = q.id;
    r.version = q.version;
    r.lang = options.lang;
    r.answers_json = otos::answers_to_json(checked.answers);
    r.layout = otos::packed::layout_of(q);
    r.packed = otos::packed::pack(q, checked.answers);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  std::vector<std::string> args(argv + 1, argv + argc);
  for (size_t i = 0; i < args.size(); ++i) {
    auto value = [&] { return otos::bench::option_value(args, i); };
    const std::string& a = args[i];
    if (a == "--surveys")
      o.surveys = value();
    else if (a == "--survey")
      o.survey = value();
    else if (a == "--db")
      o.db = value();
    else if (a == "--threads")
      o.threads = std::max(1, std::stoi(value()));
    else if (a == "--seconds")
      o.seconds = std::stod(value());
    else if (a == "--no-packed")
      o.packed = false;
    else {
      usage();
      return 2;
    }
  }
  auto q = otos::bench::find_survey(o.surveys, o.survey);
  if (!q) {
    std::cerr << "store_bench: no valid questionnaire " << o.survey << " in " << o.surveys << "\n";
    return 1;
  }
  std::vector<otos::storage::NewResponse> responses =
      make_responses(*q, otos::bench::make_bodies(*q, 1000));
  if (!o.packed) {
    for (auto& r : responses) {
      r.layout = 0;
      r.packed.clear();
    }
  }
  if (responses.empty()) {
    std::cerr << "store_bench: could not generate a valid response for " << q->key() << "\n";
    return 1;
  }

  std::string scratch;
  std::string db = o.db;
  if (db.empty()) {
    scratch = (fs::temp_directory_path() / ("otos-store-" + std::to_string(getpid()))).string();
    fs::create_directories(scratch);
    db = scratch + "/bench.db";
  }
  double probe_us = -1;
  if (db.find("://") == std::string::npos)
    probe_us = otos::bench::fdatasync_probe_us(fs::absolute(db).parent_path().string(), 10, 50);

  int64_t stored = -1, before = 0;
  otos::storage::CommitStats commits;
  std::vector<std::vector<uint32_t>> latencies(static_cast<size_t>(o.threads));
  std::atomic<uint64_t> failures{0};
  double elapsed = 0, cpu = 0;
  try {
    auto store = otos::storage::Store::open(db);
    before = store->count_responses(q->id, q->version);
    const double cpu0 = otos::bench::own_cpu_seconds();
    const auto t0 = Clock::now();
    const auto until = t0 + std::chrono::milliseconds(static_cast<long>(o.seconds * 1000));
    std::vector<std::thread> threads;
    for (int t = 0; t < o.threads; ++t) {
      threads.emplace_back([&, t] {
        auto& mine = latencies[static_cast<size_t>(t)];
        size_t next = static_cast<size_t>(t) * 97;
        while (Clock::now() < until) {
          const auto s = Clock::now();
          try {
            store->insert_response(responses[next++ % responses.size()]);
          } catch (const otos::storage::StoreError& e) {
            if (failures++ == 0) std::cerr << "first failure: " << e.what() << "\n";
            continue;
          }
          mine.push_back(static_cast<uint32_t>(
              std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - s).count()));
        }
      });
    }
    for (auto& t : threads) t.join();
    elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
    cpu = otos::bench::own_cpu_seconds() - cpu0;
    stored = store->count_responses(q->id, q->version) - before;
    commits = store->commit_stats();
  } catch (const otos::storage::StoreError& e) {
    std::cerr << "store_bench: " << e.what() << "\n";
    return 1;
  }

  std::vector<uint32_t> all;
  for (auto& v : latencies) all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) -> double {
    if (all.empty()) return 0;
    return all[static_cast<size_t>(p * static_cast<double>(all.size() - 1))] / 1000.0;
  };
  const double n = static_cast<double>(all.size());
  char line[64];
  std::printf("store: %d threads calling insert_response, %.1f s, %s, %zu distinct responses\n",
              o.threads, elapsed, q->key().c_str(), responses.size());
  std::printf("%-28s %14s\n", "inserts/s", otos::bench::thousands(n / elapsed).c_str());
  std::snprintf(line, sizeof line, "%.2f ms", pct(0.50));
  std::printf("%-28s %14s\n", "latency p50", line);
  std::snprintf(line, sizeof line, "%.2f ms", pct(0.99));
  std::printf("%-28s %14s\n", "latency p99", line);
  if (n > 0) {
    std::snprintf(line, sizeof line, "%.1f us", cpu * 1e6 / n);
    std::printf("%-28s %14s\n", "CPU per insert", line);
  }
  if (commits.commits > 0) {
    std::snprintf(line, sizeof line, "%.2f",
                  static_cast<double>(commits.responses) / static_cast<double>(commits.commits));
    std::printf("%-28s %14s\n", "responses per commit", line);
    std::printf("%-28s %14s\n", "commits/s",
                otos::bench::thousands(static_cast<double>(commits.commits) / elapsed).c_str());
  }
  if (probe_us >= 0) {
    std::snprintf(line, sizeof line, "%.0f us", probe_us);
    std::printf("%-28s %14s\n", "disk: 10 pages + fdatasync", line);
  }
  std::printf("%-28s %14s\n", "failed inserts", otos::bench::thousands(failures).c_str());
  std::printf("%-28s %14s %14s %s\n", "stored", otos::bench::thousands(stored).c_str(),
              "= inserted", stored == static_cast<int64_t>(all.size()) ? "ok" : "MISMATCH");
  std::printf("machine: %u cores, %s\n", std::thread::hardware_concurrency(),
              otos::bench::cpu_model().c_str());
  if (!scratch.empty()) {
    std::error_code ec;
    fs::remove_all(scratch, ec);
  }
  return 0;
}
