// The message templates of answer errors, by language, and the small formatters they need.
// Wording rule: say what was expected, quote what was given (clipped), never blame the person.
#include "engine/answers/messages.h"

#include <array>
#include <charconv>
#include <cmath>

#include "engine/common/number_text.h"

namespace otos::answers {
namespace {

struct Texts {
  Message message;
  const char* en;
  const char* fi;
  const char* sv;
};

// In the order of the Message enum (checked by a static_assert below).
constexpr std::array<Texts, 27> kTexts{{
    {Message::Required, "an answer is required", "vastaus on pakollinen", "svar krävs"},
    {Message::RequiredRows, "answer every row; missing: {1}",
     "vastaa jokaiseen riviin; puuttuu: {1}", "svara på varje rad; saknas: {1}"},
    {Message::ExpectCode, "expected one option code (a string)",
     "odotettiin yhden vaihtoehdon koodia (merkkijono)", "förväntade en svarskod (en sträng)"},
    {Message::ExpectCodes, "expected a list of option codes (an array of strings)",
     "odotettiin luetteloa vaihtoehtojen koodeista (merkkijonotaulukko)",
     "förväntade en lista med svarskoder (en array av strängar)"},
    {Message::ExpectNumber, "expected a number", "odotettiin lukua", "förväntade ett tal"},
    {Message::ExpectText, "expected a text (a string)", "odotettiin tekstiä (merkkijono)",
     "förväntade en text (en sträng)"},
    {Message::ExpectUtf8, "expected a text in UTF-8", "odotettiin UTF-8-muotoista tekstiä",
     "förväntade en text i UTF-8"},
    {Message::ControlCharacter, "expected a text without control characters",
     "odotettiin tekstiä ilman ohjausmerkkejä", "förväntade en text utan styrtecken"},
    {Message::ExpectDate, "expected a date written YYYY-MM-DD (a string)",
     "odotettiin päivämäärää muodossa VVVV-KK-PP (merkkijono)",
     "förväntade ett datum skrivet ÅÅÅÅ-MM-DD (en sträng)"},
    {Message::ExpectMatrix, "expected an object of row ids and option codes",
     "odotettiin oliota, jossa on rivien tunnukset ja vaihtoehtojen koodit",
     "förväntade ett objekt med rad-id:n och svarskoder"},
    {Message::RowPrefix, "row '{1}': ", "rivi '{1}': ", "rad '{1}': "},
    {Message::NotACode, "'{1}' is not an option; expected one of: {2}",
     "'{1}' ei ole vaihtoehto; odotettiin jotakin näistä: {2}",
     "'{1}' är inget alternativ; förväntade ett av: {2}"},
    {Message::TooMany, "{1} options chosen; expected at most {2}",
     "valittu {1} vaihtoehtoa; odotettiin enintään {2}",
     "{1} alternativ valda; förväntade högst {2}"},
    {Message::Exclusive, "'{1}' cannot be chosen together with other options",
     "'{1}' ei voi olla valittuna yhdessä muiden vaihtoehtojen kanssa",
     "'{1}' kan inte väljas tillsammans med andra alternativ"},
    {Message::Whole, "expected a whole number", "odotettiin kokonaislukua",
     "förväntade ett heltal"},
    {Message::WholeBetween, "expected a whole number between {1} and {2}",
     "odotettiin kokonaislukua väliltä {1}–{2}", "förväntade ett heltal mellan {1} och {2}"},
    {Message::WholeAtLeast, "expected a whole number of at least {1}",
     "odotettiin kokonaislukua, joka on vähintään {1}", "förväntade ett heltal som är minst {1}"},
    {Message::WholeAtMost, "expected a whole number of at most {1}",
     "odotettiin kokonaislukua, joka on enintään {1}", "förväntade ett heltal som är högst {1}"},
    {Message::NumberBetween, "expected a number between {1} and {2}",
     "odotettiin lukua väliltä {1}–{2}", "förväntade ett tal mellan {1} och {2}"},
    {Message::NumberAtLeast, "expected a number of at least {1}",
     "odotettiin lukua, joka on vähintään {1}", "förväntade ett tal som är minst {1}"},
    {Message::NumberAtMost, "expected a number of at most {1}",
     "odotettiin lukua, joka on enintään {1}", "förväntade ett tal som är högst {1}"},
    {Message::TooLong, "{1} characters; expected at most {2}",
     "{1} merkkiä; odotettiin enintään {2}", "{1} tecken; förväntade högst {2}"},
    {Message::Pattern, "the text does not have the expected form {1}",
     "teksti ei ole odotettua muotoa {1}", "texten har inte den förväntade formen {1}"},
    {Message::BadDate, "'{1}' is not a valid date; expected YYYY-MM-DD such as 2026-03-31",
     "'{1}' ei ole kelvollinen päivämäärä; odotettiin muotoa VVVV-KK-PP, esimerkiksi 2026-03-31",
     "'{1}' är inget giltigt datum; förväntade ÅÅÅÅ-MM-DD, till exempel 2026-03-31"},
    {Message::UnknownRow, "unknown row '{1}'; expected one of: {2}",
     "tuntematon rivi '{1}'; odotettiin jotakin näistä: {2}",
     "okänd rad '{1}'; förväntade en av: {2}"},
    {Message::UnknownQuestion, "no question '{1}' in this questionnaire",
     "kyselyssä ei ole kysymystä '{1}'", "enkäten har ingen fråga '{1}'"},
    {Message::NoAnswerExpected, "an information text takes no answer", "infotekstiin ei vastata",
     "en informationstext besvaras inte"},
}};

constexpr bool in_enum_order() {
  for (size_t i = 0; i < kTexts.size(); ++i)
    if (static_cast<size_t>(kTexts[i].message) != i) return false;
  return true;
}
static_assert(in_enum_order(), "kTexts must follow the order of enum Message");

constexpr size_t kMaxListed = 10;
constexpr size_t kMaxQuoted = 40;  // code points

template <typename Items, typename Name>
std::string list(const Items& items, Name name) {
  std::string out;
  size_t n = 0;
  for (const auto& item : items) {
    if (n == kMaxListed) {
      out += ", …";
      break;
    }
    if (n++ > 0) out += ", ";
    out += name(item);
  }
  return out;
}

}  // namespace

Lang lang_from(std::string_view code) {
  if (code == "fi") return Lang::Fi;
  if (code == "sv") return Lang::Sv;
  return Lang::En;
}

std::string_view lang_code(Lang lang) {
  return lang == Lang::Fi ? "fi" : lang == Lang::Sv ? "sv" : "en";
}

std::string format(Lang lang, Message message, std::initializer_list<std::string_view> args) {
  const Texts& t = kTexts[static_cast<size_t>(message)];
  std::string_view tpl = lang == Lang::Fi ? t.fi : lang == Lang::Sv ? t.sv : t.en;
  std::string out;
  out.reserve(tpl.size() + 32);
  for (size_t i = 0; i < tpl.size(); ++i) {
    if (tpl[i] == '{' && i + 2 < tpl.size() && tpl[i + 2] == '}' && tpl[i + 1] >= '1' &&
        tpl[i + 1] <= '9') {
      const size_t k = static_cast<size_t>(tpl[i + 1] - '1');
      if (k < args.size()) out += *(args.begin() + k);
      i += 2;
    } else {
      out += tpl[i];
    }
  }
  return out;
}

std::string format_number(Lang lang, double value) {
  std::string out = plain_number(value);
  if (out.empty()) return "?";
  if (lang != Lang::En)
    for (char& c : out)
      if (c == '.') c = ',';
  return out;
}

std::string number_expectation(Lang lang, const model::Question& q) {
  const bool whole = q.integer;
  if (q.min && q.max)
    return format(lang, whole ? Message::WholeBetween : Message::NumberBetween,
                  {format_number(lang, *q.min), format_number(lang, *q.max)});
  if (q.min)
    return format(lang, whole ? Message::WholeAtLeast : Message::NumberAtLeast,
                  {format_number(lang, *q.min)});
  if (q.max)
    return format(lang, whole ? Message::WholeAtMost : Message::NumberAtMost,
                  {format_number(lang, *q.max)});
  return format(lang, whole ? Message::Whole : Message::ExpectNumber);
}

std::string clip(std::string_view value) {
  size_t points = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    if ((static_cast<unsigned char>(value[i]) & 0xC0) == 0x80) continue;  // a continuation byte
    if (points++ == kMaxQuoted) return std::string(value.substr(0, i)) + "…";
  }
  return std::string(value);
}

std::string list_codes(const std::vector<model::Option>& options) {
  return list(options, [](const model::Option& o) -> const std::string& { return o.code; });
}

std::string list_rows(const std::vector<model::MatrixRow>& rows) {
  return list(rows, [](const model::MatrixRow& r) -> const std::string& { return r.id; });
}

}  // namespace otos::answers
