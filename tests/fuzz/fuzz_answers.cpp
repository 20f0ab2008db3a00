// libFuzzer target for the API's body reader and answer checks: any request body, parsed as the
// POST route parses it (web/json_body), must give a 400 message or an object; the object, written
// out by Poco and read again, must come back the same (the reader agrees with a JSON writer); its
// answers must give either kept answers with the properties of fuzz_support.h or errors, never a
// crash or an exception. Seed corpus: tests/fuzz/answers_corpus.
#include <Poco/JSON/Stringifier.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "tests/fuzz/fuzz_support.h"
#include "web/json_body.h"

namespace {

std::string written(const Poco::JSON::Object& object) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(object, out);
  return out.str();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const otos::model::Questionnaire& q = otos::fuzz::questionnaire();
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  otos::web::JsonBody parsed = otos::web::parse_json_object(body, 32);  // as the POST route
  if (!parsed.object) {
    if (parsed.error.empty()) std::abort();
    return 0;  // the route answers 400 with this message
  }
  const Poco::JSON::Object::Ptr& object = parsed.object;
  const std::string once = written(*object);
  otos::web::JsonBody again = otos::web::parse_json_object(once, 32);
  if (!again.object || written(*again.object) != once) std::abort();
  for (const char* lang : {"fi", "en"}) {
    otos::answers::CheckOptions options;
    options.lang = lang;
    otos::answers::CheckResult result = otos::answers::check_answers(q, *object, options);
    otos::fuzz::check_errors(result);
    if (result.ok()) otos::fuzz::check_accepted(q, result.answers, options);
  }
  return 0;
}
