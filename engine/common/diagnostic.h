// Diagnostics: a problem found in an input file, with a stable code and where it is.
// Spans are stored 0-based and rendered 1-based as `FILE:LINE:COL: error: message`.
// This header must not grow knowledge of YAML, questionnaires or HTTP.
#pragma once

#include <string>
#include <vector>

namespace otos {

struct Span {
  std::string file;
  int line = 0;    // 0-based
  int column = 0;  // 0-based
};

struct Diagnostic {
  std::string code;  // stable, kebab-case: "unknown-key", "duplicate-id", ...
  Span span;
  std::string message;

  // "FILE:LINE:COL: error: message" with 1-based line and column.
  std::string render() const;
};

// Sorts by file, line, column, then code, so output is deterministic.
void sort_diagnostics(std::vector<Diagnostic>& diagnostics);

}  // namespace otos
