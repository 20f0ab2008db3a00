// `otos export`: export responses with a codebook. Placeholder until its issue lands.
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"

namespace otos::cli {
namespace {
int run(const std::vector<std::string>& args) {
  (void)parse_args(args, {});
  std::cerr << "otos export: not implemented yet\n";
  return 2;
}
}  // namespace

const Command kExportCommand{"export", "export responses with a codebook",
                 "usage: otos export SURVEY [--format csv|xlsx|json|sav] [--out FILE] [--db TARGET]\n\nexport responses with a codebook.\n\noptions:\n", run};

}  // namespace otos::cli
