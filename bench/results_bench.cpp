// Results benchmark: every table of one wave (plain and --by the first group question) and the
// CSV export, over a database filled by gen_responses. Prints time, peak RSS (getrusage
// ru_maxrss) and export MB/s against the bars of CONTRACT §6. Measures only; never fails.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "analysis/api.h"
#include "analysis/export.h"
#include "analysis/results_json.h"

namespace {
double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}
double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: results_bench DB SURVEY[@VERSION] [--by QUESTION]\n");
    return 2;
  }
  auto store = otos::storage::Store::open(argv[1]);
  const otos::analysis::Waves waves = otos::analysis::load_waves(*store, "");
  auto q = waves.find(argv[2]);
  if (!q) {
    std::fprintf(stderr, "unknown survey %s\n", argv[2]);
    return 1;
  }
  std::string by = argc > 4 && std::string(argv[3]) == "--by" ? argv[4] : "";
  if (by.empty() && !q->groups.empty()) by = q->groups.front();
  const long n = static_cast<long>(store->count_responses(q->id, q->version));

  otos::analysis::ResultsParams p;
  p.survey = q->key();
  otos::analysis::Outcome err;
  auto t0 = std::chrono::steady_clock::now();
  auto r = otos::analysis::compute_from_store(*store, waves, p, &err);
  std::string json = otos::analysis::results_to_json(r);
  const double t_all = seconds_since(t0);
  const double rss_all = peak_rss_mb();

  p.by = by;
  t0 = std::chrono::steady_clock::now();
  auto rb = otos::analysis::compute_from_store(*store, waves, p, &err);
  std::string json_by = otos::analysis::results_to_json(rb);
  const double t_by = seconds_since(t0);
  const double rss_by = peak_rss_mb();

  size_t bytes = 0;
  t0 = std::chrono::steady_clock::now();
  otos::analysis::ExportParams ep;
  ep.survey = q->key();
  otos::analysis::stream_export(*store, waves, ep, [&](std::string_view s) { bytes += s.size(); });
  const double t_csv = seconds_since(t0);
  const double mbps = static_cast<double>(bytes) / 1e6 / t_csv;

  // Rows in ingest_bench's layout (measure, figure, bar, verdict): scripts/bench joins them.
  char fig[64];
  auto row = [&](const char* measure, const char* bar, bool ok) {
    std::printf("%-28s %14s %14s %s\n", measure, fig, bar, ok ? "ok" : "MISSED");
  };
  std::printf("results: %s, %ld responses, --by %s\n", q->key().c_str(), n, by.c_str());
  std::printf("%-28s %14s %14s %s\n", "measure", "figure", "bar", "");
  std::snprintf(fig, sizeof fig, "%.3f s", t_all);
  row("results, all tables", "< 2 s", t_all < 2);
  std::snprintf(fig, sizeof fig, "%.3f s", t_by);
  row("results --by (all tables)", "< 2 s", t_by < 2);
  std::snprintf(fig, sizeof fig, "%.0f MB", rss_by);
  row("results peak RSS", "< 500 MB", rss_by < 500);
  std::snprintf(fig, sizeof fig, "%.1f MB/s", mbps);
  row("CSV export", ">= 100 MB/s", mbps >= 100);
  std::snprintf(fig, sizeof fig, "%.0f MB", static_cast<double>(bytes) / 1e6);
  std::printf("%-28s %14s\n", "CSV export size", fig);
  (void)rss_all;
  return json.empty() || json_by.empty() ? 1 : 0;
}
