// `otos import`: load past responses from CSV. Placeholder until its issue lands.
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"

namespace otos::cli {
namespace {
int run(const std::vector<std::string>& args) {
  (void)parse_args(args, {});
  std::cerr << "otos import: not implemented yet\n";
  return 2;
}
}  // namespace

const Command kImportCommand{"import", "load past responses from CSV",
                 "usage: otos import SURVEY FILE.csv [--db TARGET]\n\nload past responses from CSV.\n\noptions:\n", run};

}  // namespace otos::cli
