// See json_body.h.
#include "web/json_body.h"

#include "engine/common/utf8.h"

namespace otos::web {

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
  if (c != '{') {
    const bool json_value = c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9') ||
                            c == 't' || c == 'f' || c == 'n';
    result.error = json_value
                       ? "the body must be a JSON object"
                       : "malformed JSON: expected an object at byte " + std::to_string(first + 1);
    return result;
  }
  JsonParse parsed = parse_json(body, max_depth);
  if (!parsed.ok()) {
    result.error = "malformed JSON: " + parsed.error;
    return result;
  }
  result.object = std::move(*parsed.value.object());
  return result;
}

}  // namespace otos::web
