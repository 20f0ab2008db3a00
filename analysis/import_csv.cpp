// CSV rows -> raw JSON answers -> check_answers -> NewResponse.
#include "analysis/import_csv.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>

#include "analysis/csv.h"
#include "analysis/export_layout.h"
#include "engine/answers/answer_check.h"
#include "engine/answers/value_checks.h"
#include "engine/common/json_value.h"
#include "engine/packed/packed_answers.h"

namespace otos::analysis {
namespace {

enum class Fixed { None, Id, SubmittedAt, Version, Lang };

struct Slot {
  Fixed fixed = Fixed::None;
  const ExportColumn* column = nullptr;
};

// A number cell. In a file separated by ';' or tabs, a spreadsheet's "12,5" and "125 000" (a
// space or no-break space between thousands) too; in a comma-separated file a comma in a number
// would be ambiguous.
bool parse_number(const std::string& s, char delimiter, double* out) {
  long long i = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), i);
  if (ec == std::errc() && p == s.data() + s.size()) {
    *out = static_cast<double>(i);
    return true;
  }
  char* end = nullptr;
  const double d = std::strtod(s.c_str(), &end);
  if (!s.empty() && end == s.c_str() + s.size() && std::isfinite(d)) {
    *out = d;
    return true;
  }
  if (delimiter == ',') return false;
  const std::optional<double> local = answers::parse_form_number(s, answers::Lang::Fi);
  if (!local) return false;
  *out = *local;
  return true;
}

// A date cell: YYYY-MM-DD as exported, or D.M.YYYY as Finnish and Swedish spreadsheets write
// dates (turned into YYYY-MM-DD; the answer check then asks for a real calendar day).
std::string date_cell(const std::string& cell) {
  const size_t first = cell.find('.'), second = cell.find('.', first + 1);
  if (first == std::string::npos || second == std::string::npos || first < 1 || first > 2 ||
      second - first < 2 || second - first > 3 || cell.size() - second != 5) {
    return cell;
  }
  for (size_t i = 0; i < cell.size(); ++i) {
    if (i != first && i != second && (cell[i] < '0' || cell[i] > '9')) return cell;
  }
  auto two = [](std::string part) { return part.size() == 1 ? "0" + part : part; };
  return cell.substr(second + 1) + "-" + two(cell.substr(first + 1, second - first - 1)) + "-" +
         two(cell.substr(0, first));
}

}  // namespace

std::string ImportError::render() const {
  return std::to_string(row) + ":" + column + ": " + message;
}

ImportResult parse_import(const model::Questionnaire& q, std::string_view csv,
                          const std::function<void(size_t, size_t, size_t)>& progress,
                          size_t max_errors) {
  ImportResult out;
  const std::vector<ExportColumn> cols = export_columns(q, q.default_language());
  std::map<std::string, const ExportColumn*, std::less<>> by_name;
  for (const auto& c : cols) by_name.emplace(c.name, &c);
  auto fail = [&](size_t row, std::string column, std::string message) {
    if (out.errors.size() < max_errors)
      out.errors.push_back({row, std::move(column), std::move(message)});
  };

  CsvReader reader(csv, detect_csv_delimiter(csv));
  std::string error;
  auto header = reader.next(&error);
  if (!header) {
    fail(1, "", error.empty() ? "the file is empty: expected a header row" : error);
    return out;
  }
  std::vector<Slot> slots;
  std::map<std::string, int> seen;
  for (const auto& name : *header) {
    Slot s;
    if (name == "id")
      s.fixed = Fixed::Id;
    else if (name == "submitted_at")
      s.fixed = Fixed::SubmittedAt;
    else if (name == "version")
      s.fixed = Fixed::Version;
    else if (name == "lang")
      s.fixed = Fixed::Lang;
    else if (auto it = by_name.find(name); it != by_name.end())
      s.column = it->second;
    else
      fail(1, name, "unknown column: not a variable of " + q.key());
    if (++seen[name] == 2) fail(1, name, "column appears twice");
    slots.push_back(s);
  }
  if (!out.errors.empty()) return out;

  answers::CheckOptions options;
  options.lang = "en";
  size_t rows = 0;
  const int64_t layout = packed::layout_of(q);
  while (true) {
    error.clear();
    auto rec = reader.next(&error);
    if (!rec) {
      if (!error.empty()) fail(reader.record(), "", error);
      break;
    }
    const size_t rowno = reader.record();
    if (rec->size() == 1 && (*rec)[0].empty()) continue;  // a blank line
    if (rec->size() != slots.size()) {
      fail(rowno, "",
           "expected " + std::to_string(slots.size()) + " cells, found " +
               std::to_string(rec->size()));
      continue;
    }
    JsonObject raw;
    std::map<std::string, JsonArray> multi;
    std::map<std::string, JsonObject> matrix;
    storage::NewResponse resp;
    resp.survey = q.id;
    resp.version = q.version;
    resp.lang = q.default_language();
    bool row_ok = true;
    for (size_t i = 0; i < slots.size(); ++i) {
      const std::string& cell = (*rec)[i];
      const Slot& s = slots[i];
      const std::string& name = (*header)[i];
      if (s.fixed == Fixed::Lang) {
        if (!cell.empty()) {
          bool known = false;
          for (const auto& l : q.languages) known = known || l == cell;
          if (!known) {
            fail(rowno, name, "'" + cell + "' is not a language of " + q.key());
            row_ok = false;
          }
          resp.lang = cell;
        }
        continue;
      }
      if (s.fixed == Fixed::Version) {
        if (!cell.empty() && cell != std::to_string(q.version)) {
          fail(rowno, name, "version " + cell + " does not match the wave " + q.key());
          row_ok = false;
        }
        continue;
      }
      if (s.fixed != Fixed::None || cell.empty()) continue;
      const ExportColumn& c = *s.column;
      switch (c.kind) {
        case ColumnKind::Code:
          raw.append_unsorted(c.question->id, cell);
          break;
        case ColumnKind::Date:
          raw.append_unsorted(c.question->id, date_cell(cell));
          break;
        case ColumnKind::Text:
          raw.append_unsorted(c.question->id, unguard_csv_text(cell));
          break;
        case ColumnKind::Number: {
          double v = 0;
          if (!parse_number(cell, reader.delimiter(), &v)) {
            fail(rowno, name, "'" + cell + "' is not a number");
            row_ok = false;
          } else {
            raw.append_unsorted(c.question->id, v);
          }
          break;
        }
        case ColumnKind::Flag: {
          if (cell != "0" && cell != "1") {
            fail(rowno, name, "expected 0 or 1, found '" + cell + "'");
            row_ok = false;
            break;
          }
          auto& arr = multi[c.question->id];
          if (cell == "1") arr.emplace_back(c.option->code);
          break;
        }
        case ColumnKind::MatrixRow: {
          matrix[c.question->id].set(c.row->id, cell);
          break;
        }
      }
    }
    // A multi_choice whose flags are all 0 is an empty array: unanswered for the checks.
    for (auto& [id, arr] : multi) raw.append_unsorted(id, std::move(arr));
    for (auto& [id, obj] : matrix) raw.append_unsorted(id, std::move(obj));
    raw.sort_members();  // once per row: columns come in question order, not by id
    if (!row_ok) continue;
    answers::CheckResult checked = answers::check_answers(q, raw, options);
    if (!checked.ok()) {
      for (const auto& e : checked.errors) fail(rowno, e.question, e.message);
      continue;
    }
    resp.answers_json = answers_to_json(checked.answers);
    resp.layout = layout;
    resp.packed = packed::pack(q, checked.answers);
    out.responses.push_back(std::move(resp));
    if (progress && (++rows & 1023) == 0) progress(rows, reader.position(), csv.size());
  }
  if (!out.errors.empty()) out.responses.clear();
  return out;
}

}  // namespace otos::analysis
