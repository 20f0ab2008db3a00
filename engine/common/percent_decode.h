// The one percent-decoder of otos: form bodies, query strings and URL paths (web/), and the
// parts of a postgresql:// URL (engine/storage). Pure function over strings.
#pragma once

#include <string>
#include <string_view>

namespace otos {

// Appends `in` to `out` with each %XX as its byte, and '+' as a space when `plus_is_space` (form
// bodies and queries; not paths or URLs). A broken escape ("%zz", a "%4" at the end) makes it
// return false, or with `keep_broken` is copied as it is.
bool percent_decode(std::string_view in, std::string& out, bool plus_is_space,
                    bool keep_broken = false);

}  // namespace otos
