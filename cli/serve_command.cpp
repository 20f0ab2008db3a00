// `otos serve`: run the web server. Placeholder until its issue lands.
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"

namespace otos::cli {
namespace {
int run(const std::vector<std::string>& args) {
  (void)parse_args(args, {});
  std::cerr << "otos serve: not implemented yet\n";
  return 2;
}
}  // namespace

const Command kServeCommand{"serve", "run the web server",
                 "usage: otos serve [--port 8080] [--host 127.0.0.1] [--surveys DIR] [--db TARGET]\n\nrun the web server.\n\noptions:\n", run};

}  // namespace otos::cli
