// The TextOrigin of a YAML scalar: where each character of its value is in the file, for
// double- and single-quoted scalars (escapes, '' and folded lines), plain scalars over several
// lines, and literal and folded blocks. Used for show_if, whose diagnostics point inside the
// expression. When the file's text does not decode to the value as this scanner reads it, the
// map is left empty and positions fall back to start + offset: never a wrong map.
#pragma once

#include <string>
#include <string_view>

#include "engine/common/text_origin.h"

namespace otos::loader {

// `line`/`column`/`pos` are the scalar's mark (its quote, block indicator or first character);
// `value` is what the YAML parser decoded.
TextOrigin scalar_origin(std::string_view text, const std::string& file, int line, int column,
                         size_t pos, std::string_view value);

}  // namespace otos::loader
