// The staff workspace's routes (/staff/...): registration and one handler per route, each in
// the file of its area. Every route checks the session and the role (staff_auth.h) before it
// does anything; every POST checks the anti-forgery token. docs/roles.md has the table:
//   GET  /staff/                       any role (the sign-in form when signed out)  staff_surveys
//   POST /staff/login, /staff/logout   -, any role                                  staff_auth
//   GET  /staff/staff.css              anyone
//   GET  /staff/questionnaires         admin, coordinator                           staff_surveys
//   POST /staff/questionnaires/check|publish   admin, coordinator
//   GET  /staff/surveys/{id}/invitations, .../invitations.csv  admin, coordinator staff_invitations
//   POST /staff/surveys/{id}/invitations, .../invitations/bulk admin, coordinator
//   GET  /staff/surveys/{id}/results, .../download/{file}      admin, analyst      staff_results
//   GET  /staff/users, /staff/audit    admin                                        staff_users
//   POST /staff/users, /staff/users/{id}/role|password|token   admin
//   GET  on any POST-only address above: 303 to the page with its form (/staff/ for login and
//        logout), never the router's 405; the page then checks session and role
#pragma once

#include "web/app_context.h"
#include "web/router.h"

namespace otos::web {

void add_staff_routes(Router& router, AppContext& app);

namespace staff {
void overview_route(Exchange& ex, AppContext& app);
void questionnaires_route(Exchange& ex, AppContext& app);
void check_route(Exchange& ex, AppContext& app);
void publish_route(Exchange& ex, AppContext& app);
void invitations_route(Exchange& ex, AppContext& app);
void invitations_csv_route(Exchange& ex, AppContext& app);
void invite_one_route(Exchange& ex, AppContext& app);
void invite_bulk_route(Exchange& ex, AppContext& app);
void results_page_route(Exchange& ex, AppContext& app);
void download_route(Exchange& ex, AppContext& app);
void users_route(Exchange& ex, AppContext& app);
void create_user_route(Exchange& ex, AppContext& app);
void user_role_route(Exchange& ex, AppContext& app);
void user_password_route(Exchange& ex, AppContext& app);
void user_token_route(Exchange& ex, AppContext& app);
void audit_route(Exchange& ex, AppContext& app);
}  // namespace staff

}  // namespace otos::web
