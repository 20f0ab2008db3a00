// Writes the questionnaire model as JSON (see survey_json.h). Must not know HTTP or storage.
#include "web/survey_json.h"

#include "engine/common/answer_value.h"

namespace otos::web {

namespace {

using model::Option;
using model::Question;
using model::Questionnaire;
using model::QuestionType;

class Writer {
 public:
  explicit Writer(const Questionnaire& q) : q_(q) {}
  std::string& out() { return out_; }

  void key(std::string_view k) {
    separate();
    append_json_string(out_, k);
    out_ += ':';
    after_key_ = true;
  }
  void str(std::string_view s) {
    value();
    append_json_string(out_, s);
  }
  void num(double v) {
    value();
    append_json_number(out_, v);
  }
  void boolean(bool b) {
    value();
    out_ += b ? "true" : "false";
  }
  void null() {
    value();
    out_ += "null";
  }
  void begin_object() {
    value();
    out_ += '{';
    first_.push_back(true);
  }
  void end_object() {
    out_ += '}';
    first_.pop_back();
  }
  void begin_array() {
    value();
    out_ += '[';
    first_.push_back(true);
  }
  void end_array() {
    out_ += ']';
    first_.pop_back();
  }

  // A text in every language of the questionnaire.
  void text(const LocalizedText& t) {
    begin_object();
    for (const auto& lang : q_.languages) {
      key(lang);
      str(t.in(lang, q_.default_language()));
    }
    end_object();
  }

  void options(const std::vector<Option>& opts) {
    begin_array();
    for (const auto& o : opts) {
      begin_object();
      key("code");
      str(o.code);
      key("label");
      text(o.label);
      key("missing");
      boolean(o.missing);
      if (o.exclusive) {
        key("exclusive");
        boolean(true);
      }
      end_object();
    }
    end_array();
  }

 private:
  void separate() {
    if (first_.empty()) return;
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }
  void value() {
    if (after_key_) {
      after_key_ = false;
    } else {
      separate();
    }
  }

  const Questionnaire& q_;
  std::string out_;
  std::vector<bool> first_;  // per open object/array: nothing written in it yet
  bool after_key_ = false;
};

void write_question(Writer& w, const Question& question) {
  w.begin_object();
  w.key("id");
  w.str(question.id);
  w.key("type");
  w.str(model::to_string(question.type));
  w.key("text");
  w.text(question.text);
  if (!question.help.empty()) {
    w.key("help");
    w.text(question.help);
  }
  w.key("required");
  w.boolean(question.required);
  if (!question.show_if_source.empty()) {
    w.key("show_if");
    w.str(question.show_if_source);
  }
  switch (question.type) {
    case QuestionType::SingleChoice:
    case QuestionType::MultiChoice:
      if (!question.options_list.empty()) {
        w.key("list");
        w.str(question.options_list);
      }
      w.key("options");
      w.options(question.options);
      if (question.max_choices) {
        w.key("max_choices");
        w.num(*question.max_choices);
      }
      break;
    case QuestionType::Likert:
    case QuestionType::Matrix:
      w.key("scale");
      w.str(question.scale);
      w.key("options");
      w.options(question.options);
      if (question.type == QuestionType::Matrix) {
        w.key("rows");
        w.begin_array();
        for (const auto& row : question.rows) {
          w.begin_object();
          w.key("id");
          w.str(row.id);
          w.key("text");
          w.text(row.text);
          w.end_object();
        }
        w.end_array();
      }
      break;
    case QuestionType::Number:
      w.key("integer");
      w.boolean(question.integer);
      if (question.min) {
        w.key("min");
        w.num(*question.min);
      }
      if (question.max) {
        w.key("max");
        w.num(*question.max);
      }
      if (!question.unit.empty()) {
        w.key("unit");
        w.text(question.unit);
      }
      break;
    case QuestionType::Text:
      w.key("multiline");
      w.boolean(question.multiline);
      if (question.max_length) {
        w.key("max_length");
        w.num(*question.max_length);
      }
      if (!question.pattern.empty()) {
        w.key("pattern");
        w.str(question.pattern);
      }
      if (!question.pattern_message.empty()) {
        w.key("pattern_message");
        w.text(question.pattern_message);
      }
      break;
    case QuestionType::Date:
    case QuestionType::Info:
      break;
  }
  w.end_object();
}

void write_named_options(Writer& w,
                         const std::map<std::string, std::vector<Option>, std::less<>>& named) {
  w.begin_object();
  for (const auto& [name, opts] : named) {
    w.key(name);
    w.options(opts);
  }
  w.end_object();
}

}  // namespace

std::string survey_list_json(const std::vector<model::QuestionnairePtr>& waves,
                             std::string_view today) {
  std::string out = "[";
  for (size_t i = 0; i < waves.size(); ++i) {
    const Questionnaire& q = *waves[i];
    if (i) out += ',';
    out += "{\"id\":";
    append_json_string(out, q.id);
    out += ",\"version\":" + std::to_string(q.version) + ",\"title\":";
    append_json_string(out, q.title.in(q.default_language()));
    out += ",\"open\":";
    out += q.is_open_on(today) ? "true" : "false";
    out += '}';
  }
  out += ']';
  return out;
}

std::string survey_definition_json(const Questionnaire& q, std::string_view today) {
  Writer w(q);
  w.begin_object();
  w.key("id");
  w.str(q.id);
  w.key("version");
  w.num(q.version);
  w.key("title");
  w.text(q.title);
  if (!q.description.empty()) {
    w.key("description");
    w.text(q.description);
  }
  w.key("languages");
  w.begin_array();
  for (const auto& lang : q.languages) w.str(lang);
  w.end_array();
  w.key("access");
  w.str(q.access == model::Access::Public ? "public" : "invitation");
  w.key("open");
  w.boolean(q.is_open_on(today));
  w.key("open_date");
  if (q.open) {
    w.str(*q.open);
  } else {
    w.null();
  }
  w.key("close_date");
  if (q.close) {
    w.str(*q.close);
  } else {
    w.null();
  }
  w.key("min_cell");
  w.num(q.min_cell);
  w.key("groups");
  w.begin_array();
  for (const auto& g : q.groups) w.str(g);
  w.end_array();
  w.key("pages");
  w.begin_array();
  for (const auto& page : q.pages) {
    w.begin_object();
    w.key("id");
    w.str(page.id);
    w.key("title");
    w.text(page.title);
    w.key("questions");
    w.begin_array();
    for (const auto& question : page.questions) write_question(w, question);
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.key("lists");
  write_named_options(w, q.lists);
  w.key("scales");
  write_named_options(w, q.scales);
  w.key("indicators");
  w.begin_array();
  for (const auto& ind : q.indicators) {
    w.begin_object();
    w.key("id");
    w.str(ind.id);
    w.key("title");
    w.text(ind.title);
    w.key("question");
    w.str(ind.question);
    w.key("values");
    w.begin_array();
    for (const auto& v : ind.values) w.str(v);
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return std::move(w.out());
}

}  // namespace otos::web
