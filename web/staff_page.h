// The staff workspace's page frame: the layout (templates/staff_layout.html) with a navigation
// that shows only what the viewer's role may open, the anti-forgery field every form carries,
// and the plain message pages (403, 404, 409, 429). Content is built by the page files; every
// text from a questionnaire, a CSV or a user goes through html::escape before it gets here.
#pragma once

#include <string>
#include <string_view>

#include "engine/storage/store.h"
#include "web/router.h"

namespace otos::web::staff {

// The signed-in staff member a page is for.
struct Viewer {
  storage::User user;
  std::string csrf;  // the session's anti-forgery token
};

// What a role may open (docs/roles.md is the table).
enum class Area {
  Overview,        // every role: /staff/, sign-out
  Questionnaires,  // admin, coordinator: upload, check, preview, publish
  Invitations,     // admin, coordinator: create, bulk, links, progress
  Results,         // admin, analyst: results pages and downloads
  Users,           // admin: users and the audit log
};
bool allowed(storage::Role role, Area area);

// <input type="hidden" name="csrf" value="...">
std::string csrf_field(const Viewer& viewer);

// The whole page: layout + title + content (raw HTML built by this program). viewer may be null
// (signed-out pages).
std::string render_page(std::string_view title, const std::string& content, const Viewer* viewer);
void send_page(Exchange& ex, int status, std::string_view title, const std::string& content,
               const Viewer* viewer);
// A page with one escaped message and a link back.
void send_message(Exchange& ex, int status, std::string_view title, std::string_view message,
                  const Viewer* viewer, std::string_view back = "/staff/");

// Formats a share 0..1 as a percentage with one decimal, rounded half away from zero: "38.9 %".
std::string percent(double share);

}  // namespace otos::web::staff
