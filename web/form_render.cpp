// Builds the respondent pages. Controls follow the type: radios, checkboxes, likert and matrix
// tables (fieldset/legend, th scope, each radio labelled), number fields with their unit, date
// and text fields with their limits, info blocks. Fixed texts from ui_text, frames from
// web/templates/. Every questionnaire or respondent text goes through html::escape.
#include "web/form_render.h"

#include <algorithm>

#include "engine/common/number_text.h"
#include "web/form_request.h"
#include "web/html.h"
#include "web/ui_text.h"

namespace otos::web {

namespace {

using html::escape;
using model::Question;
using model::QuestionType;

// Paragraphs from a plain text: blank lines split paragraphs, single line breaks stay.
std::string paragraphs(std::string_view text, std::string_view css_class = {}) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find("\n\n", start);
    std::string_view para = text.substr(start, end == std::string_view::npos ? end : end - start);
    start = end == std::string_view::npos ? text.size() : end + 2;
    while (!para.empty() && (para.front() == '\n' || para.front() == ' ')) para.remove_prefix(1);
    while (!para.empty() && (para.back() == '\n' || para.back() == ' ')) para.remove_suffix(1);
    if (para.empty()) continue;
    out += css_class.empty() ? "<p>" : "<p class=\"" + std::string(css_class) + "\">";
    size_t line_start = 0;
    while (true) {
      size_t nl = para.find('\n', line_start);
      html::append_escaped(
          out, para.substr(line_start, nl == std::string_view::npos ? std::string_view::npos
                                                                    : nl - line_start));
      if (nl == std::string_view::npos) break;
      out += "<br>";
      line_start = nl + 1;
    }
    out += "</p>";
  }
  return out;
}

// Messages from the answer checks start in lower case; on a page they stand as sentences.
std::string sentence(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') {
    text[0] = static_cast<char>(text[0] - 'a' + 'A');
  } else if (text.size() > 1 && text[0] == '\xC3' &&
             (text[1] == '\xA4' || text[1] == '\xA5' || text[1] == '\xB6')) {
    text[1] = static_cast<char>(text[1] - 0x20);  // ä å ö -> Ä Å Ö
  }
  return text;
}

std::string number_text(double v) { return plain_number(v); }

struct Ctx {
  const model::Questionnaire& q;
  const std::string& lang;
  const ControlValues& values;
  const std::map<std::string, std::string>& errors;  // question id -> message
  bool disabled = false;  // a question hidden by show_if: rendered for form.js, never sent
  const std::string& fallback() const { return q.default_language(); }
  std::string t(const LocalizedText& text) const { return escape(text.in(lang, fallback())); }
  bool has(std::string_view name, std::string_view value) const {
    auto it = values.find(name);
    return it != values.end() &&
           std::find(it->second.begin(), it->second.end(), value) != it->second.end();
  }
  std::string first(std::string_view name) const {
    auto it = values.find(name);
    return it == values.end() || it->second.empty() ? std::string() : it->second.front();
  }
};

std::string control_id(const Question& question) { return "q-" + question.id; }

// The question's text with "(required)" in words, for a legend or label.
std::string question_heading(const Ctx& c, const Question& question) {
  std::string out = c.t(question.text);
  if (question.required) {
    out += " <span class=\"required\">" + escape(ui(c.lang, Ui::Required)) + "</span>";
  }
  return out;
}

// The hint paragraph (help text plus what the type implies), or "" when there is none.
std::string hint_html(const Ctx& c, const Question& question) {
  const std::string hint = hint_text(c.q, question, c.lang);
  if (hint.empty()) return "";
  return "<div class=\"hint\" id=\"" + control_id(question) + "-hint\">" + paragraphs(hint) +
         "</div>";
}

std::string error_html(const Ctx& c, const Question& question) {
  auto it = c.errors.find(question.id);
  if (it == c.errors.end()) return "";
  return "<p class=\"error-message\" id=\"" + control_id(question) +
         "-error\"><span class=\"visually-hidden\">" + escape(ui(c.lang, Ui::ErrorPrefix)) +
         " </span>" + escape(sentence(it->second)) + "</p>";
}

std::string described_by(const Ctx& c, const Question& question, bool with_unit = false) {
  std::string ids;
  auto add = [&ids](const std::string& id) { ids += (ids.empty() ? "" : " ") + id; };
  const std::string base = control_id(question);
  if (!hint_html(c, question).empty()) add(base + "-hint");
  if (c.errors.count(question.id)) add(base + "-error");
  if (with_unit) add(base + "-unit");
  return ids.empty() ? "" : " aria-describedby=\"" + ids + "\"";
}

// Attributes every input of a question carries: aria-invalid with an error, disabled when hidden.
std::string invalid_attr(const Ctx& c, const Question& question) {
  std::string out = c.errors.count(question.id) ? " aria-invalid=\"true\"" : "";
  if (c.disabled) out += " disabled";
  return out;
}

std::string choice_list(const Ctx& c, const Question& question) {
  const bool multi = question.type == QuestionType::MultiChoice;
  const std::string base = control_id(question);
  std::string out = "<fieldset class=\"choices\"" + described_by(c, question) + ">";
  out += "<legend class=\"question-text\">" + question_heading(c, question) + "</legend>";
  out += hint_html(c, question) + error_html(c, question);
  out += "<div class=\"options\">";
  for (size_t i = 0; i < question.options.size(); ++i) {
    const model::Option& o = question.options[i];
    std::string id = i == 0 ? base : base + "-" + std::to_string(i);
    out += "<div class=\"option\"><input type=\"";
    out += multi ? "checkbox" : "radio";
    out += "\" id=\"" + id + "\" name=\"" + escape(question.id) + "\" value=\"" + escape(o.code) +
           "\"";
    if (c.has(question.id, o.code)) out += " checked";
    out +=
        invalid_attr(c, question) + "><label for=\"" + id + "\">" + c.t(o.label) + "</label></div>";
  }
  out += "</div></fieldset>";
  return out;
}

// Likert (one row) and matrix (one row per item) share the table: a column per scale point.
std::string scale_table(const Ctx& c, const Question& question) {
  const bool matrix = question.type == QuestionType::Matrix;
  const std::string base = control_id(question);
  std::string out = "<fieldset class=\"scale\"" + described_by(c, question) + ">";
  out += "<legend class=\"question-text\">" + question_heading(c, question) + "</legend>";
  out += hint_html(c, question) + error_html(c, question);
  out += "<div class=\"table-wrap\"><table class=\"scale-table";
  out += matrix ? " matrix" : " likert";
  out += "\"><thead><tr>";
  if (matrix) out += "<td></td>";
  for (const auto& o : question.options) out += "<th scope=\"col\">" + c.t(o.label) + "</th>";
  out += "</tr></thead><tbody>";
  struct Item {
    std::string field, label;
  };
  std::vector<Item> items;
  if (matrix) {
    for (const auto& row : question.rows)
      items.push_back({matrix_field(question, row), c.t(row.text)});
  } else {
    items.push_back({question.id, ""});
  }
  for (size_t r = 0; r < items.size(); ++r) {
    out += "<tr>";
    if (matrix) out += "<th scope=\"row\">" + items[r].label + "</th>";
    for (size_t i = 0; i < question.options.size(); ++i) {
      const model::Option& o = question.options[i];
      std::string id =
          r == 0 && i == 0 ? base : base + "-" + std::to_string(r) + "-" + std::to_string(i);
      out += "<td><input type=\"radio\" id=\"" + id + "\" name=\"" + escape(items[r].field) +
             "\" value=\"" + escape(o.code) + "\"";
      if (c.has(items[r].field, o.code)) out += " checked";
      out += invalid_attr(c, question) + "><label for=\"" + id + "\" class=\"cell-label\">";
      if (matrix) out += "<span class=\"visually-hidden\">" + items[r].label + ": </span>";
      out += c.t(o.label) + "</label></td>";
    }
    out += "</tr>";
  }
  out += "</tbody></table></div></fieldset>";
  return out;
}

std::string label_html(const Ctx& c, const Question& question) {
  return "<label class=\"question-text\" for=\"" + control_id(question) + "\">" +
         question_heading(c, question) + "</label>";
}

std::string number_field(const Ctx& c, const Question& question) {
  const std::string base = control_id(question);
  const bool unit = !question.unit.empty();
  std::string out = label_html(c, question) + hint_html(c, question) + error_html(c, question);
  out += "<div class=\"with-unit\"><input class=\"input-number\" type=\"text\" inputmode=\"";
  out += question.integer ? "numeric" : "decimal";
  out += "\" autocomplete=\"off\" spellcheck=\"false\" id=\"" + base + "\" name=\"" +
         escape(question.id) + "\" value=\"" + escape(c.first(question.id)) + "\"" +
         described_by(c, question, unit) + invalid_attr(c, question) + ">";
  if (unit)
    out += "<span class=\"unit\" id=\"" + base + "-unit\">" + c.t(question.unit) + "</span>";
  out += "</div>";
  return out;
}

std::string text_field(const Ctx& c, const Question& question) {
  const std::string base = control_id(question);
  std::string out = label_html(c, question) + hint_html(c, question) + error_html(c, question);
  std::string limit =
      question.max_length ? " maxlength=\"" + std::to_string(*question.max_length) + "\"" : "";
  std::string common = " id=\"" + base + "\" name=\"" + escape(question.id) + "\"" + limit +
                       described_by(c, question) + invalid_attr(c, question);
  if (question.multiline) {
    out += "<textarea class=\"input-textarea\" rows=\"5\"" + common + ">" +
           escape(c.first(question.id)) + "</textarea>";
  } else {
    out += "<input class=\"input-text\" type=\"text\"" + common + " value=\"" +
           escape(c.first(question.id)) + "\">";
  }
  return out;
}

std::string date_field(const Ctx& c, const Question& question) {
  std::string out = label_html(c, question) + hint_html(c, question) + error_html(c, question);
  out += "<input class=\"input-date\" type=\"date\" id=\"" + control_id(question) + "\" name=\"" +
         escape(question.id) + "\" value=\"" + escape(c.first(question.id)) + "\"" +
         described_by(c, question) + invalid_attr(c, question) + ">";
  return out;
}

std::string info_block(const Ctx& c, const Question& question) {
  std::string out = "<div class=\"info-block\" id=\"" + control_id(question) + "\">";
  out += paragraphs(question.text.in(c.lang, c.fallback()));
  if (!question.help.empty()) out += paragraphs(question.help.in(c.lang, c.fallback()), "hint");
  out += "</div>";
  return out;
}

// The wrapper's data-* attributes tell form.js which question it is and when it shows.
std::string question_attrs(const Ctx& c, const Question& question) {
  std::string out = " data-question=\"" + escape(question.id) + "\" data-type=\"" +
                    std::string(model::to_string(question.type)) + "\"";
  if (!question.show_if_source.empty()) {
    out += " data-show-if=\"" + escape(question.show_if_source) + "\"";
  }
  if (c.disabled) out += " hidden";
  return out;
}

std::string question_html(const Ctx& c, const Question& question) {
  std::string body;
  switch (question.type) {
    case QuestionType::SingleChoice:
    case QuestionType::MultiChoice:
      body = choice_list(c, question);
      break;
    case QuestionType::Likert:
    case QuestionType::Matrix:
      body = scale_table(c, question);
      break;
    case QuestionType::Number:
      body = number_field(c, question);
      break;
    case QuestionType::Text:
      body = text_field(c, question);
      break;
    case QuestionType::Date:
      body = date_field(c, question);
      break;
    case QuestionType::Info:
      return "<div class=\"info-wrap\"" + question_attrs(c, question) + ">" +
             info_block(c, question) + "</div>";
  }
  std::string cls = c.errors.count(question.id) ? "question has-error" : "question";
  return "<div class=\"" + cls + "\" id=\"wrap-" + control_id(question) + "\"" +
         question_attrs(c, question) + ">" + body + "</div>";
}

std::string hidden(std::string_view name, std::string_view value) {
  return "<input type=\"hidden\" name=\"" + escape(name) + "\" value=\"" + escape(value) + "\">";
}

std::string lang_query(const std::string& lang) { return "lang=" + url_encode(lang); }

}  // namespace

std::string hint_text(const model::Questionnaire& q, const Question& question,
                      const std::string& lang) {
  std::string hint = question.help.empty() ? "" : question.help.in(lang, q.default_language());
  auto add = [&hint](const std::string& more) { hint += (hint.empty() ? "" : " ") + more; };
  if (question.type == QuestionType::MultiChoice && question.max_choices) {
    add(max_choices_text(lang, *question.max_choices));
  }
  if (question.type == QuestionType::Text && question.max_length) {
    add(max_length_text(lang, *question.max_length));
  }
  if (question.type == QuestionType::Date) add(ui(lang, Ui::DateHint));
  if (question.type == QuestionType::Number && (question.min || question.max)) {
    add((question.min ? number_text(*question.min) : "") + "\u2013" +
        (question.max ? number_text(*question.max) : ""));
  }
  return hint;
}

std::string render_layout(const Frame& f) {
  std::string links;
  for (const auto& l : f.languages) {
    std::string name = escape(language_name(l));
    if (l == f.lang) {
      links += "<li><a href=\"" + escape(f.switch_url + lang_query(l)) + "\" lang=\"" + escape(l) +
               "\" hreflang=\"" + escape(l) + "\" aria-current=\"true\">" + name + "</a></li>";
    } else {
      links += "<li><a href=\"" + escape(f.switch_url + lang_query(l)) + "\" lang=\"" + escape(l) +
               "\" hreflang=\"" + escape(l) + "\">" + name + "</a></li>";
    }
  }
  html::Vars vars{{"lang", f.lang},
                  {"title", f.title + " \u2013 " + ui(f.lang, Ui::SiteName)},
                  {"skip", ui(f.lang, Ui::SkipToContent)},
                  {"site_name", ui(f.lang, Ui::SiteName)},
                  {"home", "/?" + lang_query(f.lang)},
                  {"lang_nav", ui(f.lang, Ui::LanguageNav)},
                  {"lang_links", links},
                  {"content", f.content}};
  return html::load_template("layout.html").render(vars);
}

std::string render_page(const PageView& v) {
  const model::Questionnaire& q = *v.q;
  std::map<std::string, std::string> errors;
  for (const auto& e : v.errors) errors.emplace(e.question, e.message);
  Ctx c{q, v.lang, v.values, errors};
  const model::Page& page = q.pages[v.page];

  std::string summary;
  if (!errors.empty()) {
    summary =
        "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" "
        "aria-labelledby=\"error-summary-title\"><h2 id=\"error-summary-title\">" +
        escape(ui(v.lang, Ui::ErrorSummaryTitle)) + "</h2><ul>";
    for (const model::Question* question : v.questions) {
      auto it = errors.find(question->id);
      if (it == errors.end()) continue;
      summary += "<li><a href=\"#" + control_id(*question) + "\">" + c.t(question->text) + ": " +
                 escape(sentence(it->second)) + "</a></li>";
    }
    summary += "</ul></div>";
  }
  std::string questions;
  std::string shown;
  // Questions hidden by show_if are rendered too, hidden and disabled (so never sent): form.js
  // may show them as soon as an answer on this page calls for them. Without it they stay hidden
  // and the server asks them after the next POST.
  Ctx hidden_ctx = c;
  hidden_ctx.disabled = true;
  for (const model::Question& question : page.questions) {
    const bool visible =
        std::find(v.questions.begin(), v.questions.end(), &question) != v.questions.end();
    if (visible) {
      questions += question_html(c, question);
      shown += hidden("shown", question.id);
    } else if (!v.groups.count(question.id)) {
      questions += question_html(hidden_ctx, question);
    }
  }
  const bool last = v.position == v.total;
  std::string buttons =
      "<button type=\"submit\" name=\"action\" value=\"next\" "
      "class=\"button primary\">" +
      escape(ui(v.lang, last ? Ui::Review : Ui::Next)) + "</button>";
  if (!v.first) {
    buttons +=
        "<button type=\"submit\" name=\"action\" value=\"back\" class=\"button "
        "secondary\">" +
        escape(ui(v.lang, Ui::Back)) + "</button>";
  }
  std::string notes;
  if (v.more_questions) {
    notes += "<p class=\"notice\" role=\"status\">" + escape(ui(v.lang, Ui::NewQuestionsAppeared)) +
             "</p>";
  }
  if (v.invitation && v.first && errors.empty()) {
    notes += "<p class=\"note\">" + escape(ui(v.lang, Ui::DraftSavedInvitation)) + "</p>";
  }
  html::Vars vars{
      {"survey_title", q.title.in(v.lang, q.default_language())},
      {"progress", progress_text(v.lang, v.position, v.total)},
      {"position", std::to_string(v.position)},
      {"total", std::to_string(v.total)},
      {"notes", notes},
      {"error_summary", summary},
      {"action", v.path + "?" + lang_query(v.lang)},
      {"hidden", hidden("csrf", v.csrf) + hidden("page", page.id) + hidden("lang", v.lang) + shown},
      {"answers", v.answers_json},
      {"page_title", page.title.in(v.lang, q.default_language())},
      {"questions", questions},
      {"buttons", buttons},
  };
  Frame f;
  f.lang = v.lang;
  f.title = (errors.empty() ? "" : ui(v.lang, Ui::ErrorPrefix) + " ") +
            page.title.in(v.lang, q.default_language()) + " \u2013 " +
            q.title.in(v.lang, q.default_language());
  f.languages = q.languages;
  f.switch_url = v.path + "?page=" + url_encode(page.id) + "&";
  f.content = html::load_template("form_page.html").render(vars);
  return render_layout(f);
}

std::string answer_text(const Question& question, const AnswerValue& value, const std::string& lang,
                        const std::string& fallback) {
  auto label = [&](const std::string& code) {
    const model::Option* o = question.find_option(code);
    return o ? o->label.in(lang, fallback) : code;
  };
  if (const auto* s = std::get_if<std::string>(&value)) {
    if (question.is_single_coded()) return label(*s);
    if (question.type == QuestionType::Date) return format_date(lang, *s);
    return *s;
  }
  if (const auto* codes = std::get_if<Codes>(&value)) {
    std::string out;
    for (const auto& code : *codes) out += (out.empty() ? "" : ", ") + label(code);
    return out;
  }
  if (const auto* n = std::get_if<double>(&value)) {
    std::string out = number_text(*n);
    if (lang == "fi" || lang == "sv") std::replace(out.begin(), out.end(), '.', ',');
    if (!question.unit.empty()) out += " " + question.unit.in(lang, fallback);
    return out;
  }
  if (const auto* m = std::get_if<MatrixAnswer>(&value)) {
    std::string out;
    for (const auto& row : question.rows) {
      auto it = m->find(row.id);
      if (it == m->end()) continue;
      out += (out.empty() ? "" : "\n") + row.text.in(lang, fallback) + ": " + label(it->second);
    }
    return out;
  }
  return "";
}

std::string render_review(const ReviewView& v) {
  const model::Questionnaire& q = *v.q;
  const std::string& fb = q.default_language();
  std::vector<const Question*> visible = answers::visible_questions(q, v.answers);
  std::string sections;
  for (size_t page : v.pages) {
    const model::Page& p = q.pages[page];
    std::string rows;
    for (const Question* question : visible) {
      if (question->page != page || !question->asks()) continue;
      auto it = v.answers.find(question->id);
      std::string answer = it == v.answers.end()
                               ? "<span class=\"not-answered\">" +
                                     escape(ui(v.lang, Ui::ReviewNotAnswered)) + "</span>"
                               : paragraphs(answer_text(*question, it->second, v.lang, fb));
      rows += "<div class=\"review-row\"><dt>" + escape(question->text.in(v.lang, fb)) +
              "</dt><dd>" + answer + "</dd></div>";
    }
    std::string id = "review-" + std::to_string(page);
    sections += "<section class=\"review-page\" aria-labelledby=\"" + id +
                "\"><div class=\"review-head\"><h3 id=\"" + id + "\">" +
                escape(p.title.in(v.lang, fb)) + "</h3><a href=\"" +
                escape(v.path + "?page=" + url_encode(p.id) + "&" + lang_query(v.lang)) + "\">" +
                escape(ui(v.lang, Ui::Change)) +
                "<span class=\"visually-hidden\">: " + escape(p.title.in(v.lang, fb)) +
                "</span></a></div><dl class=\"review-list\">" + rows + "</dl></section>";
  }
  html::Vars vars{
      {"survey_title", q.title.in(v.lang, fb)},
      {"review_title", ui(v.lang, Ui::ReviewTitle)},
      {"intro", ui(v.lang, Ui::ReviewIntro)},
      {"sections", sections},
      {"action", v.path + "?" + lang_query(v.lang)},
      {"hidden", hidden("csrf", v.csrf) + hidden("page", "") + hidden("lang", v.lang)},
      {"submit", ui(v.lang, Ui::Submit)},
      {"back", ui(v.lang, Ui::Back)},
  };
  Frame f;
  f.lang = v.lang;
  f.title = ui(v.lang, Ui::ReviewTitle) + " \u2013 " + q.title.in(v.lang, fb);
  f.languages = q.languages;
  f.switch_url = v.path + "?step=review&";
  f.content = html::load_template("form_review.html").render(vars);
  return render_layout(f);
}

std::string render_thanks(const model::Questionnaire& q, const std::string& lang,
                          const std::string& response_id) {
  html::Vars vars{{"survey_title", q.title.in(lang, q.default_language())},
                  {"thanks_title", ui(lang, Ui::ThanksTitle)},
                  {"thanks_body", ui(lang, Ui::ThanksBody)},
                  {"response_id_label", ui(lang, Ui::ResponseId)},
                  {"response_id", response_id},
                  {"home", "/?" + lang_query(lang)},
                  {"front_page", ui(lang, Ui::FrontPage)}};
  Frame f;
  f.lang = lang;
  f.title = ui(lang, Ui::ThanksTitle) + " \u2013 " + q.title.in(lang, q.default_language());
  f.languages = q.languages;
  f.switch_url = "?step=done&";
  f.content = html::load_template("form_thanks.html").render(vars);
  return render_layout(f);
}

std::string render_notice(const std::string& lang, const std::vector<std::string>& languages,
                          const std::string& switch_url, const std::string& title,
                          const std::string& body, const std::string& heading_context) {
  html::Vars vars{{"context", heading_context},
                  {"title", title},
                  {"body", body},
                  {"home", "/?" + lang_query(lang)},
                  {"front_page", ui(lang, Ui::FrontPage)}};
  Frame f;
  f.lang = lang;
  f.title = heading_context.empty() ? title : title + " \u2013 " + heading_context;
  f.languages = languages;
  f.switch_url = switch_url;
  f.content = html::load_template("form_notice.html").render(vars);
  return render_layout(f);
}

std::string render_index(const std::string& lang, const std::vector<IndexEntry>& entries) {
  std::string items;
  for (const auto& e : entries) {
    items += "<li><h2><a href=\"" + escape("/s/" + url_encode(e.ref) + "?" + lang_query(lang)) +
             "\">" + escape(e.title) + "</a></h2>";
    if (!e.description.empty()) items += paragraphs(e.description);
    if (!e.close.empty()) {
      items += "<p class=\"closes\">" +
               escape(fill(ui(lang, Ui::IndexOpenUntil), "close", format_date(lang, e.close))) +
               "</p>";
    }
    items += "</li>";
  }
  std::string list = entries.empty() ? "<p>" + escape(ui(lang, Ui::IndexEmpty)) + "</p>"
                                     : "<ul class=\"survey-list\">" + items + "</ul>";
  html::Vars vars{{"title", ui(lang, Ui::IndexTitle)},
                  {"intro", entries.empty() ? "" : ui(lang, Ui::IndexIntro)},
                  {"list", list}};
  Frame f;
  f.lang = lang;
  f.title = ui(lang, Ui::IndexTitle);
  f.languages = ui_languages();
  f.switch_url = "/?";
  f.content = html::load_template("form_index.html").render(vars);
  return render_layout(f);
}

}  // namespace otos::web
