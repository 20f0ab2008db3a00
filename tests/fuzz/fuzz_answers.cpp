// libFuzzer target for the API's body reader and answer checks: any request body, parsed as the
// POST route parses it (web/json_body), must give a 400 message or an object; the object, written
// out and read again, must come back the same; its answers must give either kept answers with the
// properties of fuzz_support.h or errors, never a crash or an exception.
// Seed corpus: tests/fuzz/answers_corpus.
#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/common/json_value.h"
#include "tests/fuzz/fuzz_support.h"
#include "web/json_body.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const otos::model::Questionnaire& q = otos::fuzz::questionnaire();
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  otos::web::JsonBody parsed = otos::web::parse_json_object(body, 32);  // as the POST route
  if (!parsed.ok()) return 0;  // the route answers 400 with this message
  const otos::JsonObject& object = parsed.object;
  const std::string once = otos::to_json(otos::JsonValue(object));
  otos::web::JsonBody again = otos::web::parse_json_object(once, 32);
  otos::fuzz::require(again.ok() && otos::to_json(otos::JsonValue(again.object)) == once,
                      "a parsed body written out does not read back the same");
  for (const char* lang : {"fi", "en"}) {
    otos::answers::CheckOptions options;
    options.lang = lang;
    otos::answers::CheckResult result = otos::answers::check_answers(q, object, options);
    otos::fuzz::check_errors(result);
    if (result.ok()) otos::fuzz::check_accepted(q, result.answers, options);
  }
  return 0;
}
