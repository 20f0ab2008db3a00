// The staff layout, navigation by role, and message pages (see staff_page.h). No routing here.
#include "web/staff_page.h"

#include "analysis/results_format.h"
#include "web/html.h"
#include "web/staff_http.h"

namespace otos::web::staff {

using storage::Role;

bool allowed(Role role, Area area) {
  switch (area) {
    case Area::Overview:
      return true;
    case Area::Questionnaires:
    case Area::Invitations:
      return role == Role::Admin || role == Role::Coordinator;
    case Area::Results:
      return role == Role::Admin || role == Role::Analyst;
    case Area::Users:
      return role == Role::Admin;
  }
  return false;
}

std::string csrf_field(const Viewer& viewer) {
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + html::escape(viewer.csrf) + "\">";
}

namespace {

std::string nav(const Viewer* viewer) {
  if (!viewer) return "";
  std::string out = "<nav aria-label=\"Staff\"><ul><li><a href=\"/staff/\">Overview</a></li>";
  if (allowed(viewer->user.role, Area::Questionnaires)) {
    out += "<li><a href=\"/staff/questionnaires\">Questionnaires</a></li>";
  }
  if (allowed(viewer->user.role, Area::Users)) {
    out += "<li><a href=\"/staff/users\">Users</a></li>";
    out += "<li><a href=\"/staff/audit\">Audit log</a></li>";
  }
  out += "</ul><form class=\"signout\" method=\"post\" action=\"/staff/logout\">" +
         csrf_field(*viewer) + "<span class=\"who\">" + html::escape(viewer->user.name) + " (" +
         html::escape(storage::to_string(viewer->user.role)) +
         ")</span> <button type=\"submit\">Sign out</button></form></nav>";
  return out;
}

}  // namespace

std::string render_page(std::string_view title, const std::string& content, const Viewer* viewer) {
  html::Vars vars;
  vars["title"] = std::string(title);
  vars["nav"] = nav(viewer);
  vars["content"] = content;
  return html::load_template("staff_layout.html").render(vars);
}

void send_page(Exchange& ex, int status, std::string_view title, const std::string& content,
               const Viewer* viewer) {
  send_html(ex, status, render_page(title, content, viewer));
}

void send_message(Exchange& ex, int status, std::string_view title, std::string_view message,
                  const Viewer* viewer, std::string_view back) {
  send_page(ex, status, title,
            "<p class=\"message\" role=\"alert\">" + html::escape(message) + "</p><p><a href=\"" +
                html::escape(back) + "\">Back</a></p>",
            viewer);
}

std::string percent(double share) {
  // One rounding, half away from zero, shared with the text results: snprintf alone rounds
  // half to even (10 of 32 = 31.25 % would show as 31.2 %).
  return analysis::percent_text(share, " ");
}

}  // namespace otos::web::staff
