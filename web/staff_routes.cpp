// The staff workspace's route table (see staff_routes.h). Only registration here, and the
// redirects of GET on a form's address.
#include "web/staff_routes.h"

#include <string>

#include "web/form_request.h"
#include "web/html.h"
#include "web/staff_auth.h"

namespace otos::web {

void add_staff_routes(Router& router, AppContext& app) {
  using namespace staff;  // NOLINT: the handlers of this table
  AppContext* a = &app;
  auto get = [&](const char* pattern, void (*fn)(Exchange&, AppContext&)) {
    router.add("GET", pattern, [a, fn](Exchange& ex) { fn(ex, *a); });
  };
  auto post = [&](const char* pattern, void (*fn)(Exchange&, AppContext&)) {
    router.add(
        "POST", pattern, [a, fn](Exchange& ex) { fn(ex, *a); }, /*reads_body=*/true);
  };
  get("/staff", overview_route);
  post("/staff/login", signin_route);
  post("/staff/logout", signout_route);
  router.add("GET", "/staff/staff.css", [](Exchange& ex) {
    ex.response.set("Cache-Control", "max-age=3600");
    send_asset(ex, "staff.css", "text/css; charset=utf-8");
  });
  get("/staff/questionnaires", questionnaires_route);
  post("/staff/questionnaires/check", check_route);
  post("/staff/questionnaires/publish", publish_route);
  get("/staff/surveys/{survey}/invitations", invitations_route);
  get("/staff/surveys/{survey}/invitations.csv", invitations_csv_route);
  post("/staff/surveys/{survey}/invitations", invite_one_route);
  post("/staff/surveys/{survey}/invitations/bulk", invite_bulk_route);
  get("/staff/surveys/{survey}/results", results_page_route);
  get("/staff/surveys/{survey}/download/{file}", download_route);
  get("/staff/users", users_route);
  post("/staff/users", create_user_route);
  post("/staff/users/{id}/role", user_role_route);
  post("/staff/users/{id}/password", user_password_route);
  post("/staff/users/{id}/token", user_token_route);
  get("/staff/audit", audit_route);

  // GET on the address of a form (the address bar after a wrong password, a reload, a
  // bookmark) is a 303 to the page that has the form, not the router's 405 in JSON. Nothing is
  // done; the page itself checks the session and the role.
  auto to_page = [&](const char* pattern, std::string location) {
    router.add("GET", pattern, [location](Exchange& ex) { redirect(ex, location); });
  };
  to_page("/staff/login", "/staff/");
  to_page("/staff/logout", "/staff/");
  to_page("/staff/questionnaires/check", "/staff/questionnaires");
  to_page("/staff/questionnaires/publish", "/staff/questionnaires");
  router.add("GET", "/staff/surveys/{survey}/invitations/bulk", [](Exchange& ex) {
    redirect(ex, "/staff/surveys/" + url_encode(ex.params[0]) + "/invitations");
  });
  for (const char* action : {"role", "password", "token"}) {
    to_page(("/staff/users/{id}/" + std::string(action)).c_str(), "/staff/users");
  }
}

}  // namespace otos::web
