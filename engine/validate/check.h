// The families of validation rules, one file each (pyxform style). Each takes the loaded model
// and the loader's SourceMap (for spans) and appends diagnostics; none stops at the first
// problem, none throws. Structural problems (keys, types) are the loader's, not repeated here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/common/diagnostic.h"
#include "engine/loader/codes.h"
#include "engine/loader/loader.h"
#include "engine/model/questionnaire.h"

namespace otos::validate {

struct CheckContext {
  const model::Questionnaire& questionnaire;
  const loader::SourceMap& source;
  std::vector<Diagnostic>& out;

  void error(const Span& at, std::string_view code, std::string message) const {
    out.push_back(loader::make_diagnostic(code, at, std::move(message)));
  }
  // The span recorded under `key`, else the top of the file.
  Span at(std::string_view key) const;
  // The SourceMap key prefix of a question: "qN".
  static std::string question_key(const model::Question& q) {
    return std::string("q") + std::to_string(q.order);
  }
};

// Duplicate ids: questions (across pages), pages, option codes in one list, rows, indicators.
void check_ids(const CheckContext& ctx);
// Each text has every declared language (or is one plain string); no undeclared language.
void check_texts(const CheckContext& ctx);
// Named lists and scales exist; indicators name known questions and codes; groups entries
// are single_choice questions.
void check_references(const CheckContext& ctx);
// min <= max, max_choices in 1..options, max_length >= 1, min_cell >= 1.
void check_numbers(const CheckContext& ctx);
// `pattern` compiles as an ECMAScript regex, within size bounds.
void check_patterns(const CheckContext& ctx);
// open/close are real YYYY-MM-DD dates and open <= close.
void check_dates(const CheckContext& ctx);
// Parses and type-checks every show_if; sets Question::show_if when it parses.
void check_show_if(model::Questionnaire& questionnaire, const CheckContext& ctx);

}  // namespace otos::validate
