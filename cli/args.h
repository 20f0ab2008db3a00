// A small command-line parser shared by every `otos` command: long options with or without a
// value, repeatable options, positionals. Wrong usage is reported as UsageError (exit 2).
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace otos::cli {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Data or input is wrong: one line on stderr, exit 1.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct OptionSpec {
  std::string name;  // without "--"
  bool takes_value = true;
  bool repeatable = false;
};

struct ParsedArgs {
  std::vector<std::string> positionals;
  std::map<std::string, std::vector<std::string>> values;  // flags hold one "" each
  bool help = false;

  bool has(const std::string& name) const { return values.count(name) > 0; }
  std::string get(const std::string& name, const std::string& fallback = "") const;
  std::vector<std::string> all(const std::string& name) const;
  int get_int(const std::string& name, int fallback) const;  // UsageError when not an integer
};

// Accepts "--name value" and "--name=value"; "--help"/"-h" set help. Every command implicitly
// accepts --db. Throws UsageError on an unknown option or a missing value.
ParsedArgs parse_args(const std::vector<std::string>& args, std::vector<OptionSpec> specs);

// An error message as the one line on stderr the contract asks for: line breaks and tabs (libpq's
// messages have both) become one space, trailing blanks go.
std::string one_line(std::string_view message);

}  // namespace otos::cli
