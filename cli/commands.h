// The registry of `otos` commands. Each command lives in its own *_command.cpp and exposes
// one Command; main.cpp only dispatches. A command's run() returns the exit code (0 ok,
// 1 wrong input or data) and may throw UsageError (exit 2) or InputError (exit 1).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace otos::cli {

struct Command {
  std::string_view name;
  std::string_view summary;  // one line for `otos --help`
  std::string_view help;     // full text for `otos NAME --help`, starting with "usage: ..."
  int (*run)(const std::vector<std::string>& args);
};

extern const Command kValidateCommand;
extern const Command kServeCommand;
extern const Command kResultsCommand;
extern const Command kExportCommand;
extern const Command kImportCommand;
extern const Command kInviteCommand;
extern const Command kUserCommand;
extern const Command kRepackCommand;

// Shared by every command's --help: the --db text.
inline constexpr std::string_view kDbHelp =
    "  --db TARGET   SQLite file (default otos.db) or postgresql://user:pass@host:port/dbname\n";

}  // namespace otos::cli
