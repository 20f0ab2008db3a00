// The results page of one questionnaire wave: the analysis tables with server-drawn charts
// (bars with 95 % whiskers, trend lines over the waves), a wave and group (`by`) selector with
// suppressed groups shown as "<min_cell", and the downloads (results CSV/xlsx, export
// CSV/xlsx/JSON/SAV, codebook), each written to the audit log. Numbers come from analysis/;
// nothing is computed here.
#include <algorithm>
#include <charconv>
#include <map>
#include <ostream>

#include "analysis/api.h"
#include "analysis/results_format.h"
#include "web/html.h"
#include "web/http_io.h"
#include "web/staff_auth.h"
#include "web/staff_charts.h"
#include "web/staff_routes.h"

namespace otos::web::staff {

namespace {

using analysis::ChoiceTable;
using analysis::Results;
using analysis::Tables;
using model::Questionnaire;

std::string esc(const std::string& s) { return html::escape(s); }

struct View {
  const Questionnaire& q;
  std::string lang;
  std::string t(const LocalizedText& text) const { return text.in(lang, q.default_language()); }
  std::string suppressed() const { return analysis::suppressed_mark(q.min_cell); }
};

std::optional<int> version_param(const std::map<std::string, std::string>& params) {
  auto it = params.find("version");
  if (it == params.end() || it->second.empty()) return std::nullopt;
  int v = 0;
  const std::string& s = it->second;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

std::string get(const std::map<std::string, std::string>& params, const std::string& key) {
  auto it = params.find(key);
  return it == params.end() ? "" : it->second;
}

// The language of labels: `asked` when the wave has it, else English when it has it, else its
// default language.
std::string label_language(const Questionnaire& q, const std::string& asked) {
  auto has = [&](const std::string& l) {
    return std::find(q.languages.begin(), q.languages.end(), l) != q.languages.end();
  };
  if (has(asked)) return asked;
  return has("en") ? "en" : q.default_language();
}

std::string ci_text(const analysis::Interval& ci) {
  return percent(ci.low) + " – " + percent(ci.high);
}

std::string selector(const View& v, const analysis::Waves& waves, const std::string& by) {
  std::string out = "<form class=\"selector\" method=\"get\" action=\"/staff/surveys/" +
                    esc(v.q.id) +
                    "/results\"><label for=\"version\">Wave</label> <select id=\"version\" "
                    "name=\"version\">";
  for (const auto& w : waves.of(v.q.id)) {
    out += "<option value=\"" + std::to_string(w->version) + "\"" +
           (w->version == v.q.version ? " selected" : "") + ">" + std::to_string(w->version) +
           "</option>";
  }
  out +=
      "</select> <label for=\"by\">Groups by</label> <select id=\"by\" name=\"by\"><option "
      "value=\"\">(all respondents)</option>";
  std::vector<const model::Question*> candidates;
  for (const auto& g : v.q.groups) {
    if (auto* gq = v.q.find_question(g)) candidates.push_back(gq);
  }
  for (const auto* question : v.q.questions()) {
    if (question->is_single_coded() &&
        std::find(candidates.begin(), candidates.end(), question) == candidates.end()) {
      candidates.push_back(question);
    }
  }
  for (const auto* c : candidates) {
    out += "<option value=\"" + esc(c->id) + "\"" + (c->id == by ? " selected" : "") + ">" +
           esc(c->id + ": " + v.t(c->text)) + "</option>";
  }
  out += "</select> <label for=\"lang\">Labels in</label> <select id=\"lang\" name=\"lang\">";
  for (const auto& lang : v.q.languages) {
    out += "<option value=\"" + esc(lang) + "\"" + (lang == v.lang ? " selected" : "") + ">" +
           esc(lang) + "</option>";
  }
  out += "</select> <button type=\"submit\">Show</button></form>";
  return out;
}

std::string downloads(const View& v, const std::string& by) {
  const std::string base = "/staff/surveys/" + esc(v.q.id) + "/download/";
  const std::string wave = "?version=" + std::to_string(v.q.version) + "&amp;lang=" + esc(v.lang);
  const std::string query = wave + (by.empty() ? "" : "&amp;by=" + esc(by));
  std::string out = "<div class=\"downloads\"><h2>Downloads</h2><p>Results tables";
  out += by.empty() ? "" : " (by " + esc(by) + ")";
  out += ": <a class=\"button\" href=\"" + base + "results.csv" + query +
         "\" download>CSV</a> <a class=\"button\" href=\"" + base + "results.xlsx" + query +
         "\" download>Excel</a></p><p>One row per response: ";
  const char* formats[][2] = {{"export.csv", "CSV"},
                              {"export.xlsx", "Excel"},
                              {"export.json", "JSON"},
                              {"export.sav", "SPSS"},
                              {"codebook.csv", "codebook (CSV)"}};
  for (const auto& f : formats) {
    out += "<a class=\"button\" href=\"" + base + f[0] + wave + "\" download>" + f[1] + "</a> ";
  }
  out += "</p></div>";
  return out;
}

std::string indicators_section(const View& v, const Tables& t, int& chart_no) {
  if (t.indicators.empty()) return "";
  std::vector<BarDatum> bars;
  std::string table =
      "<table><thead><tr><th scope=\"col\">Indicator</th><th scope=\"col\" class=\"num\">n</th>"
      "<th scope=\"col\" class=\"num\">Count</th><th scope=\"col\" class=\"num\">Share</th><th "
      "scope=\"col\">95 % interval</th></tr></thead><tbody>";
  for (const auto& ind : t.indicators) {
    const std::string label = v.t(ind.indicator->title);
    if (ind.suppressed) {  // on a grouping question with a hidden group: nothing published
      bars.push_back({label, std::nullopt, {}, v.suppressed()});
      table += "<tr><th scope=\"row\">" + esc(label) +
               "</th><td class=\"num\">–</td><td class=\"num\">" + esc(v.suppressed()) +
               "</td><td class=\"num\">–</td><td>–</td></tr>";
      continue;
    }
    bars.push_back(
        {label, ind.n > 0 ? std::optional<double>(ind.share) : std::nullopt, ind.ci,
         ind.n > 0 ? percent(ind.share) + " (n " + std::to_string(ind.n) + ")" : "no answers"});
    table += "<tr><th scope=\"row\">" + esc(label) + "</th><td class=\"num\">" +
             std::to_string(ind.n) + "</td><td class=\"num\">" + std::to_string(ind.count) +
             "</td><td class=\"num\">" + (ind.n > 0 ? percent(ind.share) : "–") + "</td><td>" +
             (ind.n > 0 ? ci_text(ind.ci) : "–") + "</td></tr>";
  }
  table += "</tbody></table>";
  return "<section><h2>Indicators</h2>" +
         bar_chart("chart" + std::to_string(++chart_no), "Indicators", bars) + table + "</section>";
}

std::string choice_table(const View& v, const model::Question& question, const ChoiceTable& c,
                         const std::string& caption, int& chart_no) {
  std::vector<BarDatum> bars;
  std::string table = "<table><caption>" + esc(caption) + " (n " + std::to_string(c.n) +
                      ", missing " + std::to_string(c.missing) +
                      ")</caption><thead><tr><th scope=\"col\">Option</th><th scope=\"col\" "
                      "class=\"num\">Count</th><th scope=\"col\" class=\"num\">Share</th><th "
                      "scope=\"col\">95 % interval</th></tr></thead><tbody>";
  for (const auto& o : c.options) {
    const std::string label = o.option ? v.t(o.option->label) : o.code;
    const std::string missing_note = o.missing ? " <small>(missing)</small>" : "";
    if (o.suppressed) {  // a small cell of a grouping question: no count, share or bar
      if (!o.missing) bars.push_back({label, std::nullopt, {}, v.suppressed()});
      table += "<tr><th scope=\"row\">" + esc(label) + missing_note + "</th><td class=\"num\">" +
               esc(v.suppressed()) + "</td><td class=\"num\">–</td><td>–</td></tr>";
      continue;
    }
    if (!o.missing && c.n > 0) {
      bars.push_back(
          {label, o.share, o.ci, percent(o.share) + " (" + std::to_string(o.count) + ")"});
    }
    table += "<tr><th scope=\"row\">" + esc(label) + missing_note + "</th><td class=\"num\">" +
             std::to_string(o.count) + "</td><td class=\"num\">" +
             (o.missing || c.n == 0 ? "–" : percent(o.share)) + "</td><td>" +
             (o.missing || c.n == 0 ? "–" : ci_text(o.ci)) + "</td></tr>";
  }
  table += "</tbody></table>";
  (void)question;
  // Only suppressed cells (or no answers): nothing to draw.
  const bool any_bar =
      std::any_of(bars.begin(), bars.end(), [](const BarDatum& b) { return b.share.has_value(); });
  std::string chart =
      !any_bar ? "" : bar_chart("chart" + std::to_string(++chart_no), caption, bars);
  return chart + table;
}

std::string number_cell(const std::optional<double>& v) {
  return v ? analysis::reader_number(*v) : "–";
}

std::string questions_section(const View& v, const Tables& t, int& chart_no) {
  std::string out = "<section><h2>Questions</h2>";
  for (const auto& r : t.questions) {
    const model::Question& question = *r.question;
    const std::string heading = question.id + ": " + v.t(question.text);
    out += "<article class=\"question\"><h3>" + esc(heading) + "</h3>";
    switch (question.type) {
      case model::QuestionType::SingleChoice:
      case model::QuestionType::Likert:
      case model::QuestionType::MultiChoice:
        out += choice_table(v, question, r.choice, question.id, chart_no);
        break;
      case model::QuestionType::Matrix:
        for (const auto& [row_id, table] : r.rows) {
          const model::MatrixRow* row = question.find_row(row_id);
          out += choice_table(v, question, table,
                              question.id + " / " + (row ? v.t(row->text) : row_id), chart_no);
        }
        break;
      case model::QuestionType::Number: {
        const auto& s = r.number;
        out +=
            "<table><thead><tr><th scope=\"col\" class=\"num\">n</th><th scope=\"col\" "
            "class=\"num\">Mean</th><th scope=\"col\" class=\"num\">SD</th><th scope=\"col\" "
            "class=\"num\">Min</th><th scope=\"col\" class=\"num\">25 %</th><th scope=\"col\" "
            "class=\"num\">Median</th><th scope=\"col\" class=\"num\">75 %</th><th "
            "scope=\"col\" class=\"num\">Max</th></tr></thead><tbody><tr><td class=\"num\">" +
            std::to_string(s.n) + "</td>";
        for (const auto* x : {&s.mean, &s.sd, &s.min, &s.p25, &s.median, &s.p75, &s.max}) {
          out += "<td class=\"num\">" + number_cell(*x) + "</td>";
        }
        out += "</tr></tbody></table>";
        break;
      }
      case model::QuestionType::Date:
        out += "<p>n " + std::to_string(r.date.n) +
               (r.date.n ? ", from " + esc(r.date.min) + " to " + esc(r.date.max) : "") + "</p>";
        break;
      case model::QuestionType::Text:
        out +=
            "<p>" + std::to_string(r.n) + " answers (texts are in the export, not shown here).</p>";
        break;
      case model::QuestionType::Info:
        break;
    }
    out += "</article>";
  }
  return out + "</section>";
}

std::string by_section(const View& v, const analysis::ByResult& by, int& chart_no) {
  const std::string by_label = by.question->id + ": " + v.t(by.question->text);
  std::string out =
      "<section><h2>By " + esc(by_label) + "</h2><p>Groups with fewer than " +
      std::to_string(v.q.min_cell) + " responses are not shown (" + esc(v.suppressed()) + ")" +
      (by.unanswered
           ? "; " + std::to_string(by.unanswered) + " responses did not answer this question"
           : "") +
      ".</p>";
  auto group_label = [&](const analysis::GroupResult& g) {
    return g.option ? v.t(g.option->label) : g.code;
  };
  // Responses per group.
  out +=
      "<table><thead><tr><th scope=\"col\">Group</th><th scope=\"col\" "
      "class=\"num\">Responses</th></tr></thead><tbody>";
  for (const auto& g : by.groups) {
    out += "<tr><th scope=\"row\">" + esc(group_label(g)) + "</th><td class=\"num\">" +
           (g.suppressed ? esc(v.suppressed()) : std::to_string(g.responses)) + "</td></tr>";
  }
  out += "</tbody></table>";
  // Each indicator across the groups.
  const auto* first = by.groups.empty() ? nullptr : &by.groups.front();
  size_t indicators = v.q.indicators.size();
  for (size_t i = 0; i < indicators && first; ++i) {
    const std::string title = v.t(v.q.indicators[i].title);
    std::vector<BarDatum> bars;
    std::string table =
        "<table><thead><tr><th scope=\"col\">Group</th><th scope=\"col\" "
        "class=\"num\">n</th><th scope=\"col\" class=\"num\">Count</th><th scope=\"col\" "
        "class=\"num\">Share</th><th scope=\"col\">95 % interval</th></tr></thead><tbody>";
    for (const auto& g : by.groups) {
      const std::string label = group_label(g);
      if (g.suppressed || i >= g.tables.indicators.size()) {
        bars.push_back({label, std::nullopt, {}, v.suppressed()});
        table += "<tr><th scope=\"row\">" + esc(label) + "</th><td class=\"num\">" +
                 esc(v.suppressed()) +
                 "</td><td class=\"num\">–</td><td class=\"num\">–</td><td>–</td></tr>";
        continue;
      }
      const auto& ind = g.tables.indicators[i];
      if (ind.suppressed) {  // the group is published, the indicator counts a hidden cell
        bars.push_back({label, std::nullopt, {}, v.suppressed()});
        table += "<tr><th scope=\"row\">" + esc(label) +
                 "</th><td class=\"num\">–</td><td class=\"num\">" + esc(v.suppressed()) +
                 "</td><td class=\"num\">–</td><td>–</td></tr>";
        continue;
      }
      bars.push_back(
          {label, ind.n > 0 ? std::optional<double>(ind.share) : std::nullopt, ind.ci,
           ind.n > 0 ? percent(ind.share) + " (n " + std::to_string(ind.n) + ")" : "no answers"});
      table += "<tr><th scope=\"row\">" + esc(label) + "</th><td class=\"num\">" +
               std::to_string(ind.n) + "</td><td class=\"num\">" + std::to_string(ind.count) +
               "</td><td class=\"num\">" + (ind.n ? percent(ind.share) : "–") + "</td><td>" +
               (ind.n ? ci_text(ind.ci) : "–") + "</td></tr>";
    }
    table += "</tbody></table>";
    out += "<h3>" + esc(title) + "</h3>" +
           bar_chart("chart" + std::to_string(++chart_no), title + " by " + by.question->id, bars) +
           table;
  }
  // Each choice question: shares per group, one row per group.
  for (const auto* question : v.q.questions()) {
    if (!question->is_single_coded() && question->type != model::QuestionType::MultiChoice) {
      continue;
    }
    if (question == by.question) continue;
    out += "<h3>" + esc(question->id + ": " + v.t(question->text)) +
           "</h3><table class=\"wide\"><thead><tr><th scope=\"col\">Group</th><th scope=\"col\" "
           "class=\"num\">n</th>";
    for (const auto& o : question->options) {
      if (!o.missing) out += "<th scope=\"col\" class=\"num\">" + esc(v.t(o.label)) + "</th>";
    }
    out += "</tr></thead><tbody>";
    for (const auto& g : by.groups) {
      out += "<tr><th scope=\"row\">" + esc(group_label(g)) + "</th>";
      const analysis::QuestionResult* r = nullptr;
      if (!g.suppressed) {
        for (const auto& qr : g.tables.questions) {
          if (qr.question && qr.question->id == question->id) r = &qr;
        }
      }
      if (!r) {
        out += "<td class=\"num\">" + esc(v.suppressed()) + "</td>";
        for (const auto& o : question->options) {
          if (!o.missing) out += "<td class=\"num\">–</td>";
        }
      } else {
        out += "<td class=\"num\">" + std::to_string(r->choice.n) + "</td>";
        for (const auto& o : r->choice.options) {
          if (o.missing) continue;
          const std::string cell = o.suppressed  ? esc(v.suppressed())
                                   : r->choice.n ? percent(o.share)
                                                 : "–";
          out += "<td class=\"num\">" + cell + "</td>";
        }
      }
      out += "</tr>";
    }
    out += "</tbody></table>";
  }
  return out + "</section>";
}

std::string trend_section(const View& v, const analysis::Trend& trend, int& chart_no) {
  if (trend.waves.size() < 2 || v.q.indicators.empty()) return "";
  std::vector<int> versions;
  for (const auto& w : trend.waves) versions.push_back(w.questionnaire->version);
  std::vector<TrendSeries> series;
  std::string table = "<table><thead><tr><th scope=\"col\">Indicator</th>";
  for (int version : versions) {
    table += "<th scope=\"col\" class=\"num\">" + std::to_string(version) + "</th>";
  }
  table += "</tr></thead><tbody>";
  for (const auto& ind : v.q.indicators) {
    TrendSeries s{v.t(ind.title), {}};
    table += "<tr><th scope=\"row\">" + esc(s.label) + "</th>";
    for (const auto& w : trend.waves) {
      const analysis::IndicatorResult* found = nullptr;
      for (const auto& r : w.tables.indicators) {
        if (r.indicator && r.indicator->id == ind.id) found = &r;
      }
      if (found && found->suppressed) {
        s.points.push_back(std::nullopt);
        table += "<td class=\"num\">" + esc(analysis::suppressed_mark(w.questionnaire->min_cell)) +
                 "</td>";
      } else if (found && found->n > 0) {
        s.points.push_back(TrendPoint{found->share, found->ci});
        table += "<td class=\"num\">" + percent(found->share) + " <small>(n " +
                 std::to_string(found->n) + ")</small></td>";
      } else {
        s.points.push_back(std::nullopt);
        table += "<td class=\"num\">–</td>";
      }
    }
    table += "</tr>";
    // An indicator without answers in any wave stays in the table but draws nothing.
    bool any = std::any_of(s.points.begin(), s.points.end(), [](const auto& p) { return p; });
    if (any) series.push_back(std::move(s));
  }
  table += "</tbody></table>";
  std::string out = "<section><h2>Trend over the waves</h2>";
  // At most four series per chart, so that markers and dashes stay distinct.
  for (size_t start = 0; start < series.size(); start += 4) {
    std::vector<TrendSeries> part(
        series.begin() + static_cast<std::ptrdiff_t>(start),
        series.begin() + static_cast<std::ptrdiff_t>(std::min(series.size(), start + 4)));
    out += trend_chart("chart" + std::to_string(++chart_no), "Indicators over the waves", versions,
                       part);
  }
  out += table;
  if (!trend.notes.empty()) {
    out += "<ul class=\"notes\">";
    for (const auto& n : trend.notes) {
      out += "<li>" + std::to_string(n.version) + ": " + esc(n.message) + "</li>";
    }
    out += "</ul>";
  }
  return out + "</section>";
}

std::string content_type_of(const std::string& file) {
  if (file.ends_with(".csv")) return "text/csv; charset=utf-8";
  if (file.ends_with(".json")) return "application/json";
  if (file.ends_with(".sav")) return "application/x-spss-sav";
  return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}

}  // namespace

void results_page_route(Exchange& ex, AppContext& app) {
  auto viewer = guard_get(ex, app, Area::Results);
  if (!viewer) return;
  app.surveys.refresh(app.store, app.survey_refresh);
  auto params = query(ex);
  analysis::Waves waves = app.surveys.waves();
  analysis::ResultsParams p;
  p.survey = ex.params[0];
  p.version = version_param(params);
  p.by = get(params, "by");
  p.trend = true;
  analysis::Outcome outcome;
  Results r = analysis::compute_from_store(app.store, waves, p, &outcome);
  if (outcome.status != 200) {
    send_message(ex, outcome.status, outcome.status == 404 ? "Not found" : "Cannot show results",
                 outcome.error, &*viewer);
    return;
  }
  const Questionnaire& q = *r.questionnaire;
  View v{q, label_language(q, get(params, "lang"))};
  int chart_no = 0;
  std::string content = "<p>" + esc(v.t(q.title)) + " — wave " + std::to_string(q.version) +
                        ", <strong>" + std::to_string(r.overall.responses) +
                        "</strong> responses. Shares leave out missing-coded answers; intervals "
                        "are 95 % Wilson intervals.</p>";
  content += selector(v, waves, p.by) + downloads(v, p.by);
  content += indicators_section(v, r.overall, chart_no);
  if (r.trend) content += trend_section(v, *r.trend, chart_no);
  if (r.by) content += by_section(v, *r.by, chart_no);
  content += questions_section(v, r.overall, chart_no);
  send_page(ex, 200, "Results: " + q.id, content, &*viewer);
}

void download_route(Exchange& ex, AppContext& app) {
  auto viewer = guard_get(ex, app, Area::Results);
  if (!viewer) return;
  app.surveys.refresh(app.store, app.survey_refresh);
  auto params = query(ex);
  const std::string& file = ex.params[1];
  analysis::Waves waves = app.surveys.waves();
  model::QuestionnairePtr q = waves.find(ex.params[0], version_param(params));
  if (!q) {
    send_message(ex, 404, "Not found", "There is no questionnaire '" + ex.params[0] + "'.",
                 &*viewer);
    return;
  }
  const std::string name = q->id + "_" + std::to_string(q->version) + "_" + file;
  auto attachment = [&] {
    ex.response.set("Content-Disposition", "attachment; filename=\"" + name + "\"");
    ex.response.set("Cache-Control", "no-store");
  };
  if (file == "results.csv" || file == "results.xlsx") {
    analysis::ResultsParams p;
    p.survey = q->id;
    p.version = q->version;
    p.by = get(params, "by");
    p.format = file == "results.csv" ? "csv" : "xlsx";
    p.lang = label_language(*q, get(params, "lang"));
    analysis::Outcome out = analysis::results_body(app.store, waves, p);
    if (out.status != 200) {
      send_message(ex, out.status, "Cannot download", out.error, &*viewer);
      return;
    }
    audit(app, ex, viewer->user.name, "download",
          q->key() + " " + file + (p.by.empty() ? "" : " by " + p.by));
    attachment();
    send_body(ex.response, 200, out.content_type, out.body);
    return;
  }
  static const std::map<std::string, std::string> kExports = {{"export.csv", "csv"},
                                                              {"export.xlsx", "xlsx"},
                                                              {"export.json", "json"},
                                                              {"export.sav", "sav"},
                                                              {"codebook.csv", "codebook"}};
  auto it = kExports.find(file);
  if (it == kExports.end()) {
    send_message(ex, 404, "Not found", "There is no download '" + file + "'.", &*viewer);
    return;
  }
  analysis::ExportParams p;
  p.survey = q->id;
  p.version = q->version;
  p.format = it->second;
  p.lang = label_language(*q, get(params, "lang"));
  audit(app, ex, viewer->user.name, "download", q->key() + " " + file);
  std::ostream* body = nullptr;
  analysis::Outcome out = analysis::stream_export(app.store, waves, p, [&](std::string_view s) {
    if (!body) {
      attachment();
      ex.response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
      ex.response.setContentType(content_type_of(file));
      ex.response.setChunkedTransferEncoding(true);
      body = &ex.response.send();
    }
    body->write(s.data(), static_cast<std::streamsize>(s.size()));
  });
  if (out.status != 200) {
    if (!body) {
      send_message(ex, out.status, "Cannot download", out.error, &*viewer);
    } else {
      ex.response.setKeepAlive(
          false);  // the file is cut short; the client sees the broken chunking
    }
    return;
  }
  if (!body) {
    attachment();
    send_body(ex.response, 200, content_type_of(file), "");
  }
}

}  // namespace otos::web::staff
