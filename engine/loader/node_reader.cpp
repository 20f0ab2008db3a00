// Typed reads of YAML values; every mismatch is a wrong-type diagnostic saying what was expected.
#include "engine/loader/node_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "engine/loader/codes.h"
#include "engine/loader/did_you_mean.h"

namespace otos::loader {

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ", ";
    out += w;
  }
  return out;
}

void NodeReader::error(const YamlNode& at, std::string_view code, std::string message) {
  error(span(at), code, std::move(message));
}

void NodeReader::error(const Span& at, std::string_view code, std::string message) {
  out_.push_back(make_diagnostic(code, at, std::move(message)));
}

bool NodeReader::expect_map(const YamlNode& n, std::string_view what) {
  if (n.is_map()) return true;
  if (n.kind != YamlNode::Kind::Invalid)
    error(n, codes::kWrongType,
          std::string(what) + " must be a map (key: value lines), got " + describe(n));
  return false;
}

bool NodeReader::expect_list(const YamlNode& n, std::string_view what) {
  if (n.is_seq()) return true;
  if (n.kind != YamlNode::Kind::Invalid)
    error(n, codes::kWrongType,
          std::string(what) + " must be a list (- item lines or [a, b]), got " + describe(n));
  return false;
}

std::optional<std::string> NodeReader::string(const YamlNode& n, std::string_view what) {
  if (n.is_scalar()) return n.value;
  if (n.kind != YamlNode::Kind::Invalid)
    error(n, codes::kWrongType, std::string(what) + " must be a text value, got " + describe(n));
  return std::nullopt;
}

std::optional<int> NodeReader::integer(const YamlNode& n, std::string_view what) {
  if (n.kind == YamlNode::Kind::Invalid) return std::nullopt;
  if (n.is_scalar() && n.plain) {
    int v = 0;
    const char* first = n.value.data();
    const char* last = first + n.value.size();
    if (first != last && *first == '+') ++first;
    auto [ptr, ec] = std::from_chars(first, last, v);
    if (ec == std::errc() && ptr == last) return v;
  }
  error(n, codes::kWrongType, std::string(what) + " must be an integer, got " + describe(n));
  return std::nullopt;
}

std::optional<double> NodeReader::number(const YamlNode& n, std::string_view what) {
  if (n.kind == YamlNode::Kind::Invalid) return std::nullopt;
  if (n.is_scalar() && n.plain && !n.value.empty() && n.value.size() < 64) {
    const std::string& s = n.value;
    bool shape = std::all_of(s.begin(), s.end(), [](char c) {
      return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
    });
    char* end = nullptr;
    double v = shape ? std::strtod(s.c_str(), &end) : 0;
    if (shape && end == s.c_str() + s.size() && std::isfinite(v)) return v;
  }
  error(n, codes::kWrongType, std::string(what) + " must be a number, got " + describe(n));
  return std::nullopt;
}

std::optional<bool> NodeReader::boolean(const YamlNode& n, std::string_view what) {
  if (n.kind == YamlNode::Kind::Invalid) return std::nullopt;
  if (n.is_scalar() && n.plain) {
    if (n.value == "true" || n.value == "True" || n.value == "TRUE") return true;
    if (n.value == "false" || n.value == "False" || n.value == "FALSE") return false;
  }
  error(n, codes::kWrongType, std::string(what) + " must be true or false, got " + describe(n));
  return std::nullopt;
}

std::optional<LocalizedText> NodeReader::text(const YamlNode& n, std::string_view what) {
  if (n.kind == YamlNode::Kind::Invalid) return std::nullopt;
  LocalizedText t;
  if (n.is_scalar()) {
    t.by_lang[""] = n.value;
    return t;
  }
  if (!n.is_map()) {
    error(n, codes::kWrongType,
          std::string(what) +
              std::string(" must be a text: a string, or a map by language such as {fi: ..., en: "
                          "...}; got ") +
              describe(n));
    return std::nullopt;
  }
  bool ok = true;
  for (const auto& [key, value] : n.entries) {
    if (!key.is_scalar() || key.value.empty()) {
      error(key, codes::kWrongType,
            std::string(what) + ": a language code such as 'fi' was expected as key, got " +
                describe(key));
      ok = false;
      continue;
    }
    if (!value.is_scalar()) {
      if (value.kind != YamlNode::Kind::Invalid)
        error(
            value, codes::kWrongType,
            std::string(what) + " in '" + key.value + "' must be a string, got " + describe(value));
      ok = false;
      continue;
    }
    t.by_lang[key.value] = value.value;
  }
  if (!ok) return std::nullopt;
  return t;
}

void NodeReader::check_keys(const YamlNode& map, const std::vector<std::string>& allowed,
                            std::string_view what, const std::vector<std::string>& elsewhere,
                            std::string_view elsewhere_note) {
  for (const auto& [key, value] : map.entries) {
    if (!key.is_scalar()) {
      if (key.kind != YamlNode::Kind::Invalid)
        error(key, codes::kWrongType,
              std::string("keys must be plain words, got ") + describe(key));
      continue;
    }
    if (std::find(allowed.begin(), allowed.end(), key.value) != allowed.end()) continue;
    if (std::find(elsewhere.begin(), elsewhere.end(), key.value) != elsewhere.end()) {
      if (elsewhere_note.empty()) continue;  // the caller reports it with a better note
      error(key, codes::kKeyNotAllowed,
            std::string("key '") + key.value + "' does not apply to " + std::string(what) + "; " +
                std::string(elsewhere_note));
      continue;
    }
    std::string suggestion = closest(key.value, allowed);
    if (!suggestion.empty()) suggested_.emplace(&map, suggestion);
    error(key, codes::kUnknownKey,
          std::string("unknown key '") + key.value + "' in " + std::string(what) +
              did_you_mean(key.value, allowed) + "; expected one of: " + join(allowed));
  }
}

void NodeReader::require(const YamlNode& map, const std::vector<std::string>& keys,
                         std::string_view what) {
  for (const auto& k : keys)
    if (!map.get(k) && !suggested_.count({&map, k}))
      error(map, codes::kMissingKey,
            std::string("missing required key '") + k + "' in " + std::string(what));
}

}  // namespace otos::loader
