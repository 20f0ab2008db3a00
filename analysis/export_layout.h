// The shape of an export: one column per answer field and the codebook that describes them.
// Columns after the fixed id, submitted_at, version, lang: single_choice/likert/number/text/date
// one column named after the question; multi_choice one 0/1 column per option `q__code`
// (empty when the question is unanswered); matrix one column per row `q__row` holding the code.
// Shared by every export format and by the importer. No I/O here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analysis/flat_answers.h"
#include "engine/common/answer_value.h"
#include "engine/model/questionnaire.h"
#include "engine/packed/packed_answers.h"

namespace otos::analysis {

enum class ColumnKind { Code, Flag, MatrixRow, Number, Text, Date };

struct ExportColumn {
  std::string name;  // variable name
  const model::Question* question = nullptr;
  ColumnKind kind = ColumnKind::Text;
  const model::Option* option = nullptr;  // Flag: the option
  const model::MatrixRow* row = nullptr;  // MatrixRow: the row
  std::string label;                      // variable label in the chosen language
};

inline constexpr std::string_view kFixedColumns[] = {"id", "submitted_at", "version", "lang"};

std::vector<ExportColumn> export_columns(const model::Questionnaire& q, const std::string& lang);

// The cell text of `column` for `answers` ("" when unanswered). Numbers in shortest exact form.
void append_cell_value(std::string& out, const ExportColumn& column, const Answers& answers);
// The same from a FlatAnswers decoded from stored JSON (the export's fast path).
void append_cell_value(std::string& out, const ExportColumn& column, const FlatAnswers& answers);
// The same from answers packed for this wave (the export's fastest path).
void append_cell_value(std::string& out, const ExportColumn& column,
                       const packed::PackedReader& answers);

struct CodebookEntry {
  std::string variable, question, text, type, codes, missing_codes;
};
// codes: "code=label; code=label"; missing_codes: "code; code" (multi_choice flags: "0=no; 1=yes").
std::vector<CodebookEntry> codebook(const std::vector<ExportColumn>& columns,
                                    const std::string& lang, const model::Questionnaire& q);

}  // namespace otos::analysis
