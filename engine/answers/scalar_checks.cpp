// Numbers (JSON numbers, or form strings with a decimal point or comma and thousands
// separators), texts (length in code points, pattern) and dates (a real calendar day). No
// allocation unless the value is kept or an error is written.
#include "engine/answers/scalar_checks.h"

#include <charconv>
#include <cmath>

#include "engine/answers/codes.h"
#include "engine/answers/pattern_match.h"

namespace otos::answers {
namespace {

constexpr size_t kMaxNumberText = 64;  // longer is not a number anyone typed

Verdict fail(AnswerError* error, std::string_view code, std::string message) {
  error->code = code;
  error->message = std::move(message);
  return Verdict::Invalid;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

int two_digits(std::string_view s, size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); }

constexpr std::string_view kUnicodeSpaces[] = {"\xC2\xA0", "\xE2\x80\xAF", "\xE2\x80\x89"};

// Without no-break, narrow and thin spaces at either end (a spreadsheet's "125 000 " pasted into
// a field): form.js's trim() drops them too, so both sides read the same number.
std::string_view trim_unicode_spaces(std::string_view s) {
  for (size_t before = s.size() + 1; s.size() != before;) {
    before = s.size();
    for (std::string_view space : kUnicodeSpaces) {
      if (s.substr(0, space.size()) == space) s.remove_prefix(space.size());
      if (s.size() >= space.size() && s.substr(s.size() - space.size()) == space) {
        s.remove_suffix(space.size());
      }
    }
    s = trim(s);
  }
  return s;
}

// The length of a thousands separator at s[i], or 0. Spaces (plain, no-break, narrow no-break,
// thin: what Finnish and Swedish typing and copying from a spreadsheet give) in every language;
// a comma only in English, only after a non-zero leading digit and before exactly three digits
// ("12,500"), so that "0,5" and "2,5" stay decimals there too.
size_t separator_at(std::string_view s, size_t i, Lang lang, std::string_view integer) {
  if (s[i] == ' ') return 1;
  for (std::string_view space : kUnicodeSpaces) {
    if (s.substr(i, space.size()) == space) return space.size();
  }
  if (lang != Lang::En || s[i] != ',' || integer.empty() || integer.front() == '0') return 0;
  for (size_t k = 1; k <= 3; ++k) {
    if (i + k >= s.size() || s[i + k] < '0' || s[i + k] > '9') return 0;
  }
  const size_t after = i + 4;
  return after == s.size() || s[after] == ',' || s[after] == '.' ? 1 : 0;
}

}  // namespace

std::optional<double> parse_form_number(std::string_view text, Lang lang) {
  const std::string_view s = trim_unicode_spaces(trim(text));
  if (s.empty() || s.size() > kMaxNumberText) return std::nullopt;
  char buf[kMaxNumberText];
  size_t n = 0, i = 0;
  if (s.front() == '-') {
    buf[n++] = '-';
    i = 1;
  } else if (s.substr(0, 3) == "\xE2\x88\x92") {  // U+2212, the typographic minus
    buf[n++] = '-';
    i = 3;
  }
  // The whole part, in groups of three after the first when a separator is used; every
  // separator the same one, so that "1 234,567" is not read as grouped by two kinds.
  const size_t whole_start = n;
  size_t group = 0;
  std::string_view separator;
  while (i < s.size()) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      buf[n++] = c;
      ++group;
      ++i;
      continue;
    }
    const std::string_view whole(buf + whole_start, n - whole_start);
    const size_t length = separator_at(s, i, lang, whole);
    if (length == 0) break;
    const std::string_view found = s.substr(i, length);
    if (!separator.empty() && found != separator) break;  // another kind: maybe the decimal comma
    const bool first = separator.empty();
    if (group == 0 || (first ? group > 3 || whole.front() == '0' : group != 3)) return std::nullopt;
    separator = found;
    group = 0;
    i += length;
  }
  if (!separator.empty() && group != 3) return std::nullopt;
  size_t digits = n - whole_start;
  // The decimal point or comma; not a comma after commas that grouped ("12,500,5").
  if (i < s.size() && (s[i] == '.' || (s[i] == ',' && separator != ","))) {
    buf[n++] = '.';
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) buf[n++] = s[i];
  }
  if (i != s.size() || digits == 0) return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(buf, buf + n, value, std::chars_format::fixed);
  if (ec != std::errc() || end != buf + n || !std::isfinite(value)) return std::nullopt;
  return value;
}

bool is_calendar_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  const int year = two_digits(s, 0) * 100 + two_digits(s, 2);
  const int month = two_digits(s, 5), day = two_digits(s, 8);
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

bool has_control_character(std::string_view text) {
  for (unsigned char c : text)
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return true;
  return false;
}

Verdict check_number(const model::Question& q, const JsonValue& raw, const ValueOptions& o,
                     AnswerValue* out, AnswerError* error) {
  double value = 0;
  if (const std::string* text = raw.string()) {
    if (!o.numbers_as_strings) return fail(error, codes::kWrongType, number_expectation(o.lang, q));
    if (trim(*text).empty()) return Verdict::Unanswered;  // a blank form field
    std::optional<double> parsed = parse_form_number(*text, o.lang);
    if (!parsed) return fail(error, codes::kWrongType, number_expectation(o.lang, q));
    value = *parsed;
  } else if (raw.is_number()) {
    value = raw.as_number();
  } else {
    return fail(error, codes::kWrongType, number_expectation(o.lang, q));
  }
  if (!std::isfinite(value)) return fail(error, codes::kWrongType, number_expectation(o.lang, q));
  if (q.integer && value != std::floor(value))
    return fail(error, codes::kNotInteger, number_expectation(o.lang, q));
  if (q.min && value < *q.min) return fail(error, codes::kTooSmall, number_expectation(o.lang, q));
  if (q.max && value > *q.max) return fail(error, codes::kTooLarge, number_expectation(o.lang, q));
  if (value == 0) value = 0;  // -0 stores as 0
  *out = value;
  return Verdict::Answered;
}

Verdict check_text(const model::Question& q, const std::string* text, const ValueOptions& o,
                   AnswerValue* out, AnswerError* error) {
  if (!text) return fail(error, codes::kWrongType, format(o.lang, Message::ExpectText));
  const std::optional<size_t> length = utf8_length(*text);
  if (!length) return fail(error, codes::kWrongType, format(o.lang, Message::ExpectUtf8));
  if (has_control_character(*text))
    return fail(error, codes::kControlCharacter, format(o.lang, Message::ControlCharacter));
  if (q.max_length) {
    if (*length > static_cast<size_t>(*q.max_length))
      return fail(error, codes::kTooLong,
                  format(o.lang, Message::TooLong,
                         {std::to_string(*length), std::to_string(*q.max_length)}));
  }
  if (!q.pattern.empty() && !pattern_matches(q.pattern, *text)) {
    // A respondent cannot read a regex: the questionnaire's own words when it has them.
    if (!q.pattern_message.empty())
      return fail(error, codes::kPattern, q.pattern_message.in(lang_code(o.lang)));
    return fail(error, codes::kPattern, format(o.lang, Message::Pattern, {q.pattern}));
  }
  *out = *text;
  return Verdict::Answered;
}

Verdict check_date(const std::string* text, const ValueOptions& o, AnswerValue* out,
                   AnswerError* error) {
  if (!text) return fail(error, codes::kWrongType, format(o.lang, Message::ExpectDate));
  if (!is_calendar_date(*text))
    return fail(error, codes::kBadDate, format(o.lang, Message::BadDate, {clip(*text)}));
  *out = *text;
  return Verdict::Answered;
}

}  // namespace otos::answers
