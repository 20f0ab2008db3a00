// JsonValue's object operations, its reader (a recursive descent over JsonCursor, bounded by the
// depth limit; the first error stops it) and its writer.
#include "engine/common/json_value.h"

#include <algorithm>

#include "engine/common/answer_value.h"
#include "engine/common/json_cursor.h"

namespace otos {

namespace {

bool name_less(const JsonObject::Member& m, std::string_view name) { return m.first < name; }

class Reader {
 public:
  Reader(std::string_view text, size_t max_depth, size_t max_values)
      : in_(text), max_depth_(max_depth), max_values_(max_values), values_left_(max_values) {}

  bool read(JsonValue& out) {
    if (!value(out, 0)) return false;
    if (!in_.at_end()) return fail("text after the value");
    return true;
  }

  std::string& error() { return error_; }

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

  bool value(JsonValue& out, size_t depth) {
    if (values_left_ == 0) return fail(too_many().c_str());
    --values_left_;
    switch (in_.peek()) {
      case '{': {
        JsonObject o;
        if (!object(o, depth + 1)) return false;
        out = JsonValue(std::move(o));
        return true;
      }
      case '[': {
        JsonArray a;
        if (!array(a, depth + 1)) return false;
        out = JsonValue(std::move(a));
        return true;
      }
      case '"': {
        const size_t at = in_.offset();
        std::string s;
        if (!in_.parse_string(s)) return fail_at(at, "a malformed string");
        out = JsonValue(std::move(s));
        return true;
      }
      case 't':
        if (!in_.literal("true")) return fail("an unknown word");
        out = JsonValue::boolean(true);
        return true;
      case 'f':
        if (!in_.literal("false")) return fail("an unknown word");
        out = JsonValue::boolean(false);
        return true;
      case 'n':
        if (!in_.literal("null")) return fail("an unknown word");
        out = JsonValue();
        return true;
      default:
        return number(out);
    }
  }

  bool number(JsonValue& out) {
    const size_t at = in_.offset();
    std::string_view text;
    if (!in_.number_text(text)) return fail_at(at, "expected a value");
    double d = 0;
    if (!JsonCursor::to_double(text, d))
      return fail_at(at, "a number beyond the range of a double");
    out = JsonValue(d);
    return true;
  }

  bool object(JsonObject& out, size_t depth) {
    if (depth > max_depth_) return fail(too_deep().c_str());
    in_.eat('{');
    if (in_.eat('}')) return true;
    std::string name;
    do {
      const size_t at = in_.offset();
      if (in_.peek() != '"') return fail("expected a name in quotes");
      if (!in_.parse_string(name)) return fail_at(at, "a malformed string");
      if (!in_.eat(':')) return fail("expected ':'");
      JsonValue v;
      if (!value(v, depth)) return false;
      out.append_unsorted(std::move(name), std::move(v));
    } while (in_.eat(','));
    if (!in_.eat('}')) return fail("expected ',' or '}'");
    out.sort_members();
    return true;
  }

  bool array(JsonArray& out, size_t depth) {
    if (depth > max_depth_) return fail(too_deep().c_str());
    in_.eat('[');
    if (in_.eat(']')) return true;
    do {
      out.emplace_back();
      if (!value(out.back(), depth)) return false;
    } while (in_.eat(','));
    if (!in_.eat(']')) return fail("expected ',' or ']'");
    return true;
  }

  std::string too_deep() const {
    return "nested more than " + std::to_string(max_depth_) + " levels deep";
  }

  std::string too_many() const { return "more than " + std::to_string(max_values_) + " values"; }

  JsonCursor in_;
  size_t max_depth_;
  size_t max_values_;
  size_t values_left_;
  std::string error_;
};

void write(std::string& out, const JsonValue& v) {
  switch (v.kind()) {
    case JsonValue::Kind::Null:
      out += "null";
      return;
    case JsonValue::Kind::Bool:
      out += v.as_bool() ? "true" : "false";
      return;
    case JsonValue::Kind::Number:
      append_json_number(out, v.as_number());
      return;
    case JsonValue::Kind::String:
      append_json_string(out, *v.string());
      return;
    case JsonValue::Kind::Array: {
      out += '[';
      bool first = true;
      for (const JsonValue& item : *v.array()) {
        if (!first) out += ',';
        first = false;
        write(out, item);
      }
      out += ']';
      return;
    }
    case JsonValue::Kind::Object: {
      out += '{';
      bool first = true;
      for (const auto& [name, member] : *v.object()) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, name);
        out += ':';
        write(out, member);
      }
      out += '}';
      return;
    }
  }
}

}  // namespace

const JsonValue* JsonObject::find(std::string_view name) const {
  auto it = std::lower_bound(members_.begin(), members_.end(), name, name_less);
  return it != members_.end() && it->first == name ? &it->second : nullptr;
}

void JsonObject::set(std::string name, JsonValue value) {
  auto it = std::lower_bound(members_.begin(), members_.end(), name, name_less);
  if (it != members_.end() && it->first == name) {
    it->second = std::move(value);
  } else {
    members_.emplace(it, std::move(name), std::move(value));
  }
}

void JsonObject::remove(std::string_view name) {
  auto it = std::lower_bound(members_.begin(), members_.end(), name, name_less);
  if (it != members_.end() && it->first == name) members_.erase(it);
}

void JsonObject::append_unsorted(std::string name, JsonValue value) {
  members_.emplace_back(std::move(name), std::move(value));
}

void JsonObject::sort_members() {
  auto less = [](const Member& a, const Member& b) { return a.first < b.first; };
  if (members_.size() <= 32) {
    // The usual answers object: an insertion sort moves a few members and allocates nothing.
    for (size_t i = 1; i < members_.size(); ++i)
      for (size_t j = i; j > 0 && less(members_[j], members_[j - 1]); --j)
        std::swap(members_[j], members_[j - 1]);
  } else {
    std::stable_sort(members_.begin(), members_.end(), less);
  }
  // Of equal names (now adjacent, in document order) the last one stays.
  size_t kept = 0;
  for (size_t i = 0; i < members_.size(); ++i) {
    if (kept > 0 && members_[kept - 1].first == members_[i].first) {
      members_[kept - 1].second = std::move(members_[i].second);
    } else {
      if (kept != i) members_[kept] = std::move(members_[i]);
      ++kept;
    }
  }
  members_.erase(members_.begin() + static_cast<std::ptrdiff_t>(kept), members_.end());
}

JsonParse parse_json(std::string_view text, size_t max_depth, size_t max_values) {
  JsonParse result;
  Reader reader(text, max_depth, max_values);
  if (!reader.read(result.value)) {
    result.value = JsonValue();
    result.error = std::move(reader.error());
  }
  return result;
}

std::string to_json(const JsonValue& value) {
  std::string out;
  write(out, value);
  return out;
}

}  // namespace otos
