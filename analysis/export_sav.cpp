// SPSS .sav export through ReadStat's writer. Buffers the rows first: the .sav header needs the
// row count and every string variable's width before the first row.
#include <readstat.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "analysis/export.h"

namespace otos::analysis {
namespace {

struct SinkCtx {
  const Sink* sink;
};

ssize_t write_bytes(const void* data, size_t len, void* ctx) {
  (*static_cast<SinkCtx*>(ctx)->sink)(std::string_view(static_cast<const char*>(data), len));
  return static_cast<ssize_t>(len);
}

// SPSS variable names: letters, digits, _ . @ # $; starting with a letter; at most 64 bytes.
std::string spss_name(const std::string& name) {
  std::string out;
  for (char c : name) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' ||
                    c == '@' || c == '#' || c == '$' || (static_cast<unsigned char>(c) >= 0x80);
    out += ok ? c : '_';
  }
  if (out.empty() || !std::isalpha(static_cast<unsigned char>(out[0]))) out = "v" + out;
  if (out.size() > 64) out.resize(64);
  return out;
}

std::optional<double> as_integer(const std::string& code) {
  int v = 0;
  auto [p, ec] = std::from_chars(code.data(), code.data() + code.size(), v);
  if (ec != std::errc() || p != code.data() + code.size()) return std::nullopt;
  return static_cast<double>(v);
}

// The numeric value of each option of a choice question (see export.h).
std::vector<double> option_values(const model::Question& q) {
  std::vector<double> out;
  for (const auto& o : q.options) {
    auto v = as_integer(o.code);
    if (!v) {
      out.clear();
      for (size_t i = 0; i < q.options.size(); ++i) out.push_back(static_cast<double>(i + 1));
      return out;
    }
    out.push_back(*v);
  }
  return out;
}

enum class SavType { Number, String };

struct SavColumn {
  std::string name, label;
  SavType type = SavType::String;
  const ExportColumn* source = nullptr;  // null for the fixed columns
  std::vector<double> values;            // Code / MatrixRow: option values
  size_t width = 1;
};

}  // namespace

std::string export_sav(const model::Questionnaire& q, const std::string& lang,
                       const RowSource& rows, const Sink& sink) {
  const std::vector<ExportColumn> cols = export_columns(q, lang);
  std::vector<SavColumn> sav;
  sav.push_back({"id", "response id", SavType::String, nullptr, {}, 1});
  sav.push_back({"submitted_at", "submission time (UTC)", SavType::String, nullptr, {}, 1});
  sav.push_back({"version", "questionnaire version", SavType::Number, nullptr, {}, 1});
  sav.push_back({"lang", "language", SavType::String, nullptr, {}, 1});
  for (const auto& c : cols) {
    SavColumn s{spss_name(c.name), c.label, SavType::Number, &c, {}, 1};
    if (c.kind == ColumnKind::Text || c.kind == ColumnKind::Date) s.type = SavType::String;
    if (c.kind == ColumnKind::Code || c.kind == ColumnKind::MatrixRow)
      s.values = option_values(*c.question);
    sav.push_back(std::move(s));
  }

  // Buffer every row as cells: numbers as doubles (NaN = system missing), strings as text.
  struct Cell {
    double number = NAN;
    std::string text;
  };
  std::vector<std::vector<Cell>> data;
  std::string buf;
  rows([&](const storage::ResponseRow& r, const Answers& answers) {
    std::vector<Cell> row(sav.size());
    row[0].text = r.id;
    row[1].text = r.submitted_at;
    row[2].number = r.version;
    row[3].text = r.lang;
    for (size_t i = 4; i < sav.size(); ++i) {
      const SavColumn& s = sav[i];
      buf.clear();
      append_cell_value(buf, *s.source, answers);
      if (s.type == SavType::String) {
        row[i].text = buf;
      } else if (buf.empty()) {
        // system missing
      } else if (!s.values.empty()) {
        const model::Question& question = *s.source->question;
        for (size_t k = 0; k < question.options.size(); ++k)
          if (question.options[k].code == buf) row[i].number = s.values[k];
      } else {
        row[i].number = std::strtod(buf.c_str(), nullptr);
      }
    }
    for (size_t i = 0; i < sav.size(); ++i)
      if (sav[i].type == SavType::String) sav[i].width = std::max(sav[i].width, row[i].text.size());
    data.push_back(std::move(row));
  });

  readstat_writer_t* writer = readstat_writer_init();
  readstat_set_data_writer(writer, write_bytes);
  const std::string file_label = q.title.in(lang, q.default_language());
  readstat_writer_set_file_label(writer, file_label.substr(0, 64).c_str());
  std::vector<readstat_variable_t*> vars;
  int set_no = 0;
  for (const auto& s : sav) {
    readstat_variable_t* v = readstat_add_variable(
        writer, s.name.c_str(),
        s.type == SavType::Number ? READSTAT_TYPE_DOUBLE : READSTAT_TYPE_STRING,
        s.type == SavType::Number ? 0 : s.width);
    readstat_variable_set_label(v, s.label.c_str());
    if (s.source && s.type == SavType::Number) {
      const std::string& def = q.default_language();
      if (!s.values.empty()) {
        const model::Question& question = *s.source->question;
        readstat_label_set_t* set = readstat_add_label_set(
            writer, READSTAT_TYPE_DOUBLE, ("labels" + std::to_string(set_no++)).c_str());
        for (size_t k = 0; k < question.options.size(); ++k) {
          readstat_label_double_value(set, s.values[k],
                                      question.options[k].label.in(lang, def).c_str());
          if (question.options[k].missing)
            readstat_variable_add_missing_double_value(v, s.values[k]);
        }
        readstat_variable_set_label_set(v, set);
      } else if (s.source->kind == ColumnKind::Flag) {
        readstat_label_set_t* set = readstat_add_label_set(
            writer, READSTAT_TYPE_DOUBLE, ("labels" + std::to_string(set_no++)).c_str());
        readstat_label_double_value(set, 0, "not chosen");
        readstat_label_double_value(set, 1, "chosen");
        readstat_variable_set_label_set(v, set);
      }
    }
    vars.push_back(v);
  }
  SinkCtx ctx{&sink};
  readstat_error_t err = readstat_begin_writing_sav(writer, &ctx, static_cast<long>(data.size()));
  for (size_t r = 0; r < data.size() && err == READSTAT_OK; ++r) {
    err = readstat_begin_row(writer);
    for (size_t i = 0; i < sav.size() && err == READSTAT_OK; ++i) {
      const Cell& c = data[r][i];
      if (sav[i].type == SavType::String)
        err = readstat_insert_string_value(writer, vars[i], c.text.c_str());
      else if (std::isnan(c.number))
        err = readstat_insert_missing_value(writer, vars[i]);
      else
        err = readstat_insert_double_value(writer, vars[i], c.number);
    }
    if (err == READSTAT_OK) err = readstat_end_row(writer);
  }
  if (err == READSTAT_OK) err = readstat_end_writing(writer);
  readstat_writer_free(writer);
  return err == READSTAT_OK ? "" : std::string("cannot write .sav: ") + readstat_error_message(err);
}

}  // namespace otos::analysis
