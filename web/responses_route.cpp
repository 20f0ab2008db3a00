// POST /api/v1/surveys/{survey}/responses: read the body (1 MiB cap), parse it, check the
// invitation and the answers, store durably, answer. The order of checks, and so of statuses:
// 413/400 body, 404 survey, 400 JSON and field types, 409 closed, 403/404/409 token,
// 422 answers, then the store's verdict: 201 created, 200 same submission_id and answers,
// 409 same submission_id with other answers or the invitation already answered.
// The rules themselves live in engine/answers and engine/storage; none are written here.
#include <algorithm>
#include <optional>
#include <string>

#include "engine/answers/answer_check.h"
#include "engine/common/answer_value.h"
#include "engine/packed/packed_answers.h"
#include "web/api_routes.h"
#include "web/http_io.h"
#include "web/json_body.h"

namespace otos::web {

namespace {

constexpr size_t kJsonDepth = 32;  // deeper bodies are malformed for us
// A response has one value per answer, code and matrix cell: a few hundred. The cap keeps a
// hostile 1 MiB body of "0,0,0,..." from costing 20 MB of memory per request.
constexpr size_t kJsonValues = 100000;
constexpr size_t kMaxSubmissionId = 200;  // characters
constexpr size_t kMaxToken = 200;

// An optional string field: absent and null give "", another type fails.
bool optional_string(const JsonObject& body, std::string_view name, std::string* out) {
  out->clear();
  const JsonValue* v = body.find(name);
  if (!v || v->is_null()) return true;
  if (!v->string()) return false;
  *out = *v->string();
  return true;
}

std::string id_json(const std::string& id) {
  std::string out = "{\"id\":";
  append_json_string(out, id);
  out += '}';
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

void submit_response_route(Exchange& ex, AppContext& app) {
  app.surveys.refresh(app.store, app.survey_refresh);
  auto& response = ex.response;
  std::string body;
  BodyStatus read = read_body(ex.request, response, app.max_body_bytes, body);
  if (read != BodyStatus::Ok) {
    answer_body_status(response, read, app.max_body_bytes);
    return;
  }
  model::QuestionnairePtr q = app.surveys.find(ex.params[0]);
  if (!q) {
    send_error(response, 404, "unknown survey '" + ex.params[0] + "'");
    return;
  }

  JsonBody parsed = parse_json_object(body, kJsonDepth, kJsonValues);
  if (!parsed.ok()) {
    send_error(response, 400, parsed.error);
    return;
  }
  const JsonObject& object = parsed.object;
  const JsonValue* answers_value = object.find("answers");
  const JsonObject* raw_answers = answers_value ? answers_value->object() : nullptr;
  if (!raw_answers) {
    send_error(response, 400, "the body must have \"answers\": an object");
    return;
  }
  std::string lang, token, submission_id;
  if (!optional_string(object, "lang", &lang)) {
    send_error(response, 400, "\"lang\" must be a string");
    return;
  }
  if (!optional_string(object, "token", &token) || token.size() > kMaxToken) {
    send_error(response, 400, "\"token\" must be a string of at most 200 characters");
    return;
  }
  if (!optional_string(object, "submission_id", &submission_id) ||
      submission_id.size() > kMaxSubmissionId) {
    send_error(response, 400, "\"submission_id\" must be a string of at most 200 characters");
    return;
  }
  if (lang.empty()) lang = q->default_language();
  if (std::find(q->languages.begin(), q->languages.end(), lang) == q->languages.end()) {
    send_error(response, 400, "\"lang\" must be one of " + join(q->languages));
    return;
  }

  const std::string today = app.today();
  if (!q->is_open_on(today)) {
    std::string when = " (open " + q->open.value_or("") + " .. " + q->close.value_or("") + ")";
    send_error(response, 409, "the questionnaire " + q->key() + " is closed" + when);
    return;
  }

  const JsonObject* answers_in = raw_answers;
  std::optional<JsonObject> with_groups;  // a copy only when an invitation adds answers
  if (token.empty() && q->access == model::Access::Invitation) {
    send_error(response, 403, "the questionnaire " + q->id + " is answered by invitation only");
    return;
  }
  if (!token.empty()) {
    std::optional<storage::Invitation> invitation = app.store.find_invitation(token);
    if (!invitation || invitation->survey != q->id) {
      send_error(response, 404, "unknown invitation token");
      return;
    }
    if (!invitation->response_id.empty() && submission_id.empty()) {
      send_error(response, 409, "the invitation has already been answered");
      return;
    }
    // The invitation's groups are answers given by the coordinator: they win.
    if (!invitation->groups.empty()) {
      with_groups.emplace(*raw_answers);
      for (const auto& [question, code] : invitation->groups) with_groups->set(question, code);
      answers_in = &*with_groups;
    }
  }

  answers::CheckOptions options;
  options.lang = lang;
  answers::CheckResult checked = answers::check_answers(*q, *answers_in, options);
  if (!checked.ok()) {
    std::vector<FieldError> errors;
    errors.reserve(checked.errors.size());
    for (const auto& e : checked.errors) errors.push_back({e.question, e.message});
    send_error(response, 422,
               std::to_string(errors.size()) +
                   (errors.size() == 1 ? " answer is" : " answers are") + " not valid",
               errors);
    return;
  }

  storage::NewResponse r;
  r.survey = q->id;
  r.version = q->version;
  r.lang = lang;
  r.invitation = token;
  r.submission_id = submission_id;
  r.answers_json = answers_to_json(checked.answers);
  r.layout = packed::layout_of(*q);
  r.packed = packed::pack(*q, checked.answers);
  storage::InsertResult stored = app.store.insert_response(r);
  switch (stored.status) {
    case storage::InsertStatus::Created:
      send_json(response, 201, id_json(stored.id));
      return;
    case storage::InsertStatus::Duplicate:
      send_json(response, 200, id_json(stored.id));
      return;
    case storage::InsertStatus::Conflict:
      send_error(response, 409, "the submission_id was already used with other answers");
      return;
    case storage::InsertStatus::TokenUsed:
      send_error(response, 409, "the invitation has already been answered");
      return;
  }
}

}  // namespace otos::web
