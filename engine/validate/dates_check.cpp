// `open` and `close`: real calendar dates written YYYY-MM-DD, and open on or before close.
#include <optional>

#include "engine/loader/codes.h"
#include "engine/validate/check.h"

namespace otos::validate {
namespace {

bool is_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  int year = std::stoi(s.substr(0, 4)), month = std::stoi(s.substr(5, 2)),
      day = std::stoi(s.substr(8, 2));
  if (month < 1 || month > 12 || day < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= days;
}

}  // namespace

void check_dates(const CheckContext& ctx) {
  const auto& q = ctx.questionnaire;
  bool ok = true;
  for (const auto& [key, value] : {std::pair{"open", &q.open}, std::pair{"close", &q.close}}) {
    if (!*value) continue;
    if (!is_date(**value)) {
      ctx.error(ctx.at(key), loader::codes::kBadDate,
                std::string("'") + key + "' is '" + **value +
                    "'; expected a calendar date written YYYY-MM-DD, such as 2026-03-31");
      ok = false;
    }
  }
  if (ok && q.open && q.close && *q.open > *q.close)
    ctx.error(ctx.at("open"), loader::codes::kOpenAfterClose,
              std::string("'open' ") + *q.open + " is after 'close' " + *q.close +
                  "; expected open on or before close");
}

}  // namespace otos::validate
