// `otos validate`: check questionnaire files. Placeholder until its issue lands.
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"

namespace otos::cli {
namespace {
int run(const std::vector<std::string>& args) {
  (void)parse_args(args, {});
  std::cerr << "otos validate: not implemented yet\n";
  return 2;
}
}  // namespace

const Command kValidateCommand{"validate", "check questionnaire files",
                 "usage: otos validate FILE...\n\ncheck questionnaire files.\n\noptions:\n", run};

}  // namespace otos::cli
