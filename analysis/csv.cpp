// CSV cell writing and an RFC 4180 record reader.
#include "analysis/csv.h"

namespace otos::analysis {
namespace {
// A cell starting like a formula is guarded, and so is one that starts with the guard itself
// followed by something guarded ("'=x"), so that unguard_csv_text gives back exactly what was
// written: without the second rule the text "'=x" would come back as "=x".
bool needs_guard(std::string_view cell) {
  if (cell.empty()) return false;
  const char c = cell[0];
  if (c == '\'') return needs_guard(cell.substr(1));
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

// One pass over the cell. (string_view::find_first_of calls memchr over the four characters for
// every byte of the cell: 8 % of a million-row export.)
bool needs_quotes(std::string_view cell) {
  for (const char c : cell)
    if (c == ',' || c == '"' || c == '\r' || c == '\n') return true;
  return false;
}
}  // namespace

void append_csv_text(std::string& out, std::string_view cell) {
  const bool guard = needs_guard(cell);
  const bool quote = needs_quotes(cell);
  if (!quote && !guard) {
    out.append(cell);
    return;
  }
  if (quote) out += '"';
  if (guard) out += '\'';
  if (quote) {
    for (char c : cell) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  } else {
    out.append(cell);
  }
}

void escape_csv_tail(std::string& out, size_t from) {
  const std::string_view cell(out.data() + from, out.size() - from);
  if (!needs_guard(cell) && !needs_quotes(cell)) return;
  const std::string raw(cell);
  out.resize(from);
  append_csv_text(out, raw);
}

void append_csv_number(std::string& out, std::string_view formatted) { out.append(formatted); }

std::string unguard_csv_text(std::string_view cell) {
  if (cell.size() >= 2 && cell[0] == '\'' && needs_guard(cell.substr(1)))
    return std::string(cell.substr(1));
  return std::string(cell);
}

char detect_csv_delimiter(std::string_view text) {
  size_t commas = 0, semicolons = 0, tabs = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;  // "" inside quotes flips twice: still quoted
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    commas += c == ',';
    semicolons += c == ';';
    tabs += c == '\t';
  }
  if (semicolons > commas && semicolons >= tabs) return ';';
  if (tabs > commas && tabs > semicolons) return '\t';
  return ',';
}

CsvReader::CsvReader(std::string_view text, char delimiter) : text_(text), delimiter_(delimiter) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

std::optional<std::vector<std::string>> CsvReader::next(std::string* error) {
  if (pos_ >= text_.size()) return std::nullopt;
  ++record_;
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false, was_quoted = false;
  size_t opened = pos_;  // where the current quoted field began
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (quoted) {
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          field += '"';
          pos_ += 2;
          continue;
        }
        quoted = false;
        ++pos_;
        continue;
      }
      field += c;
      ++pos_;
      continue;
    }
    if (c == '"') {
      if (!field.empty() || was_quoted) {
        if (error) *error = "a quote inside an unquoted field";
        error_pos_ = pos_;
        pos_ = text_.size();
        return std::nullopt;
      }
      quoted = was_quoted = true;
      opened = pos_;
      ++pos_;
      continue;
    }
    if (c == delimiter_) {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
      ++pos_;
      continue;
    }
    if (was_quoted && c != '\r' && c != '\n') {  // '"x"y': only the delimiter or a line end
      if (error) *error = "text after a closing quote";
      error_pos_ = pos_;
      pos_ = text_.size();
      return std::nullopt;
    }
    if (c == '\r' || c == '\n') {
      ++pos_;
      if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      fields.push_back(std::move(field));
      return fields;
    }
    field += c;
    ++pos_;
  }
  if (quoted) {
    if (error) *error = "a quoted field is not closed";
    error_pos_ = opened;
    return std::nullopt;
  }
  fields.push_back(std::move(field));
  return fields;
}

}  // namespace otos::analysis
