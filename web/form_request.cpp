// urlencoded and Cookie parsing for the respondent forms. Strict on bodies (a broken escape or
// invalid UTF-8 is a 400 for the caller), lenient on query strings (a bad one is ignored).
#include "web/form_request.h"

#include <cstdint>

namespace otos::web {

namespace {

bool decode(std::string_view in, std::string& out) {
  out.clear();
  out.reserve(in.size());
  return percent_decode(in, out, /*plus_is_space=*/true) && is_valid_utf8(out) &&
         out.find('\0') == std::string::npos;
}

}  // namespace

std::optional<FormFields> parse_urlencoded(std::string_view body) {
  FormFields fields;
  size_t start = 0;
  while (start <= body.size()) {
    size_t amp = body.find('&', start);
    std::string_view piece =
        body.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    start = amp == std::string_view::npos ? body.size() + 1 : amp + 1;
    if (piece.empty()) continue;
    if (fields.size() >= kMaxFormFields) return std::nullopt;
    size_t eq = piece.find('=');
    std::string name, value;
    if (!decode(piece.substr(0, eq), name)) return std::nullopt;
    if (eq != std::string_view::npos && !decode(piece.substr(eq + 1), value)) return std::nullopt;
    fields.emplace_back(std::move(name), std::move(value));
  }
  return fields;
}

FormFields parse_query(std::string_view uri) {
  size_t q = uri.find('?');
  if (q == std::string_view::npos) return {};
  std::string_view query = uri.substr(q + 1);
  size_t hash = query.find('#');
  if (hash != std::string_view::npos) query = query.substr(0, hash);
  std::optional<FormFields> fields = parse_urlencoded(query);
  return fields ? std::move(*fields) : FormFields{};
}

std::string field(const FormFields& fields, std::string_view name) {
  for (const auto& [n, v] : fields) {
    if (n == name) return v;
  }
  return {};
}

std::vector<std::string> fields_named(const FormFields& fields, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [n, v] : fields) {
    if (n == name) out.push_back(v);
  }
  return out;
}

std::string cookie_value(std::string_view header, std::string_view name) {
  size_t start = 0;
  while (start < header.size()) {
    size_t semi = header.find(';', start);
    std::string_view item = header.substr(
        start, semi == std::string_view::npos ? std::string_view::npos : semi - start);
    start = semi == std::string_view::npos ? header.size() : semi + 1;
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    size_t eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    if (item.substr(0, eq) == name) {
      std::string_view value = item.substr(eq + 1);
      while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
      return std::string(value);
    }
  }
  return {};
}

std::string url_encode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~' || c == '@') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace otos::web
