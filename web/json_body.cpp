// See json_body.h. A recursive descent over JsonCursor, bounded by the depth limit, so a hostile
// body cannot exhaust the stack; the first error stops it with the byte where it was found.
#include "web/json_body.h"

#include <Poco/JSON/Array.h>

#include <charconv>
#include <cstdint>

#include "engine/common/json_cursor.h"
#include "engine/common/utf8.h"

namespace otos::web {

namespace {

constexpr size_t kMaxExactDigits = 18;  // every 18-digit integer fits in 64 bits

class DomReader {
 public:
  DomReader(std::string_view text, size_t max_depth) : in_(text), max_depth_(max_depth) {}

  // The whole text as one object; false with error() set otherwise.
  bool read_object(Poco::JSON::Object::Ptr& out) {
    if (!object(out, 1)) return false;
    if (!in_.at_end()) return fail("text after the object");
    return true;
  }

  const std::string& error() const { return error_; }

 private:
  // The first error wins: "the body ends too early" when the cursor ran out, else `what` and the
  // byte (1-based) where the token began, `at`, or where the cursor stands.
  bool fail(const char* what) {
    in_.ws();
    return fail_at(in_.offset(), what);
  }

  bool fail_at(size_t at, const char* what) {
    if (!error_.empty()) return false;
    error_ = in_.at_end() ? std::string("the body ends too early")
                          : std::string(what) + " at byte " + std::to_string(at + 1);
    return false;
  }

  bool value(Poco::Dynamic::Var& out, size_t depth) {
    switch (in_.peek()) {
      case '{': {
        Poco::JSON::Object::Ptr o;
        if (!object(o, depth + 1)) return false;
        out = o;
        return true;
      }
      case '[': {
        Poco::JSON::Array::Ptr a;
        if (!array(a, depth + 1)) return false;
        out = a;
        return true;
      }
      case '"': {
        const size_t at = in_.offset();
        if (!in_.parse_string(scratch_)) return fail_at(at, "a malformed string");
        out = scratch_;
        return true;
      }
      case 't':
        if (!in_.literal("true")) return fail("an unknown word");
        out = true;
        return true;
      case 'f':
        if (!in_.literal("false")) return fail("an unknown word");
        out = false;
        return true;
      case 'n':
        if (!in_.literal("null")) return fail("an unknown word");
        out.empty();
        return true;
      default:
        return number(out);
    }
  }

  bool number(Poco::Dynamic::Var& out) {
    const size_t at = in_.offset();
    std::string_view text;
    bool integral = false;
    if (!in_.number_text(text, integral)) return fail_at(at, "expected a value");
    const char* end = text.data() + text.size();
    const size_t digits = text.size() - (text.front() == '-' ? 1 : 0);
    if (integral && digits <= kMaxExactDigits) {
      Poco::Int64 n = 0;
      std::from_chars(text.data(), end, n);  // cannot fail: at most 18 digits
      out = n;
      return true;
    }
    double d = 0;
    auto [ptr, ec] = std::from_chars(text.data(), end, d);
    if (ec != std::errc() || ptr != end)
      return fail_at(at, "a number beyond the range of a double");
    out = d;
    return true;
  }

  bool object(Poco::JSON::Object::Ptr& out, size_t depth) {
    if (depth > max_depth_) return fail(too_deep().c_str());
    if (!in_.eat('{')) return fail("expected an object");
    out = new Poco::JSON::Object;
    if (in_.eat('}')) return true;
    std::string key;
    do {
      const size_t at = in_.offset();
      if (in_.peek() != '"') return fail("expected a name in quotes");
      if (!in_.parse_string(key)) return fail_at(at, "a malformed string");
      if (!in_.eat(':')) return fail("expected ':'");
      Poco::Dynamic::Var v;
      if (!value(v, depth)) return false;
      out->set(key, v);
    } while (in_.eat(','));
    if (!in_.eat('}')) return fail("expected ',' or '}'");
    return true;
  }

  bool array(Poco::JSON::Array::Ptr& out, size_t depth) {
    if (depth > max_depth_) return fail(too_deep().c_str());
    in_.eat('[');
    out = new Poco::JSON::Array;
    if (in_.eat(']')) return true;
    do {
      Poco::Dynamic::Var v;
      if (!value(v, depth)) return false;
      out->add(v);
    } while (in_.eat(','));
    if (!in_.eat(']')) return fail("expected ',' or ']'");
    return true;
  }

  std::string too_deep() const {
    return "nested more than " + std::to_string(max_depth_) + " levels deep";
  }

  JsonCursor in_;
  size_t max_depth_;
  std::string scratch_;
  std::string error_;
};

}  // namespace

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
  DomReader reader(body, max_depth);
  if (!reader.read_object(result.object)) {
    result.object = nullptr;
    result.error = "malformed JSON: " + reader.error();
  }
  return result;
}

}  // namespace otos::web
