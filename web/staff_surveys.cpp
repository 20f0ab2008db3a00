// Staff pages about questionnaires: the overview (/staff/), the questionnaires page with the
// upload form, the check (validator errors with line and column, or a preview in any of the
// questionnaire's languages) and publishing as a new wave. Only text that validates is ever
// stored: publish checks it again itself. The validator and the store do the work.

#include <map>

#include "engine/storage/ids.h"
#include "engine/validate/validate.h"
#include "web/html.h"
#include "web/staff_auth.h"
#include "web/staff_preview.h"
#include "web/staff_routes.h"

namespace otos::web::staff {

namespace {

std::string title_of(const model::Questionnaire& q) {
  return q.title.in("en", q.default_language());
}

std::string dates_of(const model::Questionnaire& q) {
  if (!q.open && !q.close) return "always open";
  return (q.open ? *q.open : std::string("…")) + " – " + (q.close ? *q.close : std::string("…"));
}

// One table of every wave, grouped by questionnaire, with links the viewer's role may follow.
std::string waves_table(AppContext& app, const Viewer& viewer) {
  app.surveys.refresh(app.store, app.survey_refresh);
  analysis::Waves waves = app.surveys.waves();
  if (waves.all.empty()) return "<p>No questionnaires yet.</p>";
  std::string today = app.today ? app.today() : "";
  std::string out =
      "<table class=\"waves\"><caption>Questionnaires and their waves</caption><thead><tr>"
      "<th scope=\"col\">Questionnaire</th><th scope=\"col\">Wave</th><th scope=\"col\">Title</th>"
      "<th scope=\"col\">Access</th><th scope=\"col\">Open</th>"
      "<th scope=\"col\" class=\"num\">Responses</th><th "
      "scope=\"col\">Links</th></tr></thead><tbody>";
  for (const auto& q : waves.all) {
    const std::string id = html::escape(q->id);
    int64_t count = app.store.count_responses(q->id, q->version);
    std::string links;
    if (allowed(viewer.user.role, Area::Results)) {
      links += "<a href=\"/staff/surveys/" + id + "/results?version=" + std::to_string(q->version) +
               "\">Results</a> ";
    }
    bool newest = waves.find(q->id)->version == q->version;
    if (newest && allowed(viewer.user.role, Area::Invitations)) {
      links += "<a href=\"/staff/surveys/" + id + "/invitations\">Invitations</a> ";
    }
    if (newest) links += "<a href=\"/s/" + id + "\">Form</a>";
    out += "<tr><td><code>" + id + "</code></td><td>" + std::to_string(q->version) + "</td><td>" +
           html::escape(title_of(*q)) + "</td><td>" +
           (q->access == model::Access::Public ? "public" : "invitation") + "</td><td>" +
           html::escape(dates_of(*q)) + (q->is_open_on(today) ? " (open now)" : " (closed)") +
           "</td><td class=\"num\">" + std::to_string(count) + "</td><td>" + links + "</td></tr>";
  }
  out += "</tbody></table>";
  return out;
}

std::string upload_form(const Viewer& viewer, const std::string& yaml,
                        const model::Questionnaire* valid) {
  std::string out =
      "<form class=\"upload\" method=\"post\" action=\"/staff/questionnaires/check\" "
      "enctype=\"multipart/form-data\">" +
      csrf_field(viewer) +
      "<p><label for=\"file\">Questionnaire file (YAML)</label><br>"
      "<input id=\"file\" name=\"file\" type=\"file\" accept=\".yaml,.yml,text/yaml\"></p>"
      "<p><label for=\"yaml\">… or its text</label><br>"
      "<textarea id=\"yaml\" name=\"yaml\" rows=\"18\" cols=\"90\" spellcheck=\"false\">\n" +
      html::escape(yaml) +
      "</textarea></p><p class=\"buttons\"><button type=\"submit\" name=\"lang\" value=\"\">"
      "Check</button>";
  if (valid) {
    for (const auto& lang : valid->languages) {
      out += " <button type=\"submit\" name=\"lang\" value=\"" + html::escape(lang) +
             "\">Preview in " + html::escape(lang) + "</button>";
    }
    out +=
        " <button type=\"submit\" class=\"primary\" formaction=\"/staff/questionnaires/publish\">"
        "Publish as wave " +
        html::escape(valid->key()) + "</button>";
  }
  out += "</p></form>";
  return out;
}

std::string errors_table(const std::vector<Diagnostic>& diagnostics) {
  std::string out = "<div class=\"errors\" role=\"alert\"><p>" +
                    std::to_string(diagnostics.size()) +
                    (diagnostics.size() == 1 ? " problem" : " problems") +
                    " found; nothing was published.</p><table><thead><tr>"
                    "<th scope=\"col\" class=\"num\">Line</th><th scope=\"col\" "
                    "class=\"num\">Column</th><th scope=\"col\">Problem</th>"
                    "<th scope=\"col\">Code</th></tr></thead><tbody>";
  for (const auto& d : diagnostics) {
    out += "<tr><td class=\"num\">" + std::to_string(d.span.line + 1) + "</td><td class=\"num\">" +
           std::to_string(d.span.column + 1) + "</td><td>" + html::escape(d.message) +
           "</td><td><code>" + html::escape(d.code) + "</code></td></tr>";
  }
  out += "</tbody></table></div>";
  return out;
}

std::string responses(int64_t n) {
  return std::to_string(n) + (n == 1 ? " response" : " responses");
}

// The answer to a check or to publishing text with problems: the errors, or the summary and
// preview.
void send_checked(Exchange& ex, AppContext& app, const Viewer& viewer, const std::string& yaml,
                  const std::string& file_name, const std::string& lang,
                  const std::string& note = "") {
  if (yaml.find_first_not_of(" \t\r\n") == std::string::npos) {
    send_page(
        ex, 400, "Check a questionnaire",
        "<p class=\"message error\" role=\"alert\">Choose a YAML file or paste its text.</p>" +
            upload_form(viewer, "", nullptr),
        &viewer);
    return;
  }
  validate::LoadResult r =
      validate::load_text(yaml, file_name.empty() ? std::string("upload.yaml") : file_name);
  std::string content = note.empty() ? "" : "<p class=\"message\">" + html::escape(note) + "</p>";
  if (!r.ok()) {
    content += errors_table(r.diagnostics) + upload_form(viewer, yaml, nullptr);
    send_page(ex, 422, "Check a questionnaire", content, &viewer);
    return;
  }
  const model::Questionnaire& q = *r.questionnaire;
  std::string preview_lang = q.default_language();
  for (const auto& l : q.languages) {
    if (l == lang) preview_lang = l;
  }
  std::string existing;
  if (auto old = app.surveys.find(q.key())) {
    int64_t n = app.store.count_responses(q.id, q.version);
    existing = old->source_text == yaml
                   ? "This exact wave is published already; publishing changes nothing."
                   : "Wave " + q.key() + " exists with other text and " + responses(n) + "; " +
                         (n > 0 ? "it cannot be replaced. Give the new text a new version."
                                : "publishing replaces it.");
  } else if (auto newest = app.surveys.find(q.id)) {
    existing = "Publishing adds wave " + std::to_string(q.version) + " next to the newest wave " +
               std::to_string(newest->version) + ".";
  } else {
    existing = "Publishing adds a new questionnaire.";
  }
  content += "<div class=\"ok\" role=\"status\"><p>No problems found in <code>" +
             html::escape(q.key()) + "</code>: " + std::to_string(q.pages.size()) +
             (q.pages.size() == 1 ? " page, " : " pages, ") + std::to_string(q.questions().size()) +
             " questions, languages " + html::escape([&] {
               std::string s;
               for (const auto& l : q.languages) s += (s.empty() ? "" : ", ") + l;
               return s;
             }()) +
             ".</p><p>" + html::escape(existing) + "</p></div>";
  content += upload_form(viewer, yaml, &q);
  content +=
      "<h2>Preview in " + html::escape(preview_lang) + "</h2>" + preview_html(q, preview_lang);
  send_page(ex, 200, "Check a questionnaire", content, &viewer);
}

// A valid text that may not be published (409): the reason as an error, and the text in the
// form to correct and check again.
void send_refused(Exchange& ex, const Viewer& viewer, const std::string& yaml,
                  const std::string& reason) {
  send_page(ex, 409, "Check a questionnaire",
            "<div class=\"errors\" role=\"alert\"><p>Not published.</p><p>" + html::escape(reason) +
                "</p></div>" + upload_form(viewer, yaml, nullptr),
            &viewer);
}

}  // namespace

void overview_route(Exchange& ex, AppContext& app) {
  auto viewer = current_viewer(ex, app);
  if (!viewer) {
    signin_form(ex, 200, "", "");
    return;
  }
  std::string content = "<p>Signed in as <strong>" + html::escape(viewer->user.name) +
                        "</strong>, role <strong>" +
                        html::escape(storage::to_string(viewer->user.role)) + "</strong>.</p>";
  content += waves_table(app, *viewer);
  send_page(ex, 200, "Overview", content, &*viewer);
}

void questionnaires_route(Exchange& ex, AppContext& app) {
  auto viewer = guard_get(ex, app, Area::Questionnaires);
  if (!viewer) return;
  auto params = query(ex);
  std::string content;
  // The note after publishing names a wave that exists; a link cannot make it say anything else.
  if (auto it = params.find("published"); it != params.end()) {
    app.surveys.refresh(app.store, app.survey_refresh);
    if (auto q = app.surveys.find(it->second); q && q->key() == it->second) {
      content +=
          "<p class=\"message ok\" role=\"status\">Published " + html::escape(q->key()) + ".</p>";
    }
  }
  content += waves_table(app, *viewer);
  content +=
      "<h2>Upload a questionnaire</h2><p>Check a file first: its problems are listed "
      "with line and column; when there are none you can preview it in each language and "
      "publish it as a new wave.</p>" +
      upload_form(*viewer, "", nullptr);
  send_page(ex, 200, "Questionnaires", content, &*viewer);
}

void check_route(Exchange& ex, AppContext& app) {
  auto post = guard_post(ex, app, Area::Questionnaires);
  if (!post) return;
  const FormBody& f = post->form;
  std::string file_name;
  if (auto it = f.files.find("file"); it != f.files.end() && !it->second.empty()) {
    file_name = f.file_names.at("file");
  }
  send_checked(ex, app, post->viewer, f.file_or("file", "yaml"), file_name, f.get("lang"));
}

void publish_route(Exchange& ex, AppContext& app) {
  auto post = guard_post(ex, app, Area::Questionnaires);
  if (!post) return;
  const std::string& yaml = post->form.file_or("file", "yaml");
  validate::LoadResult r = validate::load_text(yaml, "upload.yaml");
  if (!r.ok()) {
    send_checked(ex, app, post->viewer, yaml, "", "", "Not published.");
    return;
  }
  const model::Questionnaire& q = *r.questionnaire;
  if (auto old = app.surveys.find(q.key()); old && old->source_text != yaml) {
    int64_t n = app.store.count_responses(q.id, q.version);
    if (n > 0) {
      send_refused(ex, post->viewer, yaml,
                   "Wave " + q.key() + " already has " + responses(n) +
                       " and other text; give the new text a new version.");
      return;
    }
  }
  storage::SurveyVersion v;
  v.survey = q.id;
  v.version = q.version;
  v.yaml = yaml;
  v.sha256 = storage::sha256_hex(yaml);
  app.store.put_survey_version(v);
  app.surveys.add(r.questionnaire);
  audit(app, ex, post->viewer.user.name, "publish", q.key());
  redirect(ex, "/staff/questionnaires?published=" + q.key());
}

}  // namespace otos::web::staff
