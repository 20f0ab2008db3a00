// Small helpers over libxlsxwriter shared by the results and export workbooks.
#pragma once

#include <xlsxwriter.h>

#include <set>
#include <string>

namespace otos::analysis {

// A sheet name Excel accepts: at most 31 characters, none of []:*?/\, unique in `used`.
std::string sheet_name(const std::string& wanted, std::set<std::string>& used);

}  // namespace otos::analysis
