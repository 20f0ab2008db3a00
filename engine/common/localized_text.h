// A text that a questionnaire shows: either one string for every language, or a map by language.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace otos {

struct LocalizedText {
  // Key "" holds a plain string that serves every language.
  std::map<std::string, std::string, std::less<>> by_lang;

  bool empty() const { return by_lang.empty(); }
  bool has(std::string_view lang) const;
  // The text in `lang`, else in `fallback`, else the plain string, else the first one, else "".
  const std::string& in(std::string_view lang, std::string_view fallback = {}) const;
};

}  // namespace otos
