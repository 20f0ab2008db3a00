// xlsx export: a "data" sheet (one row per response) and a "codebook" sheet.
#include <xlsxwriter.h>

#include <cstdlib>

#include "analysis/export.h"

namespace otos::analysis {

std::string export_xlsx(const model::Questionnaire& q, const std::string& lang,
                        const RowSource& rows, const std::string& path) {
  const std::vector<ExportColumn> cols = export_columns(q, lang);
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;  // rows are streamed to a temp file, not held in memory
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
  if (!wb) return "cannot create " + path;
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_worksheet* data = workbook_add_worksheet(wb, "data");
  lxw_worksheet* book = workbook_add_worksheet(wb, "codebook");
  lxw_col_t c = 0;
  for (auto f : kFixedColumns) worksheet_write_string(data, 0, c++, std::string(f).c_str(), bold);
  for (const auto& col : cols) worksheet_write_string(data, 0, c++, col.name.c_str(), bold);
  lxw_row_t r = 1;
  std::string cell;
  rows([&](const storage::ResponseRow& row, const Answers& answers) {
    worksheet_write_string(data, r, 0, row.id.c_str(), nullptr);
    worksheet_write_string(data, r, 1, row.submitted_at.c_str(), nullptr);
    worksheet_write_number(data, r, 2, row.version, nullptr);
    worksheet_write_string(data, r, 3, row.lang.c_str(), nullptr);
    lxw_col_t k = 4;
    for (const auto& col : cols) {
      cell.clear();
      append_cell_value(cell, col, answers);
      if (!cell.empty()) {
        if (col.kind == ColumnKind::Number || col.kind == ColumnKind::Flag)
          worksheet_write_number(data, r, k, std::strtod(cell.c_str(), nullptr), nullptr);
        else
          worksheet_write_string(data, r, k, cell.c_str(), nullptr);
      }
      ++k;
    }
    ++r;
  });
  const char* heads[] = {"variable", "question", "text", "type", "codes", "missing_codes"};
  for (int i = 0; i < 6; ++i) worksheet_write_string(book, 0, i, heads[i], bold);
  lxw_row_t br = 1;
  for (const auto& e : codebook(cols, lang, q)) {
    const std::string* cells[] = {&e.variable, &e.question, &e.text,
                                  &e.type,     &e.codes,    &e.missing_codes};
    for (int i = 0; i < 6; ++i) worksheet_write_string(book, br, i, cells[i]->c_str(), nullptr);
    ++br;
  }
  const lxw_error err = workbook_close(wb);
  return err == LXW_NO_ERROR ? "" : std::string("cannot write xlsx: ") + lxw_strerror(err);
}

}  // namespace otos::analysis
