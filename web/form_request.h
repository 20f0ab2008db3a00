// Reading what a browser sends to the respondent forms: application/x-www-form-urlencoded
// bodies and query strings, and one cookie from the Cookie header. Pure functions over strings
// (no Poco, no questionnaire knowledge), so they are unit-tested directly.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/common/percent_decode.h"
#include "engine/common/utf8.h"

namespace otos::web {

// Name/value pairs in the order sent; a name may repeat (checkboxes).
using FormFields = std::vector<std::pair<std::string, std::string>>;

constexpr size_t kMaxFormFields = 5000;

// Decodes "a=1&b=x+y&c=%C3%A4": '+' is a space, %XX a byte. nullopt when an escape is broken,
// a decoded name or value is not valid UTF-8 or holds a NUL byte, or there are more than
// kMaxFormFields pairs. Empty pieces ("a=1&&b=2") are skipped; "a" alone is ("a", "").
std::optional<FormFields> parse_urlencoded(std::string_view body);

// The query string's fields, leniently: a malformed query gives no fields.
FormFields parse_query(std::string_view uri);

// The first value of `name`, or "" when absent.
std::string field(const FormFields& fields, std::string_view name);
// Every value of `name`, in order.
std::vector<std::string> fields_named(const FormFields& fields, std::string_view name);

// The value of cookie `name` in a Cookie header ("a=1; b=2"), or "".
std::string cookie_value(std::string_view cookie_header, std::string_view name);

// The percent-decoder web/ uses (bodies, queries, paths) is otos::percent_decode.
using otos::percent_decode;

// Percent-encodes a text for a URL path segment or a query value (unreserved bytes stay).
std::string url_encode(std::string_view text);

// UTF-8 checking is engine/common/utf8.h's.
using otos::is_valid_utf8;

}  // namespace otos::web
