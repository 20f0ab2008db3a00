// `otos user`: manage staff accounts. Placeholder until its issue lands.
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"

namespace otos::cli {
namespace {
int run(const std::vector<std::string>& args) {
  (void)parse_args(args, {});
  std::cerr << "otos user: not implemented yet\n";
  return 2;
}
}  // namespace

const Command kUserCommand{"user", "manage staff accounts",
                 "usage: otos user add NAME --role admin|analyst|coordinator [--db TARGET]\n\nmanage staff accounts.\n\noptions:\n", run};

}  // namespace otos::cli
