// A respondent's form session and the rules of moving through a questionnaire's pages.
// The session (answers so far, the furthest page reached, the submission id, the response id
// once sent, the language) is kept as a server-side draft through the store's draft API, keyed by
// the invitation token or by "s:SURVEY:SID" for an anonymous session (SID from a cookie).
// Also the conversions between typed answers, the raw JSON that answers::check_answers takes,
// and the values shown in the form's controls. No HTTP and no HTML here.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/common/answer_value.h"
#include "engine/common/json_value.h"
#include "engine/model/questionnaire.h"
#include "engine/storage/store.h"
#include "web/form_request.h"

namespace otos::web {

struct FormSession {
  std::string key;  // the draft key
  std::string survey;
  int version = 0;
  std::string lang;
  Answers answers;     // checked answers so far; an invitation's groups are not kept here
  size_t reached = 0;  // furthest page index reached; pages.size() means the review step
  std::string submission_id;
  std::string response_id;  // set once submitted
  bool stored = false;      // loaded from a draft (else new)
};

// The draft key of an anonymous session: kAnonymousPrefix + survey + ":" + sid. An anonymous
// session nobody came back to for kAnonymousDraftDays is forgotten (checked at most hourly, when
// a new anonymous session is first saved); invitation drafts are kept until answered.
inline constexpr std::string_view kAnonymousPrefix = "s:";
inline constexpr int64_t kAnonymousDraftDays = 30;
std::string anonymous_session_key(const std::string& survey, const std::string& sid);
// Forgets anonymous sessions older than kAnonymousDraftDays (at most once an hour).
void forget_abandoned_sessions(storage::Store& store, int64_t now_unix);

// A new session (nothing stored yet) with a fresh submission id.
FormSession new_session(const std::string& key, const model::Questionnaire& q);

// Loads the session under `key` for this wave; a missing draft, one of another wave or one that
// cannot be read gives a new session (with a fresh submission id). Throws storage::StoreError.
FormSession load_session(storage::Store& store, const std::string& key,
                         const model::Questionnaire& q);
void save_session(storage::Store& store, const FormSession& session);

// The draft text (exposed for tests): {"survey","version","lang","sub","done","answers"}.
std::string session_to_json(const FormSession& session);
bool session_from_json(const std::string& json, FormSession* session);

using Groups = std::map<std::string, std::string>;  // invitation's group answers

// Answers plus the invitation's groups (the groups win).
Answers with_groups(const Answers& answers, const Groups& groups);

// Typed answers as the raw JSON object check_answers takes (numbers as JSON numbers).
JsonObject to_raw(const Answers& answers);

// Replaces, in `raw`, the answers to every asking question of page `page` (except `groups`)
// with what the form posted for it; empty fields are unanswered. Number fields accept a decimal
// comma; text fields have CRLF turned into LF (browsers count a line break as one character).
void apply_posted_page(const model::Questionnaire& q, size_t page, const FormFields& posted,
                       const Groups& groups, JsonObject& raw);

// The values the controls show, by field name: "q" for most types, "q.row" for a matrix row;
// several values for a multi_choice.
using ControlValues = std::map<std::string, std::vector<std::string>, std::less<>>;
ControlValues values_from_answers(const Answers& answers);
ControlValues values_from_post(const FormFields& posted);

// The field name of a matrix row.
std::string matrix_field(const model::Question& question, const model::MatrixRow& row);

// The questions page `page` shows given `answers` (with groups), in order, without the
// invitation's group questions.
std::vector<const model::Question*> shown_on_page(const model::Questionnaire& q,
                                                  const Answers& answers, size_t page,
                                                  const Groups& groups);

// Page indexes that show at least one question given `answers`, in order.
std::vector<size_t> pages_shown(const model::Questionnaire& q, const Answers& answers,
                                const Groups& groups);

// The index of page `id`, or nullopt.
std::optional<size_t> page_index(const model::Questionnaire& q, std::string_view id);

}  // namespace otos::web
