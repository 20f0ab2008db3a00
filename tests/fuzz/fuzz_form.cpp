// libFuzzer target for the respondent form's POST path: any body (first byte: the page) is
// decoded as application/x-www-form-urlencoded, applied to that page as the form route applies
// it, and checked as the form checks a page; kept answers must have the properties of
// fuzz_support.h. Never a crash or an exception.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/fuzz_support.h"
#include "web/form_request.h"
#include "web/form_state.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const otos::model::Questionnaire& q = otos::fuzz::questionnaire();
  const size_t page = data[0] % q.pages.size();
  std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::optional<otos::web::FormFields> fields = otos::web::parse_urlencoded(body);
  if (!fields) return 0;  // the route answers 400
  for (const auto& [name, value] : *fields) {
    otos::fuzz::require(otos::web::is_valid_utf8(name) && otos::web::is_valid_utf8(value),
                        "a decoded field is not UTF-8");
    otos::fuzz::require(
        name.find('\0') == std::string::npos && value.find('\0') == std::string::npos,
        "a decoded field holds a NUL byte");
  }
  otos::web::values_from_post(*fields);

  otos::JsonObject raw;
  otos::web::apply_posted_page(q, page, *fields, {}, raw);
  otos::answers::CheckOptions options;
  options.pages = {page};
  options.numbers_as_strings = true;
  otos::answers::CheckResult result = otos::answers::check_answers(q, raw, options);
  otos::fuzz::check_errors(result);
  if (result.ok()) otos::fuzz::check_accepted(q, result.answers, options);
  return 0;
}
