// Folding user names for comparison. Invalid UTF-8 is compared as it is (byte for byte): the
// callers refuse such names, and folding must never throw on what a sign-in form sent.
#include "engine/storage/user_names.h"

#include <Poco/UTF8String.h>

#include "engine/common/utf8.h"

namespace otos::storage {

std::string user_name_key(std::string_view name) {
  std::string key(name);
  if (is_valid_utf8(key)) Poco::UTF8::toLowerInPlace(key);
  return key;
}

bool same_user_name(std::string_view a, std::string_view b) {
  return a == b || user_name_key(a) == user_name_key(b);
}

std::optional<size_t> find_user_name(const std::vector<std::string>& names,
                                     std::string_view typed) {
  std::optional<size_t> folded;
  size_t matches = 0;
  const std::string key = user_name_key(typed);
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == typed) return i;
    if (user_name_key(names[i]) == key) {
      folded = i;
      ++matches;
    }
  }
  return matches == 1 ? folded : std::nullopt;
}

}  // namespace otos::storage
