// One pass over the bytes: UTF-8 well-formedness and no control characters but tab/CR/LF.
#include "engine/loader/input_check.h"

#include <cstdio>

#include "engine/common/utf8.h"
#include "engine/loader/codes.h"

namespace otos::loader {

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
    size_t n = utf8_sequence_length(text, i);
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
