// libFuzzer target for the packed-answers reader: bytes read from a database are never trusted,
// so any bytes must decode to values whose every index is inside the wave's questions, options
// and rows, or be refused; never a crash or a read out of bounds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const otos::model::Questionnaire& q = otos::fuzz::questionnaire();
  static otos::packed::PackedReader reader(q);  // reused, as a scan reuses it
  if (!reader.decode(std::string_view(reinterpret_cast<const char*>(data), size))) {
    otos::fuzz::require(reader.values().empty(), "a refused decode left values");
    return 0;
  }
  const auto& questions = q.questions();
  uint32_t last = 0;
  bool first = true;
  for (const auto& v : reader.values()) {
    otos::fuzz::require(v.question < questions.size(), "question index out of range");
    otos::fuzz::require(first || v.question > last, "question indexes not increasing");
    first = false;
    last = v.question;
    otos::fuzz::require(reader.find(v.question) == &v, "find() disagrees with values()");
    const otos::model::Question& question = *questions[v.question];
    const size_t options = question.options.size();
    switch (question.type) {
      case otos::model::QuestionType::SingleChoice:
      case otos::model::QuestionType::Likert:
        otos::fuzz::require(v.code < options, "option index out of range");
        break;
      case otos::model::QuestionType::MultiChoice:
        for (uint32_t i = 0; i < v.count; ++i)
          otos::fuzz::require(reader.items(v.first)[i] < options, "option index out of range");
        break;
      case otos::model::QuestionType::Matrix:
        for (uint32_t i = 0; i < v.count; ++i) {
          otos::fuzz::require(reader.items(v.first)[2 * i] < question.rows.size(),
                              "row index out of range");
          otos::fuzz::require(reader.items(v.first)[2 * i + 1] < options,
                              "option index out of range");
        }
        break;
      case otos::model::QuestionType::Info:
        otos::fuzz::fail("an info block has a value");
      default:
        break;
    }
  }
  return 0;
}
