// libFuzzer target for the API's answer checks: any request body, parsed as the POST route parses
// it, must give either kept answers with the properties of fuzz_support.h or errors, never a
// crash or an exception. Seed corpus: tests/fuzz/answers_corpus.
#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const otos::model::Questionnaire& q = otos::fuzz::questionnaire();
  Poco::JSON::Object::Ptr object;
  try {
    Poco::JSON::Parser parser;
    parser.setDepth(32);  // as web/responses_route.cpp
    Poco::Dynamic::Var parsed =
        parser.parse(std::string(reinterpret_cast<const char*>(data), size));
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) return 0;
    object = parsed.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    return 0;  // the route answers 400
  }
  for (const char* lang : {"fi", "en"}) {
    otos::answers::CheckOptions options;
    options.lang = lang;
    otos::answers::CheckResult result = otos::answers::check_answers(q, *object, options);
    otos::fuzz::check_errors(result);
    if (result.ok()) otos::fuzz::check_accepted(q, result.answers, options);
  }
  return 0;
}
