// `otos results`: print result tables. Placeholder until its issue lands.
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"

namespace otos::cli {
namespace {
int run(const std::vector<std::string>& args) {
  (void)parse_args(args, {});
  std::cerr << "otos results: not implemented yet\n";
  return 2;
}
}  // namespace

const Command kResultsCommand{"results", "print result tables",
                 "usage: otos results SURVEY [--by QUESTION] [--trend] [--format text|csv|json|xlsx] [--out FILE] [--db TARGET]\n\nprint result tables.\n\noptions:\n", run};

}  // namespace otos::cli
