// Staff pages for invitations of one questionnaire: who has answered (not started, in progress
// with a draft, answered) with counts and the response rate per group, creating one invitation
// or many from a CSV (name plus one column per group question, all rows checked before any is
// stored), and the personal links as CSV (cells guarded against spreadsheet formulas).
#include <Poco/String.h>

#include <algorithm>
#include <map>
#include <string_view>

#include "analysis/csv.h"
#include "engine/common/utf8.h"
#include "web/html.h"
#include "web/http_io.h"
#include "web/staff_auth.h"
#include "web/staff_routes.h"

namespace otos::web::staff {

namespace {

constexpr size_t kMaxNameBytes = 200;
constexpr size_t kMaxBulkRows = 10000;
constexpr size_t kMaxTableRows = 2000;
constexpr size_t kTokenBytes = 16;

enum class Status { NotStarted, InProgress, Answered };

Status status_of(const storage::Invitation& inv) {
  if (!inv.response_id.empty()) return Status::Answered;
  return inv.has_draft ? Status::InProgress : Status::NotStarted;
}

const char* status_text(Status s) {
  switch (s) {
    case Status::NotStarted:
      return "not started";
    case Status::InProgress:
      return "in progress";
    case Status::Answered:
      return "answered";
  }
  return "";
}

std::string rate(int64_t answered, int64_t total) {
  return total == 0 ? "–" : percent(static_cast<double>(answered) / static_cast<double>(total));
}

std::string label_of(const model::Questionnaire& q, const std::string& question,
                     const std::string& code) {
  const model::Question* gq = q.find_question(question);
  const model::Option* o = gq ? gq->find_option(code) : nullptr;
  return o ? o->label.in("en", q.default_language()) + " (" + code + ")" : code;
}

std::string link_of(const std::string& base, const storage::Invitation& inv) {
  return base + "/s/" + inv.survey + "/" + inv.token;
}

// The newest wave of the survey in the path, or a 404 page.
model::QuestionnairePtr survey_of(Exchange& ex, AppContext& app, const Viewer& viewer) {
  app.surveys.refresh(app.store, app.survey_refresh);
  model::QuestionnairePtr q = app.surveys.find(ex.params[0]);
  if (!q || ex.params[0].find('@') != std::string::npos) {
    send_message(ex, 404, "Not found", "There is no questionnaire '" + ex.params[0] + "'.",
                 &viewer);
    return nullptr;
  }
  return q;
}

struct Counts {
  int64_t total = 0, not_started = 0, in_progress = 0, answered = 0;
  void add(Status s) {
    ++total;
    if (s == Status::NotStarted) ++not_started;
    if (s == Status::InProgress) ++in_progress;
    if (s == Status::Answered) ++answered;
  }
};

std::string counts_row(const std::string& label, const Counts& c) {
  return "<tr><th scope=\"row\">" + html::escape(label) + "</th><td class=\"num\">" +
         std::to_string(c.total) + "</td><td class=\"num\">" + std::to_string(c.not_started) +
         "</td><td class=\"num\">" + std::to_string(c.in_progress) + "</td><td class=\"num\">" +
         std::to_string(c.answered) + "</td><td class=\"num\">" + rate(c.answered, c.total) +
         "</td></tr>";
}

const char* kCountsHead =
    "<thead><tr><th scope=\"col\">Group</th><th scope=\"col\" class=\"num\">Invited</th>"
    "<th scope=\"col\" class=\"num\">Not started</th><th scope=\"col\" class=\"num\">In "
    "progress</th><th scope=\"col\" class=\"num\">Answered</th><th scope=\"col\" "
    "class=\"num\">Response rate</th></tr></thead>";

std::string forms(const model::Questionnaire& q, const Viewer& viewer, const std::string& csv) {
  const std::string action = "/staff/surveys/" + html::escape(q.id) + "/invitations";
  std::string out = "<h2>Invite one person</h2><form method=\"post\" action=\"" + action + "\">" +
                    csrf_field(viewer) +
                    "<p><label for=\"inv-name\">Name</label><br><input id=\"inv-name\" "
                    "name=\"name\" type=\"text\" required maxlength=\"200\"></p>";
  for (const auto& g : q.groups) {
    const model::Question* gq = q.find_question(g);
    if (!gq) continue;
    out += "<p><label for=\"g-" + html::escape(g) + "\">" +
           html::escape(gq->text.in("en", q.default_language())) + " (<code>" + html::escape(g) +
           "</code>)</label><br><select id=\"g-" + html::escape(g) + "\" name=\"group." +
           html::escape(g) + "\"><option value=\"\">— not set —</option>";
    for (const auto& o : gq->options) {
      out += "<option value=\"" + html::escape(o.code) + "\">" +
             html::escape(o.label.in("en", q.default_language())) + " (" + html::escape(o.code) +
             ")</option>";
    }
    out += "</select></p>";
  }
  out += "<p><button type=\"submit\">Create the invitation</button></p></form>";
  std::string header = "name";
  for (const auto& g : q.groups) header += "," + g;
  out += "<h2>Invite many from a CSV</h2><p>The first line names the columns: <code>" +
         html::escape(header) +
         "</code>. Group columns hold option codes and may be left empty. Every row is checked "
         "first; when one is wrong, none is created.</p><form method=\"post\" action=\"" +
         action + "/bulk\" enctype=\"multipart/form-data\">" + csrf_field(viewer) +
         "<p><label for=\"csv-file\">CSV file</label><br><input id=\"csv-file\" name=\"file\" "
         "type=\"file\" accept=\".csv,text/csv\"></p><p><label for=\"csv\">… or its "
         "text</label><br><textarea id=\"csv\" name=\"csv\" rows=\"8\" cols=\"70\" "
         "spellcheck=\"false\">\n" +
         html::escape(csv) +
         "</textarea></p><p><button type=\"submit\">Create the invitations</button></p></form>";
  return out;
}

void send_invitations(Exchange& ex, AppContext& app, const Viewer& viewer,
                      const model::Questionnaire& q, int status, const std::string& notice,
                      const std::vector<std::string>& errors, const std::string& csv) {
  std::vector<storage::Invitation> invitations = app.store.list_invitations(q.id);
  Counts all;
  std::map<std::string, std::map<std::string, Counts>> by_group;  // question -> code -> counts
  for (const auto& inv : invitations) {
    Status s = status_of(inv);
    all.add(s);
    for (const auto& g : q.groups) {
      auto it = inv.groups.find(g);
      by_group[g][it == inv.groups.end() ? "" : it->second].add(s);
    }
  }
  std::string content;
  if (!notice.empty()) {
    content += "<p class=\"message ok\" role=\"status\">" + html::escape(notice) + "</p>";
  }
  if (!errors.empty()) {
    content += "<div class=\"errors\" role=\"alert\"><p>Nothing was created:</p><ul>";
    for (const auto& e : errors) content += "<li>" + html::escape(e) + "</li>";
    content += "</ul></div>";
  }
  content += "<p>Questionnaire <code>" + html::escape(q.id) + "</code> (newest wave " +
             std::to_string(q.version) + ", access " +
             (q.access == model::Access::Public ? "public" : "by invitation") + ").</p>";
  content += "<table class=\"counts\"><caption>Progress</caption>" + std::string(kCountsHead) +
             "<tbody>" + counts_row("All invitations", all) + "</tbody></table>";
  for (const auto& g : q.groups) {
    content += "<table class=\"counts\"><caption>Progress by <code>" + html::escape(g) +
               "</code></caption>" + kCountsHead + "<tbody>";
    for (const auto& [code, c] : by_group[g]) {
      content += counts_row(code.empty() ? std::string("(not set)") : label_of(q, g, code), c);
    }
    content += "</tbody></table>";
  }
  content += "<p><a class=\"button\" href=\"/staff/surveys/" + html::escape(q.id) +
             "/invitations.csv\" download>Download the personal links (CSV)</a></p>";
  content += forms(q, viewer, csv);
  content += "<h2>Invitations</h2>";
  if (invitations.empty()) {
    content += "<p>None yet.</p>";
  } else {
    const std::string base = base_url(ex);
    content +=
        "<table class=\"invitations\"><thead><tr><th scope=\"col\">Name</th><th "
        "scope=\"col\">Groups</th><th scope=\"col\">Created</th><th scope=\"col\">Status</th><th "
        "scope=\"col\">Personal link</th></tr></thead><tbody>";
    size_t shown = 0;
    for (const auto& inv : invitations) {
      if (++shown > kMaxTableRows) break;
      std::string groups;
      for (const auto& [g, code] : inv.groups) {
        groups += (groups.empty() ? "" : ", ") + g + ": " + label_of(q, g, code);
      }
      Status s = status_of(inv);
      content += "<tr><td>" + html::escape(inv.name) + "</td><td>" + html::escape(groups) +
                 "</td><td>" + html::escape(inv.created_at) + "</td><td class=\"status-" +
                 std::to_string(static_cast<int>(s)) + "\">" + status_text(s) +
                 "</td><td><code class=\"link\">" + html::escape(link_of(base, inv)) +
                 "</code></td></tr>";
    }
    content += "</tbody></table>";
    if (invitations.size() > kMaxTableRows) {
      content += "<p>The first " + std::to_string(kMaxTableRows) + " of " +
                 std::to_string(invitations.size()) + " are shown; the CSV holds all.</p>";
    }
  }
  send_page(ex, status, "Invitations: " + q.id, content, &viewer);
}

// Checks one invitation's groups against the questionnaire; "" when right.
std::string check_groups(const model::Questionnaire& q,
                         const std::map<std::string, std::string>& groups) {
  for (const auto& [g, code] : groups) {
    if (std::find(q.groups.begin(), q.groups.end(), g) == q.groups.end()) {
      return "'" + g + "' is not a group question";
    }
    const model::Question* gq = q.find_question(g);
    if (!gq || !gq->find_option(code)) {
      std::string codes;
      if (gq) {
        for (const auto& o : gq->options) codes += (codes.empty() ? "" : ", ") + o.code;
      }
      return "'" + code + "' is not a code of " + g + " (" + codes + ")";
    }
  }
  return "";
}

std::string check_name(const std::string& name) {
  if (name.empty()) return "the name is empty";
  if (name.size() > kMaxNameBytes) return "the name is longer than 200 bytes";
  if (!is_valid_utf8(name)) return "the name is not UTF-8 text";
  return "";
}

storage::Invitation new_invitation(const model::Questionnaire& q, std::string name,
                                   std::map<std::string, std::string> groups) {
  storage::Invitation inv;
  inv.token = storage::random_token(kTokenBytes);
  inv.survey = q.id;
  inv.name = std::move(name);
  inv.groups = std::move(groups);
  return inv;
}

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

// Line numbers of a text as an editor shows them (a line ends at LF, CRLF or a lone CR, also
// inside a quoted cell), for byte positions asked in increasing order. The CSV reader counts
// records, which differ from lines once a quoted cell holds a line break.
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}
  // 1-based line of the byte at `pos`.
  size_t line_at(size_t pos) {
    for (; done_ < pos && done_ < text_.size(); ++done_) {
      const char c = text_[done_];
      if (c == '\n' || (c == '\r' && (done_ + 1 == text_.size() || text_[done_ + 1] != '\n'))) {
        ++line_;
      }
    }
    return line_;
  }

 private:
  std::string_view text_;
  size_t done_ = 0;
  size_t line_ = 1;
};

}  // namespace

void invitations_route(Exchange& ex, AppContext& app) {
  auto viewer = guard_get(ex, app, Area::Invitations);
  if (!viewer) return;
  auto q = survey_of(ex, app, *viewer);
  if (!q) return;
  auto params = query(ex);
  std::string notice;
  // Only a count is shown (a link cannot make the page claim anything else).
  if (auto it = params.find("created");
      it != params.end() && !it->second.empty() && it->second.size() <= 6 &&
      it->second.find_first_not_of("0123456789") == std::string::npos) {
    notice = "Created " + it->second + (it->second == "1" ? " invitation." : " invitations.");
  }
  send_invitations(ex, app, *viewer, *q, 200, notice, {}, "");
}

void invite_one_route(Exchange& ex, AppContext& app) {
  auto post = guard_post(ex, app, Area::Invitations);
  if (!post) return;
  auto q = survey_of(ex, app, post->viewer);
  if (!q) return;
  std::string name = trim(post->form.get("name"));
  std::map<std::string, std::string> groups;
  for (const auto& [key, value] : post->form.fields) {
    if (key.rfind("group.", 0) == 0 && !value.empty()) groups[key.substr(6)] = value;
  }
  std::string error = check_name(name);
  if (error.empty()) error = check_groups(*q, groups);
  if (!error.empty()) {
    send_invitations(ex, app, post->viewer, *q, 422, "", {error}, "");
    return;
  }
  app.store.create_invitation(new_invitation(*q, name, groups));
  audit(app, ex, post->viewer.user.name, "invite", q->id + ": " + name);
  redirect(ex, "/staff/surveys/" + q->id + "/invitations?created=1");
}

void invite_bulk_route(Exchange& ex, AppContext& app) {
  auto post = guard_post(ex, app, Area::Invitations);
  if (!post) return;
  auto q = survey_of(ex, app, post->viewer);
  if (!q) return;
  const std::string& text = post->form.file_or("file", "csv");
  // Excel's plain "CSV" is Windows-1252 in Finland and Sweden: its "ä" would be stored as a
  // byte that is no text, shown broken on every page and in the links CSV. The whole file is
  // refused (and not shown again in the form).
  if (size_t bad = first_non_utf8_line(text); bad != 0) {
    send_invitations(ex, app, post->viewer, *q, 422, "",
                     {"line " + std::to_string(bad) +
                      ": the file is not UTF-8 text; save it as \"CSV UTF-8\" (in Excel: CSV "
                      "UTF-8, comma delimited), not as plain \"CSV\""},
                     "");
    return;
  }
  std::vector<std::string> errors;
  std::vector<storage::Invitation> rows;
  // Commas, or semicolons (or tabs) as spreadsheets in Finnish and Swedish save "CSV".
  analysis::CsvReader reader(text, analysis::detect_csv_delimiter(text));
  LineCounter lines(text);
  std::string csv_error;
  auto header = reader.next(&csv_error);
  std::vector<std::string> columns;
  if (!header) {
    errors.push_back(csv_error.empty()
                         ? "the CSV is empty"
                         : "line " + std::to_string(lines.line_at(reader.error_position())) + ": " +
                               csv_error);
  } else {
    for (const auto& h : *header) {
      std::string c = trim(analysis::unguard_csv_text(h));
      if (Poco::icompare(c, "name") == 0) c = "name";  // "Name" from a spreadsheet is fine
      columns.push_back(std::move(c));
    }
    if (std::find(columns.begin(), columns.end(), "name") == columns.end()) {
      errors.push_back("line 1: no 'name' column");
    }
    for (size_t i = 0; i < columns.size(); ++i) {
      const std::string& c = columns[i];
      if (c != "name" && std::find(q->groups.begin(), q->groups.end(), c) == q->groups.end()) {
        std::string groups;
        for (const auto& g : q->groups) groups += (groups.empty() ? "" : ", ") + g;
        errors.push_back("line 1: column '" + c + "' is neither 'name' nor a group question" +
                         (groups.empty() ? std::string(" (there are none)") : " (" + groups + ")"));
      }
      if (std::count(columns.begin(), columns.end(), c) > 1 &&
          std::find(columns.begin(), columns.end(), c) - columns.begin() ==
              static_cast<std::ptrdiff_t>(i)) {
        errors.push_back("line 1: column '" + c + "' appears twice");
      }
    }
  }
  while (header && errors.size() < 50) {
    const size_t record_start = reader.position();
    auto record = reader.next(&csv_error);
    if (!record) {
      if (!csv_error.empty()) {
        errors.push_back("line " + std::to_string(lines.line_at(reader.error_position())) + ": " +
                         csv_error);
      }
      break;
    }
    const std::string where = "line " + std::to_string(lines.line_at(record_start)) + ": ";
    bool blank = std::all_of(record->begin(), record->end(),
                             [](const std::string& c) { return trim(c).empty(); });
    if (blank) continue;
    if (record->size() != columns.size()) {
      errors.push_back(where + std::to_string(record->size()) + " cells, the header has " +
                       std::to_string(columns.size()));
      continue;
    }
    std::string name;
    std::map<std::string, std::string> groups;
    for (size_t i = 0; i < columns.size(); ++i) {
      std::string cell = trim(analysis::unguard_csv_text((*record)[i]));
      if (columns[i] == "name") {
        name = cell;
      } else if (!cell.empty()) {
        groups[columns[i]] = cell;
      }
    }
    std::string error = check_name(name);
    if (error.empty()) error = check_groups(*q, groups);
    if (!error.empty()) {
      errors.push_back(where + error);
      continue;
    }
    if (rows.size() >= kMaxBulkRows) {
      errors.push_back("more than " + std::to_string(kMaxBulkRows) + " rows; split the file");
      break;
    }
    rows.push_back(new_invitation(*q, name, groups));
  }
  if (errors.empty() && rows.empty()) errors.push_back("the CSV has no rows below its header");
  if (!errors.empty()) {
    send_invitations(ex, app, post->viewer, *q, 422, "", errors, text);
    return;
  }
  app.store.create_invitations(rows);
  audit(app, ex, post->viewer.user.name, "invite",
        q->id + ": " + std::to_string(rows.size()) + " from a CSV");
  redirect(ex, "/staff/surveys/" + q->id + "/invitations?created=" + std::to_string(rows.size()));
}

void invitations_csv_route(Exchange& ex, AppContext& app) {
  auto viewer = guard_get(ex, app, Area::Invitations);
  if (!viewer) return;
  auto q = survey_of(ex, app, *viewer);
  if (!q) return;
  const std::string base = base_url(ex);
  std::string out = "name";
  for (const auto& g : q->groups) {
    out += ',';
    analysis::append_csv_text(out, g);
  }
  out += ",status,created_at,link\r\n";
  for (const auto& inv : app.store.list_invitations(q->id)) {
    analysis::append_csv_text(out, inv.name);
    for (const auto& g : q->groups) {
      out += ',';
      auto it = inv.groups.find(g);
      analysis::append_csv_text(out, it == inv.groups.end() ? "" : it->second);
    }
    out += ',';
    analysis::append_csv_text(out, status_text(status_of(inv)));
    out += ',';
    analysis::append_csv_text(out, inv.created_at);
    out += ',';
    analysis::append_csv_text(out, link_of(base, inv));
    out += "\r\n";
  }
  audit(app, ex, viewer->user.name, "download", q->id + " invitations.csv");
  ex.response.set("Content-Disposition", "attachment; filename=\"" + q->id + "_invitations.csv\"");
  ex.response.set("Cache-Control", "no-store");
  send_body(ex.response, 200, "text/csv; charset=utf-8", out);
}

}  // namespace otos::web::staff
