// Language coverage of every text: a map by language must hold each declared language and
// only those; a plain string serves every language.
#include <algorithm>

#include "engine/loader/codes.h"
#include "engine/loader/node_reader.h"
#include "engine/validate/check.h"

namespace otos::validate {

void check_texts(const CheckContext& ctx) {
  const auto& langs = ctx.questionnaire.languages;
  if (langs.empty()) return;  // missing or broken `languages` is reported by the loader
  const std::string declared = loader::join(langs);
  for (const auto& site : ctx.source.texts) {
    if (site.text.by_lang.count("")) continue;
    for (const auto& lang : langs)
      if (!site.text.has(lang))
        ctx.error(
            site.span, loader::codes::kMissingLanguage,
            site.what + " lacks language '" + lang + "'; expected a text in each of: " + declared);
    for (const auto& [lang, text] : site.text.by_lang)
      if (std::find(langs.begin(), langs.end(), lang) == langs.end())
        ctx.error(site.span, loader::codes::kUndeclaredLanguage,
                  site.what + " has language '" + lang + "', which is not in 'languages' (" +
                      declared + ")");
  }
}

}  // namespace otos::validate
