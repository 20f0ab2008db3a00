// The validation pipeline: read bytes, load (structure), run every rule family, sort.
#include "engine/validate/validate.h"

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <system_error>

#include "engine/loader/codes.h"
#include "engine/loader/input_check.h"
#include "engine/loader/loader.h"
#include "engine/validate/check.h"

namespace otos::validate {

using loader::make_diagnostic;
using loader::make_span;

Span CheckContext::at(std::string_view key) const {
  static const Span kNone;
  Span s = source.at(key, kNone);
  if (s.file.empty()) s.file = questionnaire.source_name;
  return s;
}

LoadResult load_text(std::string_view yaml, const std::string& name) {
  LoadResult result;
  loader::LoadedDocument doc = loader::load_document(yaml, name);
  if (doc.parsed) {
    CheckContext ctx{doc.questionnaire, doc.source, doc.diagnostics};
    check_ids(ctx);
    check_texts(ctx);
    check_references(ctx);
    check_numbers(ctx);
    check_patterns(ctx);
    check_dates(ctx);
    check_show_if(doc.questionnaire, ctx);
  }
  result.diagnostics = std::move(doc.diagnostics);
  sort_diagnostics(result.diagnostics);
  if (result.diagnostics.empty())
    result.questionnaire =
        std::make_shared<const model::Questionnaire>(std::move(doc.questionnaire));
  return result;
}

LoadResult load_file(const std::string& path) {
  auto fail = [&](const std::string& why) {
    LoadResult r;
    r.diagnostics.push_back(make_diagnostic(loader::codes::kCannotRead, make_span(path, 0, 0),
                                            std::string("cannot read file: ") + why));
    return r;
  };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return fail("it is a directory");
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(std::make_error_code(static_cast<std::errc>(errno)).message());
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  if (size < 0) return fail("not a regular file");
  if (static_cast<size_t>(size) > loader::kMaxFileBytes) {
    LoadResult r;
    r.diagnostics.push_back(make_diagnostic(loader::codes::kFileTooLarge, make_span(path, 0, 0),
                                            std::string("file is ") + std::to_string(size) +
                                                " bytes; expected at most 10 MB (10485760 bytes)"));
    return r;
  }
  in.seekg(0, std::ios::beg);
  std::string text(static_cast<size_t>(size), '\0');
  if (!in.read(text.data(), size)) return fail("read error");
  return load_text(text, path);
}

}  // namespace otos::validate
