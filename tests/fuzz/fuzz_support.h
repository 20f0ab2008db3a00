// What the answer, form and import fuzz targets share: the questionnaire they check against
// (tests/fuzz/fuzz_survey.yaml, or the file named by $OTOS_FUZZ_SURVEY) and the properties every
// accepted set of answers must have. A broken property aborts with a line on stderr, which
// libFuzzer reports as a crash with the input that caused it. Test code only.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "engine/answers/answer_check.h"
#include "engine/common/answer_value.h"
#include "engine/common/json_value.h"
#include "engine/packed/packed_answers.h"
#include "engine/validate/validate.h"

namespace otos::fuzz {

[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "fuzz property broken: %s\n", what);
  std::abort();
}

inline void require(bool ok, const char* what) {
  if (!ok) fail(what);
}

inline const model::Questionnaire& questionnaire() {
  static const model::QuestionnairePtr q = [] {
    const char* path = std::getenv("OTOS_FUZZ_SURVEY");
    validate::LoadResult loaded = validate::load_file(path ? path : OTOS_FUZZ_SURVEY_DEFAULT);
    require(loaded.ok(), "the fuzz questionnaire does not load");
    return loaded.questionnaire;
  }();
  return *q;
}

// Every error names what it is about and says something.
inline void check_errors(const answers::CheckResult& result) {
  for (const auto& e : result.errors) require(!e.code.empty() && !e.message.empty(), "empty error");
}

// Answers that passed the checks survive every form otos stores them in, and checking them
// again keeps them as they are: the canonical JSON, the packed bytes, and check_answers itself.
inline void check_accepted(const model::Questionnaire& q, const Answers& answers,
                           const answers::CheckOptions& options) {
  const std::string json = answers_to_json(answers);
  std::optional<Answers> back = answers_from_json(json);
  require(back && *back == answers, "answers_to_json / answers_from_json round trip");

  packed::PackedReader reader(q);
  require(reader.decode(packed::pack(q, answers)), "packed bytes of checked answers do not decode");
  require(reader.values().size() == answers.size(), "packed bytes lost an answer");

  const JsonParse raw = parse_json(json, 32);
  require(raw.value.object() != nullptr, "answers_to_json is not a JSON object");
  answers::CheckResult again = answers::check_answers(q, *raw.value.object(), options);
  require(again.ok(), "checked answers fail a second check");
  require(again.answers == answers, "a second check changed the answers");
}

}  // namespace otos::fuzz
