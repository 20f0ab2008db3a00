// Deterministic generator of N responses for a questionnaire file, written straight into a
// database through Store::insert_all in chunks of 10,000 (one transaction each). Answers follow
// show_if (a hidden question is left unanswered) and every type's rules; the same seed gives the
// same rows. Used by bench/run_results.sh; not a test and never run by ctest.
#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "bench/common/common.h"
#include "engine/common/answer_value.h"
#include "engine/packed/packed_answers.h"
#include "engine/storage/store.h"
#include "engine/validate/validate.h"

namespace {

struct Rng {  // splitmix64: the same sequence on every platform
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return n ? static_cast<size_t>(next() % n) : 0; }
  bool chance(int percent) { return below(100) < static_cast<size_t>(percent); }
};

otos::Answers generate(const otos::model::Questionnaire& q, Rng& rng) {
  using otos::model::QuestionType;
  otos::Answers a;
  for (const auto* question : q.questions()) {
    if (!question->asks() || !otos::model::is_shown(*question, a)) continue;
    if (!question->required && rng.chance(8)) continue;  // left unanswered
    const auto& opts = question->options;
    switch (question->type) {
      case QuestionType::SingleChoice:
      case QuestionType::Likert:
        if (!opts.empty()) a[question->id] = opts[rng.below(opts.size())].code;
        break;
      case QuestionType::MultiChoice: {
        otos::Codes codes;
        const size_t max =
            question->max_choices ? static_cast<size_t>(*question->max_choices) : opts.size();
        for (const auto& o : opts)
          if (codes.size() < max && !o.missing && !o.exclusive && rng.chance(35))
            codes.push_back(o.code);
        if (codes.empty() && !opts.empty()) codes.push_back(opts[rng.below(opts.size())].code);
        a[question->id] = codes;
        break;
      }
      case QuestionType::Matrix: {
        otos::MatrixAnswer m;
        for (const auto& r : question->rows)
          if (!opts.empty()) m[r.id] = opts[rng.below(opts.size())].code;
        a[question->id] = m;
        break;
      }
      case QuestionType::Number: {
        const double lo = question->min.value_or(0), hi = question->max.value_or(100);
        const double span = hi - lo;
        double v = lo + span * static_cast<double>(rng.below(1000001)) / 1e6;
        if (question->integer) v = static_cast<double>(static_cast<int64_t>(v));
        a[question->id] = v;
        break;
      }
      case QuestionType::Text:
        if (rng.chance(30))
          a[question->id] = std::string("comment ") + std::to_string(rng.below(1000));
        break;
      case QuestionType::Date: {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04zu-%02zu-%02zu", 1950 + rng.below(60), 1 + rng.below(12),
                      1 + rng.below(28));
        a[question->id] = std::string(buf);
        break;
      }
      case QuestionType::Info:
        break;
    }
  }
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: gen_responses SURVEY.yaml DB N [SEED]\n");
    return 2;
  }
  const auto loaded = otos::validate::load_file(argv[1]);
  if (!loaded.ok()) {
    for (const auto& d : loaded.diagnostics) std::fprintf(stderr, "%s\n", d.render().c_str());
    return 1;
  }
  const auto& q = *loaded.questionnaire;
  const long n = std::stol(argv[3]);
  Rng rng{argc > 4 ? std::stoull(argv[4]) : 42};
  auto store = otos::storage::Store::open(argv[2]);
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(q.source_text);
  store->put_survey_version(
      {q.id, q.version, q.source_text, Poco::DigestEngine::digestToHex(sha.digest()), ""});
  std::vector<otos::storage::NewResponse> chunk;
  const size_t kChunk = 10000;
  const int64_t layout = otos::packed::layout_of(q);
  for (long i = 0; i < n; ++i) {
    otos::storage::NewResponse r;
    r.survey = q.id;
    r.version = q.version;
    r.lang = q.languages.empty() ? "en" : q.languages[rng.below(q.languages.size())];
    const otos::Answers answers = generate(q, rng);
    r.answers_json = otos::answers_to_json(answers);
    r.layout = layout;
    r.packed = otos::packed::pack(q, answers);
    chunk.push_back(std::move(r));
    if (chunk.size() == kChunk || i + 1 == n) {
      store->insert_all(chunk);
      chunk.clear();
    }
  }
  std::printf("generated %ld responses for %s into %s\n", n, q.key().c_str(),
              otos::bench::masked(argv[2]).c_str());
  return 0;
}
