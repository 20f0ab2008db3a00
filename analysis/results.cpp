// One-pass accumulation of the result tables, suppression and trend notes (see results.h).
#include "analysis/results.h"

#include <algorithm>
#include <set>

namespace otos::analysis {
namespace {

using model::Question;
using model::QuestionType;

ChoiceTable empty_table(const std::vector<model::Option>& options) {
  ChoiceTable t;
  t.options.reserve(options.size());
  for (const auto& o : options) {
    OptionCount c;
    c.code = o.code;
    c.option = &o;
    c.missing = o.missing;
    t.options.push_back(std::move(c));
  }
  return t;
}

// Index of `code` in the table's options, or -1.
int find_code(const ChoiceTable& t, std::string_view code) {
  for (size_t i = 0; i < t.options.size(); ++i)
    if (t.options[i].code == code) return static_cast<int>(i);
  return -1;
}

void finish_table(ChoiceTable& t) {
  for (auto& o : t.options) {
    if (o.missing || t.n == 0) continue;
    o.share = static_cast<double>(o.count) / static_cast<double>(t.n);
    o.ci = wilson(o.count, t.n);
  }
}

bool contains(const std::vector<std::string>& values, std::string_view code) {
  return std::find(values.begin(), values.end(), code) != values.end();
}

// Rules 1 and 2 of suppressed_cells over the cells of one kind (substantive or missing-coded).
void suppress_kind(const std::vector<Cell>& cells, bool missing, int min_cell,
                   std::vector<bool>& out) {
  size_t hidden_non_empty = 0;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (cells[i].missing != missing || cells[i].size >= min_cell) continue;
    out[i] = true;
    if (cells[i].size > 0) ++hidden_non_empty;
  }
  if (hidden_non_empty != 1) return;
  int partner = -1;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (cells[i].missing != missing || out[i]) continue;
    if (partner < 0 || cells[i].size < cells[static_cast<size_t>(partner)].size)
      partner = static_cast<int>(i);
  }
  if (partner >= 0) out[static_cast<size_t>(partner)] = true;
}

// Whether `ind` (on a `groups:` question whose table is `t`) counts a suppressed code.
bool counts_suppressed(const std::vector<char>& hit, const ChoiceTable& t) {
  for (size_t j = 0; j < hit.size() && j < t.options.size(); ++j)
    if (hit[j] && t.options[j].suppressed) return true;
  return false;
}

void suppress_indicator(IndicatorResult& ind) {
  ind.suppressed = true;
  ind.count = 0;
  ind.share = 0;
  ind.ci = {};
}

}  // namespace

TablesBuilder::TablesBuilder(const model::Questionnaire& questionnaire) {
  for (const Question* q : questionnaire.questions())
    if (q->asks()) questions_.push_back(q);
  const size_t n = questions_.size();
  choice_.resize(n);
  rows_.resize(n);
  numbers_.resize(n);
  dates_.resize(n);
  texts_.assign(n, 0);
  matrix_.assign(n, {0, 0});
  indicators_of_.resize(n);
  slot_of_order_.assign(questionnaire.questions().size(), -1);
  grouping_.assign(n, 0);
  min_cell_ = questionnaire.min_cell;
  for (size_t i = 0; i < n; ++i) {
    const Question& q = *questions_[i];
    index_.emplace(q.id, i);
    slot_of_order_[q.order] = static_cast<int32_t>(i);
    grouping_[i] = contains(questionnaire.groups, q.id);
    if (q.type == QuestionType::Matrix) {
      for (size_t r = 0; r < q.rows.size(); ++r) rows_[i].push_back(empty_table(q.options));
    } else {
      choice_[i] = empty_table(q.options);
    }
  }
  for (const auto& ind : questionnaire.indicators) {
    IndicatorResult r;
    r.indicator = &ind;
    auto it = index_.find(ind.question);
    std::vector<char> hit;
    if (it != index_.end()) {
      indicators_of_[it->second].push_back(indicators_.size());
      for (const auto& o : questions_[it->second]->options)
        hit.push_back(!o.missing && contains(ind.values, o.code));
    }
    indicators_.push_back(r);
    indicator_hit_.push_back(std::move(hit));
  }
}

// The string forms (answers from JSON or typed Answers) resolve codes and rows to indexes and
// count through the index forms below, so both paths share one set of rules.
void TablesBuilder::on_code(size_t i, std::string_view code) {
  if (!questions_[i]->is_single_coded()) return;
  const int j = find_code(choice_[i], code);
  if (j >= 0) on_code_index(i, static_cast<uint32_t>(j));  // an unknown code is not counted
}

void TablesBuilder::on_codes(size_t i, const CodeList& codes) {
  if (questions_[i]->type != QuestionType::MultiChoice) return;
  indexes_.clear();
  for (std::string_view code : codes) {
    const int j = find_code(choice_[i], code);
    if (j >= 0) indexes_.push_back(static_cast<uint32_t>(j));
  }
  on_codes_index(i, indexes_.data(), static_cast<uint32_t>(indexes_.size()));
}

void TablesBuilder::on_matrix(size_t i, const CellList& cells) {
  const Question& q = *questions_[i];
  if (q.type != QuestionType::Matrix) return;
  indexes_.clear();
  for (const auto& [row, code] : cells) {
    for (size_t r = 0; r < q.rows.size(); ++r) {
      if (q.rows[r].id != row) continue;
      const int j = find_code(rows_[i][r], code);
      if (j >= 0) {
        indexes_.push_back(static_cast<uint32_t>(r));
        indexes_.push_back(static_cast<uint32_t>(j));
      }
      break;
    }
  }
  on_matrix_index(i, indexes_.data(), static_cast<uint32_t>(indexes_.size() / 2));
}

void TablesBuilder::on_number(size_t i, double v) {
  if (questions_[i]->type == QuestionType::Number) numbers_[i].add(v);
}

void TablesBuilder::on_string(size_t i, std::string_view s) {
  switch (questions_[i]->type) {
    case QuestionType::SingleChoice:
    case QuestionType::Likert:
      on_code(i, s);
      break;
    case QuestionType::Date: {
      DateSummary& d = dates_[i];
      if (d.n == 0 || s < d.min) d.min = s;
      if (d.n == 0 || s > d.max) d.max = s;
      ++d.n;
      break;
    }
    case QuestionType::Text:
      if (!s.empty()) ++texts_[i];
      break;
    default:
      break;
  }
}

void TablesBuilder::add(const Answers& answers) {
  ++responses_;
  for (const auto& [id, v] : answers) {
    auto it = index_.find(id);
    if (it == index_.end()) continue;
    const size_t i = it->second;
    if (const auto* s = std::get_if<std::string>(&v)) {
      on_string(i, *s);
    } else if (const auto* c = std::get_if<Codes>(&v)) {
      codes_.assign(c->begin(), c->end());
      on_codes(i, codes_);
    } else if (const auto* m = std::get_if<MatrixAnswer>(&v)) {
      cells_.clear();
      for (const auto& [row, code] : *m) cells_.emplace_back(row, code);
      on_matrix(i, cells_);
    } else if (const auto* d = std::get_if<double>(&v)) {
      on_number(i, *d);
    }
  }
}

void TablesBuilder::add(const FlatAnswers& answers) {
  ++responses_;
  for (const FlatValue& v : answers.values()) {
    auto it = index_.find(v.key);
    if (it == index_.end()) continue;
    const size_t i = it->second;
    switch (v.kind) {
      case FlatKind::String:
        on_string(i, v.text);
        break;
      case FlatKind::Number:
        on_number(i, v.number);
        break;
      case FlatKind::Codes:
        codes_.clear();
        for (uint32_t k = 0; k < v.count; ++k) codes_.push_back(answers.item(v.first + k));
        on_codes(i, codes_);
        break;
      case FlatKind::Matrix:
        cells_.clear();
        for (uint32_t k = 0; k < v.count; ++k)
          cells_.emplace_back(answers.item(v.first + 2 * k), answers.item(v.first + 2 * k + 1));
        on_matrix(i, cells_);
        break;
    }
  }
}

void TablesBuilder::on_code_index(size_t i, uint32_t option) {
  if (!questions_[i]->is_single_coded()) return;
  ChoiceTable& t = choice_[i];
  OptionCount& o = t.options[option];
  ++o.count;
  if (o.missing) {
    ++t.missing;
    return;
  }
  ++t.n;
  for (size_t k : indicators_of_[i]) {
    IndicatorResult& r = indicators_[k];
    ++r.n;
    if (indicator_hit_[k][option]) ++r.count;
  }
}

void TablesBuilder::on_codes_index(size_t i, const uint32_t* options, uint32_t count) {
  if (questions_[i]->type != QuestionType::MultiChoice) return;
  ChoiceTable& t = choice_[i];
  bool substantive = false, missing = false;
  for (uint32_t k = 0; k < count; ++k) {
    OptionCount& o = t.options[options[k]];
    ++o.count;
    (o.missing ? missing : substantive) = true;
  }
  if (substantive)
    ++t.n;
  else if (missing)
    ++t.missing;
  for (size_t k : indicators_of_[i]) {
    IndicatorResult& r = indicators_[k];
    bool hit = false;
    for (uint32_t j = 0; j < count; ++j) hit = hit || indicator_hit_[k][options[j]];
    if (substantive) ++r.n;
    if (hit) ++r.count;
  }
}

void TablesBuilder::on_matrix_index(size_t i, const uint32_t* pairs, uint32_t count) {
  const Question& q = *questions_[i];
  if (q.type != QuestionType::Matrix) return;
  bool substantive = false, missing = false;
  for (uint32_t k = 0; k < count; ++k) {
    ChoiceTable& t = rows_[i][pairs[2 * k]];
    OptionCount& o = t.options[pairs[2 * k + 1]];
    ++o.count;
    if (o.missing)
      ++t.missing, missing = true;
    else
      ++t.n, substantive = true;
  }
  if (substantive)
    ++matrix_[i].first;
  else if (missing)
    ++matrix_[i].second;
}

void TablesBuilder::add(const packed::PackedReader& answers) {
  ++responses_;
  for (const packed::PackedValue& v : answers.values()) {
    const int32_t slot = slot_of_order_[v.question];
    if (slot < 0) continue;
    const size_t i = static_cast<size_t>(slot);
    switch (questions_[i]->type) {
      case QuestionType::SingleChoice:
      case QuestionType::Likert:
        on_code_index(i, v.code);
        break;
      case QuestionType::MultiChoice:
        on_codes_index(i, answers.items(v.first), v.count);
        break;
      case QuestionType::Matrix:
        on_matrix_index(i, answers.items(v.first), v.count);
        break;
      case QuestionType::Number:
        on_number(i, v.number);
        break;
      case QuestionType::Date:
      case QuestionType::Text:
        on_string(i, v.text);
        break;
      case QuestionType::Info:
        break;
    }
  }
}

Tables TablesBuilder::finish() {
  Tables out;
  out.responses = responses_;
  for (size_t i = 0; i < questions_.size(); ++i) {
    const Question& q = *questions_[i];
    QuestionResult r;
    r.question = &q;
    switch (q.type) {
      case QuestionType::SingleChoice:
      case QuestionType::Likert:
      case QuestionType::MultiChoice:
        r.choice = std::move(choice_[i]);
        finish_table(r.choice);
        // A grouping question's counts are group sizes: suppressed like the groups of --by, in
        // every table (overall, each group's, each wave's), or they would publish them.
        if (grouping_[i]) suppress_options(r.choice, min_cell_);
        r.n = r.choice.n;
        r.missing = r.choice.missing;
        break;
      case QuestionType::Matrix:
        for (size_t k = 0; k < q.rows.size(); ++k) {
          finish_table(rows_[i][k]);
          r.rows.emplace_back(q.rows[k].id, std::move(rows_[i][k]));
        }
        // A matrix's n: respondents with at least one substantive row; missing: the others
        // who answered only with missing codes. Each row has its own n and missing.
        r.n = matrix_[i].first;
        r.missing = matrix_[i].second;
        break;
      case QuestionType::Number:
        r.number = numbers_[i].summarise();
        r.n = r.number.n;
        break;
      case QuestionType::Date:
        r.date = dates_[i];
        r.n = r.date.n;
        break;
      case QuestionType::Text:
        r.n = texts_[i];
        break;
      case QuestionType::Info:
        break;
    }
    out.questions.push_back(std::move(r));
  }
  for (auto& ind : indicators_) {
    if (ind.n > 0) {
      ind.share = static_cast<double>(ind.count) / static_cast<double>(ind.n);
      ind.ci = wilson(ind.count, ind.n);
    }
    out.indicators.push_back(ind);
  }
  // An indicator on a grouping question adds up group sizes: with a hidden one among them it
  // would give it away (or its sum with the partner), so it is hidden whole.
  for (size_t i = 0; i < questions_.size(); ++i) {
    if (!grouping_[i]) continue;
    for (size_t k : indicators_of_[i])
      if (counts_suppressed(indicator_hit_[k], out.questions[i].choice))
        suppress_indicator(out.indicators[k]);
  }
  return out;
}

ResultsBuilder::ResultsBuilder(model::QuestionnairePtr questionnaire, const model::Question* by)
    : questionnaire_(std::move(questionnaire)), by_(by), overall_(*questionnaire_) {
  if (by_) {
    for (size_t i = 0; i < by_->options.size(); ++i) groups_.emplace_back(*questionnaire_);
    group_responses_.assign(by_->options.size(), 0);
  }
}

int ResultsBuilder::group_of(std::string_view code) const {
  for (size_t i = 0; i < by_->options.size(); ++i)
    if (by_->options[i].code == code) return static_cast<int>(i);
  return -1;
}

void ResultsBuilder::add(const Answers& answers) {
  overall_.add(answers);
  if (!by_) return;
  auto it = answers.find(by_->id);
  const auto* code = it == answers.end() ? nullptr : std::get_if<std::string>(&it->second);
  const int g = code ? group_of(*code) : -1;
  if (g < 0) {
    ++by_unanswered_;
    return;
  }
  ++group_responses_[static_cast<size_t>(g)];
  groups_[static_cast<size_t>(g)].add(answers);
}

void ResultsBuilder::add(const FlatAnswers& answers) {
  overall_.add(answers);
  if (!by_) return;
  const FlatValue* v = answers.find(by_->id);
  const int g = v && v->kind == FlatKind::String ? group_of(v->text) : -1;
  if (g < 0) {
    ++by_unanswered_;
    return;
  }
  ++group_responses_[static_cast<size_t>(g)];
  groups_[static_cast<size_t>(g)].add(answers);
}

void ResultsBuilder::add(const packed::PackedReader& answers) {
  overall_.add(answers);
  if (!by_) return;
  const packed::PackedValue* v = answers.find(by_->order);
  if (!v) {
    ++by_unanswered_;
    return;
  }
  ++group_responses_[v->code];  // by_ is single-coded: the option index is the group
  groups_[v->code].add(answers);
}

Results ResultsBuilder::finish() {
  Results out;
  out.questionnaire = questionnaire_;
  out.overall = overall_.finish();
  if (by_) {
    ByResult by;
    by.question = by_;
    by.unanswered = by_unanswered_;
    for (size_t i = 0; i < groups_.size(); ++i) {
      GroupResult g;
      g.code = by_->options[i].code;
      g.option = &by_->options[i];
      g.responses = group_responses_[i];
      g.tables = groups_[i].finish();
      by.groups.push_back(std::move(g));
    }
    apply_suppression(by, questionnaire_->min_cell);
    out.by = std::move(by);
  }
  return out;
}

std::vector<bool> suppressed_cells(const std::vector<Cell>& cells, int min_cell) {
  std::vector<bool> out(cells.size(), false);
  suppress_kind(cells, false, min_cell, out);
  suppress_kind(cells, true, min_cell, out);
  return out;
}

void apply_suppression(ByResult& by, int min_cell) {
  std::vector<Cell> cells;
  for (const auto& g : by.groups) cells.push_back({g.responses, g.option && g.option->missing});
  const std::vector<bool> hidden = suppressed_cells(cells, min_cell);
  for (size_t i = 0; i < by.groups.size(); ++i) {
    GroupResult& g = by.groups[i];
    g.suppressed = g.suppressed || hidden[i];
    if (g.suppressed) g.tables = Tables{};
  }
}

void suppress_options(ChoiceTable& table, int min_cell) {
  std::vector<Cell> cells;
  for (const auto& o : table.options) cells.push_back({o.count, o.missing});
  const std::vector<bool> hidden = suppressed_cells(cells, min_cell);
  for (size_t i = 0; i < table.options.size(); ++i) {
    if (!hidden[i]) continue;
    OptionCount& o = table.options[i];
    o.suppressed = true;
    o.count = 0;
    o.share = 0;
    o.ci = {};
  }
}

const OptionCount* ChoiceTable::find(std::string_view code) const {
  for (const auto& o : options)
    if (o.code == code) return &o;
  return nullptr;
}

const ChoiceTable* Tables::find_table(std::string_view id, std::string_view row) const {
  for (const auto& r : questions) {
    if (r.question->id != id) continue;
    if (row.empty()) return &r.choice;
    for (const auto& [row_id, table] : r.rows)
      if (row_id == row) return &table;
    return nullptr;
  }
  return nullptr;
}

bool shared_in_any_wave(const Trend& trend, const TrendQuestion& question, std::string_view row,
                        std::string_view code) {
  for (const auto& w : trend.waves) {
    const ChoiceTable* t = w.tables.find_table(question.id, row);
    const OptionCount* o = t ? t->find(code) : nullptr;
    if (o && !o->missing) return true;
  }
  return false;
}

Trend build_trend(std::vector<TrendWave> waves) {
  std::stable_sort(waves.begin(), waves.end(), [](const TrendWave& a, const TrendWave& b) {
    return a.questionnaire->version < b.questionnaire->version;
  });
  Trend trend;
  // Union of question ids and option codes (and indicator ids), newest wave's order first.
  std::vector<std::string> question_ids, indicator_ids;
  std::set<std::string> seen_q, seen_i;
  for (auto w = waves.rbegin(); w != waves.rend(); ++w) {
    for (const Question* q : w->questionnaire->questions())
      if (q->asks() && seen_q.insert(q->id).second) question_ids.push_back(q->id);
    for (const auto& ind : w->questionnaire->indicators)
      if (seen_i.insert(ind.id).second) indicator_ids.push_back(ind.id);
  }
  for (const auto& qid : question_ids) {
    std::vector<std::string> codes, row_ids;
    std::set<std::string> seen_c, seen_r;
    for (auto w = waves.rbegin(); w != waves.rend(); ++w) {
      if (const Question* q = w->questionnaire->find_question(qid)) {
        for (const auto& o : q->options)
          if (seen_c.insert(o.code).second) codes.push_back(o.code);
        for (const auto& r : q->rows)
          if (seen_r.insert(r.id).second) row_ids.push_back(r.id);
      }
    }
    for (const auto& w : waves) {
      const int v = w.questionnaire->version;
      const Question* q = w.questionnaire->find_question(qid);
      if (!q) {
        trend.notes.push_back(
            {v, qid, "", "question '" + qid + "' is not in wave " + std::to_string(v)});
        continue;
      }
      for (const auto& code : codes)
        if (!q->find_option(code))
          trend.notes.push_back({v, qid, code,
                                 "option '" + code + "' of question '" + qid + "' is not in wave " +
                                     std::to_string(v)});
      for (const auto& row : row_ids)
        if (!q->find_row(row))
          trend.notes.push_back(
              {v, qid, row,
               "row '" + row + "' of question '" + qid + "' is not in wave " + std::to_string(v)});
    }
    trend.questions.push_back({qid, std::move(row_ids), std::move(codes)});
  }
  for (const auto& iid : indicator_ids) {
    for (const auto& w : waves) {
      bool found = false;
      for (const auto& ind : w.questionnaire->indicators) found = found || ind.id == iid;
      if (!found) {
        const int v = w.questionnaire->version;
        trend.notes.push_back(
            {v, iid, "", "indicator '" + iid + "' is not in wave " + std::to_string(v)});
      }
    }
  }
  trend.indicators = std::move(indicator_ids);
  trend.waves = std::move(waves);
  return trend;
}

Results compute_results(model::QuestionnairePtr questionnaire,
                        const std::vector<Answers>& responses, const model::Question* by) {
  ResultsBuilder builder(std::move(questionnaire), by);
  for (const auto& a : responses) builder.add(a);
  return builder.finish();
}

}  // namespace otos::analysis
