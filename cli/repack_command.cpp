// `otos repack`: give a survey's stored responses their packed copies (see analysis/repack.h),
// so that results and the CSV export read them through the fast path. Parses flags, finds the
// waves, reports; the work is analysis::repack_wave.
#include <iostream>

#include "analysis/api.h"
#include "analysis/repack.h"
#include "cli/args.h"
#include "cli/commands.h"

namespace otos::cli {
namespace {

int run(const std::vector<std::string>& args) {
  const ParsedArgs a = parse_args(args, {{"version"}, {"surveys"}});
  if (a.positionals.size() != 1) throw UsageError("expected one SURVEY");
  const std::string survey = a.positionals[0];
  auto store = storage::Store::open(a.get("db", "otos.db"));
  const analysis::Waves waves = analysis::load_waves(*store, a.get("surveys", "surveys"));
  std::vector<model::QuestionnairePtr> chosen;
  if (a.has("version") || survey.find('@') != std::string::npos) {
    std::optional<int> version;
    if (a.has("version")) version = a.get_int("version", 0);
    if (auto q = waves.find(survey, version)) chosen.push_back(q);
  } else {
    chosen = waves.of(survey);
  }
  if (chosen.empty()) throw InputError("unknown survey '" + survey + "'");
  for (const auto& q : chosen) {
    const analysis::RepackResult r = analysis::repack_wave(*store, *q);
    std::cout << q->key() << ": ";
    if (r.already) {
      std::cout << "every response is packed already\n";
      continue;
    }
    if (r.responses == 0) {
      std::cout << "no responses\n";
      continue;
    }
    std::cout << r.packed << " of " << r.responses << " responses packed";
    if (r.unreadable > 0)
      std::cout << ", " << r.unreadable << " with unreadable JSON left as they are";
    std::cout << "\n";
  }
  return 0;
}

}  // namespace

const Command kRepackCommand{
    "repack", "give stored responses their packed copies (fast results)",
    "usage: otos repack SURVEY [--version V] [--surveys DIR] [--db TARGET]\n\n"
    "Results and the CSV export read a wave fast only when every response of it has a packed\n"
    "copy under the wave's current layout. Responses stored before otos packed them (or by a\n"
    "PostgreSQL database before 2026-11-23) are read from their JSON, with the same numbers but\n"
    "slower. This command packs them: every wave of SURVEY, or one (id@version or --version).\n"
    "The JSON stays as it is; the server may keep running meanwhile.\n\n"
    "options:\n"
    "  --version V    one wave (same as SURVEY@V)\n"
    "  --surveys DIR  questionnaire files besides those stored in the database (default surveys)\n"
    "  --db TARGET    SQLite file (default otos.db) or postgresql://user:pass@host:port/dbname\n",
    run};

}  // namespace otos::cli
