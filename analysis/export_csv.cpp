// CSV and JSON exports and the codebook CSV (streaming through a Sink in ~1 MiB chunks).
#include "analysis/csv.h"
#include "analysis/export.h"

namespace otos::analysis {
namespace {
constexpr size_t kChunk = 1 << 20;
}

namespace {

class CsvWriter {
 public:
  CsvWriter(const model::Questionnaire& q, const std::string& lang, const Sink& sink)
      : cols_(export_columns(q, lang)), sink_(sink) {
    out_.reserve(kChunk + 64 * 1024);
    bool first = true;
    for (auto f : kFixedColumns) {
      if (!first) out_ += ',';
      first = false;
      append_csv_text(out_, f);
    }
    for (const auto& c : cols_) {
      out_ += ',';
      append_csv_text(out_, c.name);
    }
    out_ += "\r\n";
  }

  // R: storage::ResponseRow or storage::PackedRow; A: FlatAnswers, Answers or PackedReader.
  template <typename R, typename A>
  void row(const R& r, const A& answers) {
    append_csv_text(out_, r.id);
    out_ += ',';
    append_csv_text(out_, r.submitted_at);
    out_ += ',';
    out_ += std::to_string(r.version);
    out_ += ',';
    append_csv_text(out_, r.lang);
    for (const auto& c : cols_) {
      out_ += ',';
      // Written in place, then guarded or quoted only if it must be: numbers and flags never.
      const size_t at = out_.size();
      append_cell_value(out_, c, answers);
      if (c.kind != ColumnKind::Number && c.kind != ColumnKind::Flag) escape_csv_tail(out_, at);
    }
    out_ += "\r\n";
    if (out_.size() >= kChunk) {
      sink_(out_);
      out_.clear();
    }
  }

  void finish() {
    if (!out_.empty()) sink_(out_);
    out_.clear();
  }

 private:
  std::vector<ExportColumn> cols_;
  const Sink& sink_;
  std::string out_;
};

}  // namespace

void export_csv(const model::Questionnaire& q, const std::string& lang, const RowSource& rows,
                const Sink& sink) {
  CsvWriter w(q, lang, sink);
  rows([&](const storage::ResponseRow& r, const Answers& answers) { w.row(r, answers); });
  w.finish();
}

void export_csv_stored(const model::Questionnaire& q, const std::string& lang,
                       const StoredRowSource& rows, const Sink& sink) {
  CsvWriter w(q, lang, sink);
  FlatAnswers flat;
  rows([&](const storage::ResponseRow& r) {
    if (flat.decode(r.answers_json)) w.row(r, flat);
  });
  w.finish();
}

void export_csv_packed(const model::Questionnaire& q, const std::string& lang,
                       storage::Store& store, const Sink& sink) {
  CsvWriter w(q, lang, sink);
  packed::PackedReader reader(q);
  FlatAnswers flat;
  store.scan_packed(q.id, q.version, packed::layout_of(q), [&](const storage::PackedRow& r) {
    if (reader.decode(r.packed)) {
      w.row(r, reader);
      return;
    }
    // Bytes that do not decode (a damaged page, say): this row through its JSON, the truth.
    std::optional<storage::ResponseRow> row = store.find_response(std::string(r.id));
    if (row && flat.decode(row->answers_json)) w.row(*row, flat);
  });
  w.finish();
}

std::string codebook_csv(const model::Questionnaire& q, const std::string& lang) {
  std::string out = "variable,question,text,type,codes,missing_codes\r\n";
  for (const auto& e : codebook(export_columns(q, lang), lang, q)) {
    for (const std::string* cell : {&e.variable, &e.question, &e.text, &e.type, &e.codes}) {
      append_csv_text(out, *cell);
      out += ',';
    }
    append_csv_text(out, e.missing_codes);
    out += "\r\n";
  }
  return out;
}

void export_json(const model::Questionnaire& q, const std::string& lang, const RowSource& rows,
                 const Sink& sink) {
  std::string out = "{\"survey\":";
  append_json_string(out, q.id);
  out += ",\"version\":" + std::to_string(q.version) + ",\"codebook\":[";
  bool first = true;
  for (const auto& e : codebook(export_columns(q, lang), lang, q)) {
    if (!first) out += ',';
    first = false;
    out += "{\"variable\":";
    append_json_string(out, e.variable);
    out += ",\"question\":";
    append_json_string(out, e.question);
    out += ",\"text\":";
    append_json_string(out, e.text);
    out += ",\"type\":";
    append_json_string(out, e.type);
    out += ",\"codes\":";
    append_json_string(out, e.codes);
    out += ",\"missing_codes\":";
    append_json_string(out, e.missing_codes);
    out += '}';
  }
  out += "],\"responses\":[";
  first = true;
  rows([&](const storage::ResponseRow& r, const Answers& answers) {
    if (!first) out += ',';
    first = false;
    out += "{\"id\":";
    append_json_string(out, r.id);
    out += ",\"submitted_at\":";
    append_json_string(out, r.submitted_at);
    out += ",\"version\":" + std::to_string(r.version) + ",\"lang\":";
    append_json_string(out, r.lang);
    out += ",\"answers\":";
    out += answers_to_json(answers);
    out += '}';
    if (out.size() >= kChunk) {
      sink(out);
      out.clear();
    }
  });
  out += "]}";
  sink(out);
}

}  // namespace otos::analysis
