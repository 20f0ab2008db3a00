// `otos validate FILE...`: checks questionnaire files and prints every problem of every file,
// one `FILE:LINE:COL: error: message` line each, on stderr; `FILE: ok` on stdout for a valid
// file. Exit 0 when all are valid, 1 otherwise, 2 without files. No checking logic here.
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "engine/validate/validate.h"

namespace otos::cli {
namespace {
int run(const std::vector<std::string>& args) {
  ParsedArgs parsed = parse_args(args, {});
  if (parsed.positionals.empty()) throw UsageError("expected at least one FILE");
  bool all_ok = true;
  for (const auto& file : parsed.positionals) {
    validate::LoadResult result = validate::load_file(file);
    if (result.ok()) {
      std::cout << file << ": ok\n";
      continue;
    }
    all_ok = false;
    for (const auto& d : result.diagnostics) std::cerr << d.render() << "\n";
  }
  std::cout.flush();
  return all_ok ? 0 : 1;
}
}  // namespace

const Command kValidateCommand{
    "validate", "check questionnaire files",
    "usage: otos validate FILE...\n\n"
    "check questionnaire files: YAML syntax, keys, types, ids, texts in every language,\n"
    "lists and scales, ranges, patterns, dates, show_if expressions, groups, indicators.\n"
    "Every problem of every file is printed on stderr as FILE:LINE:COL: error: message;\n"
    "a valid file prints FILE: ok on stdout. Exit 0 when all files are valid, 1 otherwise.\n\n"
    "options:\n",
    run};

}  // namespace otos::cli
