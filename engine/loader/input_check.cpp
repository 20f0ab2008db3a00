// One pass over the bytes: UTF-8 well-formedness and no control characters but tab/CR/LF.
#include "engine/loader/input_check.h"

#include <cstdio>

#include "engine/loader/codes.h"

namespace otos::loader {
namespace {

// Length of the well-formed UTF-8 sequence at s[i], or 0.
size_t utf8_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t n = 0;
  unsigned lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF)
    n = 2;
  else if (c == 0xE0)
    n = 3, lo = 0xA0;
  else if (c >= 0xE1 && c <= 0xEC)
    n = 3;
  else if (c == 0xED)
    n = 3, hi = 0x9F;
  else if (c >= 0xEE && c <= 0xEF)
    n = 3;
  else if (c == 0xF0)
    n = 4, lo = 0x90;
  else if (c >= 0xF1 && c <= 0xF3)
    n = 4;
  else if (c == 0xF4)
    n = 4, hi = 0x8F;
  else
    return 0;
  if (i + n > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return n;
}

}  // namespace

std::vector<Diagnostic> check_input(std::string_view text, const std::string& file) {
  std::vector<Diagnostic> out;
  if (text.size() > kMaxFileBytes) {
    out.push_back(make_diagnostic(codes::kFileTooLarge, make_span(file, 0, 0),
                                  std::string("file is ") + std::to_string(text.size()) +
                                      " bytes; expected at most 10 MB (10485760 bytes)"));
    return out;
  }
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    out.push_back(
        make_diagnostic(codes::kEmptyFile, make_span(file, 0, 0),
                        "file is empty; expected a questionnaire (a map with id, version, title, "
                        "languages and pages)"));
    return out;
  }
  int line = 0, column = 0;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      column = 0;
      ++i;
      continue;
    }
    if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", c);
      out.push_back(make_diagnostic(
          codes::kControlCharacter, make_span(file, line, column),
          std::string("control character ") + hex + " (binary data?); expected a UTF-8 text file"));
      return out;
    }
    size_t n = utf8_length(text, i);
    if (n == 0) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", c);
      out.push_back(make_diagnostic(
          codes::kNotUtf8, make_span(file, line, column),
          std::string("byte ") + hex + " is not valid UTF-8; save the file as UTF-8"));
      return out;
    }
    i += n;
    column += static_cast<int>(n);  // columns count bytes, as yaml-cpp's do
  }
  return out;
}

}  // namespace otos::loader
