// Who may do what in the staff workspace: the session cookie, the role check of every route,
// the anti-forgery check of every POST, sign-in (with throttling of failed attempts per account
// and per address), sign-out, and the audit log lines. Pages call guard_get / guard_post first
// and stop when they return nothing (the answer has been sent).
//
// Statuses: a GET without a valid session is 303 to /staff/ (the sign-in form); a POST without
// one is 403; a role that may not open the area is 403; a POST whose anti-forgery token differs
// from the session's is 403; too many failed sign-ins is 429.
#pragma once

#include <optional>
#include <string>

#include "web/app_context.h"
#include "web/router.h"
#include "web/staff_http.h"
#include "web/staff_page.h"

namespace otos::web::staff {

// Limits (docs/roles.md): a session ends after 8 h without a request; 5 failed sign-ins per
// account or per address within 15 minutes block further attempts until the window has passed.
inline constexpr int64_t kSessionIdleSeconds = 8 * 3600;
inline constexpr int64_t kFailureLimit = 5;
inline constexpr int64_t kFailureWindowSeconds = 15 * 60;

inline constexpr const char* kSessionCookie = "otos_staff";
inline constexpr const char* kSigninCookie = "otos_signin";

// The throttling key of failed sign-ins for a user name: one per user whatever the case typed.
std::string staff_user_key(const std::string& name);

// The viewer of a valid session, or nullopt (nothing sent).
std::optional<Viewer> current_viewer(Exchange& ex, AppContext& app);

// For GET routes: the viewer when signed in with a role allowed in `area`; otherwise the
// redirect or 403 page has been sent.
std::optional<Viewer> guard_get(Exchange& ex, AppContext& app, Area area);

// For POST routes: reads the form, then checks session, role and anti-forgery token. On any
// failure the answer has been sent and the result is empty.
struct PostContext {
  Viewer viewer;
  FormBody form;
};
std::optional<PostContext> guard_post(Exchange& ex, AppContext& app, Area area);

// Appends a line to the audit log (a store failure is logged on stderr, never fails the page).
void audit(AppContext& app, const Exchange& ex, const std::string& user, const std::string& action,
           const std::string& detail);

// GET /staff/ when signed out, POST /staff/login, POST /staff/logout.
void signin_form(Exchange& ex, int status, const std::string& error, const std::string& name);
void signin_route(Exchange& ex, AppContext& app);
void signout_route(Exchange& ex, AppContext& app);

}  // namespace otos::web::staff
