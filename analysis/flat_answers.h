// A fast, allocation-free (after warm-up) decoding of one stored answers JSON object, for the
// result tables' single pass over millions of rows. Values point into the JSON text or into an
// internal scratch buffer (unescaped strings); they stay valid until the next decode().
// Accepts the canonical JSON of answers_to_json and any JSON object of the same shapes; other
// values (true, null, nested deeper) are skipped. Never throws.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace otos::analysis {

enum class FlatKind { String, Number, Codes, Matrix };

struct FlatValue {
  std::string_view key;
  FlatKind kind = FlatKind::String;
  std::string_view text;  // String
  double number = 0;      // Number
  uint32_t first = 0;     // Codes: items[first, first+count); Matrix: pairs (row, code)
  uint32_t count = 0;
};

class FlatAnswers {
 public:
  // Returns false on malformed JSON (the values decoded so far are dropped).
  bool decode(std::string_view json);
  const std::vector<FlatValue>& values() const { return values_; }
  std::string_view item(uint32_t i) const { return items_[i]; }
  const FlatValue* find(std::string_view key) const;

 private:
  bool parse_string(std::string_view* out);
  bool parse_number(double* out);
  bool skip_value(int depth);
  void ws();

  std::string_view src_;
  size_t pos_ = 0;
  std::string scratch_;
  std::vector<FlatValue> values_;
  std::vector<std::string_view> items_;
};

}  // namespace otos::analysis
