// Loading a questionnaire file and checking all of it: the entry point every other part uses.
// Collects every problem (YAML syntax, unknown keys with "did you mean", types, duplicate ids,
// show_if syntax and types, indicators, groups, dates, ...) as diagnostics; never throws, never
// crashes on any input (binary, empty, huge, deeply nested, alias bombs).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/common/diagnostic.h"
#include "engine/model/questionnaire.h"

namespace otos::validate {

struct LoadResult {
  model::QuestionnairePtr questionnaire;  // set only when diagnostics is empty
  std::vector<Diagnostic> diagnostics;    // sorted by position
  bool ok() const { return questionnaire != nullptr && diagnostics.empty(); }
};

// Reads and checks a file; `name` in diagnostics is the path as given.
LoadResult load_file(const std::string& path);
// Checks YAML text; `name` is what diagnostics print as the file.
LoadResult load_text(std::string_view yaml, const std::string& name);

}  // namespace otos::validate
