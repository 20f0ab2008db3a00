// Reading typed values out of YamlNodes with a diagnostic for each mismatch: the small
// vocabulary the loader is written in. Knows YAML value forms, not the questionnaire format.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/diagnostic.h"
#include "engine/common/localized_text.h"
#include "engine/loader/yaml_tree.h"

namespace otos::loader {

class NodeReader {
 public:
  NodeReader(const std::string& file, std::vector<Diagnostic>& out) : file_(file), out_(out) {}

  Span span(const YamlNode& n) const { return {file_, n.line, n.column}; }
  void error(const YamlNode& at, std::string_view code, std::string message);
  void error(const Span& at, std::string_view code, std::string message);

  // Each returns nullopt (after a wrong-type diagnostic naming `what`) when `n` is not
  // of the form; Invalid nodes (already reported) return nullopt silently.
  bool expect_map(const YamlNode& n, std::string_view what);
  bool expect_list(const YamlNode& n, std::string_view what);
  std::optional<std::string> string(const YamlNode& n, std::string_view what);
  std::optional<int> integer(const YamlNode& n, std::string_view what);
  std::optional<double> number(const YamlNode& n, std::string_view what);
  std::optional<bool> boolean(const YamlNode& n, std::string_view what);
  // A string, or a map from language code to string.
  std::optional<LocalizedText> text(const YamlNode& n, std::string_view what);

  // Reports every key of `map` that is not in `allowed` (unknown-key with a suggestion among
  // `allowed`), unless it is in `elsewhere` (key-not-allowed, with `elsewhere_note`;
  // an empty note leaves the report to the caller).
  void check_keys(const YamlNode& map, const std::vector<std::string>& allowed,
                  std::string_view what, const std::vector<std::string>& elsewhere = {},
                  std::string_view elsewhere_note = {});
  // Reports each of `keys` missing from `map` (missing-key, at the map), except a key that
  // check_keys already suggested for a misspelt key of the same map.
  void require(const YamlNode& map, const std::vector<std::string>& keys, std::string_view what);

 private:
  const std::string& file_;
  std::vector<Diagnostic>& out_;
  std::set<std::pair<const YamlNode*, std::string>> suggested_;
};

// "id", "title" -> "id, title".
std::string join(const std::vector<std::string>& words);

}  // namespace otos::loader
