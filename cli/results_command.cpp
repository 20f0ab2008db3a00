// `otos results`: print the result tables of one wave (CONTRACT §5). Parses flags, loads the
// waves, calls analysis::results_body and writes the body; no statistics here.
#include <cstdio>
#include <fstream>
#include <iostream>

#include "analysis/api.h"
#include "cli/args.h"
#include "cli/commands.h"

namespace otos::cli {
namespace {

int run(const std::vector<std::string>& args) {
  const ParsedArgs a = parse_args(
      args, {{"by"}, {"trend", false}, {"format"}, {"out"}, {"lang"}, {"version"}, {"surveys"}});
  if (a.positionals.size() != 1) throw UsageError("expected one SURVEY");
  analysis::ResultsParams p;
  p.survey = a.positionals[0];
  if (a.has("version")) p.version = a.get_int("version", 0);
  p.by = a.get("by");
  p.trend = a.has("trend");
  p.format = a.get("format", "text");
  p.lang = a.get("lang");
  if (p.format != "text" && p.format != "csv" && p.format != "json" && p.format != "xlsx")
    throw UsageError("--format must be text, csv, json or xlsx");
  if (p.format == "xlsx" && !a.has("out")) throw UsageError("--format xlsx needs --out FILE");
  auto store = storage::Store::open(a.get("db", "otos.db"));
  const analysis::Waves waves = analysis::load_waves(*store, a.get("surveys", "surveys"));
  const analysis::Outcome out = analysis::results_body(*store, waves, p);
  if (out.status != 200) throw InputError(out.error);
  if (a.has("out")) {
    std::ofstream f(a.get("out"), std::ios::binary);
    f << out.body;
    if (!f) throw InputError("cannot write " + a.get("out"));
  } else {
    std::cout << out.body;
    if (p.format == "json") std::cout << "\n";
    std::cout.flush();
    if (!std::cout) throw InputError("cannot write the results to standard output");
  }
  return 0;
}

}  // namespace

const Command kResultsCommand{
    "results", "print result tables",
    "usage: otos results SURVEY [--by QUESTION] [--trend] [--format text|csv|json|xlsx] [--out "
    "FILE]\n"
    "                    [--lang LANG] [--version V] [--surveys DIR] [--db TARGET]\n\n"
    "Prints every question's table for one wave of SURVEY (id or id@version; the newest by\n"
    "default): counts, shares and 95% Wilson intervals, number summaries and indicators.\n\n"
    "options:\n"
    "  --by QUESTION  also break the tables down by a single-choice question; groups under the\n"
    "                 survey's min_cell are suppressed (see docs/results.md)\n"
    "  --trend        add indicators and shares for every wave, oldest first\n"
    "  --format F     text (default), csv (one tidy table), json (as the API), xlsx\n"
    "  --out FILE     write to FILE instead of standard output (required for xlsx)\n"
    "  --lang LANG    labels in this language (default: the questionnaire's first)\n"
    "  --version V    the wave (same as SURVEY@V)\n"
    "  --surveys DIR  questionnaire files besides those stored in the database (default surveys)\n"
    "  --db TARGET    SQLite file (default otos.db) or postgresql://user:pass@host:port/dbname\n",
    run};

}  // namespace otos::cli
