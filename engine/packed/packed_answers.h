// The packed answers layout: one response's checked answers as question and option *indexes* of
// its wave plus typed values, so that result tables and exports over millions of responses index
// arrays instead of parsing JSON and comparing strings. Stored beside the canonical JSON (which
// stays the truth) and tagged with the wave's layout id; a reader only trusts bytes whose layout
// id equals the wave's, and validates every index and length (bytes from disk are never trusted).
// No storage, no HTTP: model in, bytes out, and back.
//
// Format: for each answered question, in questionnaire order (strictly increasing index):
//   varint question index (position in Questionnaire::questions()), then by the question's type
//   single_choice, likert: varint option index
//   multi_choice:          varint count, count x varint option index
//   matrix:                varint count, count x (varint row index, varint option index)
//   number:                8 bytes, IEEE 754 double, little-endian
//   text, date:            varint byte length, the UTF-8 bytes
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/answer_value.h"
#include "engine/model/questionnaire.h"

namespace otos::packed {

// A 63-bit id of what the indexes mean: question ids and types in order, option codes, matrix
// rows. Wording and labels do not count, so fixing a typo in a label keeps the packed rows valid.
int64_t layout_of(const model::Questionnaire& q);

// Packs answers that passed answers::check_answers for `q`. Ids that are not questions of `q`
// and codes that are not among a question's options are left out (they cannot be counted).
std::string pack(const model::Questionnaire& q, const Answers& answers);

struct PackedValue {
  uint32_t question = 0;  // index in Questionnaire::questions()
  uint32_t code = 0;      // single_choice, likert: option index
  double number = 0;      // number
  std::string_view text;  // text, date: points into the decoded bytes
  uint32_t first = 0;     // multi_choice: items [first, first + count) are option indexes;
  uint32_t count = 0;     // matrix: pairs (row index, option index) from `first`
};

// Decodes packed bytes of one wave. Reuse one reader for a whole scan: after warm-up decoding
// allocates nothing. Values stay valid until the next decode() and while the bytes live.
class PackedReader {
 public:
  explicit PackedReader(const model::Questionnaire& q);

  // False (and no values) when the bytes are malformed for this wave.
  bool decode(std::string_view bytes);
  const std::vector<PackedValue>& values() const { return values_; }
  // The items of a multi_choice or matrix value: items(v.first)[0 .. v.count or 2 * v.count).
  const uint32_t* items(uint32_t first) const { return items_.data() + first; }
  // The value of the question at `order`, or null when it is not answered.
  const PackedValue* find(size_t order) const {
    const int32_t at = order < slot_.size() ? slot_[order] : -1;
    return at < 0 ? nullptr : &values_[static_cast<size_t>(at)];
  }

 private:
  struct Shape {
    model::QuestionType type;
    uint32_t options, rows;
  };
  std::vector<Shape> shapes_;
  std::vector<PackedValue> values_;
  std::vector<uint32_t> items_;
  std::vector<int32_t> slot_;  // question index -> index in values_, -1 when unanswered
};

}  // namespace otos::packed
