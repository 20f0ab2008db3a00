// Language fallback for questionnaire texts.
#include "engine/common/localized_text.h"

namespace otos {

bool LocalizedText::has(std::string_view lang) const {
  return by_lang.find(lang) != by_lang.end() || by_lang.find(std::string_view{}) != by_lang.end();
}

const std::string& LocalizedText::in(std::string_view lang, std::string_view fallback) const {
  static const std::string kEmpty;
  if (auto it = by_lang.find(lang); it != by_lang.end()) return it->second;
  if (!fallback.empty()) {
    if (auto it = by_lang.find(fallback); it != by_lang.end()) return it->second;
  }
  if (auto it = by_lang.find(std::string_view{}); it != by_lang.end()) return it->second;
  return by_lang.empty() ? kEmpty : by_lang.begin()->second;
}

}  // namespace otos
