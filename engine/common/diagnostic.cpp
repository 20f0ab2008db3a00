// Rendering and ordering of diagnostics.
#include "engine/common/diagnostic.h"

#include <algorithm>
#include <tuple>

namespace otos {

std::string Diagnostic::render() const {
  return span.file + ":" + std::to_string(span.line + 1) + ":" + std::to_string(span.column + 1) +
         ": error: " + message;
}

void sort_diagnostics(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.span.file, a.span.line, a.span.column, a.code) <
           std::tie(b.span.file, b.span.line, b.span.column, b.code);
  });
}

}  // namespace otos
