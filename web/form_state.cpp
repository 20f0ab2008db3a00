// Form sessions as drafts, and the conversions between typed answers, raw JSON and control values.
#include "web/form_state.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>

#include "engine/answers/answer_check.h"
#include "engine/common/json_value.h"
#include "engine/common/number_text.h"
#include "engine/storage/ids.h"

namespace otos::web {

namespace {

constexpr size_t kJsonDepth = 16;

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

FormSession new_session_impl(const std::string& key, const model::Questionnaire& q) {
  FormSession s;
  s.key = key;
  s.survey = q.id;
  s.version = q.version;
  // Fixed for the life of the form: a second submit of the same answers stores nothing new.
  s.submission_id = "form-" + storage::random_token(16);
  return s;
}

}  // namespace

FormSession new_session(const std::string& key, const model::Questionnaire& q) {
  return new_session_impl(key, q);
}

std::string anonymous_session_key(const std::string& survey, const std::string& sid) {
  return std::string(kAnonymousPrefix) + survey + ":" + sid;
}

std::string session_to_json(const FormSession& s) {
  std::string out = "{\"survey\":";
  append_json_string(out, s.survey);
  out += ",\"version\":" + std::to_string(s.version);
  out += ",\"lang\":";
  append_json_string(out, s.lang);
  out += ",\"sub\":";
  append_json_string(out, s.submission_id);
  out += ",\"done\":";
  append_json_string(out, s.response_id);
  out += ",\"answers\":" + answers_to_json(s.answers) + "}";
  return out;
}

bool session_from_json(const std::string& json, FormSession* s) {
  const JsonParse parsed = parse_json(json, kJsonDepth);
  const JsonObject* o = parsed.value.object();
  const JsonValue* answers_value = o ? o->find("answers") : nullptr;
  if (!answers_value || !answers_value->object()) return false;
  std::optional<Answers> answers = answers_from_json(to_json(*answers_value));
  if (!answers) return false;
  auto text = [o](std::string_view name) {
    const JsonValue* v = o->find(name);
    return v && v->string() ? *v->string() : std::string();
  };
  const JsonValue* version = o->find("version");
  s->answers = std::move(*answers);
  s->survey = text("survey");
  const bool whole = version && version->is_number() && version->as_number() >= 0 &&
                     version->as_number() <= 1e9;  // only then may it become an int
  s->version = whole ? static_cast<int>(version->as_number()) : 0;
  s->lang = text("lang");
  s->submission_id = text("sub");
  s->response_id = text("done");
  return true;
}

FormSession load_session(storage::Store& store, const std::string& key,
                         const model::Questionnaire& q) {
  std::optional<storage::Draft> draft = store.load_draft(key);
  if (!draft) return new_session_impl(key, q);
  FormSession s;
  if (!session_from_json(draft->answers_json, &s) || s.survey != q.id || s.version != q.version ||
      s.submission_id.empty()) {
    return new_session_impl(key, q);  // another wave's draft, or not ours: start over
  }
  s.key = key;
  s.reached = draft->page < 0 ? 0 : static_cast<size_t>(draft->page);
  s.stored = true;
  return s;
}

void forget_abandoned_sessions(storage::Store& store, int64_t now_unix) {
  // At most once an hour, whichever request comes first; the others go on at once.
  static std::atomic<int64_t> next_run{0};
  int64_t due = next_run.load();
  if (now_unix < due || !next_run.compare_exchange_strong(due, now_unix + 3600)) return;
  store.delete_drafts_before(std::string(kAnonymousPrefix),
                             storage::iso8601_from_unix(now_unix - kAnonymousDraftDays * 86400));
}

void save_session(storage::Store& store, const FormSession& s) {
  if (!s.stored && s.key.starts_with(kAnonymousPrefix)) {
    forget_abandoned_sessions(store, std::chrono::duration_cast<std::chrono::seconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count());
  }
  storage::Draft d;
  d.token = s.key;
  d.answers_json = session_to_json(s);
  d.page = static_cast<int>(s.reached);
  store.save_draft(d);
}

Answers with_groups(const Answers& answers, const Groups& groups) {
  Answers out = answers;
  for (const auto& [question, code] : groups) out[question] = code;
  return out;
}

JsonObject to_raw(const Answers& answers) {
  JsonObject raw;
  for (const auto& [id, value] : answers) {
    if (const auto* s = std::get_if<std::string>(&value)) {
      raw.set(id, *s);
    } else if (const auto* codes = std::get_if<Codes>(&value)) {
      raw.set(id, JsonArray(codes->begin(), codes->end()));
    } else if (const auto* n = std::get_if<double>(&value)) {
      raw.set(id, *n);
    } else if (const auto* m = std::get_if<MatrixAnswer>(&value)) {
      JsonObject o;
      for (const auto& [row, code] : *m) o.set(row, code);
      raw.set(id, std::move(o));
    }
  }
  return raw;
}

std::string matrix_field(const model::Question& question, const model::MatrixRow& row) {
  return question.id + "." + row.id;
}

void apply_posted_page(const model::Questionnaire& q, size_t page, const FormFields& posted,
                       const Groups& groups, JsonObject& raw) {
  if (page >= q.pages.size()) return;
  for (const model::Question& question : q.pages[page].questions) {
    if (!question.asks() || groups.count(question.id)) continue;
    raw.remove(question.id);
    switch (question.type) {
      case model::QuestionType::SingleChoice:
      case model::QuestionType::Likert:
      case model::QuestionType::Date: {
        std::string v = trim(field(posted, question.id));
        if (!v.empty()) raw.set(question.id, v);
        break;
      }
      case model::QuestionType::MultiChoice: {
        JsonArray a;
        std::set<std::string> seen;
        for (const auto& v : fields_named(posted, question.id)) {
          if (!v.empty() && seen.insert(v).second) a.emplace_back(v);
        }
        if (!a.empty()) raw.set(question.id, std::move(a));
        break;
      }
      case model::QuestionType::Matrix: {
        JsonObject o;
        for (const auto& row : question.rows) {
          std::string v = field(posted, matrix_field(question, row));
          if (!v.empty()) o.set(row.id, v);
        }
        if (!o.empty()) raw.set(question.id, std::move(o));
        break;
      }
      case model::QuestionType::Number: {
        // As typed ("2,5", "12 500"): the answer check reads it in the form's language.
        std::string v = trim(field(posted, question.id));
        if (!v.empty()) raw.set(question.id, v);
        break;
      }
      case model::QuestionType::Text: {
        std::string v = field(posted, question.id);
        std::string text;
        text.reserve(v.size());
        for (size_t i = 0; i < v.size(); ++i) {
          if (v[i] == '\r' && i + 1 < v.size() && v[i + 1] == '\n') continue;
          text += v[i];
        }
        if (!is_blank(text)) raw.set(question.id, text);
        break;
      }
      case model::QuestionType::Info:
        break;
    }
  }
}

ControlValues values_from_answers(const Answers& answers) {
  ControlValues out;
  for (const auto& [id, value] : answers) {
    if (const auto* s = std::get_if<std::string>(&value)) {
      out[id] = {*s};
    } else if (const auto* codes = std::get_if<Codes>(&value)) {
      out[id] = *codes;
    } else if (const auto* n = std::get_if<double>(&value)) {
      out[id] = {plain_number(*n)};  // what the respondent typed, never 1e+05
    } else if (const auto* m = std::get_if<MatrixAnswer>(&value)) {
      for (const auto& [row, code] : *m) out[id + "." + row] = {code};
    }
  }
  return out;
}

ControlValues values_from_post(const FormFields& posted) {
  ControlValues out;
  for (const auto& [name, value] : posted) out[name].push_back(value);
  return out;
}

std::vector<const model::Question*> shown_on_page(const model::Questionnaire& q,
                                                  const Answers& answers, size_t page,
                                                  const Groups& groups) {
  std::vector<const model::Question*> out;
  for (const model::Question* question : answers::visible_questions(q, answers)) {
    if (question->page == page && !groups.count(question->id)) out.push_back(question);
  }
  return out;
}

std::vector<size_t> pages_shown(const model::Questionnaire& q, const Answers& answers,
                                const Groups& groups) {
  std::vector<bool> has(q.pages.size(), false);
  for (const model::Question* question : answers::visible_questions(q, answers)) {
    if (!groups.count(question->id) && question->page < has.size()) has[question->page] = true;
  }
  std::vector<size_t> out;
  for (size_t i = 0; i < has.size(); ++i) {
    if (has[i]) out.push_back(i);
  }
  return out;
}

std::optional<size_t> page_index(const model::Questionnaire& q, std::string_view id) {
  for (size_t i = 0; i < q.pages.size(); ++i) {
    if (q.pages[i].id == id) return i;
  }
  return std::nullopt;
}

}  // namespace otos::web
