// A plain tree of YAML nodes with positions, built from yaml-cpp's parser events.
// Why not YAML::Load: we keep every node's mark and scalar style, refuse anchors/aliases (an
// alias bomb cannot expand), cap nesting depth and node count, and report duplicate keys.
// This file knows YAML only; it must not know the questionnaire format.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/common/diagnostic.h"

namespace otos::loader {

struct YamlEntry;

struct YamlNode {
  enum class Kind { Null, Scalar, Sequence, Map, Invalid };  // Invalid: already reported
  Kind kind = Kind::Null;
  int line = 0;                    // 0-based
  int column = 0;                  // 0-based
  size_t pos = 0;                  // byte offset in the text
  std::string value;               // Scalar
  bool plain = false;              // Scalar written without quotes or block style
  std::vector<YamlNode> items;     // Sequence
  std::vector<YamlEntry> entries;  // Map, in document order

  bool is_map() const { return kind == Kind::Map; }
  bool is_seq() const { return kind == Kind::Sequence; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  // The value under a scalar key, or null.
  const YamlNode* get(std::string_view key) const;
};

struct YamlEntry {
  YamlNode first;   // the key
  YamlNode second;  // the value
};

struct YamlLimits {
  int max_depth = 64;
  size_t max_nodes = 500'000;      // a 1 MB questionnaire has about 50,000
  size_t max_flow_items = 20'000;  // items of one outermost [..] or {..}
};

struct YamlParse {
  std::unique_ptr<YamlNode> root;  // null when the text held no document or a syntax error
  std::vector<Diagnostic> diagnostics;
};

// Parses `text` (already checked as UTF-8). Never throws. Codes: yaml-syntax, yaml-anchor,
// yaml-too-deep, yaml-too-large, yaml-multiple-documents, duplicate-key.
YamlParse parse_yaml(std::string_view text, const std::string& file, const YamlLimits& limits = {});

// Short human name of a node's kind: "a map", "a list", "a text", "nothing".
std::string describe(const YamlNode& node);

}  // namespace otos::loader
