// The importer's pure part: a CSV shaped like the export (header of variable names; id,
// submitted_at, version and lang optional) -> checked NewResponse rows, or every problem as
// `ROW:COLUMN: message` (ROW 1 is the header, as a spreadsheet numbers it). Each row becomes a
// JsonObject and goes through otos::answers::check_answers, the API's own checks.
// Stores nothing: the caller inserts all rows in one transaction only when there is no error.
// Imported rows get new ids and submission times from the store (the CSV's id/submitted_at are
// read but not kept).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/questionnaire.h"
#include "engine/storage/store.h"

namespace otos::analysis {

struct ImportError {
  size_t row = 0;
  std::string column;  // header name, or "" for the whole row
  std::string message;
  std::string render() const;  // "ROW:COLUMN: message"
};

struct ImportResult {
  std::vector<storage::NewResponse> responses;
  std::vector<ImportError> errors;  // in row order; at most `max_errors`
  bool ok() const { return errors.empty(); }
};

// `progress(rows_done, bytes_done, bytes_total)` is called now and then (may be empty).
ImportResult parse_import(const model::Questionnaire& q, std::string_view csv,
                          const std::function<void(size_t, size_t, size_t)>& progress = {},
                          size_t max_errors = 1000);

}  // namespace otos::analysis
