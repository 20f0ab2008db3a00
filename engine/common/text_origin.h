// Where a text taken out of a file sits in that file, character by character. A YAML scalar's
// value is not always its bytes in the file: escapes (\" and ''), folded lines and block
// scalars move characters, so "start + offset" would point at the wrong place. Knows nothing of
// YAML itself (engine/loader/scalar_origin builds the map).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "engine/common/diagnostic.h"

namespace otos {

struct TextOrigin {
  Span start;  // the value's first character
  // For each line of the value, the file's 0-based (line, column) of each of its characters
  // (code points; a line's '\n' included). Empty when the value is the file's text from `start`
  // on, every line at start.column (one line, or a literal block): then start + offset is right.
  std::vector<std::vector<std::pair<int, int>>> chars;

  TextOrigin() = default;
  TextOrigin(Span s) : start(std::move(s)) {}  // NOLINT(google-explicit-constructor): a plain start

  // The file position of the value's character at 0-based `line` and `column`; a column past a
  // line's end is counted on from its last character (an "expected more" after the last token).
  Span at(int line, int column) const;
};

}  // namespace otos
