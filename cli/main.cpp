// otos entry point: picks the command and maps errors to exit codes. Nothing else belongs here.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"

namespace {

using otos::cli::Command;
using otos::cli::one_line;

const Command* const kCommands[] = {
    &otos::cli::kServeCommand,  &otos::cli::kValidateCommand, &otos::cli::kResultsCommand,
    &otos::cli::kExportCommand, &otos::cli::kImportCommand,   &otos::cli::kInviteCommand,
    &otos::cli::kUserCommand,   &otos::cli::kRepackCommand,
};

void print_overview(std::ostream& out) {
  out << "usage: otos COMMAND [options]\n\nAn open-source survey engine.\n\ncommands:\n";
  for (const Command* c : kCommands) {
    std::string name(c->name);
    name.resize(10, ' ');
    out << "  " << name << c->summary << "\n";
  }
  out << "\nRun 'otos COMMAND --help' for a command's options.\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    print_overview(std::cerr);
    return 2;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_overview(std::cout);
    return 0;
  }
  if (args[0] == "--version") {
    std::cout << "otos 0.1.0\n";
    return 0;
  }
  const Command* command = nullptr;
  for (const Command* c : kCommands)
    if (c->name == args[0]) command = c;
  if (!command) {
    std::cerr << "otos: unknown command '" << args[0] << "' (see 'otos --help')\n";
    return 2;
  }
  args.erase(args.begin());
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") {
      std::cout << command->help;
      return 0;
    }
  }
  try {
    return command->run(args);
  } catch (const otos::cli::UsageError& e) {
    std::cerr << "otos " << command->name << ": " << e.what() << " (see 'otos " << command->name
              << " --help')\n";
    return 2;
  } catch (const otos::cli::InputError& e) {
    std::cerr << "otos " << command->name << ": " << one_line(e.what()) << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "otos " << command->name << ": error: " << one_line(e.what()) << "\n";
    return 1;
  }
}
