// See json_body.h.
#include "web/json_body.h"

#include "engine/common/utf8.h"

namespace otos::web {

JsonBody parse_json_object(std::string_view body, size_t max_depth, size_t max_values) {
  JsonBody result;
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  const size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    result.error = "malformed JSON: the body is empty";
    return result;
  }
  // The reader checks UTF-8 where it reads (inside strings); the whole body is checked only when
  // something failed, since bytes that are not UTF-8 (a Latin-1 file sent as is) are the likelier
  // thing for a client to fix than the token the reader stopped at.
  auto failed = [&](std::string message) {
    result.error =
        is_valid_utf8(body) ? std::move(message) : "malformed JSON: the body is not UTF-8";
    return std::move(result);
  };
  const char c = body[first];
  if (c != '{') {
    const bool json_value = c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9') ||
                            c == 't' || c == 'f' || c == 'n';
    return failed(json_value
                      ? "the body must be a JSON object"
                      : "malformed JSON: expected an object at byte " + std::to_string(first + 1));
  }
  JsonParse parsed = parse_json(body, max_depth, max_values);
  if (!parsed.ok()) return failed("malformed JSON: " + parsed.error);
  result.object = std::move(*parsed.value.object());
  return result;
}

}  // namespace otos::web
