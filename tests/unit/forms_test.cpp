// The respondent forms' pieces that need no server: urlencoded and cookie parsing, language
// negotiation, the fixed texts, the session draft, posted fields to raw answers, page skipping by
// show_if, the anti-forgery token, and the HTML of a page (escaping, labels, error links).
#include <doctest/doctest.h>

#include <chrono>

#include "engine/storage/store.h"
#include "engine/validate/validate.h"
#include "web/form_csrf.h"
#include "web/form_render.h"
#include "web/form_request.h"
#include "web/form_state.h"
#include "web/router.h"
#include "web/ui_text.h"

namespace otos::web {
namespace {

const char* kSurvey = R"(id: t
version: 2026
title: {fi: "Kysely <b>", sv: Enkät, en: Survey}
languages: [fi, sv, en]
groups: [town]
pages:
  - id: one
    title: {fi: Yksi, sv: Ett, en: One}
    questions:
      - id: town
        type: single_choice
        text: {fi: Kunta, sv: Kommun, en: Town}
        required: true
        options:
          - {code: "853", label: {fi: "Turku & <i>", sv: Åbo, en: Turku}}
          - {code: "202", label: {fi: Kaarina, sv: S:t Karins, en: Kaarina}}
      - id: kids
        type: number
        text: {fi: Lapsia, sv: Barn, en: Children}
        unit: {fi: kpl, sv: st, en: pcs}
      - id: note
        type: text
        multiline: true
        max_length: 5
        text: {fi: Huom, sv: Obs, en: Note}
  - id: two
    title: {fi: Kaksi, sv: Två, en: Two}
    questions:
      - id: why
        type: text
        text: {fi: Miksi, sv: Varför, en: Why}
        show_if: "town == '202'"
  - id: three
    title: {fi: Kolme, sv: Tre, en: Three}
    questions:
      - id: grid
        type: matrix
        scale: yn
        text: {fi: Ruudukko, sv: Rutnät, en: Grid}
        rows:
          - {id: a, text: {fi: Rivi A, sv: Rad A, en: Row A}}
          - {id: b, text: {fi: Rivi B, sv: Rad B, en: Row B}}
scales:
  yn:
    - {code: y, label: {fi: Kyllä, sv: Ja, en: "Yes"}}
    - {code: n, label: {fi: Ei, sv: Nej, en: "No"}}
)";

model::QuestionnairePtr survey() {
  auto r = validate::load_text(kSurvey, "t.yaml");
  REQUIRE_MESSAGE(r.ok(), (r.diagnostics.empty() ? "" : r.diagnostics[0].message));
  return r.questionnaire;
}

std::string stringify(const otos::JsonObject& o) { return otos::to_json(otos::JsonValue(o)); }

TEST_CASE("urlencoded bodies: plus, escapes, repeats, empty pieces") {
  auto f = parse_urlencoded("a=1&b=x+y&c=%C3%A4&&a=2&flag");
  REQUIRE(f.has_value());
  CHECK(*f == FormFields{{"a", "1"}, {"b", "x y"}, {"c", "ä"}, {"a", "2"}, {"flag", ""}});
  CHECK(field(*f, "a") == "1");
  CHECK(fields_named(*f, "a") == std::vector<std::string>{"1", "2"});
  CHECK(field(*f, "missing") == "");
}

TEST_CASE("urlencoded bodies: broken escapes, invalid UTF-8 and NUL are refused") {
  CHECK_FALSE(parse_urlencoded("a=%zz").has_value());
  CHECK_FALSE(parse_urlencoded("a=%4").has_value());
  CHECK_FALSE(parse_urlencoded("a=%").has_value());
  CHECK_FALSE(parse_urlencoded("a=%FF").has_value());
  CHECK_FALSE(parse_urlencoded("a=%C0%AF").has_value());  // overlong '/'
  CHECK_FALSE(parse_urlencoded("a=%00").has_value());
  CHECK_FALSE(parse_urlencoded("a=%ED%A0%80").has_value());  // a surrogate
  std::string many;
  for (size_t i = 0; i <= kMaxFormFields; ++i) many += "a=1&";
  CHECK_FALSE(parse_urlencoded(many).has_value());
  CHECK(parse_urlencoded("").value().empty());
}

TEST_CASE("query strings are read leniently") {
  CHECK(parse_query("/s/x?lang=sv&page=two") == FormFields{{"lang", "sv"}, {"page", "two"}});
  CHECK(parse_query("/s/x?lang=%zz").empty());
  CHECK(parse_query("/s/x").empty());
}

TEST_CASE("cookies and URL encoding") {
  CHECK(cookie_value("a=1; otos_sid=abc; b=2", "otos_sid") == "abc");
  CHECK(cookie_value("otos_sid_x=1", "otos_sid") == "");
  CHECK(cookie_value("", "otos_sid") == "");
  CHECK(url_encode("kysely@2026") == "kysely@2026");
  CHECK(url_encode("a b/ä") == "a%20b%2F%C3%A4");
}

TEST_CASE("language: query, then Accept-Language by weight, then the first") {
  const std::vector<std::string> langs{"fi", "sv", "en"};
  CHECK(negotiate_language("sv", "en", langs) == "sv");
  CHECK(negotiate_language("de", "en-GB,en;q=0.8", langs) == "en");
  CHECK(negotiate_language("", "de-DE, sv-FI;q=0.5, en;q=0.9", langs) == "en");
  CHECK(negotiate_language("", "sv-FI,sv;q=0.9", langs) == "sv");
  CHECK(negotiate_language("", "de, fr", langs) == "fi");
  CHECK(negotiate_language("", "en;q=0", langs) == "fi");
  CHECK(negotiate_language("en", "", {"fi", "sv"}) == "fi");
}

TEST_CASE("every fixed text exists in fi, sv and en") {
  for (int k = static_cast<int>(Ui::SkipToContent); k <= static_cast<int>(Ui::InvitationOnlyBody);
       ++k) {
    for (const char* lang : {"fi", "sv", "en"}) {
      CHECK_MESSAGE(!ui(lang, static_cast<Ui>(k)).empty(), "key ", k, " lang ", lang);
    }
    CHECK(ui("fi", static_cast<Ui>(k)) != ui("sv", static_cast<Ui>(k)));
  }
  CHECK(progress_text("fi", 2, 5) == "Sivu 2 / 5");
  CHECK(progress_text("sv", 2, 5) == "Sida 2 av 5");
  CHECK(progress_text("en", 2, 5) == "Page 2 of 5");
  CHECK(ui("de", Ui::Next) == "Next");
  CHECK(format_date("fi", "2026-03-31") == "31.3.2026");
  CHECK(format_date("en", "2026-03-01") == "1 March 2026");
  CHECK(format_date("en", "soon") == "soon");
}

TEST_CASE("a session survives its draft text") {
  FormSession s;
  s.key = "s:t:abc";
  s.survey = "t";
  s.version = 2026;
  s.lang = "sv";
  s.answers = {{"town", std::string("853")}, {"kids", 2.5}};
  s.submission_id = "form-x";
  s.response_id = "";
  std::string json = session_to_json(s);
  CHECK(
      json ==
      R"({"survey":"t","version":2026,"lang":"sv","sub":"form-x","done":"","answers":{"kids":2.5,"town":"853"}})");
  FormSession back;
  REQUIRE(session_from_json(json, &back));
  CHECK(back.answers == s.answers);
  CHECK(back.submission_id == "form-x");
  CHECK(back.lang == "sv");
  CHECK_FALSE(session_from_json("{\"answers\":3}", &back));
  CHECK_FALSE(session_from_json("not json", &back));
}

TEST_CASE("a stored session of another wave starts over") {
  auto q = survey();
  auto store = storage::Store::open_memory();
  FormSession s = new_session("s:t:abc", *q);
  CHECK(s.submission_id.size() == 27);  // "form-" + 22 characters
  s.answers = {{"town", std::string("202")}};
  s.reached = 1;
  save_session(*store, s);
  FormSession loaded = load_session(*store, "s:t:abc", *q);
  CHECK(loaded.stored);
  CHECK(loaded.reached == 1);
  CHECK(loaded.submission_id == s.submission_id);
  s.version = 2025;
  save_session(*store, s);
  FormSession other = load_session(*store, "s:t:abc", *q);
  CHECK_FALSE(other.stored);
  CHECK(other.answers.empty());
}

TEST_CASE("posted fields replace the page's answers; empty is unanswered") {
  auto q = survey();
  otos::JsonObject raw =
      to_raw({{"town", std::string("853")}, {"kids", 3.0}, {"why", std::string("x")}});
  auto posted = parse_urlencoded("town=202&kids=2%2C5&note=a%0D%0Ab&grid.a=y");
  REQUIRE(posted);
  apply_posted_page(*q, 0, *posted, {}, raw);
  CHECK(stringify(raw) == R"({"kids":"2,5","note":"a\nb","town":"202","why":"x"})");
  apply_posted_page(*q, 2, *posted, {}, raw);
  CHECK(stringify(raw) ==
        R"({"grid":{"a":"y"},"kids":"2,5","note":"a\nb","town":"202","why":"x"})");
  // An invitation's group is never taken from the form.
  otos::JsonObject raw2 = to_raw({{"town", std::string("853")}});
  apply_posted_page(*q, 0, *parse_urlencoded("town=202&kids=+"), {{"town", "853"}}, raw2);
  CHECK(stringify(raw2) == R"({"town":"853"})");
}

TEST_CASE("control values from answers and from a post") {
  ControlValues v = values_from_answers(
      {{"kids", 2.0}, {"grid", MatrixAnswer{{"a", "y"}}}, {"m", Codes{"x", "z"}}});
  CHECK(v.at("kids") == std::vector<std::string>{"2"});
  CHECK(v.at("grid.a") == std::vector<std::string>{"y"});
  // A large amount comes back as typed, so that Next accepts it again (it was "1e+05").
  CHECK(values_from_answers({{"grants", 100000.0}}).at("grants") ==
        std::vector<std::string>{"100000"});
  CHECK(values_from_answers({{"cost", 1234567.5}}).at("cost") ==
        std::vector<std::string>{"1234567.5"});
  CHECK(v.at("m") == std::vector<std::string>{"x", "z"});
  ControlValues p = values_from_post({{"m", "x"}, {"m", "z"}, {"kids", "abc"}});
  CHECK(p.at("m") == std::vector<std::string>{"x", "z"});
  CHECK(p.at("kids") == std::vector<std::string>{"abc"});
}

TEST_CASE("pages with no visible question are skipped; groups are not asked") {
  auto q = survey();
  CHECK(pages_shown(*q, {{"town", std::string("853")}}, {}) == std::vector<size_t>{0, 2});
  CHECK(pages_shown(*q, {{"town", std::string("202")}}, {}) == std::vector<size_t>{0, 1, 2});
  auto shown = shown_on_page(*q, {{"town", std::string("202")}}, 0, {{"town", "202"}});
  REQUIRE(shown.size() == 2);
  CHECK(shown[0]->id == "kids");
  CHECK(shown[1]->id == "note");
  CHECK(page_index(*q, "three") == std::optional<size_t>(2));
  CHECK(page_index(*q, "nope") == std::nullopt);
}

TEST_CASE("anti-forgery tokens: per session, stable across a reload of the secret") {
  auto store = storage::Store::open_memory();
  FormSecret a = FormSecret::load_or_create(*store);
  FormSecret b = FormSecret::load_or_create(*store);
  std::string token = a.token_for("s:t:abc");
  CHECK(token.size() == 43);
  CHECK(b.check("s:t:abc", token));
  CHECK_FALSE(b.check("s:t:abd", token));
  CHECK_FALSE(b.check("s:t:abc", token.substr(1)));
  CHECK_FALSE(b.check("s:t:abc", ""));
  auto other = storage::Store::open_memory();
  CHECK_FALSE(FormSecret::load_or_create(*other).check("s:t:abc", token));
}

TEST_CASE("a page: escaped texts, labels, required in words, errors linked to fields") {
  auto q = survey();
  PageView v;
  v.q = q.get();
  v.lang = "fi";
  v.path = "/s/t";
  v.csrf = "TOKEN";
  v.page = 0;
  for (const auto& question : q->pages[0].questions) v.questions.push_back(&question);
  v.values = values_from_post({{"kids", "<x>"}, {"town", "853"}});
  v.errors = {{"kids", "not-a-number", "odotettiin lukua"}};
  v.position = 1;
  v.total = 2;
  std::string html = render_page(v);
  CHECK(html.find("<html lang=\"fi\">") != std::string::npos);
  CHECK(html.find("<h1>Kysely &lt;b&gt;</h1>") != std::string::npos);
  CHECK(html.find("<label for=\"q-town\">Turku &amp; &lt;i&gt;</label>") != std::string::npos);
  CHECK(html.find("<legend class=\"question-text\">Kunta <span class=\"required\">(pakollinen)"
                  "</span></legend>") != std::string::npos);
  CHECK(html.find("value=\"853\" checked") != std::string::npos);
  CHECK(html.find("value=\"&lt;x&gt;\"") != std::string::npos);
  CHECK(html.find("<li><a href=\"#q-kids\">Lapsia: Odotettiin lukua</a></li>") !=
        std::string::npos);
  CHECK(html.find("<span class=\"unit\" id=\"q-kids-unit\">kpl</span>") != std::string::npos);
  CHECK(html.find("aria-describedby=\"q-kids-error q-kids-unit\"") != std::string::npos);
  CHECK(html.find("maxlength=\"5\"") != std::string::npos);
  CHECK(html.find("<title>Virhe: Yksi – Kysely <b> – otos-kyselyt</title>") == std::string::npos);
  CHECK(html.find("<title>Virhe: Yksi – Kysely &lt;b&gt; – otos-kyselyt</title>") !=
        std::string::npos);
  CHECK(html.find("Sivu 1 / 2") != std::string::npos);
  CHECK(html.find("name=\"csrf\" value=\"TOKEN\"") != std::string::npos);
  CHECK(html.find("<a class=\"skip-link\" href=\"#main\">Siirry sisältöön</a>") !=
        std::string::npos);
}

TEST_CASE("a matrix is a table with column and row headers and labelled radios") {
  auto q = survey();
  PageView v;
  v.q = q.get();
  v.lang = "en";
  v.path = "/s/t";
  v.page = 2;
  v.questions = {&q->pages[2].questions[0]};
  std::string html = render_page(v);
  CHECK(html.find("<th scope=\"col\">Yes</th>") != std::string::npos);
  CHECK(html.find("<th scope=\"row\">Row A</th>") != std::string::npos);
  CHECK(html.find("name=\"grid.b\" value=\"n\"") != std::string::npos);
  CHECK(html.find("<span class=\"visually-hidden\">Row B: </span>No</label>") != std::string::npos);
  CHECK(html.find("<legend class=\"question-text\">Grid</legend>") != std::string::npos);
}

TEST_CASE("review answers read as labels") {
  auto q = survey();
  const auto& grid = q->pages[2].questions[0];
  CHECK(answer_text(grid, MatrixAnswer{{"a", "y"}, {"b", "n"}}, "sv", "fi") ==
        "Rad A: Ja\nRad B: Nej");
  CHECK(answer_text(q->pages[0].questions[1], 2.5, "fi", "fi") == "2,5 kpl");
}

}  // namespace
}  // namespace otos::web

TEST_CASE("abandoned anonymous sessions are forgotten after 30 days, invitation drafts kept") {
  auto store = otos::storage::Store::open_memory();
  store->save_draft(
      otos::storage::Draft{otos::web::anonymous_session_key("family", "abc"), "{}", 0, ""});
  store->save_draft(otos::storage::Draft{"an-invitation-token", "{}", 0, ""});
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const int64_t day = 86400;
  otos::web::forget_abandoned_sessions(*store, now + 29 * day);  // 29 days old: kept
  CHECK(store->load_draft("s:family:abc").has_value());
  otos::web::forget_abandoned_sessions(*store, now + 29 * day + 60);  // within the hour: no run
  CHECK(store->load_draft("s:family:abc").has_value());
  otos::web::forget_abandoned_sessions(*store, now + 31 * day);  // 31 days old: forgotten
  CHECK_FALSE(store->load_draft("s:family:abc").has_value());
  CHECK(store->load_draft("an-invitation-token").has_value());
}

TEST_CASE("percent_decode: one decoder for bodies, staff forms and paths") {
  using otos::web::percent_decode;
  using otos::web::split_path;
  std::string out;
  CHECK(percent_decode("a+b%20c%C3%A4", out, /*plus_is_space=*/true));
  CHECK(out == "a b cä");
  out.clear();
  CHECK(percent_decode("a+b", out, /*plus_is_space=*/false));
  CHECK(out == "a+b");
  out.clear();
  CHECK_FALSE(percent_decode("x%4", out, true));
  out.clear();
  CHECK(percent_decode("%zz%4x%", out, true, /*keep_broken=*/true));
  CHECK(out == "%zz%4x%");

  std::vector<std::string> segments;
  CHECK(split_path("/api/v1/surveys/kysely%402026/responses", segments));
  CHECK(segments == std::vector<std::string>{"api", "v1", "surveys", "kysely@2026", "responses"});
  CHECK(split_path("//a%2Fb//c+d/", segments));
  CHECK(segments == std::vector<std::string>{"a/b", "c+d"});
  CHECK(split_path("/", segments));
  CHECK(segments.empty());
  CHECK_FALSE(split_path("/a/%zz", segments));
  CHECK_FALSE(split_path("/a/%4", segments));
}
