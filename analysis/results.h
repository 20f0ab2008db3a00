// The result tables of CONTRACT §5 for one wave: per question n/missing/options (Wilson ci95),
// number/date/text summaries, indicators, an optional breakdown `by` a single-coded question
// with min_cell and secondary suppression, and an optional trend over every wave.
// Small cells are suppressed here, once, so that every writer (JSON, CSV, text, xlsx, the staff
// pages) publishes the same: the `by` groups, and in every Tables the option cells of each
// question listed in the questionnaire's `groups:` and the indicators on those questions.
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
  // A cell of a `groups:` question under min_cell (or its secondary partner): count, share and
  // ci are zeroed and writers show "<min_cell" instead. The table's n and missing stay.
  bool suppressed = false;
};

// single_choice, likert, multi_choice, and each matrix row.
struct ChoiceTable {
  int64_t n = 0;  // substantive answers (for multi_choice: respondents with a substantive code)
  int64_t missing = 0;               // answers with only missing-coded codes
  std::vector<OptionCount> options;  // the question's option order
  // The cell of option `code`, or null.
  const OptionCount* find(std::string_view code) const;
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
  // On a `groups:` question, when a code it counts is suppressed in that table: count, share
  // and ci are zeroed and the whole indicator is published as suppressed.
  bool suppressed = false;
};

struct Tables {
  int64_t responses = 0;
  std::vector<QuestionResult> questions;  // every asking question, document order
  std::vector<IndicatorResult> indicators;
  // The choice table of question `id`: its own when `row` is "", else that of its matrix row
  // `row`; null when these tables have no such question or row (another wave's, say).
  const ChoiceTable* find_table(std::string_view id, std::string_view row) const;
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

// A question of any wave with the union of its matrix rows and option codes over the waves.
struct TrendQuestion {
  std::string id;
  std::vector<std::string> rows;   // matrix row ids; empty for other questions
  std::vector<std::string> codes;  // option codes
};

struct Trend {
  std::vector<TrendWave> waves;  // oldest first
  std::vector<TrendNote> notes;
  // Every asking question and indicator id of any wave, in the newest wave's order (then the
  // older waves' extra ones), for writers that lay the waves side by side.
  std::vector<TrendQuestion> questions;
  std::vector<std::string> indicators;
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
  std::vector<char> grouping_;          // per question: 1 when listed in `groups:`
  int min_cell_ = 0;
  CodeList codes_;                 // scratch
  CellList cells_;                 // scratch
  std::vector<uint32_t> indexes_;  // scratch: option or (row, option) indexes
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

// One cell of a table that suppression looks at: a group's responses or an option's count.
struct Cell {
  int64_t size = 0;
  bool missing = false;  // a missing-coded option (or the group of one)
};

// Small-cell suppression of CONTRACT §5, the one rule for groups and for option cells alike;
// returns, per cell, whether it is suppressed.
// 1. A cell with size < min_cell is suppressed (an empty one too).
// 2. When exactly one NON-EMPTY cell is suppressed by rule 1, the smallest published cell is
//    suppressed too (the first in order on ties), so that the hidden one cannot be worked out
//    from the total minus the others. Empty cells do not count here: an empty cell hides
//    nothing, and counting it as the partner would leave the small one computable.
// Substantive and missing-coded cells add up to different published figures (a question's n
// and missing), so each kind is handled on its own: the partner of a hidden substantive cell is
// always substantive.
std::vector<bool> suppressed_cells(const std::vector<Cell>& cells, int min_cell);

// Suppresses the groups of `by` by their responses (suppressed_cells); suppressed groups lose
// their tables.
void apply_suppression(ByResult& by, int min_cell);

// Suppresses the option cells of a `groups:` question's table (suppressed_cells on the counts):
// count, share and ci zeroed, n and missing kept.
void suppress_options(ChoiceTable& table, int min_cell);

// The trend over every wave (oldest first, sorted here by version): notes where a question,
// indicator or option of any wave is missing from another wave. Matching is by question id,
// indicator id and option code (matrix: row id as well).
Trend build_trend(std::vector<TrendWave> waves);

// Whether option `code` (of matrix row `row`, or "") of `question` has a share in some wave:
// present there and not missing-coded. The writers that lay the waves side by side give only
// such options a row.
bool shared_in_any_wave(const Trend& trend, const TrendQuestion& question, std::string_view row,
                        std::string_view code);

// Convenience for tests: every answer set in one go.
Results compute_results(model::QuestionnairePtr questionnaire,
                        const std::vector<Answers>& responses, const model::Question* by = nullptr);

}  // namespace otos::analysis
