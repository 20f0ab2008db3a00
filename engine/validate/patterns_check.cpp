// `pattern` of text questions: compiles as an ECMAScript std::regex. Bounded first (length,
// repetition counts), since std::regex compiles {n} into n copies and could exhaust memory.
#include <regex>

#include "engine/loader/codes.h"
#include "engine/validate/check.h"

namespace otos::validate {
namespace {

constexpr size_t kMaxPatternLength = 500;
constexpr double kMaxRepetitionProduct = 10000;
constexpr double kMaxRepetitionCount = 1000;

// Product of every {n} / {n,m} bound in the pattern: a cheap upper estimate of its size.
double repetition_product(const std::string& p) {
  double product = 1;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\') {
      ++i;
      continue;
    }
    if (p[i] != '{') continue;
    double largest = 0, current = 0;
    size_t k = i + 1;
    for (; k < p.size() && p[k] != '}'; ++k) {
      if (p[k] >= '0' && p[k] <= '9') {
        current = current * 10 + (p[k] - '0');
        if (current > 1e9) current = 1e9;
      } else {
        largest = std::max(largest, current);
        current = 0;
      }
    }
    largest = std::max(largest, current);
    if (largest > kMaxRepetitionCount) return 1e12;
    if (largest > 1) product *= largest;
    if (product > 1e12) product = 1e12;
    i = k;
  }
  return product;
}

}  // namespace

void check_patterns(const CheckContext& ctx) {
  for (const auto* question : ctx.questionnaire.questions()) {
    if (question->pattern.empty()) continue;
    const Span span = ctx.at(CheckContext::question_key(*question) + "/pattern");
    const std::string name = "question '" + question->id + "'";
    if (question->pattern.size() > kMaxPatternLength) {
      ctx.error(span, loader::codes::kBadPattern,
                std::string("'pattern' of ") + name + std::string(" is ") +
                    std::to_string(question->pattern.size()) +
                    " characters long; expected at most 500");
      continue;
    }
    if (repetition_product(question->pattern) > kMaxRepetitionProduct) {
      ctx.error(span, loader::codes::kBadPattern,
                std::string("'pattern' of ") + name +
                    " repeats too much ({n} counts over 1000, or multiplying past 10000); "
                    "expected a simpler pattern");
      continue;
    }
    try {
      std::regex re(question->pattern, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      ctx.error(span, loader::codes::kBadPattern,
                std::string("'pattern' of ") + name + " is not a valid regular expression (" +
                    e.what() + "); expected an ECMAScript regex such as [0-9]{5}");
    }
  }
}

}  // namespace otos::validate
