// Parsed JSON values: what the answer checks read, whether the JSON came from an API body, a form
// or a CSV row. Small and owning, without Poco's per-value holders and shared pointers: reading a
// response's body into Poco's objects was a tenth of the server's CPU per response.
// An object keeps its members sorted by name, each name once (of a name given twice, the last
// value counts), so lookups are binary searches and iteration is in name order. Numbers are
// doubles (as every answer stores them). Must not know the model or HTTP.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace otos {

class JsonValue;

class JsonObject {
 public:
  using Member = std::pair<std::string, JsonValue>;
  using const_iterator = std::vector<Member>::const_iterator;

  // The value of `name`, or null when the object has no such member.
  const JsonValue* find(std::string_view name) const;
  // Adds `name`, or replaces its value.
  void set(std::string name, JsonValue value);
  void remove(std::string_view name);

  const_iterator begin() const;
  const_iterator end() const;
  size_t size() const;
  bool empty() const;

  // For readers that append members in document order: sorts them by name and keeps, of a
  // name given twice, the last value. Call once after the last append.
  void append_unsorted(std::string name, JsonValue value);
  void sort_members();

 private:
  std::vector<Member> members_;
};

using JsonArray = std::vector<JsonValue>;

class JsonValue {
 public:
  // In the order of the variant's alternatives below.
  enum class Kind : unsigned char { Null, Bool, Number, String, Array, Object };

  JsonValue() = default;  // null
  JsonValue(double n) : v_(n) {}
  JsonValue(bool) = delete;  // a bool would become the number 0 or 1: say JsonValue::boolean
  JsonValue(std::string s) : v_(std::move(s)) {}
  JsonValue(const char* s) : v_(std::string(s)) {}
  JsonValue(JsonArray a) : v_(std::move(a)) {}
  JsonValue(JsonObject o) : v_(std::move(o)) {}
  static JsonValue boolean(bool b) {
    JsonValue v;
    v.v_ = b;
    return v;
  }

  Kind kind() const { return static_cast<Kind>(v_.index()); }
  bool is_null() const { return v_.index() == 0; }
  bool is_number() const { return std::holds_alternative<double>(v_); }
  bool is_bool() const { return std::holds_alternative<bool>(v_); }
  bool as_bool() const { return is_bool() && std::get<bool>(v_); }
  double as_number() const { return is_number() ? std::get<double>(v_) : 0; }  // 0 unless a number
  // Null unless the value has that shape.
  const std::string* string() const { return std::get_if<std::string>(&v_); }
  const JsonArray* array() const { return std::get_if<JsonArray>(&v_); }
  const JsonObject* object() const { return std::get_if<JsonObject>(&v_); }
  JsonObject* object() { return std::get_if<JsonObject>(&v_); }

 private:
  // One of these at a time: 40 bytes a value (a body of a million small values must not cost
  // a hundred bytes each).
  std::variant<std::monostate, bool, double, std::string, JsonArray, JsonObject> v_;
};

// A JSON text read strictly (RFC 8259): the value, or an error that says what is wrong and at
// which byte (1-based), or "the body ends too early". Nesting is limited to `max_depth` levels
// (the outermost array or object is level 1), so hostile input cannot exhaust the stack, and the
// count of values (every number, string, literal, array and object) to `max_values`, so that it
// cannot take memory out of proportion (a value costs 40 bytes, a member 72, where "0," is two
// bytes of text); numbers beyond a double's range are errors. The text must be UTF-8 (strings are
// checked).
struct JsonParse {
  JsonValue value;
  std::string error;  // empty on success
  bool ok() const { return error.empty(); }
};
JsonParse parse_json(std::string_view text, size_t max_depth,
                     size_t max_values = static_cast<size_t>(-1));

// Compact JSON of `value`: members in name order, numbers as append_json_number writes them.
std::string to_json(const JsonValue& value);

inline JsonObject::const_iterator JsonObject::begin() const { return members_.begin(); }
inline JsonObject::const_iterator JsonObject::end() const { return members_.end(); }
inline size_t JsonObject::size() const { return members_.size(); }
inline bool JsonObject::empty() const { return members_.empty(); }

}  // namespace otos
