// The staff workspace (/staff/...) against a real `otos serve`: every route without a session,
// with each role, and with a wrong anti-forgery token (exact statuses); cookie flags; sign-in
// throttling per account and per address; sign-out; uploading a questionnaire with an error,
// fixing it, previewing and publishing it (and refusing what is invalid); invitations one by one
// and from a CSV with progress and the links CSV; results with charts and downloads; users;
// the audit log.
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "http_client.h"
#include "server_process.h"

namespace otos::itest {
namespace {

struct Page {
  int status = 0;
  std::string body;
  std::string location;
  std::string content_type;
  std::vector<std::string> set_cookies;
  std::map<std::string, std::string> headers;  // lower-case names, last value
};

using Fields = std::vector<std::pair<std::string, std::string>>;

std::string urlencode(const Fields& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    std::string ek, ev;
    Poco::URI::encode(k, "&=+;/?:@,$#%", ek);
    Poco::URI::encode(v, "&=+;/?:@,$#%", ev);
    out += (out.empty() ? "" : "&") + ek + "=" + ev;
  }
  return out;
}

// A browser in miniature: keeps the cookies the server sets, sends them back, and can add
// headers (X-Forwarded-For, X-Forwarded-Proto) to every request.
class Browser {
 public:
  explicit Browser(uint16_t port) : port_(port) {}

  Headers extra;

  Page request(const std::string& method, const std::string& path, const std::string& body = "",
               const std::string& content_type = "") {
    Poco::Net::HTTPClientSession session("127.0.0.1", port_);
    session.setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [k, v] : extra) req.set(k, v);
    if (!cookies_.empty()) {
      Poco::Net::NameValueCollection c;
      for (const auto& [k, v] : cookies_) c.add(k, v);
      req.setCookies(c);
    }
    if (method == "POST") {
      req.setContentType(content_type.empty() ? "application/x-www-form-urlencoded" : content_type);
      req.setContentLength64(static_cast<Poco::Int64>(body.size()));
    }
    session.sendRequest(req) << body;
    Poco::Net::HTTPResponse resp;
    std::istream& in = session.receiveResponse(resp);
    Page p;
    p.status = resp.getStatus();
    std::ostringstream s;
    Poco::StreamCopier::copyStream(in, s);
    p.body = s.str();
    for (const auto& [k, v] : resp) {
      p.headers[Poco::toLower(k)] = v;
      if (Poco::icompare(k, "Set-Cookie") == 0) p.set_cookies.push_back(v);
    }
    p.location = resp.get("Location", "");
    p.content_type = resp.getContentType();
    std::vector<Poco::Net::HTTPCookie> set;
    resp.getCookies(set);
    for (const auto& c : set) {
      if (c.getMaxAge() == 0 || c.getValue().empty()) {
        cookies_.erase(c.getName());
      } else {
        cookies_[c.getName()] = c.getValue();
      }
    }
    return p;
  }

  Page get(const std::string& path) { return request("GET", path); }
  Page post(const std::string& path, const Fields& fields) {
    return request("POST", path, urlencode(fields));
  }
  // multipart/form-data with text fields and file parts (name -> (file name, content)).
  Page post_multipart(const std::string& path, const Fields& fields,
                      const std::map<std::string, std::pair<std::string, std::string>>& files) {
    const std::string boundary = "----otosboundary7MA4YWxk";
    std::string body;
    for (const auto& [k, v] : fields) {
      body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" +
              v + "\r\n";
    }
    for (const auto& [k, f] : files) {
      body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k +
              "\"; filename=\"" + f.first + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" +
              f.second + "\r\n";
    }
    body += "--" + boundary + "--\r\n";
    return request("POST", path, body, "multipart/form-data; boundary=" + boundary);
  }

  std::string cookie(const std::string& name) const {
    auto it = cookies_.find(name);
    return it == cookies_.end() ? "" : it->second;
  }
  void set_cookie(const std::string& name, const std::string& value) { cookies_[name] = value; }

  // The anti-forgery token of the last page that had a form.
  std::string csrf;
  Page get_form(const std::string& path) {
    Page p = get(path);
    std::smatch m;
    if (std::regex_search(p.body, m, std::regex("name=\"csrf\" value=\"([^\"]+)\""))) csrf = m[1];
    return p;
  }

 private:
  uint16_t port_;
  std::map<std::string, std::string> cookies_;
};

// `otos user add`: the password.
std::string add_user(const std::string& db, const std::string& name, const std::string& role,
                     std::string* api_token = nullptr) {
  CommandResult r = run_otos({"user", "add", name, "--role", role, "--db", db});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  std::smatch m;
  REQUIRE(std::regex_search(r.out, m, std::regex("password: +(\\S+)\n")));
  std::string password = m[1];
  if (api_token) {
    REQUIRE(std::regex_search(r.out, m, std::regex("api token: (\\S+)\n")));
    *api_token = m[1];
  }
  return password;
}

Page sign_in(Browser& b, const std::string& name, const std::string& password) {
  Page form = b.get_form("/staff/");
  REQUIRE(form.status == 200);
  return b.post("/staff/login", {{"csrf", b.csrf}, {"name", name}, {"password", password}});
}

// Signs in and loads the overview, so that b.csrf is the session's token.
void signed_in(Browser& b, const std::string& name, const std::string& password) {
  Page p = sign_in(b, name, password);
  REQUIRE_MESSAGE(p.status == 303, p.body);
  REQUIRE(b.get_form("/staff/").status == 200);
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string kValidYaml = R"(id: staffq
version: 1
title: {fi: Henkilökuntakysely, sv: Personalenkät, en: Staff questionnaire}
languages: [fi, sv, en]
access: invitation
groups: [region]
pages:
  - id: p1
    title: {fi: Alue, sv: Område, en: Region}
    questions:
      - id: region
        type: single_choice
        text: {fi: Alue, sv: Region, en: "Region <b>bold</b>"}
        required: true
        options:
          - {code: north, label: {fi: Pohjoinen, sv: Norra, en: North}}
          - {code: south, label: {fi: Etelä, sv: Södra, en: South}}
      - id: happy
        type: likert
        scale: agree3
        text: {fi: Olen tyytyväinen, sv: Jag är nöjd, en: I am happy}
      - id: staff
        type: number
        integer: true
        min: 0
        max: 500
        help: {fi: Kokoaikaisina, sv: Som heltidsanställda, en: As full-time staff}
        text: {fi: Henkilöstö, sv: Personal, en: Staff}
scales:
  agree3:
    - {code: no, label: {fi: Ei, sv: Nej, en: "No"}}
    - {code: maybe, label: {fi: Ehkä, sv: Kanske, en: Maybe}}
    - {code: yes, label: {fi: Kyllä, sv: Ja, en: "Yes"}}
indicators:
  - id: happy_share
    title: {fi: Tyytyväisiä, sv: Nöjda, en: Happy}
    share: {question: happy, values: ["yes"]}
)";

// The same with a misspelt key on line 13 ("txt" for "text") and a script in the title.
std::string broken_yaml() {
  std::string y = kValidYaml;
  y.replace(y.find("      - id: region\n        type: single_choice\n        text:"),
            std::string("      - id: region\n        type: single_choice\n        text:").size(),
            "      - id: region\n        type: single_choice\n        txt:");
  y.replace(y.find("en: Staff questionnaire"), std::string("en: Staff questionnaire").size(),
            "en: \"<script>alert(1)</script>\"");
  return y;
}

struct Fixture {
  ScratchDir dir;
  std::string db = dir.file("otos.db");
  std::string admin_api;
  std::string admin_pw = add_user(db, "adam", "admin", &admin_api);
  std::string analyst_pw = add_user(db, "ana", "analyst");
  std::string coordinator_pw = add_user(db, "cora", "coordinator");
  ServerProcess server{db, test_surveys_dir()};
  uint16_t port = server.port();
};

int64_t user_id(Browser& admin, const std::string& name) {
  Page p = admin.get("/staff/users");
  std::smatch m;
  std::regex re("<th scope=\"row\">" + name +
                "</th><td><form method=\"post\" action=\"/staff/users/([0-9]+)/role\"");
  REQUIRE_MESSAGE(std::regex_search(p.body, m, re), name);
  return std::stoll(m[1]);
}

}  // namespace

TEST_CASE("staff: without a session, GET routes go to the sign-in page and POST routes are 403") {
  Fixture f;
  Browser b(f.port);
  Page home = b.get("/staff/");
  CHECK(home.status == 200);
  CHECK(contains(home.body, "<form class=\"signin\" method=\"post\" action=\"/staff/login\">"));
  CHECK(b.get("/staff").status == 200);
  Page css = b.get("/staff/staff.css");
  CHECK(css.status == 200);
  CHECK(css.content_type == "text/css; charset=utf-8");
  for (const std::string path :
       {"/staff/questionnaires", "/staff/surveys/itest/invitations",
        "/staff/surveys/itest/invitations.csv", "/staff/surveys/itest/results",
        "/staff/surveys/itest/download/results.csv", "/staff/surveys/itest/download/export.sav",
        "/staff/users", "/staff/audit"}) {
    INFO(path);
    Page p = b.get(path);
    CHECK(p.status == 303);
    CHECK(p.location == "/staff/");
  }
  for (const std::string path :
       {"/staff/logout", "/staff/questionnaires/check", "/staff/questionnaires/publish",
        "/staff/surveys/itest/invitations", "/staff/surveys/itest/invitations/bulk", "/staff/users",
        "/staff/users/1/role", "/staff/users/1/password", "/staff/users/1/token"}) {
    INFO(path);
    Page p = b.post(path, {{"csrf", "x"}, {"name", "z"}, {"yaml", kValidYaml}});
    CHECK(p.status == 403);
    CHECK(contains(p.body, "You are not signed in"));
  }
  // A made-up session cookie is no session.
  b.set_cookie("otos_staff", "forged-session-token");
  CHECK(b.get("/staff/users").status == 303);
  // Nothing was published or created.
  CHECK(http(f.port, "GET", "/api/v1/surveys/staffq").status == 404);
}

TEST_CASE("staff: every route by role (admin, analyst, coordinator)") {
  Fixture f;
  add_user(f.db, "dummy", "analyst");
  Browser admin(f.port), analyst(f.port), coordinator(f.port);
  signed_in(admin, "adam", f.admin_pw);
  signed_in(analyst, "ana", f.analyst_pw);
  signed_in(coordinator, "cora", f.coordinator_pw);
  const std::string dummy = std::to_string(user_id(admin, "dummy"));

  struct Row {
    std::string method, path;
    Fields fields;  // csrf added
    int admin, analyst, coordinator;
  };
  const std::vector<Row> rows = {
      {"GET", "/staff/", {}, 200, 200, 200},
      {"GET", "/staff/questionnaires", {}, 200, 403, 200},
      {"POST", "/staff/questionnaires/check", {{"yaml", kValidYaml}}, 200, 403, 200},
      {"POST", "/staff/questionnaires/publish", {{"yaml", broken_yaml()}}, 422, 403, 422},
      {"GET", "/staff/surveys/invited/invitations", {}, 200, 403, 200},
      {"GET", "/staff/surveys/invited/invitations.csv", {}, 200, 403, 200},
      {"POST", "/staff/surveys/invited/invitations", {{"name", ""}}, 422, 403, 422},
      {"POST", "/staff/surveys/invited/invitations/bulk", {{"csv", "nom\n"}}, 422, 403, 422},
      {"GET", "/staff/surveys/itest/results", {}, 200, 200, 403},
      {"GET", "/staff/surveys/itest/results?by=municipality&version=2025", {}, 200, 200, 403},
      {"GET", "/staff/surveys/itest/download/results.csv", {}, 200, 200, 403},
      {"GET", "/staff/surveys/itest/download/export.csv", {}, 200, 200, 403},
      {"GET", "/staff/users", {}, 200, 403, 403},
      {"POST", "/staff/users", {{"name", ""}, {"role", "analyst"}}, 422, 403, 403},
      {"POST", "/staff/users/" + dummy + "/role", {{"role", "boss"}}, 422, 403, 403},
      {"POST", "/staff/users/" + dummy + "/password", {}, 200, 403, 403},
      {"POST", "/staff/users/" + dummy + "/token", {}, 200, 403, 403},
      {"GET", "/staff/audit", {}, 200, 403, 403},
  };
  for (const Row& row : rows) {
    for (auto [browser, expected, role] :
         {std::tuple{&admin, row.admin, "admin"}, std::tuple{&analyst, row.analyst, "analyst"},
          std::tuple{&coordinator, row.coordinator, "coordinator"}}) {
      INFO(row.method << " " << row.path << " as " << role);
      Page p;
      if (row.method == "GET") {
        p = browser->get(row.path);
      } else {
        Fields fields = row.fields;
        fields.emplace_back("csrf", browser->csrf);
        p = browser->post(row.path, fields);
      }
      CHECK(p.status == expected);
      if (expected == 403) CHECK(contains(p.body, "may not"));
    }
  }
  // Unknown things inside the workspace are 404 pages, not errors.
  CHECK(admin.get("/staff/surveys/nope/results").status == 404);
  CHECK(admin.get("/staff/surveys/nope/invitations").status == 404);
  CHECK(admin.get("/staff/surveys/itest/download/secrets.txt").status == 404);
  CHECK(admin.post("/staff/users/99999/token", {{"csrf", admin.csrf}}).status == 404);
}

TEST_CASE("staff: a wrong or missing anti-forgery token is 403 on every POST") {
  Fixture f;
  Browser admin(f.port);
  signed_in(admin, "adam", f.admin_pw);
  for (const std::string path :
       {"/staff/logout", "/staff/questionnaires/check", "/staff/questionnaires/publish",
        "/staff/surveys/invited/invitations", "/staff/surveys/invited/invitations/bulk",
        "/staff/users", "/staff/users/1/role", "/staff/users/1/password", "/staff/users/1/token"}) {
    INFO(path);
    Page wrong = admin.post(path, {{"csrf", admin.csrf + "x"},
                                   {"yaml", kValidYaml},
                                   {"name", "Mallory"},
                                   {"csv", "name\nMallory\n"},
                                   {"role", "analyst"}});
    CHECK(wrong.status == 403);
    CHECK(contains(wrong.body, "anti-forgery token does not match"));
    CHECK(admin.post(path, {{"name", "Mallory"}, {"role", "analyst"}}).status == 403);
    // In a multipart body too.
    CHECK(admin.post_multipart(path, {{"csrf", "nope"}}, {}).status == 403);
  }
  // Nothing happened: still signed in, nothing published, no user or invitation made.
  CHECK(admin.get("/staff/users").status == 200);
  CHECK_FALSE(contains(admin.get("/staff/users").body, "Mallory"));
  CHECK_FALSE(contains(admin.get("/staff/surveys/invited/invitations").body, "Mallory"));
  CHECK(http(f.port, "GET", "/api/v1/surveys/staffq").status == 404);
  // The sign-in form has its own token: a mismatch is 403 even with the right password.
  Browser other(f.port);
  other.get_form("/staff/");
  Page p = other.post("/staff/login",
                      {{"csrf", other.csrf + "x"}, {"name", "adam"}, {"password", f.admin_pw}});
  CHECK(p.status == 403);
  CHECK(other.cookie("otos_staff").empty());
}

TEST_CASE("staff: cookies are HttpOnly and SameSite=Strict, Secure behind HTTPS") {
  Fixture f;
  Browser b(f.port);
  Page p = sign_in(b, "adam", f.admin_pw);
  REQUIRE(p.status == 303);
  CHECK(p.location == "/staff/");
  std::string session;
  for (const auto& c : p.set_cookies) {
    if (c.rfind("otos_staff=", 0) == 0) session = c;
  }
  CHECK(std::regex_match(session, std::regex("otos_staff=[A-Za-z0-9_-]{43}; Path=/staff; HttpOnly; "
                                             "SameSite=Strict")));
  Page page = b.get("/staff/");
  CHECK(page.headers["cache-control"] == "no-store");
  CHECK(contains(page.headers["content-security-policy"], "default-src 'none'"));
  CHECK(page.headers["x-frame-options"] == "DENY");

  Browser tls(f.port);
  tls.extra = {{"X-Forwarded-Proto", "https"}};
  Page q = sign_in(tls, "adam", f.admin_pw);
  REQUIRE(q.status == 303);
  bool secure = false;
  for (const auto& c : q.set_cookies) {
    if (c.rfind("otos_staff=", 0) == 0) {
      secure = c.size() > 8 && c.substr(c.size() - 8) == "; Secure";
    }
  }
  CHECK(secure);
}

TEST_CASE("staff: failed sign-ins are limited per account and per address (429)") {
  Fixture f;
  // Per account: five wrong passwords from five addresses, then even the right one is refused.
  // The name ignores case, so "Ana" counts for "ana".
  for (int i = 1; i <= 5; ++i) {
    Browser b(f.port);
    b.extra = {{"X-Forwarded-For", "10.0.0." + std::to_string(i)}};
    Page p = sign_in(b, i % 2 ? "ana" : "Ana", "wrong-password");
    CHECK(p.status == 401);
    CHECK(contains(p.body, "The user name or the password is wrong."));
  }
  Browser late(f.port);
  late.extra = {{"X-Forwarded-For", "10.0.0.9"}};
  Page blocked = sign_in(late, "ana", f.analyst_pw);
  CHECK(blocked.status == 429);
  CHECK(blocked.headers["retry-after"] == "900");
  CHECK(late.cookie("otos_staff").empty());
  // Another account from that address is not affected.
  CHECK(sign_in(late, "cora", f.coordinator_pw).status == 303);

  // Per address: five failures on five made-up names from one address block the address.
  Browser attacker(f.port);
  attacker.extra = {{"X-Forwarded-For", "192.0.2.7"}};
  for (int i = 0; i < 5; ++i) {
    CHECK(sign_in(attacker, "nobody" + std::to_string(i), "x").status == 401);
  }
  CHECK(sign_in(attacker, "adam", f.admin_pw).status == 429);
  Browser elsewhere(f.port);
  elsewhere.extra = {{"X-Forwarded-For", "192.0.2.8"}};
  CHECK(sign_in(elsewhere, "adam", f.admin_pw).status == 303);

  // An admin's new password for a locked-out account lifts its block.
  Browser admin(f.port);
  signed_in(admin, "adam", f.admin_pw);
  Page reset = admin.post("/staff/users/" + std::to_string(user_id(admin, "ana")) + "/password",
                          {{"csrf", admin.csrf}});
  REQUIRE(reset.status == 200);
  std::smatch m;
  REQUIRE(std::regex_search(reset.body, m, std::regex("<code class=\"secret\">([^<]+)</code>")));
  Browser again(f.port);
  again.extra = {{"X-Forwarded-For", "10.0.0.10"}};
  CHECK(sign_in(again, "ANA", m[1]).status == 303);
  CHECK(contains(again.get("/staff/").body, "<span class=\"who\">ana (analyst)</span>"));

  // The audit log shows the failures and the block.
  Page log = admin.get("/staff/audit");
  CHECK(contains(log.body, "<td>sign-in-failed</td><td>ana</td><td>10.0.0.1</td>"));
  CHECK(contains(log.body, "<td>sign-in-blocked</td><td>ana</td><td>10.0.0.9</td>"));
}

TEST_CASE("staff: signing out ends the session") {
  Fixture f;
  Browser b(f.port);
  signed_in(b, "cora", f.coordinator_pw);
  const std::string session = b.cookie("otos_staff");
  CHECK(b.get("/staff/questionnaires").status == 200);
  Page out = b.post("/staff/logout", {{"csrf", b.csrf}});
  CHECK(out.status == 303);
  CHECK(out.location == "/staff/");
  CHECK(b.cookie("otos_staff").empty());
  CHECK(b.get("/staff/questionnaires").status == 303);
  // The old cookie replayed is no session either.
  b.set_cookie("otos_staff", session);
  CHECK(b.get("/staff/questionnaires").status == 303);
}

TEST_CASE("staff: upload with an error, fix it, preview in each language, publish") {
  Fixture f;
  Browser b(f.port);
  signed_in(b, "cora", f.coordinator_pw);
  b.get_form("/staff/questionnaires");

  // The broken file: 422, the problem with line and column, the text escaped, nothing stored.
  Page bad = b.post_multipart("/staff/questionnaires/check", {{"csrf", b.csrf}, {"yaml", ""}},
                              {{"file", {"staffq.yaml", broken_yaml()}}});
  CHECK(bad.status == 422);
  CHECK(contains(bad.body, "1 problem found; nothing was published."));
  CHECK(contains(
      bad.body,
      "<tr><td class=\"num\">13</td><td class=\"num\">9</td><td>unknown key &#39;txt&#39; in "
      "question &#39;region&#39; (did you mean &#39;text&#39;?); expected one of: "
      "id, type, text, help, required, show_if, options</td><td><code>"));
  CHECK(contains(bad.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK_FALSE(contains(bad.body, "<script>"));
  CHECK_FALSE(contains(bad.body, "formaction=\"/staff/questionnaires/publish\""));

  // Publishing the broken text anyway is refused.
  Page refused =
      b.post("/staff/questionnaires/publish", {{"csrf", b.csrf}, {"yaml", broken_yaml()}});
  CHECK(refused.status == 422);
  CHECK(contains(refused.body, "Not published."));
  CHECK(http(f.port, "GET", "/api/v1/surveys/staffq").status == 404);

  // Fixed (from the textarea): 200, a preview in the default language and buttons for each.
  Page good = b.post("/staff/questionnaires/check", {{"csrf", b.csrf}, {"yaml", kValidYaml}});
  CHECK(good.status == 200);
  CHECK(contains(good.body,
                 "No problems found in <code>staffq@1</code>: 1 page, 3 questions, "
                 "languages fi, sv, en."));
  CHECK(contains(good.body, "Publishing adds a new questionnaire."));
  CHECK(contains(good.body, "<h2>Preview in fi</h2>"));
  CHECK(contains(good.body, "Olen tyytyväinen"));
  for (const std::string lang : {"fi", "sv", "en"}) {
    CHECK(contains(good.body, "name=\"lang\" value=\"" + lang + "\">Preview in " + lang));
  }
  Page sv = b.post("/staff/questionnaires/check",
                   {{"csrf", b.csrf}, {"yaml", kValidYaml}, {"lang", "sv"}});
  CHECK(sv.status == 200);
  CHECK(contains(sv.body, "<h2>Preview in sv</h2>"));
  CHECK(contains(sv.body, "Jag är nöjd"));
  // The respondent's words in the preview's language (form_render's hint_text), not English.
  CHECK(contains(sv.body, "<legend>Region <span class=\"required\">(obligatorisk)</span>"));
  CHECK(contains(sv.body, "<span class=\"help\">Som heltidsanställda 0\u2013500</span>"));
  CHECK_FALSE(contains(sv.body, "(required)"));
  Page en = b.post("/staff/questionnaires/check",
                   {{"csrf", b.csrf}, {"yaml", kValidYaml}, {"lang", "en"}});
  CHECK(contains(en.body, "Region &lt;b&gt;bold&lt;/b&gt;"));

  // Publish: 303 to the list, the API serves it at once, the audit log has it.
  Page pub = b.post("/staff/questionnaires/publish", {{"csrf", b.csrf}, {"yaml", kValidYaml}});
  CHECK(pub.status == 303);
  CHECK(pub.location == "/staff/questionnaires?published=staffq@1");
  HttpResult api = http(f.port, "GET", "/api/v1/surveys/staffq");
  CHECK(api.status == 200);
  CHECK(contains(api.body, "\"version\":1"));
  Page list = b.get(pub.location);
  CHECK(contains(list.body, "Published staffq@1."));
  CHECK(contains(list.body, "<td><code>staffq</code></td><td>1</td>"));

  // The same again changes nothing; a wave with responses is not replaced by other text.
  Page same = b.post("/staff/questionnaires/check", {{"csrf", b.csrf}, {"yaml", kValidYaml}});
  CHECK(contains(same.body, "This exact wave is published already"));
  HttpResult answered = http(f.port, "POST", "/api/v1/surveys/itest/responses",
                             R"({"answers":{"municipality":"853"},"lang":"en"})");
  REQUIRE(answered.status == 201);
  std::string itest = read_text(test_surveys_dir() + "/itest_2026.yaml");
  std::string changed = itest;
  changed.replace(changed.find("Test survey 2026"), 16, "Changed survey 2026");
  Page conflict = b.post("/staff/questionnaires/publish", {{"csrf", b.csrf}, {"yaml", changed}});
  CHECK(conflict.status == 409);
  CHECK(contains(conflict.body,
                 "Wave itest@2026 already has 1 response and other text; give the "
                 "new text a new version."));
  CHECK_FALSE(contains(http(f.port, "GET", "/api/v1/surveys/itest@2026").body, "Changed survey"));

  Browser admin(f.port);
  signed_in(admin, "adam", f.admin_pw);
  CHECK(contains(admin.get("/staff/audit").body, "<td>cora</td><td>publish</td><td>staffq@1</td>"));
}

TEST_CASE("staff: invitations one by one and from a CSV, progress by group, links as CSV") {
  Fixture f;
  Browser b(f.port);
  signed_in(b, "cora", f.coordinator_pw);
  const std::string base = "/staff/surveys/invited/invitations";
  b.get_form(base);

  Page one = b.post(base, {{"csrf", b.csrf}, {"name", "Anna"}, {"group.municipality", "853"}});
  CHECK(one.status == 303);
  CHECK(one.location == base + "?created=1");
  Page wrong = b.post(base, {{"csrf", b.csrf}, {"name", "Bo"}, {"group.municipality", "999"}});
  CHECK(wrong.status == 422);
  CHECK(contains(wrong.body, "&#39;999&#39; is not a code of municipality (853, 202)"));

  // A CSV with one bad row creates nothing and names the line.
  const std::string bad_csv = "name,municipality\nBo,202\nCid,999\n,853\n";
  Page bad = b.post_multipart(base + "/bulk", {{"csrf", b.csrf}, {"csv", ""}},
                              {{"file", {"people.csv", bad_csv}}});
  CHECK(bad.status == 422);
  CHECK(contains(bad.body,
                 "<li>line 3: &#39;999&#39; is not a code of municipality (853, 202)</li>"));
  CHECK(contains(bad.body, "<li>line 4: the name is empty</li>"));
  CHECK(
      contains(b.get(base).body, "<th scope=\"row\">All invitations</th><td class=\"num\">1</td>"));

  // Semicolons (a spreadsheet's "CSV" in Finnish) separate columns too: the cells are read.
  Page semicolons =
      b.post(base + "/bulk", {{"csrf", b.csrf}, {"csv", "name;municipality\nBo;999\n"}});
  CHECK(semicolons.status == 422);
  CHECK(contains(semicolons.body,
                 "<li>line 2: &#39;999&#39; is not a code of municipality (853, 202)</li>"));

  const std::string csv = "Name,municipality\nBo,202\n\"=HYPERLINK(\"\"x\"\")\",853\nDan,\n";
  Page bulk = b.post_multipart(base + "/bulk", {{"csrf", b.csrf}, {"csv", ""}},
                               {{"file", {"people.csv", csv}}});
  CHECK(bulk.status == 303);
  CHECK(bulk.location == base + "?created=3");

  // One answers, one has a draft (saved by the form), the rest have not started.
  Page links = b.get(base + ".csv");
  CHECK(links.status == 200);
  CHECK(links.content_type == "text/csv; charset=utf-8");
  CHECK(links.headers["content-disposition"] == "attachment; filename=\"invited_invitations.csv\"");
  std::istringstream lines(links.body);
  std::string line;
  std::vector<std::string> rows;
  while (std::getline(lines, line)) rows.push_back(line);
  REQUIRE(rows.size() == 5);
  CHECK(rows[0] == "name,municipality,status,created_at,link\r");
  const std::regex row_re(
      "([^,]+|\"[^\"]*(\"\"[^\"]*)*\"),(853|202|),not started,"
      "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ,http://127\\.0\\.0\\.1:" +
      std::to_string(f.port) + "/s/invited/([A-Za-z0-9_-]{22})\r");
  std::map<std::string, std::string> token_of;
  for (size_t i = 1; i < rows.size(); ++i) {
    std::smatch m;
    REQUIRE_MESSAGE(std::regex_match(rows[i], m, row_re), rows[i]);
    token_of[m[1]] = m[4];
  }
  // The formula is guarded: a leading ' makes it text in a spreadsheet.
  CHECK(token_of.count("\"'=HYPERLINK(\"\"x\"\")\"") == 1);
  REQUIRE(token_of.count("Anna") == 1);
  HttpResult answer =
      http(f.port, "POST", "/api/v1/surveys/invited/responses",
           R"({"answers":{"happy":"yes"},"lang":"fi","token":")" + token_of["Anna"] + "\"}");
  REQUIRE_MESSAGE(answer.status == 201, answer.body);

  Page page = b.get(base);
  CHECK(page.status == 200);
  CHECK(contains(page.body,
                 "<th scope=\"row\">All invitations</th><td class=\"num\">4</td><td "
                 "class=\"num\">3</td><td class=\"num\">0</td><td class=\"num\">1</td>"
                 "<td class=\"num\">25.0 %</td>"));
  CHECK(contains(page.body,
                 "<th scope=\"row\">Turku (853)</th><td class=\"num\">2</td><td "
                 "class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\">1</td>"
                 "<td class=\"num\">50.0 %</td>"));
  CHECK(contains(page.body, "<th scope=\"row\">(not set)</th><td class=\"num\">1</td>"));
  CHECK(contains(page.body, "<td>Anna</td>"));
  CHECK(contains(page.body, "answered"));

  Browser admin(f.port);
  signed_in(admin, "adam", f.admin_pw);
  Page log = admin.get("/staff/audit");
  CHECK(contains(log.body, "<td>cora</td><td>invite</td><td>invited: 3 from a CSV</td>"));
  CHECK(contains(log.body, "<td>cora</td><td>invite</td><td>invited: Anna</td>"));
  CHECK(contains(log.body, "<td>cora</td><td>download</td><td>invited invitations.csv</td>"));
}

TEST_CASE("staff: results page with charts, suppressed groups and downloads") {
  Fixture f;
  // 6 answers from Turku, 2 from Kaarina: Kaarina is below min_cell 5.
  for (int i = 0; i < 8; ++i) {
    std::string body = std::string(R"({"answers":{"municipality":")") + (i < 6 ? "853" : "202") +
                       R"(","seek_help":")" + (i % 2 ? "agree" : "disagree") + R"("},"lang":"en"})";
    REQUIRE(http(f.port, "POST", "/api/v1/surveys/itest/responses", body).status == 201);
  }
  Browser b(f.port);
  signed_in(b, "ana", f.analyst_pw);
  Page page = b.get("/staff/surveys/itest/results?by=municipality");
  CHECK(page.status == 200);
  CHECK(contains(page.body, "<strong>8</strong> responses"));
  CHECK(contains(page.body, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\""));
  CHECK(contains(page.body, "Could seek support: 50.0 % (n 8)"));
  CHECK(contains(page.body, "<th scope=\"row\">Kaarina</th><td class=\"num\">&lt;5</td>"));
  // The municipality question is the reporting group: its table hides Kaarina's 2 and, as the
  // only other group, Turku's 6 (else 8 - 6 gives Kaarina away), with no bar for either.
  CHECK(contains(page.body,
                 "<th scope=\"row\">Turku</th><td class=\"num\">&lt;5</td><td "
                 "class=\"num\">–</td><td>–</td></tr>"));
  CHECK(contains(page.body,
                 "<th scope=\"row\">Kaarina</th><td class=\"num\">&lt;5</td><td "
                 "class=\"num\">–</td><td>–</td></tr>"));
  CHECK_FALSE(contains(page.body, "<td class=\"num\">6</td>"));
  CHECK(contains(page.body, "<h2>Trend over the waves</h2>"));
  CHECK(contains(page.body,
                 "href=\"/staff/surveys/itest/download/"
                 "results.xlsx?version=2026&amp;lang=en&amp;by=municipality\""));
  CHECK(b.get("/staff/surveys/itest/results?by=comment").status == 400);
  // Labels in Finnish on request; an unknown language falls back to English.
  CHECK(contains(b.get("/staff/surveys/itest/results?lang=fi").body,
                 "Voisi hakea tukea: 50.0 % (n 8)"));
  CHECK(contains(b.get("/staff/surveys/itest/results?lang=xx").body,
                 "Could seek support: 50.0 % (n 8)"));

  struct Download {
    std::string file, type;
  };
  for (const Download& d : std::vector<Download>{
           {"results.csv?by=municipality", "text/csv; charset=utf-8"},
           {"results.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
           {"export.csv", "text/csv; charset=utf-8"},
           {"export.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
           {"export.json", "application/json"},
           {"export.sav", "application/x-spss-sav"},
           {"codebook.csv", "text/csv; charset=utf-8"}}) {
    INFO(d.file);
    Page p = b.get("/staff/surveys/itest/download/" + d.file);
    CHECK(p.status == 200);
    CHECK(p.content_type == d.type);
    CHECK_FALSE(p.body.empty());
    CHECK(contains(p.headers["content-disposition"], "attachment; filename=\"itest_2026_"));
  }
  Page csv = b.get("/staff/surveys/itest/download/results.csv?by=municipality");
  CHECK(contains(csv.body, "<5"));
  Browser admin(f.port);
  signed_in(admin, "adam", f.admin_pw);
  Page log = admin.get("/staff/audit");
  CHECK(contains(log.body, "<td>ana</td><td>download</td><td>itest@2026 export.sav</td>"));
  CHECK(contains(log.body,
                 "<td>ana</td><td>download</td><td>itest@2026 results.csv by municipality</td>"));
  CHECK(contains(log.body, "<td>ana</td><td>sign-in</td>"));
}

TEST_CASE("staff: users: create, change role, new password, new API token; one admin remains") {
  Fixture f;
  Browser admin(f.port);
  signed_in(admin, "adam", f.admin_pw);
  Page created =
      admin.post("/staff/users", {{"csrf", admin.csrf}, {"name", "eve"}, {"role", "analyst"}});
  CHECK(created.status == 201);
  std::smatch m;
  const std::string body = created.body;
  REQUIRE(std::regex_search(body, m,
                            std::regex("<dt>Password</dt><dd><code class=\"secret\">([^<]+)</code>"
                                       "</dd><dt>API token</dt><dd><code class=\"secret\">"
                                       "([^<]+)</code>")));
  const std::string password = m[1], token = m[2];
  CHECK(admin.post("/staff/users", {{"csrf", admin.csrf}, {"name", "eve"}, {"role", "analyst"}})
            .status == 422);
  Page upper =
      admin.post("/staff/users", {{"csrf", admin.csrf}, {"name", "EVE"}, {"role", "analyst"}});
  CHECK(upper.status == 422);
  CHECK(contains(upper.body, "A user named &#39;eve&#39; exists already (names ignore case)."));

  Browser eve(f.port);
  signed_in(eve, "eve", password);
  CHECK(eve.get("/staff/surveys/itest/results").status == 200);
  const Headers bearer{{"Authorization", "Bearer " + token}};
  CHECK(http(f.port, "GET", "/api/v1/surveys/itest/results", "", bearer).status == 200);

  // A new role applies to the open session at once.
  const std::string id = std::to_string(user_id(admin, "eve"));
  CHECK(admin.post("/staff/users/" + id + "/role", {{"csrf", admin.csrf}, {"role", "coordinator"}})
            .status == 303);
  CHECK(eve.get("/staff/surveys/itest/results").status == 403);
  CHECK(eve.get("/staff/questionnaires").status == 200);

  // A new API token: the old one stops working at once.
  Page t = admin.post("/staff/users/" + id + "/token", {{"csrf", admin.csrf}});
  CHECK(t.status == 200);
  CHECK(http(f.port, "GET", "/api/v1/surveys", "", bearer).status == 200);
  CHECK(http(f.port, "GET", "/api/v1/surveys/itest/results", "", bearer).status == 401);

  // A new password ends the user's sessions; the old password no longer signs in.
  Page pw = admin.post("/staff/users/" + id + "/password", {{"csrf", admin.csrf}});
  CHECK(pw.status == 200);
  CHECK(eve.get("/staff/questionnaires").status == 303);
  Browser eve2(f.port);
  CHECK(sign_in(eve2, "eve", password).status == 401);

  // The only admin cannot stop being one.
  const std::string adam = std::to_string(user_id(admin, "adam"));
  CHECK(admin.post("/staff/users/" + adam + "/role", {{"csrf", admin.csrf}, {"role", "analyst"}})
            .status == 409);
  Page log = admin.get("/staff/audit");
  CHECK(
      contains(log.body, "<td>adam</td><td>user-role</td><td>eve: analyst -&gt; coordinator</td>"));
  CHECK(contains(log.body, "<td>adam</td><td>user-token</td><td>eve</td>"));
  CHECK(contains(log.body, "<td>adam</td><td>user-password</td><td>eve</td>"));
  CHECK(contains(log.body, "<td>adam</td><td>user-create</td><td>eve as analyst</td>"));
}

// Regressions from the audit of the staff workspace: each case is named after what broke.

TEST_CASE("staff: a bulk CSV that is not UTF-8 (Excel's plain \"CSV\") is refused whole") {
  Fixture f;
  Browser b(f.port);
  signed_in(b, "cora", f.coordinator_pw);
  const std::string base = "/staff/surveys/invited/invitations";
  // Windows-1252 "ä" (0xE4) on line 3: nothing is created, the message says how to save it.
  const std::string cp1252 = "name,municipality\nAino,853\nP\xe4ivi,853\n";
  Page file = b.post_multipart(base + "/bulk", {{"csrf", b.csrf}, {"csv", ""}},
                               {{"file", {"l1.csv", cp1252}}});
  CHECK(file.status == 422);
  CHECK(contains(file.body,
                 "<li>line 3: the file is not UTF-8 text; save it as &quot;CSV UTF-8&quot; (in "
                 "Excel: CSV UTF-8, comma delimited), not as plain &quot;CSV&quot;</li>"));
  CHECK_FALSE(contains(file.body, "\xe4"));  // the page does not echo the byte either
  Page pasted = b.post(base + "/bulk", {{"csrf", b.csrf}, {"csv", cp1252}});
  CHECK(pasted.status == 422);
  CHECK(contains(pasted.body, "<li>line 3: the file is not UTF-8 text;"));
  // One invitation or a user with such a name is refused too.
  Page one = b.post(base, {{"csrf", b.csrf}, {"name", "P\xe4ivi"}});
  CHECK(one.status == 422);
  CHECK(contains(one.body, "<li>the name is not UTF-8 text</li>"));
  Page links = b.get(base + ".csv");
  CHECK(links.body == "name,municipality,status,created_at,link\r\n");

  // UTF-8, with or without the BOM that Excel's "CSV UTF-8" writes, is taken.
  Page bom =
      b.post_multipart(base + "/bulk", {{"csrf", b.csrf}, {"csv", ""}},
                       {{"file", {"l2.csv", "\xEF\xBB\xBFname,municipality\nP\xC3\xA4ivi,853\n"}}});
  CHECK(bom.status == 303);
  CHECK(bom.location == base + "?created=1");
  CHECK(contains(b.get(base + ".csv").body, "\nP\xC3\xA4ivi,853,not started,"));

  Browser admin(f.port);
  signed_in(admin, "adam", f.admin_pw);
  Page user =
      admin.post("/staff/users", {{"csrf", admin.csrf}, {"name", "p\xe4ivi"}, {"role", "analyst"}});
  CHECK(user.status == 422);
  CHECK_FALSE(contains(user.body, "\xe4"));
}

TEST_CASE("staff: a sign-in form opened in two tabs, or shown again, still signs in") {
  Fixture f;
  Browser b(f.port);
  b.get_form("/staff/");
  const std::string first_tab = b.csrf;
  b.get_form("/staff/");  // the second tab (or a reload) keeps the browser's token
  CHECK(b.csrf == first_tab);
  // A wrong password shows the form again; the first tab's form still works afterwards.
  Page wrong = b.post("/staff/login", {{"csrf", b.csrf}, {"name", "adam"}, {"password", "nope"}});
  CHECK(wrong.status == 401);
  Page ok =
      b.post("/staff/login", {{"csrf", first_tab}, {"name", "adam"}, {"password", f.admin_pw}});
  CHECK(ok.status == 303);
  CHECK_FALSE(b.cookie("otos_staff").empty());
  // Signed in from one tab, the form still open in the other signs in as well.
  Page again = b.post("/staff/login",
                      {{"csrf", first_tab}, {"name", "cora"}, {"password", f.coordinator_pw}});
  CHECK(again.status == 303);
  CHECK(b.get_form("/staff/").status == 200);
  CHECK(contains(b.get("/staff/").body, "Signed in as <strong>cora</strong>"));

  // Still protected: a token that is not the browser's cookie, or no cookie, is 403.
  Browser other(f.port);
  other.get_form("/staff/");
  CHECK(
      other.post("/staff/login", {{"csrf", first_tab}, {"name", "adam"}, {"password", f.admin_pw}})
          .status == 403);
  Browser fresh(f.port);
  CHECK(
      fresh.post("/staff/login", {{"csrf", first_tab}, {"name", "adam"}, {"password", f.admin_pw}})
          .status == 403);
  CHECK(fresh.cookie("otos_staff").empty());
  // A cookie the server did not make is replaced, never copied into the page.
  Browser forged(f.port);
  forged.set_cookie("otos_signin", "abc<b>");
  Page page = forged.get_form("/staff/");
  CHECK_FALSE(contains(page.body, "<b>"));
  CHECK(std::regex_match(forged.csrf, std::regex("[A-Za-z0-9_-]{32}")));
  CHECK(forged.cookie("otos_signin") == forged.csrf);
}

TEST_CASE(
    "staff: a refused publish (a wave with responses) is an error, not \"No problems found\"") {
  Fixture f;
  REQUIRE(http(f.port, "POST", "/api/v1/surveys/itest/responses",
               R"({"answers":{"municipality":"853"},"lang":"en"})")
              .status == 201);
  Browser b(f.port);
  signed_in(b, "cora", f.coordinator_pw);
  std::string changed = read_text(test_surveys_dir() + "/itest_2026.yaml");
  changed.replace(changed.find("Test survey 2026"), 16, "Changed survey 2026");
  Page p = b.post("/staff/questionnaires/publish", {{"csrf", b.csrf}, {"yaml", changed}});
  CHECK(p.status == 409);
  CHECK(contains(p.body,
                 "<div class=\"errors\" role=\"alert\"><p>Not published.</p><p>Wave itest@2026 "
                 "already has 1 response and other text; give the new text a new version.</p>"
                 "</div>"));
  CHECK_FALSE(contains(p.body, "No problems found"));
  CHECK_FALSE(contains(p.body, "role=\"status\""));
  CHECK_FALSE(contains(p.body, "class=\"ok\""));
  // The text stays in the form to be given a new version.
  CHECK(contains(p.body, "Changed survey 2026"));
}

TEST_CASE("staff: GET on a form's address is a page (303), never a 405 in JSON") {
  Fixture f;
  struct Row {
    std::string path, location;
  };
  const std::vector<Row> rows = {
      {"/staff/login", "/staff/"},
      {"/staff/logout", "/staff/"},
      {"/staff/questionnaires/check", "/staff/questionnaires"},
      {"/staff/questionnaires/publish", "/staff/questionnaires"},
      {"/staff/surveys/invited/invitations/bulk", "/staff/surveys/invited/invitations"},
      {"/staff/surveys/a%20b/invitations/bulk", "/staff/surveys/a%20b/invitations"},
      {"/staff/users/1/role", "/staff/users"},
      {"/staff/users/1/password", "/staff/users"},
      {"/staff/users/1/token", "/staff/users"},
  };
  Browser out(f.port), in(f.port);
  signed_in(in, "adam", f.admin_pw);
  for (Browser* b : {&out, &in}) {
    for (const Row& row : rows) {
      INFO(row.path << (b == &in ? " signed in" : " signed out"));
      Page p = b->get(row.path);
      CHECK(p.status == 303);
      CHECK(p.location == row.location);
      CHECK_FALSE(contains(p.content_type, "json"));
    }
  }
  // After a wrong password the address bar shows /staff/login: opening it gives the form.
  Page wrong = sign_in(out, "adam", "wrong");
  CHECK(wrong.status == 401);
  Page reopened = out.get("/staff/login");
  REQUIRE(reopened.status == 303);
  CHECK(contains(out.get(reopened.location).body, "action=\"/staff/login\""));
  // GET /staff/logout does not sign out (only the form's POST does).
  CHECK(in.get("/staff/users").status == 200);
  // The JSON API is unchanged: a wrong method there is still a 405 in JSON.
  HttpResult api = http(f.port, "GET", "/api/v1/surveys/itest/responses");
  CHECK(api.status == 405);
  CHECK(contains(api.header("content-type"), "json"));
}

TEST_CASE("staff: bulk CSV errors name the line of the file, also after a cell with a line break") {
  Fixture f;
  Browser b(f.port);
  signed_in(b, "cora", f.coordinator_pw);
  const std::string bulk = "/staff/surveys/invited/invitations/bulk";
  // The quote opened on line 5 is never closed.
  Page open = b.post(bulk, {{"csrf", b.csrf},
                            {"csv",
                             "name,municipality\nAino,853\nBo,202\nCid,853\n\"Dan,853\n"
                             "Eve,202\n"}});
  CHECK(open.status == 422);
  CHECK(contains(open.body, "<li>line 5: a quoted field is not closed</li>"));
  // A name over two lines (lines 2-3) moves every later record down one line.
  Page wrapped = b.post(bulk, {{"csrf", b.csrf},
                               {"csv",
                                "name,municipality\r\n\"Anna\r\nMaria\",853\r\nBo,999\r\n"
                                "Cid,2\"x\r\n"}});
  CHECK(wrapped.status == 422);
  CHECK(contains(wrapped.body,
                 "<li>line 4: &#39;999&#39; is not a code of municipality (853, 202)</li>"));
  CHECK(contains(wrapped.body, "<li>line 5: a quote inside an unquoted field</li>"));
  Page tail =
      b.post(bulk, {{"csrf", b.csrf}, {"csv", "name,municipality\n\"Anna\nMaria\"x,853\n"}});
  CHECK(contains(tail.body, "<li>line 3: text after a closing quote</li>"));
  // In the header too.
  Page header = b.post(bulk, {{"csrf", b.csrf}, {"csv", "name,\"municipality\nAino,853\n"}});
  CHECK(contains(header.body, "<li>line 1: a quoted field is not closed</li>"));
}

TEST_CASE("staff: ?published= and ?created= notes only say what happened") {
  Fixture f;
  Browser b(f.port);
  signed_in(b, "cora", f.coordinator_pw);
  for (const std::string value :
       {"Your%20password%20expired%2C%20mail%20it%20to%20x%40evil.example", "itest", "nope@1",
        "itest@2025x", ""}) {
    INFO(value);
    Page p = b.get("/staff/questionnaires?published=" + value);
    CHECK(p.status == 200);
    CHECK_FALSE(contains(p.body, "Published"));
  }
  CHECK(contains(b.get("/staff/questionnaires?published=itest@2026").body,
                 "<p class=\"message ok\" role=\"status\">Published itest@2026.</p>"));
  const std::string invitations = "/staff/surveys/invited/invitations";
  CHECK_FALSE(contains(b.get(invitations + "?created=all%20your%20data").body, "Created"));
  CHECK(contains(b.get(invitations + "?created=3").body, "Created 3 invitations."));
}

}  // namespace otos::itest
