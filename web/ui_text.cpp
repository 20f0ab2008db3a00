// The interface's fixed texts in fi, sv and en, and Accept-Language negotiation. Adding a text:
// a key in ui_text.h and one row here with all three languages (a unit test checks that none is
// empty). No HTML in these strings: callers escape them like any other text.
#include "web/ui_text.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <map>

namespace otos::web {

namespace {

struct Row {
  Ui key;
  std::array<std::string, 3> text;  // fi, sv, en
};

const std::vector<Row>& rows() {
  static const std::vector<Row> table = {
      {Ui::SkipToContent, {"Siirry sisältöön", "Hoppa till innehållet", "Skip to content"}},
      {Ui::LanguageNav, {"Kieli", "Språk", "Language"}},
      {Ui::SiteName, {"otos-kyselyt", "otos-enkäter", "otos surveys"}},
      {Ui::IndexTitle, {"Avoimet kyselyt", "Öppna enkäter", "Open questionnaires"}},
      {Ui::IndexIntro,
       {"Valitse kysely, johon haluat vastata. Vastaaminen vie muutaman minuutin.",
        "Välj den enkät du vill besvara. Det tar några minuter.",
        "Choose the questionnaire you would like to answer. It takes a few minutes."}},
      {Ui::IndexEmpty,
       {"Juuri nyt ei ole avoimia kyselyitä.", "Just nu finns inga öppna enkäter.",
        "There are no open questionnaires right now."}},
      {Ui::IndexOpenUntil,
       {"Vastausaika päättyy {close}.", "Svarstiden går ut {close}.", "Open until {close}."}},
      {Ui::Next, {"Seuraava", "Nästa", "Next"}},
      {Ui::Back, {"Edellinen", "Föregående", "Back"}},
      {Ui::Review, {"Tarkista vastaukset", "Granska svaren", "Review answers"}},
      {Ui::Submit, {"Lähetä vastaukset", "Skicka svaren", "Send answers"}},
      {Ui::Change, {"Muuta", "Ändra", "Change"}},
      {Ui::ProgressPage, {"Sivu {n} / {total}", "Sida {n} av {total}", "Page {n} of {total}"}},
      {Ui::ReviewTitle, {"Tarkista vastauksesi", "Granska dina svar", "Check your answers"}},
      {Ui::ReviewIntro,
       {"Vastauksiasi ei ole vielä lähetetty. Tarkista ne ja lähetä.",
        "Dina svar har inte skickats ännu. Granska dem och skicka.",
        "Your answers have not been sent yet. Check them, then send."}},
      {Ui::ReviewNotAnswered, {"Ei vastattu", "Inte besvarad", "Not answered"}},
      {Ui::ThanksTitle,
       {"Kiitos vastauksestasi!", "Tack för ditt svar!", "Thank you for your answers!"}},
      {Ui::ThanksBody,
       {"Vastauksesi on tallennettu.", "Dina svar har sparats.", "Your answers have been saved."}},
      {Ui::ResponseId, {"Vastauksen tunnus", "Svarets kod", "Response id"}},
      {Ui::ErrorSummaryTitle,
       {"Tarkista seuraavat kohdat", "Kontrollera följande", "There is a problem"}},
      {Ui::ErrorPrefix, {"Virhe:", "Fel:", "Error:"}},
      {Ui::Required, {"(pakollinen)", "(obligatorisk)", "(required)"}},
      {Ui::Optional, {"(vapaaehtoinen)", "(frivillig)", "(optional)"}},
      {Ui::MaxChoices, {"Valitse enintään {n}.", "Välj högst {n}.", "Choose at most {n}."}},
      {Ui::MaxLength, {"Enintään {n} merkkiä.", "Högst {n} tecken.", "At most {n} characters."}},
      {Ui::DateHint,
       {"Päivämäärä muodossa vvvv-kk-pp, esimerkiksi 2026-02-15.",
        "Datum i formen åååå-mm-dd, till exempel 2026-02-15.",
        "A date as yyyy-mm-dd, for example 2026-02-15."}},
      {Ui::NewQuestionsAppeared,
       {"Vastaustesi perusteella sivulle tuli lisää kysymyksiä.",
        "Utifrån dina svar visas nu fler frågor på sidan.",
        "Based on your answers, more questions are now shown on this page."}},
      {Ui::DraftSavedInvitation,
       {"Vastauksesi tallentuvat jokaisella sivulla. Voit jatkaa myöhemmin samasta linkistä "
        "myös toisella laitteella.",
        "Dina svar sparas på varje sida. Du kan fortsätta senare via samma länk, även på en "
        "annan enhet.",
        "Your answers are saved on every page. You can continue later from the same link, also "
        "on another device."}},
      {Ui::AnsweredTitle,
       {"Kyselyyn on jo vastattu", "Enkäten har redan besvarats",
        "This questionnaire has already been answered"}},
      {Ui::AnsweredBody,
       {"Tällä kutsulinkillä on jo lähetetty vastaus. Kiitos!",
        "Ett svar har redan skickats med den här inbjudningslänken. Tack!",
        "An answer has already been sent with this invitation link. Thank you!"}},
      {Ui::NotOpenTitle,
       {"Kysely ei ole avoinna", "Enkäten är inte öppen", "The questionnaire is not open"}},
      {Ui::NotYetOpenBody,
       {"Kyselyyn voi vastata {open} alkaen.", "Enkäten kan besvaras från och med {open}.",
        "The questionnaire can be answered from {open}."}},
      {Ui::ClosedBody,
       {"Kyselyn vastausaika päättyi {close}. Vastauksia ei enää oteta vastaan.",
        "Svarstiden för enkäten gick ut {close}. Inga svar tas emot längre.",
        "The questionnaire closed on {close}. No more answers are accepted."}},
      {Ui::NotFoundTitle, {"Sivua ei löytynyt", "Sidan hittades inte", "Page not found"}},
      {Ui::NotFoundBody,
       {"Kyselyä tai kutsulinkkiä ei löytynyt. Tarkista osoite.",
        "Enkäten eller inbjudningslänken hittades inte. Kontrollera adressen.",
        "The questionnaire or invitation link was not found. Check the address."}},
      {Ui::ForbiddenTitle,
       {"Lomaketta ei voitu varmentaa", "Formuläret kunde inte verifieras",
        "The form could not be verified"}},
      {Ui::ForbiddenBody,
       {"Lomakkeen tunniste puuttui tai oli vanhentunut. Näin voi käydä, jos evästeet on estetty "
        "tai sivu oli auki hyvin kauan. Aloita kysely uudelleen.",
        "Formulärets kod saknades eller var föråldrad. Det kan hända om kakor är blockerade "
        "eller om sidan var öppen mycket länge. Börja om enkäten.",
        "The form's token was missing or out of date. This can happen when cookies are blocked "
        "or the page was open for a very long time. Start the questionnaire again."}},
      {Ui::BadRequestTitle, {"Virheellinen pyyntö", "Felaktig begäran", "Bad request"}},
      {Ui::BadRequestBody,
       {"Lomakkeen tietoja ei voitu lukea.", "Formulärets uppgifter kunde inte läsas.",
        "The form's data could not be read."}},
      {Ui::TooLargeTitle, {"Liian pitkä vastaus", "För långt svar", "Answer too long"}},
      {Ui::TooLargeBody,
       {"Lähetetyt tiedot olivat liian suuret. Lyhennä vastauksiasi ja yritä uudelleen.",
        "De skickade uppgifterna var för stora. Förkorta dina svar och försök igen.",
        "The data sent was too large. Shorten your answers and try again."}},
      {Ui::ServerErrorTitle,
       {"Vastausta ei voitu tallentaa", "Svaret kunde inte sparas",
        "The answer could not be saved"}},
      {Ui::ServerErrorBody,
       {"Tallennus epäonnistui hetkellisesti. Yritä hetken päästä uudelleen; vastauksesi "
        "tallentuu vain kerran.",
        "Sparandet misslyckades tillfälligt. Försök igen om en stund; ditt svar sparas bara en "
        "gång.",
        "Saving failed for a moment. Try again shortly; your answer is stored only once."}},
      {Ui::StartAgain, {"Aloita alusta", "Börja om", "Start again"}},
      {Ui::FrontPage, {"Etusivulle", "Till startsidan", "To the front page"}},
      {Ui::InvitationOnlyTitle,
       {"Kyselyyn vastataan kutsulla", "Enkäten besvaras via inbjudan",
        "This questionnaire is answered by invitation"}},
      {Ui::InvitationOnlyBody,
       {"Tähän kyselyyn vastataan henkilökohtaisella kutsulinkillä.",
        "Den här enkäten besvaras via en personlig inbjudningslänk.",
        "This questionnaire is answered through a personal invitation link."}},
  };
  return table;
}

size_t lang_index(std::string_view lang) {
  if (lang == "fi") return 0;
  if (lang == "sv") return 1;
  return 2;
}

std::string replace_all(std::string text, std::string_view mark, std::string_view value) {
  for (size_t pos = text.find(mark); pos != std::string::npos;
       pos = text.find(mark, pos + value.size())) {
    text.replace(pos, mark.size(), value);
  }
  return text;
}

}  // namespace

const std::string& ui(std::string_view lang, Ui key) {
  static const std::map<Ui, const Row*> index = [] {
    std::map<Ui, const Row*> m;
    for (const auto& r : rows()) m[r.key] = &r;
    return m;
  }();
  static const std::string kMissing;
  auto it = index.find(key);
  if (it == index.end()) return kMissing;
  return it->second->text[lang_index(lang)];
}

std::string progress_text(std::string_view lang, size_t page, size_t total) {
  return replace_all(replace_all(ui(lang, Ui::ProgressPage), "{n}", std::to_string(page)),
                     "{total}", std::to_string(total));
}

std::string max_choices_text(std::string_view lang, int n) {
  return replace_all(ui(lang, Ui::MaxChoices), "{n}", std::to_string(n));
}

std::string max_length_text(std::string_view lang, int n) {
  return replace_all(ui(lang, Ui::MaxLength), "{n}", std::to_string(n));
}

std::string format_date(std::string_view lang, std::string_view iso) {
  static const char* months[] = {"January",   "February", "March",    "April",
                                 "May",       "June",     "July",     "August",
                                 "September", "October",  "November", "December"};
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::string(iso);
  int year = std::atoi(std::string(iso.substr(0, 4)).c_str());
  int month = std::atoi(std::string(iso.substr(5, 2)).c_str());
  int day = std::atoi(std::string(iso.substr(8, 2)).c_str());
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::string(iso);
  if (lang == "fi" || lang == "sv") {
    return std::to_string(day) + "." + std::to_string(month) + "." + std::to_string(year);
  }
  return std::to_string(day) + " " + months[month - 1] + " " + std::to_string(year);
}

std::string fill(std::string text, std::string_view name, std::string_view value) {
  std::string mark;
  mark.reserve(name.size() + 2);
  mark.push_back('{');
  mark.append(name);
  mark.push_back('}');
  return replace_all(std::move(text), mark, value);
}

std::string language_name(std::string_view lang) {
  if (lang == "fi") return "suomi";
  if (lang == "sv") return "svenska";
  if (lang == "en") return "English";
  return std::string(lang);
}

const std::vector<std::string>& ui_languages() {
  static const std::vector<std::string> langs = {"fi", "sv", "en"};
  return langs;
}

std::string negotiate_language(std::string_view query_lang, std::string_view accept_language,
                               const std::vector<std::string>& available) {
  auto is_available = [&](std::string_view l) {
    return std::find(available.begin(), available.end(), l) != available.end();
  };
  if (!query_lang.empty() && is_available(query_lang)) return std::string(query_lang);

  // Accept-Language: "sv-FI,sv;q=0.9,en;q=0.5". Best weight wins; ties keep header order.
  struct Choice {
    double q;
    size_t order;
    std::string lang;
  };
  std::vector<Choice> choices;
  size_t order = 0;
  size_t start = 0;
  while (start <= accept_language.size() && order < 32) {
    size_t comma = accept_language.find(',', start);
    std::string_view item = accept_language.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    start = comma == std::string_view::npos ? accept_language.size() + 1 : comma + 1;
    size_t semi = item.find(';');
    std::string_view tag = item.substr(0, semi);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    std::string primary;
    for (char c : tag.substr(0, tag.find('-'))) {
      primary += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    double q = 1.0;
    if (semi != std::string_view::npos) {
      std::string_view params = item.substr(semi + 1);
      size_t qpos = params.find("q=");
      if (qpos != std::string_view::npos) {
        std::string number(params.substr(qpos + 2, 5));
        q = std::strtod(number.c_str(), nullptr);
      }
    }
    if (!primary.empty() && q > 0 && is_available(primary)) {
      choices.push_back({q, order, primary});
    }
    ++order;
  }
  if (!choices.empty()) {
    auto best = std::min_element(choices.begin(), choices.end(), [](const auto& a, const auto& b) {
      return a.q != b.q ? a.q > b.q : a.order < b.order;
    });
    return best->lang;
  }
  return available.front();
}

}  // namespace otos::web
