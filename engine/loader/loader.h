// YAML text -> questionnaire model, with the structural checks that need the YAML tree:
// syntax, unknown keys ("did you mean"), missing required keys, value types, question types,
// texts as a string or a map by language. Rules that need the whole model (duplicate ids,
// references, ranges, show_if, ...) live in engine/validate and read the SourceMap for spans.
// Never throws on any input; keeps going after an error so that one run reports everything.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/diagnostic.h"
#include "engine/common/localized_text.h"
#include "engine/model/questionnaire.h"

namespace otos::loader {

// A text found in the file, for the language checks.
struct TextSite {
  LocalizedText text;
  Span span;         // the text's value (a string or the start of the map)
  std::string what;  // "the title of question 'q1'"
};

// Where the values that the validator checks are written. Keys of `spans`:
//   "version", "open", "close", "min_cell", "access", "languages/N", "groups/N",
//   "qN/KEY" for question number N (its `order`) and KEY in {type, options, scale, min, max,
//   max_choices, max_length, pattern, show_if}, "indicatorN/question", "indicatorN/values/K".
struct SourceMap {
  std::map<std::string, Span, std::less<>> spans;
  std::vector<TextSite> texts;
  std::vector<Span> list_spans;   // name of each entry of `lists`, in order
  std::vector<Span> scale_spans;  // name of each entry of `scales`, in order
  // Returns the span under `key`, or `fallback` when the key was not written.
  const Span& at(std::string_view key, const Span& fallback) const;
};

struct LoadedDocument {
  model::Questionnaire questionnaire;  // as much as could be read; index built
  SourceMap source;
  std::vector<Diagnostic> diagnostics;  // unsorted
  bool parsed = false;  // false when the YAML itself could not be read (nothing else to check)
};

LoadedDocument load_document(std::string_view text, const std::string& file);

// The first character of a scalar's content: after an opening quote, or on the first line
// of a block scalar (| or >). `line`/`column`/`pos` are the scalar's mark.
Span scalar_content_start(std::string_view text, const std::string& file, int line, int column,
                          size_t pos);

}  // namespace otos::loader
