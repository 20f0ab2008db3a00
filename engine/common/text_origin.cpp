// TextOrigin::at: a lookup in the map, or start + offset when there is none.
#include "engine/common/text_origin.h"

#include <algorithm>

namespace otos {

Span TextOrigin::at(int line, int column) const {
  Span s = start;
  if (chars.empty() || line < 0 || column < 0) {
    s.line = start.line + line;
    s.column = start.column + column;
    return s;
  }
  // The last line with characters at or before `line`, and how far past its end `column` is.
  size_t row = std::min(static_cast<size_t>(line), chars.size() - 1);
  while (row > 0 && chars[row].empty()) --row;
  const auto& cells = chars[row];
  if (cells.empty()) return s;
  if (static_cast<size_t>(line) == row && static_cast<size_t>(column) < cells.size()) {
    s.line = cells[column].first;
    s.column = cells[column].second;
    return s;
  }
  const int past =
      static_cast<size_t>(line) == row ? column - static_cast<int>(cells.size()) + 1 : 1;
  s.line = cells.back().first;
  s.column = cells.back().second + past;
  return s;
}

}  // namespace otos
