// `otos export`: one row per submitted response with a codebook. Parses flags and streams
// analysis::stream_export to a file or standard output; no formatting rules here.
#include <cstdio>
#include <fstream>
#include <iostream>

#include "analysis/api.h"
#include "analysis/export.h"
#include "cli/args.h"
#include "cli/commands.h"

namespace otos::cli {
namespace {

// FILE.csv -> FILE_codebook.csv (and FILE -> FILE_codebook.csv).
std::string codebook_path(const std::string& out) {
  std::string base = out;
  if (base.size() > 4 && base.substr(base.size() - 4) == ".csv") base.resize(base.size() - 4);
  return base + "_codebook.csv";
}

int run(const std::vector<std::string>& args) {
  const ParsedArgs a = parse_args(args, {{"format"}, {"out"}, {"lang"}, {"version"}, {"surveys"}});
  if (a.positionals.size() != 1) throw UsageError("expected one SURVEY");
  analysis::ExportParams p;
  p.survey = a.positionals[0];
  if (a.has("version")) p.version = a.get_int("version", 0);
  p.format = a.get("format", "csv");
  p.lang = a.get("lang");
  if (p.format != "csv" && p.format != "json" && p.format != "xlsx" && p.format != "sav")
    throw UsageError("--format must be csv, xlsx, json or sav");
  if ((p.format == "xlsx" || p.format == "sav") && !a.has("out"))
    throw UsageError("--format " + p.format + " needs --out FILE");
  auto store = storage::Store::open(a.get("db", "otos.db"));
  const analysis::Waves waves = analysis::load_waves(*store, a.get("surveys", "surveys"));

  std::ofstream file;
  std::ostream* os = &std::cout;
  if (a.has("out")) {
    file.open(a.get("out"), std::ios::binary);
    if (!file) throw InputError("cannot write " + a.get("out"));
    os = &file;
  }
  const analysis::Outcome out = analysis::stream_export(*store, waves, p, [&](std::string_view s) {
    os->write(s.data(), static_cast<std::streamsize>(s.size()));
  });
  if (out.status != 200) throw InputError(out.error);
  os->flush();
  if (!*os) throw InputError("cannot write the export");
  if (p.format == "csv" && a.has("out")) {
    const std::string cb = codebook_path(a.get("out"));
    analysis::ExportParams cp = p;
    cp.format = "codebook";
    std::ofstream f(cb, std::ios::binary);
    const analysis::Outcome c = analysis::stream_export(*store, waves, cp, [&](std::string_view s) {
      f.write(s.data(), static_cast<std::streamsize>(s.size()));
    });
    if (c.status != 200 || !f) throw InputError("cannot write " + cb);
  }
  return 0;
}

}  // namespace

const Command kExportCommand{
    "export", "export responses with a codebook",
    "usage: otos export SURVEY [--format csv|xlsx|json|sav] [--out FILE] [--lang LANG]\n"
    "                   [--version V] [--surveys DIR] [--db TARGET]\n\n"
    "One row per submitted response of one wave (id, submitted_at, version, lang, then one column\n"
    "per answer field: multi_choice one 0/1 column per option q__code, matrix one column per row\n"
    "q__row), with a codebook (variable, question text, type, codes and labels, missing codes).\n\n"
    "options:\n"
    "  --format F     csv (default; with --out FILE.csv the codebook goes to FILE_codebook.csv),\n"
    "                 xlsx (sheets data and codebook), json, sav (SPSS, with labels)\n"
    "  --out FILE     write to FILE instead of standard output (required for xlsx and sav)\n"
    "  --lang LANG    labels in this language (default: the questionnaire's first)\n"
    "  --version V    the wave (same as SURVEY@V)\n"
    "  --surveys DIR  questionnaire files besides those stored in the database (default surveys)\n"
    "  --db TARGET    SQLite file (default otos.db) or postgresql://user:pass@host:port/dbname\n",
    run};

}  // namespace otos::cli
