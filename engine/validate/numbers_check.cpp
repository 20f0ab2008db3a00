// Numeric ranges: min <= max, max_choices within 1..number of options, max_length >= 1,
// min_cell >= 1. Whether a value is a number at all is the loader's check.
#include <cstdio>

#include "engine/loader/codes.h"
#include "engine/validate/check.h"

namespace otos::validate {
namespace {

std::string show(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

}  // namespace

void check_numbers(const CheckContext& ctx) {
  const auto& q = ctx.questionnaire;
  if (q.min_cell < 1)
    ctx.error(ctx.at("min_cell"), loader::codes::kOutOfRange,
              std::string("'min_cell' is ") + std::to_string(q.min_cell) +
                  "; expected 1 or more (default 5)");
  for (const auto* question : q.questions()) {
    const std::string key = CheckContext::question_key(*question);
    const std::string name = "question '" + question->id + "'";
    if (question->min && question->max && *question->min > *question->max)
      ctx.error(ctx.at(key + "/min"), loader::codes::kMinGreaterThanMax,
                std::string("'min' ") + show(*question->min) + " of " + name +
                    " is greater than 'max' " + show(*question->max) + "; expected min <= max");
    if (question->max_choices && !question->options.empty()) {
      int n = static_cast<int>(question->options.size());
      if (*question->max_choices < 1 || *question->max_choices > n)
        ctx.error(ctx.at(key + "/max_choices"), loader::codes::kOutOfRange,
                  std::string("'max_choices' of ") + name + std::string(" is ") +
                      std::to_string(*question->max_choices) + std::string("; expected 1 to ") +
                      std::to_string(n) + " (its number of options)");
    } else if (question->max_choices && *question->max_choices < 1) {
      ctx.error(ctx.at(key + "/max_choices"), loader::codes::kOutOfRange,
                std::string("'max_choices' of ") + name + std::string(" is ") +
                    std::to_string(*question->max_choices) + "; expected 1 or more");
    }
    if (question->max_length && *question->max_length < 1)
      ctx.error(ctx.at(key + "/max_length"), loader::codes::kOutOfRange,
                std::string("'max_length' of ") + name + std::string(" is ") +
                    std::to_string(*question->max_length) + "; expected 1 or more");
  }
}

}  // namespace otos::validate
