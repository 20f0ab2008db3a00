// The questionnaire model as the JSON API shows it: the list of surveys and one wave's whole
// definition (pages, questions with their types and rules, options with codes, labels and the
// missing flag, lists, scales, indicators). Every text is an object by language holding each of
// the survey's languages. Pure functions of the model; no HTTP here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/model/questionnaire.h"

namespace otos::web {

// [{"id","version","title","open"}]: title in each wave's default language, open on `today`
// ("YYYY-MM-DD").
std::string survey_list_json(const std::vector<model::QuestionnairePtr>& waves,
                             std::string_view today);

// {"id","version","title",...,"pages":[...]}; `open` is the open-on-today flag, as in the list.
std::string survey_definition_json(const model::Questionnaire& q, std::string_view today);

}  // namespace otos::web
