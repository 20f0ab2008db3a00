// Implementation of the shared command-line parser.
#include "cli/args.h"

#include <charconv>

namespace otos::cli {

std::string ParsedArgs::get(const std::string& name, const std::string& fallback) const {
  auto it = values.find(name);
  return it == values.end() || it->second.empty() ? fallback : it->second.back();
}

std::vector<std::string> ParsedArgs::all(const std::string& name) const {
  auto it = values.find(name);
  return it == values.end() ? std::vector<std::string>{} : it->second;
}

int ParsedArgs::get_int(const std::string& name, int fallback) const {
  if (!has(name)) return fallback;
  const std::string v = get(name);
  int out = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || ptr != v.data() + v.size())
    throw UsageError("--" + name + " expects an integer, got '" + v + "'");
  return out;
}

ParsedArgs parse_args(const std::vector<std::string>& args, std::vector<OptionSpec> specs) {
  specs.push_back({"db", true, false});
  ParsedArgs out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      out.help = true;
      continue;
    }
    if (a.rfind("--", 0) != 0 || a == "--") {
      if (a.size() > 1 && a[0] == '-' && a != "-") throw UsageError("unknown option '" + a + "'");
      out.positionals.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    bool inline_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inline_value = true;
    }
    const OptionSpec* spec = nullptr;
    for (const auto& s : specs)
      if (s.name == name) spec = &s;
    if (!spec) throw UsageError("unknown option '--" + name + "'");
    if (spec->takes_value && !inline_value) {
      if (i + 1 >= args.size()) throw UsageError("option '--" + name + "' needs a value");
      value = args[++i];
    } else if (!spec->takes_value && inline_value) {
      throw UsageError("option '--" + name + "' takes no value");
    }
    auto& slot = out.values[name];
    if (!slot.empty() && !spec->repeatable)
      throw UsageError("option '--" + name + "' given more than once");
    slot.push_back(value);
  }
  return out;
}

std::string one_line(std::string_view message) {
  std::string out;
  bool gap = false;
  for (char c : message) {
    if (c == '\n' || c == '\r' || c == '\t') {
      gap = true;
      continue;
    }
    if (gap && !out.empty() && out.back() != ' ') out += ' ';
    gap = false;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace otos::cli
