// The result tables of CONTRACT §5 for one wave: per question n/missing/options (Wilson ci95),
// number/date/text summaries, indicators, an optional breakdown `by` a single-coded question
// with min_cell and secondary suppression, and an optional trend over every wave.
// Pure: a questionnaire and answers in, tables out; deterministic order (document order,
// option order). Answers to hidden questions are already dropped at ingest; an absent answer
// is unanswered. Nothing here does I/O or formats output (see results_*.h writers).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analysis/flat_answers.h"
#include "analysis/number_summary.h"
#include "analysis/wilson.h"
#include "engine/common/answer_value.h"
#include "engine/model/questionnaire.h"
#include "engine/packed/packed_answers.h"

namespace otos::analysis {

struct OptionCount {
  std::string code;
  const model::Option* option = nullptr;
  int64_t count = 0;
  bool missing = false;  // missing-coded: counted, never shared (share/ci stay 0)
  double share = 0;      // count / n, unrounded
  Interval ci;
};

// single_choice, likert, multi_choice, and each matrix row.
struct ChoiceTable {
  int64_t n = 0;  // substantive answers (for multi_choice: respondents with a substantive code)
  int64_t missing = 0;               // answers with only missing-coded codes
  std::vector<OptionCount> options;  // the question's option order
};

struct DateSummary {
  int64_t n = 0;
  std::string min, max;  // "YYYY-MM-DD"; empty when n == 0
};

struct QuestionResult {
  const model::Question* question = nullptr;
  int64_t n = 0;
  int64_t missing = 0;
  ChoiceTable choice;                                     // single, likert, multi
  std::vector<std::pair<std::string, ChoiceTable>> rows;  // matrix: row id -> table
  NumberSummary number;                                   // number
  DateSummary date;                                       // date
};

struct IndicatorResult {
  const model::Indicator* indicator = nullptr;
  int64_t n = 0;
  int64_t count = 0;
  double share = 0;
  Interval ci;
};

struct Tables {
  int64_t responses = 0;
  std::vector<QuestionResult> questions;  // every asking question, document order
  std::vector<IndicatorResult> indicators;
};

struct GroupResult {
  std::string code;
  const model::Option* option = nullptr;
  int64_t responses = 0;
  bool suppressed = false;
  Tables tables;  // cleared when suppressed
};

struct ByResult {
  const model::Question* question = nullptr;
  std::vector<GroupResult> groups;  // option order
  int64_t unanswered = 0;           // responses without an answer to the by question
};

struct TrendNote {
  int version = 0;
  std::string question;
  std::string option;  // "" when the whole question (or indicator) is missing from the wave
  std::string message;
};

struct TrendWave {
  model::QuestionnairePtr questionnaire;
  Tables tables;
};

struct Trend {
  std::vector<TrendWave> waves;  // oldest first
  std::vector<TrendNote> notes;
};

struct Results {
  model::QuestionnairePtr questionnaire;
  Tables overall;
  std::optional<ByResult> by;
  std::optional<Trend> trend;
};

// Accumulates one wave's tables response by response (a single pass), then finishes them.
// Two inputs: typed Answers (tests, small data) and FlatAnswers decoded straight from the
// stored JSON (the fast path: no allocation per response).
class TablesBuilder {
 public:
  explicit TablesBuilder(const model::Questionnaire& questionnaire);
  void add(const Answers& answers);
  void add(const FlatAnswers& answers);
  // The fast path: answers packed for this same wave (indexes, no string compares).
  void add(const packed::PackedReader& answers);
  Tables finish();

 private:
  using CodeList = std::vector<std::string_view>;
  using CellList = std::vector<std::pair<std::string_view, std::string_view>>;  // row, code
  void on_code(size_t i, std::string_view code);
  void on_codes(size_t i, const CodeList& codes);
  void on_matrix(size_t i, const CellList& cells);
  void on_number(size_t i, double v);
  void on_string(size_t i, std::string_view s);
  void on_code_index(size_t i, uint32_t option);
  void on_codes_index(size_t i, const uint32_t* options, uint32_t count);
  void on_matrix_index(size_t i, const uint32_t* pairs, uint32_t count);

  std::vector<const model::Question*> questions_;
  std::unordered_map<std::string_view, size_t> index_;  // question id -> position
  std::vector<ChoiceTable> choice_;                     // per question (single/likert/multi)
  std::vector<std::vector<ChoiceTable>> rows_;          // per question (matrix)
  std::vector<NumberCollector> numbers_;                // per question (number)
  std::vector<DateSummary> dates_;                      // per question (date)
  std::vector<int64_t> texts_;                          // per question (text)
  std::vector<std::pair<int64_t, int64_t>> matrix_;     // per question (matrix): n, missing
  std::vector<IndicatorResult> indicators_;
  std::vector<std::vector<size_t>> indicators_of_;  // per question: indicators on it
  // Per indicator, per option index of its question: 1 when the option counts as a hit.
  std::vector<std::vector<char>> indicator_hit_;
  std::vector<int32_t> slot_of_order_;  // Questionnaire::questions() index -> i, -1 for info
  CodeList codes_;                      // scratch
  CellList cells_;                      // scratch
  std::vector<uint32_t> indexes_;       // scratch: option or (row, option) indexes
  int64_t responses_ = 0;
};

// Builds overall tables and, when `by` is set, one TablesBuilder per option of `by`.
class ResultsBuilder {
 public:
  // `by` must be a single-coded question of `questionnaire` (or null).
  ResultsBuilder(model::QuestionnairePtr questionnaire, const model::Question* by);
  void add(const Answers& answers);
  void add(const FlatAnswers& answers);
  void add(const packed::PackedReader& answers);
  Results finish();

 private:
  model::QuestionnairePtr questionnaire_;
  const model::Question* by_;
  TablesBuilder overall_;
  std::vector<TablesBuilder> groups_;
  std::vector<int64_t> group_responses_;
  int group_of(std::string_view code) const;
  int64_t by_unanswered_ = 0;
};

// Suppression of CONTRACT §5: a group with responses < min_cell is suppressed; when that leaves
// exactly one group suppressed, the smallest remaining group (first in option order on ties)
// is suppressed too. Suppressed groups lose their tables.
void apply_suppression(ByResult& by, int min_cell);

// The trend over every wave (oldest first, sorted here by version): notes where a question,
// indicator or option of any wave is missing from another wave. Matching is by question id,
// indicator id and option code (matrix: row id as well).
Trend build_trend(std::vector<TrendWave> waves);

// Convenience for tests: every answer set in one go.
Results compute_results(model::QuestionnairePtr questionnaire,
                        const std::vector<Answers>& responses, const model::Question* by = nullptr);

}  // namespace otos::analysis
