// The read-only respondent preview (see staff_preview.h). HTML only; no state.
#include "web/staff_preview.h"

#include "web/form_render.h"
#include "web/html.h"
#include "web/ui_text.h"

namespace otos::web::staff {

namespace {

using model::Question;
using model::QuestionType;

class Preview {
 public:
  Preview(const model::Questionnaire& q, const std::string& lang)
      : q_(q), lang_(lang), fallback_(q.default_language()) {}

  std::string run() {
    out_ += "<div class=\"preview\" lang=\"" + html::escape(lang_) + "\">";
    out_ += "<p class=\"preview-title\">" + text(q_.title) + "</p>";
    if (!q_.description.empty()) out_ += "<p>" + text(q_.description) + "</p>";
    size_t n = 0;
    for (const auto& page : q_.pages) {
      out_ += "<section class=\"preview-page\"><h3>Page " + std::to_string(++n) + " of " +
              std::to_string(q_.pages.size()) + ": " + text(page.title) + "</h3>";
      for (const auto& question : page.questions) render(question);
      out_ += "</section>";
    }
    out_ += "</div>";
    return out_;
  }

 private:
  std::string text(const LocalizedText& t) const { return html::escape(t.in(lang_, fallback_)); }

  std::string name(const Question& question) const { return "p_" + html::escape(question.id); }

  void render(const Question& question) {
    out_ += "<div class=\"preview-question\">";
    if (question.type == QuestionType::Info) {
      out_ += "<p class=\"info\">" + text(question.text) + "</p>";
    } else {
      bool grouped = question.type == QuestionType::SingleChoice ||
                     question.type == QuestionType::MultiChoice ||
                     question.type == QuestionType::Likert || question.type == QuestionType::Matrix;
      out_ += grouped ? "<fieldset disabled><legend>" : "<p><label>";
      out_ += text(question.text);
      if (question.required) {
        out_ += " <span class=\"required\">" + html::escape(ui(lang_, Ui::Required)) + "</span>";
      }
      out_ += grouped ? "</legend>" : "</label><br>";
      // The respondent's hint, word for word (form_render): help, limits, range, date format.
      const std::string hint = hint_text(q_, question, lang_);
      if (!hint.empty()) out_ += "<span class=\"help\">" + html::escape(hint) + "</span>";
      inputs(question);
      out_ += grouped ? "</fieldset>" : "</p>";
    }
    if (question.show_if) {
      out_ += "<p class=\"condition\">Shown only when: <code>" +
              html::escape(question.show_if_source) + "</code></p>";
    }
    out_ += "<p class=\"qid\">id <code>" + html::escape(question.id) + "</code>, " +
            html::escape(model::to_string(question.type)) + "</p></div>";
  }

  void choices(const Question& question, const char* type) {
    out_ += "<ul class=\"options\">";
    for (const auto& o : question.options) {
      out_ += std::string("<li><label><input type=\"") + type + "\" name=\"" + name(question) +
              "\" disabled> " + text(o.label) + "</label>" +
              (o.missing ? " <span class=\"missing-note\">(not counted in shares)</span>" : "") +
              "</li>";
    }
    out_ += "</ul>";
  }

  void inputs(const Question& question) {
    switch (question.type) {
      case QuestionType::SingleChoice:
      case QuestionType::Likert:
        choices(question, "radio");
        break;
      case QuestionType::MultiChoice:
        choices(question, "checkbox");
        break;
      case QuestionType::Matrix: {
        out_ += "<table class=\"matrix\"><thead><tr><th scope=\"col\"></th>";
        for (const auto& o : question.options)
          out_ += "<th scope=\"col\">" + text(o.label) + "</th>";
        out_ += "</tr></thead><tbody>";
        for (const auto& row : question.rows) {
          out_ += "<tr><th scope=\"row\">" + text(row.text) + "</th>";
          for (size_t i = 0; i < question.options.size(); ++i) {
            out_ += "<td><input type=\"radio\" disabled aria-label=\"" +
                    text(question.options[i].label) + "\"></td>";
          }
          out_ += "</tr>";
        }
        out_ += "</tbody></table>";
        break;
      }
      case QuestionType::Number: {
        out_ += "<input type=\"text\" disabled>";  // as the form: a text field (docs/forms.md)
        if (!question.unit.empty()) out_ += " " + text(question.unit);
        break;
      }
      case QuestionType::Text:
        out_ += question.multiline ? "<textarea disabled rows=\"3\"></textarea>"
                                   : "<input type=\"text\" disabled>";
        break;
      case QuestionType::Date:
        out_ += "<input type=\"date\" disabled>";
        break;
      case QuestionType::Info:
        break;
    }
  }

  const model::Questionnaire& q_;
  std::string lang_;
  std::string fallback_;
  std::string out_;
};

}  // namespace

std::string preview_html(const model::Questionnaire& q, const std::string& lang) {
  return Preview(q, lang).run();
}

}  // namespace otos::web::staff
