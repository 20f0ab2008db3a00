// Admin pages: staff users (create, change role, new password, new API token; secrets are
// shown once on the page that made them) and the audit log. At least one admin always remains.
// The store does the work and keeps only hashes.
#include <charconv>

#include "engine/common/utf8.h"
#include "engine/storage/user_names.h"
#include "web/html.h"
#include "web/staff_auth.h"
#include "web/staff_routes.h"

namespace otos::web::staff {

namespace {

constexpr size_t kMaxName = 100;
constexpr size_t kAuditShown = 500;

std::string role_select(const std::string& id, storage::Role current) {
  std::string out = "<select id=\"" + id + "\" name=\"role\">";
  for (auto r : {storage::Role::Admin, storage::Role::Analyst, storage::Role::Coordinator}) {
    const std::string name = storage::to_string(r);
    out += "<option value=\"" + name + "\"" + (r == current ? " selected" : "") + ">" + name +
           "</option>";
  }
  return out + "</select>";
}

std::string users_content(AppContext& app, const Viewer& viewer) {
  std::string out =
      "<table class=\"users\"><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Role</th>"
      "<th scope=\"col\">Password</th><th scope=\"col\">API token</th></tr></thead><tbody>";
  for (const auto& u : app.store.list_users()) {
    const std::string base = "/staff/users/" + std::to_string(u.id);
    const std::string sel = "role-" + std::to_string(u.id);
    out += "<tr><th scope=\"row\">" + html::escape(u.name) +
           "</th><td><form method=\"post\" "
           "action=\"" +
           base + "/role\">" + csrf_field(viewer) + "<label class=\"visually-hidden\" for=\"" +
           sel + "\">Role of " + html::escape(u.name) + "</label>" + role_select(sel, u.role) +
           " <button type=\"submit\">Change role</button></form></td><td><form method=\"post\" "
           "action=\"" +
           base + "/password\">" + csrf_field(viewer) +
           "<button type=\"submit\" aria-label=\"New password for " + html::escape(u.name) +
           "\">New password</button></form></td><td><form method=\"post\" "
           "action=\"" +
           base + "/token\">" + csrf_field(viewer) +
           "<button type=\"submit\" aria-label=\"Revoke and replace the API token of " +
           html::escape(u.name) + "\">Revoke and replace</button></form></td></tr>";
  }
  out +=
      "</tbody></table><h2>Add a user</h2><form method=\"post\" action=\"/staff/users\">" +
      csrf_field(viewer) +
      "<p><label for=\"new-name\">Name</label><br><input id=\"new-name\" name=\"name\" "
      "type=\"text\" required maxlength=\"100\"></p><p><label for=\"new-role\">Role</label><br>" +
      role_select("new-role", storage::Role::Analyst) +
      "</p><p><button type=\"submit\">Create</button></p></form>";
  return out;
}

// The user id in the path, or a 404 page.
std::optional<storage::User> user_of(Exchange& ex, AppContext& app, const Viewer& viewer) {
  int64_t id = 0;
  const std::string& s = ex.params[0];
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  std::optional<storage::User> user;
  if (ec == std::errc() && end == s.data() + s.size()) user = app.store.find_user(id);
  if (!user) send_message(ex, 404, "Not found", "There is no such user.", &viewer, "/staff/users");
  return user;
}

void send_secret(Exchange& ex, const Viewer& viewer, const std::string& title,
                 const std::string& what, const std::string& user, const std::string& secret) {
  send_page(ex, 200, title,
            "<p>The " + html::escape(what) + " of <strong>" + html::escape(user) +
                "</strong> is shown only now; give it to them safely:</p><p><code "
                "class=\"secret\">" +
                html::escape(secret) +
                "</code></p><p><a href=\"/staff/users\">Back to users</a></p>",
            &viewer);
}

}  // namespace

void users_route(Exchange& ex, AppContext& app) {
  auto viewer = guard_get(ex, app, Area::Users);
  if (!viewer) return;
  send_page(ex, 200, "Users", users_content(app, *viewer), &*viewer);
}

void create_user_route(Exchange& ex, AppContext& app) {
  auto post = guard_post(ex, app, Area::Users);
  if (!post) return;
  const std::string& name = post->form.get("name");
  auto role = storage::role_from_string(post->form.get("role"));
  bool name_ok = !name.empty() && name.size() <= kMaxName && is_valid_utf8(name);
  for (unsigned char c : name) {
    if (c < 0x21 || c == 0x7f) name_ok = false;
  }
  std::string error;
  if (!name_ok) error = "A user name has 1 to 100 characters and no spaces.";
  if (error.empty() && !role) error = "Choose a role: admin, analyst or coordinator.";
  if (error.empty()) {
    for (const auto& u : app.store.list_users()) {
      if (storage::same_user_name(u.name, name))
        error = "A user named '" + u.name + "' exists already (names ignore case).";
    }
  }
  if (!error.empty()) {
    send_page(ex, 422, "Users",
              "<p class=\"message error\" role=\"alert\">" + html::escape(error) + "</p>" +
                  users_content(app, post->viewer),
              &post->viewer);
    return;
  }
  storage::NewUserSecrets secrets = app.store.create_user(name, *role);
  audit(app, ex, post->viewer.user.name, "user-create", name + " as " + storage::to_string(*role));
  send_page(ex, 201, "User created",
            "<p>User <strong>" + html::escape(name) + "</strong> (" +
                html::escape(storage::to_string(*role)) +
                ") was created. The password and the API token are shown only now:</p><dl>"
                "<dt>Password</dt><dd><code class=\"secret\">" +
                html::escape(secrets.password) +
                "</code></dd><dt>API token</dt><dd><code class=\"secret\">" +
                html::escape(secrets.api_token) +
                "</code></dd></dl><p><a href=\"/staff/users\">Back to users</a></p>",
            &post->viewer);
}

void user_role_route(Exchange& ex, AppContext& app) {
  auto post = guard_post(ex, app, Area::Users);
  if (!post) return;
  auto user = user_of(ex, app, post->viewer);
  if (!user) return;
  auto role = storage::role_from_string(post->form.get("role"));
  if (!role) {
    send_message(ex, 422, "Users", "Choose a role: admin, analyst or coordinator.", &post->viewer,
                 "/staff/users");
    return;
  }
  if (user->role == storage::Role::Admin && *role != storage::Role::Admin) {
    int admins = 0;
    for (const auto& u : app.store.list_users()) admins += u.role == storage::Role::Admin;
    if (admins <= 1) {
      send_message(ex, 409, "Users", "This is the only admin; make another user admin first.",
                   &post->viewer, "/staff/users");
      return;
    }
  }
  app.store.set_user_role(user->id, *role);
  audit(app, ex, post->viewer.user.name, "user-role",
        user->name + ": " + storage::to_string(user->role) + " -> " + storage::to_string(*role));
  redirect(ex, "/staff/users");
}

void user_password_route(Exchange& ex, AppContext& app) {
  auto post = guard_post(ex, app, Area::Users);
  if (!post) return;
  auto user = user_of(ex, app, post->viewer);
  if (!user) return;
  auto password = app.store.reset_password(user->id);
  if (!password) {
    send_message(ex, 404, "Not found", "There is no such user.", &post->viewer, "/staff/users");
    return;
  }
  // Clears failed attempts too: the new password is what an admin hands out after a lock-out.
  app.store.clear_login_failures(staff_user_key(user->name));
  audit(app, ex, post->viewer.user.name, "user-password", user->name);
  send_secret(ex, post->viewer, "New password", "new password", user->name, *password);
}

void user_token_route(Exchange& ex, AppContext& app) {
  auto post = guard_post(ex, app, Area::Users);
  if (!post) return;
  auto user = user_of(ex, app, post->viewer);
  if (!user) return;
  auto token = app.store.replace_api_token(user->id);
  if (!token) {
    send_message(ex, 404, "Not found", "There is no such user.", &post->viewer, "/staff/users");
    return;
  }
  audit(app, ex, post->viewer.user.name, "user-token", user->name);
  send_secret(ex, post->viewer, "New API token", "new API token (the old one no longer works)",
              user->name, *token);
}

void audit_route(Exchange& ex, AppContext& app) {
  auto viewer = guard_get(ex, app, Area::Users);
  if (!viewer) return;
  std::string out = "<p>The newest " + std::to_string(kAuditShown) +
                    " entries, newest first.</p><table class=\"audit\"><thead><tr><th "
                    "scope=\"col\">When (UTC)</th><th scope=\"col\">Who</th><th "
                    "scope=\"col\">What</th><th scope=\"col\">About</th><th "
                    "scope=\"col\">From</th></tr></thead><tbody>";
  for (const auto& e : app.store.list_audit(kAuditShown)) {
    out += "<tr><td>" + html::escape(e.at) + "</td><td>" + html::escape(e.user) + "</td><td>" +
           html::escape(e.action) + "</td><td>" + html::escape(e.detail) + "</td><td>" +
           html::escape(e.address) + "</td></tr>";
  }
  out += "</tbody></table>";
  send_page(ex, 200, "Audit log", out, &*viewer);
}

}  // namespace otos::web::staff
