// Validator benchmark: builds a 1 MB questionnaire (thousands of single_choice questions, each
// with a show_if) in memory, validates it five times and prints the median time against the
// issue's bar ("well under a second"). Measures only; never fails on the time.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/validate/validate.h"

namespace {

std::string big_questionnaire(size_t bytes, size_t* questions) {
  std::string yaml =
      "id: big\nversion: 2026\ntitle: {fi: Iso kysely, sv: Stor enkät, en: Big survey}\n"
      "languages: [fi, sv, en]\n"
      "lists:\n  opts:\n    - {code: a, label: {fi: A, sv: A, en: A}}\n"
      "    - {code: b, label: {fi: B, sv: B, en: B}}\n"
      "pages:\n  - id: p1\n    title: {fi: Sivu, sv: Sida, en: Page}\n    questions:\n";
  size_t n = 0;
  while (yaml.size() < bytes) {
    const std::string id = "q" + std::to_string(n++);
    yaml += "      - id: " + id + "\n        type: single_choice\n        text: {fi: Kysymys " +
            id + ", sv: Fråga " + id + ", en: Question " + id + "}\n        options: opts\n";
    if (n > 1) yaml += "        show_if: \"q0 in ['a', 'b'] and answered(q0)\"\n";
  }
  *questions = n;
  return yaml;
}

}  // namespace

int main() {
  size_t questions = 0;
  const std::string yaml = big_questionnaire(1'000'000, &questions);
  std::vector<double> ms;
  for (int i = 0; i < 5; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    auto result = otos::validate::load_text(yaml, "big.yaml");
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (!result.ok()) {
      std::fprintf(stderr, "validate_bench: the generated questionnaire is invalid\n");
      return 1;
    }
  }
  std::sort(ms.begin(), ms.end());
  std::printf("validate: %.2f MB, %zu questions, median of 5 runs\n",
              static_cast<double>(yaml.size()) / 1e6, questions);
  std::printf("%-28s %14s %14s %s\n", "measure", "figure", "bar", "");
  char fig[64];
  std::snprintf(fig, sizeof fig, "%.0f ms", ms[2]);
  std::printf("%-28s %14s %14s %s\n", "validate 1 MB questionnaire", fig, "< 1000 ms",
              ms[2] < 1000 ? "ok" : "MISSED");
  return 0;
}
