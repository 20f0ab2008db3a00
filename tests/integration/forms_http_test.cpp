// The respondent forms over HTTP against a real `otos serve`, as a browser without JavaScript
// would use them: the list of open questionnaires, a form page by page (303 after each POST),
// errors kept with what was typed, a show_if question appearing on the same page, the review,
// one stored response even when the submission is posted twice, anti-forgery tokens, bad
// bodies (400, 413), unknown surveys and tokens (404), closed waves (notice, 409), and an
// invitation resumed from another device and then shown as answered (API 409 too).
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <regex>

#include "http_client.h"
#include "server_process.h"

namespace otos::itest {
namespace {

const std::string kForm = "application/x-www-form-urlencoded";

// A cookie-keeping client: one "browser" (or device).
struct Browser {
  uint16_t port;
  std::string cookie;

  HttpResult get(const std::string& path, const Headers& extra = {}) {
    return keep(http(port, "GET", path, "", with_cookie(extra)));
  }
  HttpResult post(const std::string& path, const std::string& body) {
    return keep(http(port, "POST", path, body, with_cookie({{"Content-Type", kForm}})));
  }

 private:
  Headers with_cookie(Headers h) {
    if (!cookie.empty()) h.emplace_back("Cookie", cookie);
    return h;
  }
  HttpResult keep(HttpResult r) {
    std::string set = r.header("set-cookie");
    if (!set.empty()) cookie = set.substr(0, set.find(';'));
    return r;
  }
};

std::string csrf_of(const std::string& html) {
  std::smatch m;
  REQUIRE_MESSAGE(
      std::regex_search(html, m, std::regex(R"re(name="csrf" value="([A-Za-z0-9_-]{43})")re")),
      html);
  return m[1];
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

int64_t stored_count(const std::string& db) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(h, "SELECT COUNT(*) FROM responses", -1, &st, nullptr) == SQLITE_OK);
  int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  sqlite3_finalize(st);
  sqlite3_close(h);
  return n;
}

std::string stored_answers(const std::string& db, const std::string& id) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(h, "SELECT answers FROM responses WHERE id = ?", -1, &st, nullptr) ==
          SQLITE_OK);
  sqlite3_bind_text(st, 1, id.c_str(), -1, SQLITE_TRANSIENT);
  std::string out;
  if (sqlite3_step(st) == SQLITE_ROW)
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(h);
  return out;
}

std::string response_id_of(const std::string& html) {
  std::smatch m;
  REQUIRE_MESSAGE(std::regex_search(html, m, std::regex(R"re(id="response-id">([0-9a-z]{26})<)re")),
                  html);
  return m[1];
}

struct Fixture {
  ScratchDir dir;
  std::string db = dir.file("otos.db");
  ServerProcess server{db, test_surveys_dir()};
  uint16_t port = server.port();
};

TEST_CASE_FIXTURE(Fixture,
                  "the front page lists open public questionnaires in the visitor's language") {
  HttpResult fi = http(port, "GET", "/");
  CHECK(fi.status == 200);
  CHECK(fi.header("content-type") == "text/html; charset=utf-8");
  CHECK(has(fi.body, "<html lang=\"fi\">"));
  CHECK(has(fi.body, "<a href=\"/s/itest?lang=fi\">Testikysely 2026</a>"));
  CHECK_FALSE(has(fi.body, "Kutsukysely"));  // invitation only
  CHECK_FALSE(has(fi.body, "2025"));         // closed wave
  HttpResult sv = http(port, "GET", "/", "", {{"Accept-Language", "sv-FI,sv;q=0.9,en;q=0.5"}});
  CHECK(has(sv.body, "<a href=\"/s/itest?lang=sv\">Testenkät 2026</a>"));
  HttpResult en = http(port, "GET", "/?lang=en", "", {{"Accept-Language", "sv"}});
  CHECK(has(en.body, "<h1>Open questionnaires</h1>"));
  HttpResult css = http(port, "GET", "/static/otos.css");
  CHECK(css.status == 200);
  CHECK(css.header("content-type") == "text/css; charset=utf-8");
  CHECK(http(port, "GET", "/static/nope.css").status == 404);
  CHECK(http(port, "GET", "/static/..%2Fweb%2Fhtml.h").status == 404);
}

TEST_CASE_FIXTURE(Fixture,
                  "a public form page by page: errors, show_if, back, review, one response") {
  Browser b{port, ""};
  HttpResult first = b.get("/s/itest?lang=en");
  REQUIRE(first.status == 200);
  CHECK(has(first.header("set-cookie"), "; Path=/s/; HttpOnly; SameSite=Lax"));
  CHECK(first.header("cache-control") == "no-store");
  CHECK(has(first.body, "Page 1 of 2"));
  const std::string csrf = csrf_of(first.body);

  // Errors: summary linked to the fields, messages in English, what was typed kept.
  HttpResult bad = b.post("/s/itest?lang=en", "csrf=" + csrf +
                                                  "&page=about&shown=municipality&shown=children"
                                                  "&shown=born&action=next&children=%3Cb%3E");
  CHECK(bad.status == 422);
  CHECK(has(bad.body, "<li><a href=\"#q-municipality\">Home municipality: "));
  CHECK(has(bad.body, "<li><a href=\"#q-children\">Number of children: "));
  CHECK(has(bad.body, "value=\"&lt;b&gt;\""));
  CHECK(has(bad.body, "<title>Error: Background"));

  HttpResult ok =
      b.post("/s/itest?lang=en", "csrf=" + csrf +
                                     "&page=about&shown=municipality&shown=children"
                                     "&shown=born&action=next&municipality=853&children=2");
  CHECK(ok.status == 303);
  CHECK(ok.header("location") == "/s/itest?page=support&lang=en");
  HttpResult second = b.get("/s/itest?page=support&lang=en");
  CHECK(has(second.body, "Page 2 of 2"));
  // Hidden until seek_help is agree: rendered hidden and disabled (for form.js), never sent.
  CHECK(has(second.body,
            "data-question=\"channels\" data-type=\"multi_choice\" "
            "data-show-if=\"seek_help in [&#39;agree&#39;, &#39;fully_agree&#39;]\" hidden>"));
  CHECK(has(second.body, "name=\"channels\" value=\"web\" disabled>"));
  CHECK_FALSE(has(second.body, "name=\"shown\" value=\"channels\""));

  // Answering seek_help shows channels on the same page: asked before moving on.
  HttpResult more = b.post("/s/itest?lang=en", "csrf=" + csrf +
                                                   "&page=support&shown=seek_help&shown=services"
                                                   "&shown=comment&action=next&seek_help=agree");
  CHECK(more.status == 303);
  CHECK(more.header("location") == "/s/itest?page=support&more=1&lang=en");
  HttpResult again = b.get(more.header("location"));
  CHECK(has(again.body, "name=\"channels\" value=\"web\">"));
  CHECK(has(again.body, "name=\"shown\" value=\"channels\""));
  CHECK(has(again.body, "value=\"agree\" checked"));

  // Back keeps this page's answers and shows the first page's.
  HttpResult back = b.post("/s/itest?lang=en", "csrf=" + csrf +
                                                   "&page=support&shown=seek_help&shown=channels"
                                                   "&action=back&seek_help=agree&channels=web");
  CHECK(back.header("location") == "/s/itest?page=about&lang=en");
  HttpResult about = b.get("/s/itest?page=about&lang=en");
  CHECK(has(about.body, "value=\"853\" checked"));
  CHECK(has(about.body, "name=\"children\" value=\"2\""));
  HttpResult support = b.get("/s/itest?page=support&lang=en");
  CHECK(has(support.body, "name=\"channels\" value=\"web\" checked"));

  HttpResult last =
      b.post("/s/itest?lang=en", "csrf=" + csrf +
                                     "&page=support&shown=seek_help&shown=channels&shown=services"
                                     "&shown=comment&action=next&seek_help=agree&channels=web"
                                     "&services.daycare=agree&comment=%3Cscript%3E");
  CHECK(last.header("location") == "/s/itest?step=review&lang=en");
  HttpResult review = b.get("/s/itest?step=review&lang=en");
  CHECK(has(review.body, "<dt>Where would you look?</dt><dd><p>Websites</p></dd>"));
  CHECK(has(review.body, "<dd><p>Daycare: Agree</p></dd>"));
  CHECK(has(review.body, "<dd><p>&lt;script&gt;</p></dd>"));

  // Posted twice (double click, reload): stored once, both land on the same thank-you page.
  HttpResult sent = b.post("/s/itest?lang=en", "csrf=" + csrf + "&page=&action=submit");
  CHECK(sent.status == 303);
  CHECK(sent.header("location") == "/s/itest?step=done&lang=en");
  HttpResult twice = b.post("/s/itest?lang=en", "csrf=" + csrf + "&page=&action=submit");
  CHECK(twice.header("location") == "/s/itest?step=done&lang=en");
  HttpResult thanks = b.get("/s/itest?step=done&lang=en");
  CHECK(has(thanks.body, "<h1>Thank you for your answers!</h1>"));
  const std::string id = response_id_of(thanks.body);
  CHECK(stored_count(db) == 1);
  CHECK(stored_answers(db, id) ==
        R"({"channels":["web"],"children":2,"comment":"<script>","municipality":"853",)"
        R"("seek_help":"agree","services":{"daycare":"agree"}})");
  // The next visit from this browser is a new respondent.
  HttpResult fresh = b.get("/s/itest?lang=en");
  CHECK(has(fresh.body, "Page 1 of 2"));
  CHECK_FALSE(has(fresh.body, "checked"));
}

TEST_CASE_FIXTURE(Fixture, "anti-forgery token and session cookie are required on every POST") {
  Browser b{port, ""};
  std::string csrf = csrf_of(b.get("/s/itest?lang=sv").body);
  HttpResult wrong = b.post("/s/itest?lang=sv", "csrf=AAAA&page=about&action=next");
  CHECK(wrong.status == 403);
  CHECK(has(wrong.body, "<h1>Formuläret kunde inte verifieras</h1>"));
  Browser other{port, ""};
  CHECK(other.post("/s/itest?lang=sv", "csrf=" + csrf + "&page=about&action=next").status == 403);
  CHECK(http(port, "POST", "/s/itest", "csrf=" + csrf, {{"Content-Type", kForm}}).status == 403);
  CHECK(stored_count(db) == 0);
}

TEST_CASE_FIXTURE(Fixture, "bad bodies get HTML 400 and 413, never a 5xx") {
  Browser b{port, ""};
  b.get("/s/itest");
  HttpResult broken = b.post("/s/itest?lang=en", "csrf=%zz");
  CHECK(broken.status == 400);
  CHECK(has(broken.body, "<h1>Bad request</h1>"));
  CHECK(b.post("/s/itest", "a=%FF").status == 400);
  HttpResult json = http(port, "POST", "/s/itest", "{}", {{"Content-Type", "application/json"}});
  CHECK(json.status == 400);
  HttpResult huge =
      http(port, "POST", "/s/itest?lang=fi", std::string(2 << 20, 'a'), {{"Content-Type", kForm}});
  CHECK(huge.status == 413);
  CHECK(has(huge.body, "<h1>Liian pitkä vastaus</h1>"));
}

TEST_CASE_FIXTURE(Fixture, "unknown survey or token: a translated 404 page; closed wave: notice") {
  HttpResult none = http(port, "GET", "/s/nope?lang=sv");
  CHECK(none.status == 404);
  CHECK(has(none.body, "<h1>Sidan hittades inte</h1>"));
  CHECK(has(none.body, "<html lang=\"sv\">"));
  HttpResult token = http(port, "GET", "/s/itest/AAAAAAAAAAAAAAAAAAAAAA?lang=en");
  CHECK(token.status == 404);
  CHECK(has(token.body, "<h1>Page not found</h1>"));
  HttpResult closed = http(port, "GET", "/s/itest@2025?lang=fi");
  CHECK(closed.status == 200);
  CHECK(has(closed.body, "<h1>Kysely ei ole avoinna</h1>"));
  CHECK(has(closed.body, "Kyselyn vastausaika päättyi 31.3.2025."));
  CHECK_FALSE(has(closed.body, "<form"));
  CHECK(http(port, "POST", "/s/itest@2025", "action=submit", {{"Content-Type", kForm}}).status ==
        409);
  CHECK(http(port, "GET", "/s/invited").status == 403);  // by invitation only
}

TEST_CASE_FIXTURE(Fixture,
                  "an invitation: groups not asked, draft resumed elsewhere, then answered") {
  CommandResult inv = run_otos({"invite", "invited", "--name", "Anna", "--group",
                                "municipality=202", "--db", db, "--surveys", test_surveys_dir()});
  REQUIRE_MESSAGE(inv.exit_code == 0, inv.err);
  const std::string link =
      inv.out.substr(inv.out.find("/s/"), inv.out.size() - 1 - inv.out.find("/s/"));
  const std::string token = link.substr(link.rfind('/') + 1);

  Browser phone{port, ""};
  HttpResult page = phone.get(link + "?lang=fi");
  REQUIRE(page.status == 200);
  CHECK(page.header("set-cookie").empty());  // the token is the session
  CHECK_FALSE(has(page.body, "name=\"municipality\""));
  CHECK(has(page.body, "name=\"happy\""));
  const std::string csrf = csrf_of(page.body);
  HttpResult next =
      phone.post(link + "?lang=fi", "csrf=" + csrf + "&page=only&shown=happy&action=next&happy=no");
  CHECK(next.header("location") == link + "?step=review&lang=fi");

  Browser laptop{port, ""};  // another device: the draft is on the server
  // By the bare link, in a browser set to English: the draft's language (Finnish) goes on.
  HttpResult bare = laptop.get(link, {{"Accept-Language", "en-GB,en;q=0.9"}});
  CHECK(bare.status == 303);
  CHECK(bare.header("location") == link + "?step=review&lang=fi");
  HttpResult resumed = laptop.get(link + "?lang=fi");
  CHECK(resumed.status == 303);
  CHECK(resumed.header("location") == link + "?step=review&lang=fi");
  HttpResult review = laptop.get(link + "?step=review&lang=fi");
  CHECK(has(review.body, "<dt>Kotikunta</dt><dd><p>Kaarina</p></dd>"));
  CHECK(has(review.body, "<dt>Tyytyväinen?</dt><dd><p>Ei</p></dd>"));
  HttpResult sent =
      laptop.post(link + "?lang=fi", "csrf=" + csrf_of(review.body) + "&page=&action=submit");
  CHECK(sent.header("location") == link + "?step=done&lang=fi");
  const std::string id = response_id_of(laptop.get(link + "?step=done&lang=fi").body);
  CHECK(stored_answers(db, id) == R"({"happy":"no","municipality":"202"})");

  HttpResult answered = phone.get(link + "?lang=fi");
  CHECK(has(answered.body, "<h1>Kyselyyn on jo vastattu</h1>"));
  CHECK(phone.post(link + "?lang=fi", "csrf=" + csrf + "&page=&action=submit").header("location") ==
        link + "?step=done&lang=fi");
  HttpResult api = http(port, "POST", "/api/v1/surveys/invited/responses",
                        R"({"answers":{"happy":"yes"},"token":")" + token + "\"}");
  CHECK(api.status == 409);
  CHECK(stored_count(db) == 1);
}

}  // namespace
}  // namespace otos::itest
