// `otos import`: load past responses from a CSV shaped like the export, all or nothing.
// Parsing and checks are analysis::parse_import; this file reads the file, draws the progress
// bar (only when stderr is a terminal), prints errors and calls Store::insert_all.
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "analysis/api.h"
#include "analysis/import_csv.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "engine/common/utf8.h"
#include "engine/storage/ids.h"

namespace otos::cli {
namespace {

using Clock = std::chrono::steady_clock;

void draw(size_t rows, size_t done, size_t total, Clock::time_point start) {
  const double secs = std::chrono::duration<double>(Clock::now() - start).count();
  const double frac = total ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
  const double rate = secs > 0 ? static_cast<double>(rows) / secs : 0.0;
  const double eta = frac > 0 ? secs * (1.0 - frac) / frac : 0.0;
  const int width = 30;
  const int fill = static_cast<int>(frac * width);
  std::fprintf(stderr, "\r[%s%s] %zu rows, %.0f rows/s, ETA %.0f s ",
               std::string(static_cast<size_t>(fill), '#').c_str(),
               std::string(static_cast<size_t>(width - fill), ' ').c_str(), rows, rate, eta);
}

int run(const std::vector<std::string>& args) {
  const ParsedArgs a = parse_args(args, {{"version"}, {"surveys"}});
  if (a.positionals.size() != 2) throw UsageError("expected SURVEY and FILE.csv");
  const std::string& path = a.positionals[1];
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InputError(path + " is a directory; expected a CSV file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  // Not a CSV at all (a program, an xlsx): say so instead of echoing its bytes in row errors.
  if (const size_t line = first_non_utf8_line(text); line != 0)
    throw InputError(path + ":" + std::to_string(line) +
                     ": not UTF-8 text; save the file as \"CSV UTF-8\"");

  auto store = storage::Store::open(a.get("db", "otos.db"));
  const analysis::Waves waves = analysis::load_waves(*store, a.get("surveys", "surveys"));
  std::optional<int> version;
  if (a.has("version")) version = a.get_int("version", 0);
  model::QuestionnairePtr q = waves.find(a.positionals[0], version);
  if (!q) throw InputError("unknown survey '" + a.positionals[0] + "'");

  const bool tty = isatty(2) == 1;
  const auto start = Clock::now();
  auto progress = [&](size_t rows, size_t done, size_t total) {
    if (tty) draw(rows, done, total, start);
  };
  analysis::ImportResult r = analysis::parse_import(*q, text, progress);
  if (tty) std::fprintf(stderr, "\n");
  if (!r.ok()) {
    for (const auto& e : r.errors) std::cerr << e.render() << "\n";
    std::cerr << "otos import: nothing stored (" << r.errors.size() << " problem"
              << (r.errors.size() == 1 ? "" : "s") << ")\n";
    return 1;
  }
  // The wave the rows were checked against is kept with them, as `otos serve` keeps its files,
  // so that a later edit of the file cannot silently change what these answers mean.
  bool wave_stored = false;
  for (const auto& v : store->survey_versions())
    wave_stored = wave_stored || (v.survey == q->id && v.version == q->version);
  if (!wave_stored)
    store->put_survey_version(
        {q->id, q->version, q->source_text, storage::sha256_hex(q->source_text), ""});
  store->insert_all(r.responses);
  std::cout << "imported " << r.responses.size()
            << (r.responses.size() == 1 ? " response into " : " responses into ") << q->key()
            << "\n";
  return 0;
}

}  // namespace

const Command kImportCommand{
    "import", "load past responses from CSV",
    "usage: otos import SURVEY FILE.csv [--version V] [--surveys DIR] [--db TARGET]\n\n"
    "Loads responses from a CSV shaped like 'otos export' (header of variable names; id,\n"
    "submitted_at, version and lang are optional). Every row is checked like an API submission;\n"
    "any problem prints ROW:COLUMN: message lines, exits 1 and stores nothing. Otherwise all rows\n"
    "are stored in one transaction (with new ids and times). A progress bar shows on a "
    "terminal.\n\n"
    "options:\n"
    "  --version V    the wave (same as SURVEY@V; default the newest)\n"
    "  --surveys DIR  questionnaire files besides those stored in the database (default surveys)\n"
    "  --db TARGET    SQLite file (default otos.db) or postgresql://user:pass@host:port/dbname\n",
    run};

}  // namespace otos::cli
