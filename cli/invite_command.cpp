// `otos invite SURVEY --name NAME [--group QUESTION=CODE]...`: creates an invitation with an
// unguessable token (128 bits) and prints its personal link. Group answers are checked against
// the questionnaire: QUESTION must be one of its `groups` and CODE one of that question's option
// codes. Wiring only: the registry finds the wave, the store keeps the invitation.
#include <algorithm>
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "engine/storage/store.h"
#include "web/app_context.h"
#include "web/survey_registry.h"

namespace otos::cli {
namespace {

constexpr size_t kTokenBytes = 16;
constexpr size_t kMaxName = 200;

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

int run(const std::vector<std::string>& args) {
  ParsedArgs parsed =
      parse_args(args, {{"name"}, {"group", true, true}, {"surveys"}, {"base-url"}});
  if (parsed.positionals.size() != 1) throw UsageError("expected one SURVEY");
  if (!parsed.has("name")) throw UsageError("--name is required");
  const std::string name = parsed.get("name");
  if (name.empty() || name.size() > kMaxName) throw InputError("--name has 1 to 200 characters");

  std::unique_ptr<storage::Store> store;
  try {
    store = storage::Store::open(parsed.get("db", "otos.db"));
  } catch (const storage::StoreError& e) {
    throw InputError(std::string("cannot open the database: ") + e.what());
  }
  web::SurveyRegistry surveys;
  web::RegistryOptions options;
  options.dir = parsed.get("surveys", "surveys");
  options.dir_required = parsed.has("surveys");
  options.store_files = false;
  std::vector<std::string> problems = surveys.load(*store, options);
  const std::string& ref = parsed.positionals[0];
  model::QuestionnairePtr q = surveys.find(ref);
  if (!q) {
    std::string why = problems.empty() ? ""
                                       : " (" + std::to_string(problems.size()) +
                                             " problem(s) in " + options.dir + ")";
    throw InputError("unknown survey '" + ref + "'" + why);
  }
  // The link opens the newest wave of the id, so an older wave cannot be invited to; nor can a
  // wave that has closed (the link would only say so).
  const model::QuestionnairePtr newest = surveys.find(q->id);
  if (newest != q)
    throw InputError("invitations open the newest wave, " + newest->key() + ", not " + q->key());
  const std::string today = web::local_date_today();
  if (q->close && *q->close < today)
    throw InputError("the questionnaire " + q->key() + " closed on " + *q->close +
                     ": an invitation could not be answered");

  storage::Invitation inv;
  inv.survey = q->id;
  inv.name = name;
  for (const auto& g : parsed.all("group")) {
    auto eq = g.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == g.size()) {
      throw InputError("--group expects QUESTION=CODE, not '" + g + "'");
    }
    std::string question = g.substr(0, eq), code = g.substr(eq + 1);
    if (std::find(q->groups.begin(), q->groups.end(), question) == q->groups.end()) {
      throw InputError(
          "--group: '" + question + "' is not a group question of " + q->key() +
          (q->groups.empty() ? " (it has none)" : " (groups: " + join(q->groups) + ")"));
    }
    const model::Question* gq = q->find_question(question);
    if (!gq || !gq->find_option(code)) {
      std::vector<std::string> codes;
      if (gq)
        for (const auto& o : gq->options) codes.push_back(o.code);
      throw InputError("--group: '" + code + "' is not a code of " + question +
                       " (codes: " + join(codes) + ")");
    }
    if (inv.groups.count(question)) throw InputError("--group: " + question + " given twice");
    inv.groups[question] = code;
  }
  inv.token = storage::random_token(kTokenBytes);
  try {
    store->create_invitation(inv);
  } catch (const storage::StoreError& e) {
    throw InputError(std::string("cannot store the invitation: ") + e.what());
  }
  std::string base = parsed.get("base-url", "http://localhost:8080");
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::cout << base << "/s/" << q->id << "/" << inv.token << std::endl;
  return 0;
}

}  // namespace

const Command kInviteCommand{
    "invite", "create an invitation link",
    "usage: otos invite SURVEY --name NAME [--group QUESTION=CODE]... [--surveys DIR]\n"
    "                   [--base-url URL] [--db TARGET]\n\n"
    "Creates an invitation with an unguessable token (128 bits) and prints its personal\n"
    "link, URL/s/SURVEY/TOKEN. The link's form saves drafts on the server and accepts one\n"
    "response. --group pre-fills a reporting group (a question listed in the survey's\n"
    "`groups`) with one of its option codes; the respondent is not asked it. The link opens\n"
    "the newest wave of SURVEY, so only that wave can be invited to, and not once it has\n"
    "closed.\n\n"
    "options:\n"
    "  --name NAME            who the invitation is for (shown to staff)\n"
    "  --group QUESTION=CODE  a reporting group answer; repeatable\n"
    "  --surveys DIR          questionnaire files (default surveys); stored waves count too\n"
    "  --base-url URL         the server's public address (default http://localhost:8080)\n",
    run};

}  // namespace otos::cli
