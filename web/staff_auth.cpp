// Sessions, roles, anti-forgery tokens, sign-in throttling and audit lines (see staff_auth.h).
// The store keeps sessions (hashed), failures and the log; nothing here renders content pages.
#include "web/staff_auth.h"

#include <sodium.h>

#include <cctype>
#include <ctime>
#include <iostream>

#include "engine/storage/store.h"
#include "engine/storage/user_names.h"
#include "web/html.h"

namespace otos::web::staff {

namespace {

constexpr size_t kMaxNameBytes = 100;
constexpr size_t kMaxPasswordBytes = 200;

int64_t unix_now() { return static_cast<int64_t>(std::time(nullptr)); }

constexpr size_t kSigninTokenBytes = 24;

// A sign-in token as random_token(kSigninTokenBytes) makes it: 32 base64url characters. Any
// other cookie value is replaced (it also goes into the page).
bool is_signin_token(const std::string& token) {
  if (token.size() != (kSigninTokenBytes * 4 + 2) / 3) return false;
  for (char c : token) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

// Constant-time comparison of two tokens (a mismatch in length is not secret).
bool same_token(const std::string& a, const std::string& b) {
  return !a.empty() && a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

void forbidden(Exchange& ex, const Viewer* viewer, const std::string& message) {
  send_message(ex, 403, "Not allowed", message, viewer);
}

}  // namespace

std::optional<Viewer> current_viewer(Exchange& ex, AppContext& app) {
  std::string token = cookie(ex, kSessionCookie);
  if (token.empty() || token.size() > 200) return std::nullopt;
  auto session = app.store.find_session(token, unix_now(), kSessionIdleSeconds);
  if (!session) return std::nullopt;
  return Viewer{session->user, session->csrf};
}

std::optional<Viewer> guard_get(Exchange& ex, AppContext& app, Area area) {
  auto viewer = current_viewer(ex, app);
  if (!viewer) {
    redirect(ex, "/staff/");
    return std::nullopt;
  }
  if (!allowed(viewer->user.role, area)) {
    forbidden(ex, &*viewer,
              "Your role (" + storage::to_string(viewer->user.role) +
                  ") may not open this page. See the role table in the staff guide.");
    return std::nullopt;
  }
  return viewer;
}

std::optional<PostContext> guard_post(Exchange& ex, AppContext& app, Area area) {
  auto form = read_form(ex, app.max_body_bytes);
  if (!form) return std::nullopt;
  auto viewer = current_viewer(ex, app);
  if (!viewer) {
    forbidden(ex, nullptr, "You are not signed in (or your session has ended). Sign in again.");
    return std::nullopt;
  }
  if (!allowed(viewer->user.role, area)) {
    forbidden(ex, &*viewer,
              "Your role (" + storage::to_string(viewer->user.role) + ") may not do this.");
    return std::nullopt;
  }
  if (!same_token(form->get("csrf"), viewer->csrf)) {
    forbidden(ex, &*viewer,
              "The form's anti-forgery token does not match your session. Reload the page and "
              "try again.");
    return std::nullopt;
  }
  return PostContext{std::move(*viewer), std::move(*form)};
}

void audit(AppContext& app, const Exchange& ex, const std::string& user, const std::string& action,
           const std::string& detail) {
  try {
    app.store.append_audit({0, "", user, action, detail, client_address(ex)});
  } catch (const storage::StoreError& e) {
    std::cerr << "otos serve: audit log: " << e.what() << std::endl;
  }
}

void signin_form(Exchange& ex, int status, const std::string& error, const std::string& name) {
  // The sign-in form's own anti-forgery token: a random cookie repeated in the form (no session
  // exists yet), so that another site cannot sign a browser in to an account of its choosing.
  // The browser's cookie is kept while it lasts (until the browser closes), so every sign-in
  // form it was shown stays valid: a second tab, a reload, the form after a wrong password.
  std::string token = cookie(ex, kSigninCookie);
  if (!is_signin_token(token)) token = storage::random_token(kSigninTokenBytes);
  set_cookie(ex, kSigninCookie, token);
  std::string content;
  if (!error.empty()) {
    content += "<p class=\"message error\" role=\"alert\">" + html::escape(error) + "</p>";
  }
  html::Vars vars;
  vars["csrf"] = token;
  vars["name"] = name;
  content += html::load_template("staff_signin.html").render(vars);
  send_page(ex, status, "Sign in", content, nullptr);
}

void signin_route(Exchange& ex, AppContext& app) {
  auto form = read_form(ex, app.max_body_bytes);
  if (!form) return;
  if (!same_token(form->get("csrf"), cookie(ex, kSigninCookie))) {
    forbidden(ex, nullptr,
              "The sign-in form's anti-forgery token does not match. Open the sign-in page again.");
    return;
  }
  const std::string& name = form->get("name");
  const std::string& password = form->get("password");
  if (name.empty() || password.empty() || name.size() > kMaxNameBytes ||
      password.size() > kMaxPasswordBytes) {
    signin_form(ex, 400, "Enter your user name and password.",
                name.size() > kMaxNameBytes ? "" : name);
    return;
  }
  const std::string address = client_address(ex);
  const std::string user_key = staff_user_key(name);
  const std::string addr_key = "addr:" + address;
  const int64_t now = unix_now();
  const int64_t since = now - kFailureWindowSeconds;
  // Checked before the password, so a blocked attacker costs no argon2 work and learns nothing.
  if (app.store.count_login_failures(user_key, since) >= kFailureLimit ||
      app.store.count_login_failures(addr_key, since) >= kFailureLimit) {
    audit(app, ex, "", "sign-in-blocked", name);
    ex.response.set("Retry-After", std::to_string(kFailureWindowSeconds));
    send_message(ex, 429, "Too many attempts",
                 "Too many failed sign-ins for this account or from this address. Wait 15 "
                 "minutes and try again, or ask an administrator to reset your password.",
                 nullptr);
    return;
  }
  auto user = app.store.authenticate_password(name, password);
  if (!user) {
    app.store.record_login_failure({user_key, addr_key}, now);
    audit(app, ex, "", "sign-in-failed", name);
    signin_form(ex, 401, "The user name or the password is wrong.", name);
    return;
  }
  app.store.clear_login_failures(user_key);
  // A fresh session on every sign-in (no fixation); the browser's previous one ends.
  if (std::string old = cookie(ex, kSessionCookie); !old.empty() && old.size() <= 200) {
    app.store.delete_session(old);
  }
  std::string token = storage::random_token(32);
  app.store.create_session(token, user->id, storage::random_token(32), now);
  // The sign-in cookie stays: a sign-in form still open in another tab must work too.
  set_cookie(ex, kSessionCookie, token);
  audit(app, ex, user->name, "sign-in", "");
  redirect(ex, "/staff/");
}

std::string staff_user_key(const std::string& name) {
  return "user:" + storage::user_name_key(name);
}

void signout_route(Exchange& ex, AppContext& app) {
  auto post = guard_post(ex, app, Area::Overview);
  if (!post) return;
  app.store.delete_session(cookie(ex, kSessionCookie));
  set_cookie(ex, kSessionCookie, "", 0);
  audit(app, ex, post->viewer.user.name, "sign-out", "");
  redirect(ex, "/staff/");
}

}  // namespace otos::web::staff
