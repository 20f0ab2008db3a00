// Handlers of the respondent forms (see form_routes.h). Each one: read the request, find the
// questionnaire and the form session, let engine/answers check the page, save the draft through
// the store, then redirect (303) or render. The rules of answers live in engine/answers; the
// page flow in form_state; the HTML in form_render. Every POST carries the anti-forgery token.
#include "web/form_routes.h"

#include <Poco/Net/HTTPResponse.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

#include "engine/answers/answer_check.h"
#include "engine/packed/packed_answers.h"
#include "web/form_csrf.h"
#include "web/form_render.h"
#include "web/form_request.h"
#include "web/form_state.h"
#include "web/html.h"
#include "web/http_io.h"
#include "web/ui_text.h"

namespace otos::web {

namespace {

constexpr std::string_view kSessionCookie = "otos_sid";

bool valid_sid(std::string_view sid) {
  if (sid.size() < 16 || sid.size() > 64) return false;
  return std::all_of(sid.begin(), sid.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

// Headers every HTML answer carries: no caching of answers, no framing, no referrer (an
// invitation link holds its token), scripts and styles only from this server.
void html_headers(Poco::Net::HTTPServerResponse& response) {
  response.set("Cache-Control", "no-store");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
  response.set("X-Frame-Options", "DENY");
  response.set("Content-Security-Policy",
               "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
}

void send_html(Poco::Net::HTTPServerResponse& response, int status, const std::string& body) {
  html_headers(response);
  send_body(response, status, "text/html; charset=utf-8", body);
}

void redirect(Poco::Net::HTTPServerResponse& response, const std::string& location) {
  html_headers(response);
  response.set("Location", location);
  send_body(response, 303, "text/plain; charset=utf-8", "");
}

struct Target {
  model::QuestionnairePtr q;
  std::string token;
  std::optional<storage::Invitation> invitation;
  std::string path;  // "/s/REF" or "/s/REF/TOKEN", URL-encoded
  std::string lang;
  Groups groups;

  std::string url(const std::string& query) const {
    return path + "?" + (query.empty() ? "" : query + "&") + "lang=" + url_encode(lang);
  }
};

class FormRoutes {
 public:
  explicit FormRoutes(AppContext& app) : app_(app) {}

  void index(Exchange& ex) {
    app_.surveys.refresh(app_.store, app_.survey_refresh);
    FormFields query = parse_query(ex.request.getURI());
    std::string lang =
        negotiate_language(field(query, "lang"), accept_language(ex), ui_languages());
    const std::string today = app_.today();
    analysis::Waves waves = app_.surveys.waves();
    std::vector<IndexEntry> entries;
    for (size_t i = 0; i < waves.all.size(); ++i) {
      const model::Questionnaire& q = *waves.all[i];
      const bool newest = i + 1 == waves.all.size() || waves.all[i + 1]->id != q.id;
      if (q.access != model::Access::Public || !q.is_open_on(today)) continue;
      IndexEntry e{newest ? q.id : q.key(), q.title.in(lang, q.default_language()),
                   q.description.in(lang, q.default_language()), q.close.value_or("")};
      // Only the newest open wave of an id is listed.
      if (!entries.empty() && entries.back().ref.substr(0, entries.back().ref.find('@')) == q.id) {
        entries.back() = e;
      } else {
        entries.push_back(e);
      }
    }
    send_html(ex.response, 200, render_index(lang, entries));
  }

  // A path no route has: browsers get the notice page in their language, API clients (and
  // anything under /api/) the contract's error JSON.
  void not_found(Exchange& ex) {
    if (ex.path.starts_with("/api/") || ex.path == "/api") {
      send_error(ex.response, 404, "not found");
      return;
    }
    FormFields query = parse_query(ex.request.getURI());
    std::string lang =
        negotiate_language(field(query, "lang"), accept_language(ex), ui_languages());
    send_html(ex.response, 404,
              render_notice(lang, ui_languages(), "?", ui(lang, Ui::NotFoundTitle),
                            ui(lang, Ui::NotFoundBody)));
  }

  void static_file(Exchange& ex) {
    const std::string& name = ex.params[0];
    std::string type;
    if (name.ends_with(".css")) type = "text/css; charset=utf-8";
    if (name.ends_with(".js")) type = "text/javascript; charset=utf-8";
    const std::string& body =
        type.empty() || name.find('/') != std::string::npos || name.starts_with(".")
            ? std::string()
            : html::static_file(name);
    if (body.empty()) {
      send_error(ex.response, 404, "not found");
      return;
    }
    ex.response.set("Cache-Control", "public, max-age=3600");
    ex.response.set("X-Content-Type-Options", "nosniff");
    send_body(ex.response, 200, type, body);
  }

  void get_form(Exchange& ex) {
    FormFields query = parse_query(ex.request.getURI());
    std::optional<Target> t = resolve(ex, field(query, "lang"));
    if (!t) return;
    const model::Questionnaire& q = *t->q;
    const std::string step = field(query, "step");
    try {
      if (t->invitation && !t->invitation->response_id.empty()) {
        if (step == "done") {
          send_html(ex.response, 200, render_thanks(q, t->lang, t->invitation->response_id));
        } else {
          notice(ex, *t, 200, Ui::AnsweredTitle, ui(t->lang, Ui::AnsweredBody));
        }
        return;
      }
      if (!q.is_open_on(app_.today())) {
        closed_notice(ex, *t, 200);
        return;
      }
      std::string sid, cookie;
      std::string key = session_key(ex, *t, &sid);
      FormSession session;
      if (key.empty()) {
        sid = storage::random_token(16);
        cookie = sid;
        key = anonymous_session_key(q.id, sid);
        session = new_session(key, q);  // nothing is stored until the first page is sent
      } else {
        session = load_session(app_.store, key, q);
        // Coming back by the link alone (no ?lang=), a respondent continues in the language
        // they chose before, not in the browser's.
        const auto& langs = q.languages;
        if (field(query, "lang").empty() && session.stored &&
            std::find(langs.begin(), langs.end(), session.lang) != langs.end())
          t->lang = session.lang;
      }
      if (!session.response_id.empty()) {
        if (step == "done") {
          send_html(ex.response, 200, render_thanks(q, t->lang, session.response_id));
          return;
        }
        // A public form already sent from this browser: the next visit is a new respondent.
        sid = storage::random_token(16);
        cookie = sid;
        key = anonymous_session_key(q.id, sid);
        session = new_session(key, q);
      }
      if (!cookie.empty()) set_session_cookie(ex, cookie);

      const Answers all = with_groups(session.answers, t->groups);
      const std::vector<size_t> shown = pages_shown(q, all, t->groups);
      const size_t frontier = first_shown_from(shown, session.reached, q.pages.size());
      if (step == "review" || step == "done") {
        if (frontier < q.pages.size()) {
          redirect(ex.response, t->url("page=" + url_encode(q.pages[frontier].id)));
          return;
        }
        ReviewView v{&q,    t->lang, t->path,   secret_token(key),
                     shown, all,     t->groups, !t->token.empty()};
        send_html(ex.response, 200, render_review(v));
        return;
      }
      std::optional<size_t> idx = page_index(q, field(query, "page"));
      if (!idx) {
        // No page named: continue where the respondent left off (a resumed draft included).
        if (frontier >= q.pages.size()) {
          redirect(ex.response, t->url("step=review"));
          return;
        }
        idx = frontier;
      }
      if (*idx > frontier) idx = frontier;
      if (std::find(shown.begin(), shown.end(), *idx) == shown.end()) {
        // A page with nothing to show (show_if) is skipped.
        size_t next = first_shown_from(shown, *idx, q.pages.size());
        redirect(ex.response, next < q.pages.size() ? t->url("page=" + url_encode(q.pages[next].id))
                                                    : t->url("step=review"));
        return;
      }
      PageView v = page_view(*t, key, *idx, shown, all);
      v.values = values_from_answers(session.answers);
      v.more_questions = field(query, "more") == "1";
      send_html(ex.response, 200, render_page(v));
    } catch (const storage::StoreError& e) {
      store_failed(ex, *t, e);
    }
  }

  void post_form(Exchange& ex) {
    std::string body;
    BodyStatus read = read_body(ex.request, ex.response, app_.max_body_bytes, body);
    FormFields query = parse_query(ex.request.getURI());
    std::string query_lang = field(query, "lang");
    if (read != BodyStatus::Ok) {
      ex.response.setKeepAlive(false);  // the rest of the body is unread
      std::string lang = negotiate_language(query_lang, accept_language(ex), ui_languages());
      const bool large = read == BodyStatus::TooLarge;
      send_html(ex.response, large ? 413 : 400,
                render_notice(lang, ui_languages(), "?",
                              ui(lang, large ? Ui::TooLargeTitle : Ui::BadRequestTitle),
                              ui(lang, large ? Ui::TooLargeBody : Ui::BadRequestBody)));
      return;
    }
    std::optional<FormFields> posted;
    const std::string content_type = ex.request.getContentType();
    if (content_type.starts_with("application/x-www-form-urlencoded")) {
      posted = parse_urlencoded(body);
    }
    if (!posted) {
      std::string lang = negotiate_language(query_lang, accept_language(ex), ui_languages());
      send_html(ex.response, 400,
                render_notice(lang, ui_languages(), "?", ui(lang, Ui::BadRequestTitle),
                              ui(lang, Ui::BadRequestBody)));
      return;
    }
    if (query_lang.empty()) query_lang = field(*posted, "lang");
    std::optional<Target> t = resolve(ex, query_lang);
    if (!t) return;
    const model::Questionnaire& q = *t->q;
    try {
      if (t->invitation && !t->invitation->response_id.empty()) {
        redirect(ex.response, t->url("step=done"));  // sent before: the same thank-you page
        return;
      }
      if (!q.is_open_on(app_.today())) {
        closed_notice(ex, *t, 409);
        return;
      }
      std::string sid;
      const std::string key = session_key(ex, *t, &sid);
      if (key.empty() || !check_token(key, field(*posted, "csrf"))) {
        notice(ex, *t, 403, Ui::ForbiddenTitle, ui(t->lang, Ui::ForbiddenBody));
        return;
      }
      FormSession session = load_session(app_.store, key, q);
      if (!session.response_id.empty()) {
        redirect(ex.response, t->url("step=done"));
        return;
      }
      session.lang = t->lang;
      const std::string action = field(*posted, "action");
      if (action == "submit") {
        submit(ex, *t, session);
      } else {
        save_page(ex, *t, session, *posted, action == "back");
      }
    } catch (const storage::StoreError& e) {
      store_failed(ex, *t, e);
    }
  }

 private:
  static std::string accept_language(const Exchange& ex) {
    return ex.request.get("Accept-Language", "");
  }

  // Finds the questionnaire and the invitation; on failure answers the request itself.
  std::optional<Target> resolve(Exchange& ex, const std::string& query_lang) {
    app_.surveys.refresh(app_.store, app_.survey_refresh);
    Target t;
    t.q = app_.surveys.find(ex.params[0]);
    if (!t.q) {
      std::string lang = negotiate_language(query_lang, accept_language(ex), ui_languages());
      send_html(ex.response, 404,
                render_notice(lang, ui_languages(), "?", ui(lang, Ui::NotFoundTitle),
                              ui(lang, Ui::NotFoundBody)));
      return std::nullopt;
    }
    t.lang = negotiate_language(query_lang, accept_language(ex), t.q->languages);
    t.path = "/s/" + url_encode(ex.params[0]);
    if (ex.params.size() > 1) {
      t.token = ex.params[1];
      t.path += "/" + url_encode(t.token);
      try {
        t.invitation = t.token.size() <= 200 ? app_.store.find_invitation(t.token) : std::nullopt;
      } catch (const storage::StoreError& e) {
        store_failed(ex, t, e);
        return std::nullopt;
      }
      if (!t.invitation || t.invitation->survey != t.q->id) {
        notice(ex, t, 404, Ui::NotFoundTitle, ui(t.lang, Ui::NotFoundBody), false);
        return std::nullopt;
      }
      t.groups = Groups(t.invitation->groups.begin(), t.invitation->groups.end());
    } else if (t.q->access == model::Access::Invitation) {
      notice(ex, t, 403, Ui::InvitationOnlyTitle, ui(t.lang, Ui::InvitationOnlyBody));
      return std::nullopt;
    }
    return t;
  }

  // The draft key: the invitation token, or the anonymous session from the cookie ("" when the
  // request has no valid session cookie).
  std::string session_key(const Exchange& ex, const Target& t, std::string* sid) {
    if (!t.token.empty()) return t.token;
    *sid = cookie_value(ex.request.get("Cookie", ""), kSessionCookie);
    if (!valid_sid(*sid)) return "";
    return anonymous_session_key(t.q->id, *sid);
  }

  void set_session_cookie(Exchange& ex, const std::string& sid) {
    // HttpOnly: no script reads it; SameSite=Lax: another site's form cannot post with it.
    std::string cookie =
        std::string(kSessionCookie) + "=" + sid + "; Path=/s/; HttpOnly; SameSite=Lax";
    if (ex.request.get("X-Forwarded-Proto", "") == "https") cookie += "; Secure";
    ex.response.add("Set-Cookie", cookie);
  }

  static size_t first_shown_from(const std::vector<size_t>& shown, size_t from, size_t none) {
    for (size_t p : shown) {
      if (p >= from) return p;
    }
    return none;
  }

  PageView page_view(const Target& t, const std::string& key, size_t idx,
                     const std::vector<size_t>& shown, const Answers& all) {
    PageView v;
    v.q = t.q.get();
    v.lang = t.lang;
    v.path = t.path;
    v.csrf = secret_token(key);
    v.page = idx;
    v.questions = shown_on_page(*t.q, all, idx, t.groups);
    auto pos = std::find(shown.begin(), shown.end(), idx);
    v.position = static_cast<size_t>(pos - shown.begin()) + 1;
    v.total = shown.size();
    v.first = pos == shown.begin();
    v.invitation = !t.token.empty();
    v.groups = t.groups;
    v.answers_json = answers_to_json(all);
    return v;
  }

  static Answers without_groups(Answers answers, const Groups& groups) {
    for (const auto& [question, code] : groups) answers.erase(question);
    return answers;
  }

  void save_page(Exchange& ex, const Target& t, FormSession& session, const FormFields& posted,
                 bool back) {
    const model::Questionnaire& q = *t.q;
    std::vector<size_t> shown = pages_shown(q, with_groups(session.answers, t.groups), t.groups);
    const size_t frontier = first_shown_from(shown, session.reached, q.pages.size());
    std::optional<size_t> idx = page_index(q, field(posted, "page"));
    if (!idx) {
      // Back from the review step: the last page shown.
      if (back && !shown.empty()) {
        redirect(ex.response, t.url("page=" + url_encode(q.pages[shown.back()].id)));
      } else {
        redirect(ex.response, t.url(""));
      }
      return;
    }
    if (*idx > frontier) {  // a stale or forged page: go where the respondent is
      redirect(ex.response, t.url(""));
      return;
    }
    JsonObject raw = to_raw(with_groups(session.answers, t.groups));
    apply_posted_page(q, *idx, posted, t.groups, raw);
    answers::CheckOptions options;
    options.lang = t.lang;
    options.pages = {*idx};
    options.numbers_as_strings = true;
    answers::CheckResult checked = answers::check_answers(q, raw, options);

    const std::vector<std::string> shown_list = fields_named(posted, "shown");
    const std::set<std::string> shown_ids(shown_list.begin(), shown_list.end());
    std::vector<answers::AnswerError> errors;
    for (const auto& e : checked.errors) {
      const model::Question* question = q.find_question(e.question);
      if (question && question->page == *idx && shown_ids.count(e.question)) errors.push_back(e);
    }
    const Answers all = with_groups(checked.answers, t.groups);
    shown = pages_shown(q, all, t.groups);

    if (back) {
      // Going back keeps what is valid on this page; nothing is required yet.
      session.answers = without_groups(checked.answers, t.groups);
      save_session(app_.store, session);
      size_t prev = *idx;
      for (size_t p : shown) {
        if (p < *idx) prev = p;
      }
      redirect(ex.response, t.url("page=" + url_encode(q.pages[prev].id)));
      return;
    }
    if (!errors.empty()) {
      if (std::find(shown.begin(), shown.end(), *idx) == shown.end()) shown.push_back(*idx);
      std::sort(shown.begin(), shown.end());
      PageView v = page_view(t, session.key, *idx, shown, all);
      v.values = values_from_post(posted);
      v.errors = errors;
      send_html(ex.response, 422, render_page(v));
      return;
    }
    session.answers = without_groups(checked.answers, t.groups);
    bool appeared = false;
    for (const model::Question* question : shown_on_page(q, all, *idx, t.groups)) {
      if (question->asks() && !shown_ids.count(question->id)) appeared = true;
    }
    if (appeared) {  // this page's answers showed more of its questions: ask them too
      session.reached = std::max(session.reached, *idx);
      save_session(app_.store, session);
      redirect(ex.response, t.url("page=" + url_encode(q.pages[*idx].id) + "&more=1"));
      return;
    }
    const size_t next = first_shown_from(shown, *idx + 1, q.pages.size());
    session.reached = std::max(session.reached, next);
    save_session(app_.store, session);
    redirect(ex.response, next < q.pages.size() ? t.url("page=" + url_encode(q.pages[next].id))
                                                : t.url("step=review"));
  }

  void submit(Exchange& ex, const Target& t, FormSession& session) {
    const model::Questionnaire& q = *t.q;
    if (session.reached < q.pages.size()) {
      redirect(ex.response, t.url(""));
      return;
    }
    answers::CheckOptions options;
    options.lang = t.lang;
    options.numbers_as_strings = true;
    answers::CheckResult checked =
        answers::check_answers(q, to_raw(with_groups(session.answers, t.groups)), options);
    if (!checked.ok()) {
      // Something changed since the pages were checked (a new page became visible, say): go to
      // the first page with a problem.
      const model::Question* first = q.find_question(checked.errors.front().question);
      size_t page = first ? first->page : 0;
      session.reached = std::min(session.reached, page);
      save_session(app_.store, session);
      redirect(ex.response, t.url("page=" + url_encode(q.pages[page].id)));
      return;
    }
    storage::NewResponse r;
    r.survey = q.id;
    r.version = q.version;
    r.lang = t.lang;
    r.invitation = t.token;
    r.submission_id = session.submission_id;
    r.answers_json = answers_to_json(checked.answers);
    r.layout = packed::layout_of(q);
    r.packed = packed::pack(q, checked.answers);
    storage::InsertResult stored = app_.store.insert_response(r);
    switch (stored.status) {
      case storage::InsertStatus::Created:
      case storage::InsertStatus::Duplicate:
        session.response_id = stored.id;
        save_session(app_.store, session);
        redirect(ex.response, t.url("step=done"));
        return;
      case storage::InsertStatus::TokenUsed:
        redirect(ex.response, t.url("step=done"));
        return;
      case storage::InsertStatus::Conflict:
        notice(ex, t, 409, Ui::AnsweredTitle, ui(t.lang, Ui::AnsweredBody));
        return;
    }
  }

  void notice(Exchange& ex, const Target& t, int status, Ui title, const std::string& body,
              bool with_context = true) {
    const model::Questionnaire& q = *t.q;
    send_html(ex.response, status,
              render_notice(t.lang, q.languages, t.path + "?", ui(t.lang, title), body,
                            with_context ? q.title.in(t.lang, q.default_language()) : ""));
  }

  void closed_notice(Exchange& ex, const Target& t, int status) {
    const model::Questionnaire& q = *t.q;
    const bool not_yet = q.open && app_.today() < *q.open;
    std::string body =
        not_yet
            ? fill(ui(t.lang, Ui::NotYetOpenBody), "open", format_date(t.lang, *q.open))
            : fill(ui(t.lang, Ui::ClosedBody), "close", format_date(t.lang, q.close.value_or("")));
    notice(ex, t, status, Ui::NotOpenTitle, body);
  }

  void store_failed(Exchange& ex, const Target& t, const storage::StoreError& e) {
    std::cerr << "otos serve: form " << ex.request.getMethod() << " " << ex.path
              << ": store error: " << e.what() << std::endl;
    if (ex.response.sent()) return;
    const std::string& lang = t.lang.empty() ? ui_languages().front() : t.lang;
    send_html(ex.response, 503,
              render_notice(lang, ui_languages(), "?", ui(lang, Ui::ServerErrorTitle),
                            ui(lang, Ui::ServerErrorBody)));
  }

  // The secret is read from the store on first use (not at start, so that a store hiccup at
  // start does not stop the server).
  std::shared_ptr<const FormSecret> secret(bool reload = false) {
    std::lock_guard lock(secret_mu_);
    if (!secret_ || reload) {
      secret_ = std::make_shared<const FormSecret>(FormSecret::load_or_create(app_.store));
    }
    return secret_;
  }

  std::string secret_token(const std::string& key) { return secret()->token_for(key); }

  bool check_token(const std::string& key, const std::string& token) {
    if (token.empty()) return false;
    if (secret()->check(key, token)) return true;
    // Another server may have created the shared secret at the same moment as this one: read
    // it again before refusing (at most every 10 s, so forged posts cannot make a read each).
    const auto now = std::chrono::steady_clock::now();
    {
      std::lock_guard lock(secret_mu_);
      if (now - last_reload_ < std::chrono::seconds(10)) return false;
      last_reload_ = now;
    }
    return secret(/*reload=*/true)->check(key, token);
  }

  AppContext& app_;
  std::mutex secret_mu_;
  std::shared_ptr<const FormSecret> secret_;
  std::chrono::steady_clock::time_point last_reload_{};
};

}  // namespace

void add_form_routes(Router& router, AppContext& app) {
  auto routes = std::make_shared<FormRoutes>(app);
  router.set_not_found([routes](Exchange& ex) { routes->not_found(ex); });
  router.add("GET", "/", [routes](Exchange& ex) { routes->index(ex); });
  router.add("GET", "/static/{name}", [routes](Exchange& ex) { routes->static_file(ex); });
  router.add("GET", "/s/{survey}", [routes](Exchange& ex) { routes->get_form(ex); });
  router.add(
      "POST", "/s/{survey}", [routes](Exchange& ex) { routes->post_form(ex); },
      /*reads_body=*/true);
  router.add("GET", "/s/{survey}/{token}", [routes](Exchange& ex) { routes->get_form(ex); });
  router.add(
      "POST", "/s/{survey}/{token}", [routes](Exchange& ex) { routes->post_form(ex); },
      /*reads_body=*/true);
}

}  // namespace otos::web
