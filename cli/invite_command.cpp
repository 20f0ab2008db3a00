// `otos invite`: create an invitation link. Placeholder until its issue lands.
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"

namespace otos::cli {
namespace {
int run(const std::vector<std::string>& args) {
  (void)parse_args(args, {});
  std::cerr << "otos invite: not implemented yet\n";
  return 2;
}
}  // namespace

const Command kInviteCommand{"invite", "create an invitation link",
                 "usage: otos invite SURVEY --name NAME [--group QUESTION=CODE]... [--db TARGET]\n\ncreate an invitation link.\n\noptions:\n", run};

}  // namespace otos::cli
