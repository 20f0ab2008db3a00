// The questionnaire model: the one source of truth that forms, answer checks, results and
// exports read. Built by engine/loader from YAML; immutable once loaded (shared as
// std::shared_ptr<const Questionnaire>). Holds spans so that later checks can point at the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/diagnostic.h"
#include "engine/common/localized_text.h"
#include "engine/common/text_origin.h"
#include "engine/expr/expr.h"

namespace otos::model {

enum class QuestionType { SingleChoice, MultiChoice, Likert, Matrix, Number, Text, Date, Info };

// "single_choice", "multi_choice", "likert", "matrix", "number", "text", "date", "info".
std::string_view to_string(QuestionType type);
std::optional<QuestionType> question_type_from_string(std::string_view name);

enum class Access { Public, Invitation };

struct Option {
  std::string code;
  LocalizedText label;
  bool missing = false;    // "don't know" etc.: stored and counted, never in a share's denominator
  bool exclusive = false;  // multi_choice: may only be chosen alone ("none", "don't know")
  Span span;
};

struct MatrixRow {
  std::string id;
  LocalizedText text;
  Span span;
};

struct Question {
  std::string id;
  QuestionType type = QuestionType::Text;
  LocalizedText text;
  LocalizedText help;
  bool required = false;

  std::string show_if_source;  // empty when always shown
  expr::ExprPtr show_if;       // parsed show_if, null when always shown
  TextOrigin show_if_origin;   // where the expression text and each of its characters are

  // single_choice, multi_choice: resolved from inline `options` or a named list from `lists`.
  // likert, matrix: resolved from `scale`. The order is the display and reporting order.
  std::vector<Option> options;
  std::string options_list;        // the named list, when `options: NAME`
  std::string scale;               // likert and matrix
  std::vector<MatrixRow> rows;     // matrix
  std::optional<int> max_choices;  // multi_choice

  bool integer = false;  // number
  std::optional<double> min, max;
  LocalizedText unit;

  bool multiline = false;  // text
  std::optional<int> max_length;
  std::string pattern;            // ECMAScript regex, whole value must match
  LocalizedText pattern_message;  // what a failed `pattern` tells the respondent (else the regex)

  Span span;         // the question's `id` value
  size_t page = 0;   // index of its page
  size_t order = 0;  // position among all questions, in document order

  bool is_single_coded() const {
    return type == QuestionType::SingleChoice || type == QuestionType::Likert;
  }
  bool asks() const { return type != QuestionType::Info; }
  const Option* find_option(std::string_view code) const;
  const MatrixRow* find_row(std::string_view id) const;
};

struct Page {
  std::string id;
  LocalizedText title;
  std::vector<Question> questions;
  Span span;
};

struct Indicator {
  std::string id;
  LocalizedText title;
  std::string question;             // share: {question: ..., values: [...]}
  std::vector<std::string> values;  // the codes that count
  Span span;
};

struct Questionnaire {
  // Movable, not copyable: the index points into `pages` (a move keeps those addresses).
  Questionnaire() = default;
  Questionnaire(const Questionnaire&) = delete;
  Questionnaire& operator=(const Questionnaire&) = delete;
  Questionnaire(Questionnaire&&) = default;
  Questionnaire& operator=(Questionnaire&&) = default;

  std::string id;
  int version = 0;
  LocalizedText title;
  LocalizedText description;           // optional `description`
  std::vector<std::string> languages;  // the first is the default
  Access access = Access::Public;
  std::optional<std::string> open;   // "YYYY-MM-DD", inclusive
  std::optional<std::string> close;  // "YYYY-MM-DD", inclusive
  int min_cell = 5;
  std::vector<std::string> groups;  // single-choice question ids that define reporting groups
  std::vector<Page> pages;
  std::map<std::string, std::vector<Option>, std::less<>> lists;
  std::map<std::string, std::vector<Option>, std::less<>> scales;
  std::vector<Indicator> indicators;

  std::string source_name;  // file name as given
  std::string source_text;  // the YAML text, stored with every wave

  // engine/packed's layout id of this wave, kept by packed::layout_of on first use (0: not yet),
  // since every stored response needs it; build_index() clears it. Read and written atomically.
  mutable int64_t layout_cache = 0;

  // Call once after building: fills page/order of each question and the id index.
  void build_index();

  const Question* find_question(std::string_view id) const;
  // Every question in document order (pages flattened), info blocks included.
  const std::vector<const Question*>& questions() const { return ordered_; }
  const std::string& default_language() const;
  std::string key() const { return id + "@" + std::to_string(version); }
  // `today` is "YYYY-MM-DD"; true when open <= today <= close (missing bounds are unbounded).
  bool is_open_on(std::string_view today) const;

 private:
  std::vector<const Question*> ordered_;
  std::map<std::string, const Question*, std::less<>> by_id_;
};

using QuestionnairePtr = std::shared_ptr<const Questionnaire>;

// Evaluates show_if of `question` on `answers` (true when it has none). Answers to hidden
// questions must already be removed: callers walk questions in order (see answers/visibility).
bool is_shown(const Question& question, const Answers& answers);

}  // namespace otos::model
