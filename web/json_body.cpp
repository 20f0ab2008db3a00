// See json_body.h.
#include "web/json_body.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include "engine/common/utf8.h"

namespace otos::web {

namespace {

constexpr size_t kMaxExactDigits = 18;  // every 18-digit integer fits in 64 bits

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool in_number(char c) {
  return is_digit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

}  // namespace

std::optional<std::string> widen_long_integers(std::string_view json) {
  std::optional<std::string> out;
  size_t copied = 0;  // json[0, copied) is in *out already
  size_t i = 0;
  while (i < json.size()) {
    const char c = json[i];
    if (c == '"') {  // skip the string, escapes included
      for (++i; i < json.size() && json[i] != '"'; ++i)
        if (json[i] == '\\') ++i;
      ++i;
      continue;
    }
    if (!is_digit(c) && c != '-') {
      ++i;
      continue;
    }
    size_t digits = 0;
    bool integer = true;
    for (; i < json.size() && in_number(json[i]); ++i) {
      if (is_digit(json[i]))
        ++digits;
      else if (json[i] != '-')
        integer = false;
    }
    if (integer && digits > kMaxExactDigits) {
      if (!out) out.emplace().reserve(json.size() + 16);
      out->append(json.substr(copied, i - copied));
      out->append(".0");
      copied = i;
    }
  }
  if (out) out->append(json.substr(copied));
  return out;
}

JsonBody parse_json_object(std::string_view body, size_t max_depth) {
  JsonBody result;
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  const size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    result.error = "malformed JSON: the body is empty";
    return result;
  }
  if (!is_valid_utf8(body)) {
    result.error = "malformed JSON: the body is not UTF-8";
    return result;
  }
  const char c = body[first];
  if (c == '[' || c == '"' || c == '-' || is_digit(c) || c == 't' || c == 'f' || c == 'n') {
    result.error = "the body must be a JSON object";
    return result;
  }
  std::optional<std::string> widened = widen_long_integers(body);
  try {
    Poco::JSON::Parser parser;
    parser.setDepth(max_depth);
    Poco::Dynamic::Var parsed = parser.parse(widened ? *widened : std::string(body));
    if (parsed.type() == typeid(Poco::JSON::Object::Ptr))
      result.object = parsed.extract<Poco::JSON::Object::Ptr>();
    else
      result.error = "the body must be a JSON object";
  } catch (const Poco::Exception& e) {
    result.error = "malformed JSON: " + e.message();
  }
  return result;
}

}  // namespace otos::web
