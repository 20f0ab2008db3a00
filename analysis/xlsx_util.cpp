// Sheet-name sanitising for xlsx workbooks.
#include "analysis/xlsx_util.h"

// GCC 12 reports a false -Wrestrict on "literal" + std::string (GCC bug 105329).
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

namespace otos::analysis {

std::string sheet_name(const std::string& wanted, std::set<std::string>& used) {
  std::string base;
  for (char c : wanted) base += std::string("[]:*?/\\").find(c) == std::string::npos ? c : '_';
  if (base.empty()) base = "sheet";
  if (base.size() > 31) base.resize(31);
  std::string name = base;
  for (int i = 2; used.count(name); ++i) {
    const std::string suffix = "~" + std::to_string(i);
    name = base.substr(0, 31 - suffix.size()) + suffix;
  }
  used.insert(name);
  return name;
}

}  // namespace otos::analysis
