// RFC 4180 CSV: writing cells (quoting, formula-injection guard) and reading records.
// UTF-8 in, UTF-8 out; no knowledge of questionnaires.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace otos::analysis {

// Appends one text cell. A cell that starts with = + - @ (or a tab or CR, which spreadsheets
// also treat as formula starts), or with ' before such a start, is prefixed with ' so a
// spreadsheet shows it as text. The cell
// is quoted when it holds , " CR or LF (quotes doubled).
void append_csv_text(std::string& out, std::string_view cell);
// The same for a cell already appended raw to `out` from byte `from` on: rewritten only when it
// needs the guard or quotes (for writers that append values in place and rarely need either).
void escape_csv_tail(std::string& out, size_t from);
// Appends a cell that is a number already formatted: never guarded (a negative number is a number).
void append_csv_number(std::string& out, std::string_view formatted);
// Undoes the guard for a cell read back: "'=x" -> "=x", "''=x" -> "'=x" (only what
// append_csv_text guarded: the two are exact inverses).
std::string unguard_csv_text(std::string_view cell);

// The delimiter of a CSV text, read off its first line: ';' or a tab when that line holds more
// of it (outside quotes) than commas, else ','. Spreadsheets in Finnish and Swedish save "CSV"
// with semicolons (the comma is their decimal mark).
char detect_csv_delimiter(std::string_view text);

// Reads records from a whole text (RFC 4180: quoted fields may hold the delimiter, quotes,
// newlines; CRLF or LF line ends; a UTF-8 BOM at the start is skipped).
class CsvReader {
 public:
  explicit CsvReader(std::string_view text, char delimiter = ',');
  // The next record; nullopt at the end. Sets *error on a malformed quote (and stops).
  std::optional<std::vector<std::string>> next(std::string* error);
  // 1-based number of the record last returned (the header is record 1).
  size_t record() const { return record_; }
  // Bytes consumed so far.
  size_t position() const { return pos_; }
  // After next() set an error: the byte it is about (the stray quote, the text after a closing
  // quote, or the opening quote of the cell never closed), so a caller can name its line.
  size_t error_position() const { return error_pos_; }
  char delimiter() const { return delimiter_; }

 private:
  std::string_view text_;
  char delimiter_;
  size_t pos_ = 0;
  size_t record_ = 0;
  size_t error_pos_ = 0;
};

}  // namespace otos::analysis
