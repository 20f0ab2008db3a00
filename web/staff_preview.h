// A read-only preview of a questionnaire as a respondent would see it, in one language: every
// page with its questions, options, help and units, inputs disabled, and a note on each
// question shown only under a condition. Used before publishing, so it takes any valid model
// and never touches the store. Every questionnaire text is escaped.
#pragma once

#include <string>

#include "engine/model/questionnaire.h"

namespace otos::web::staff {

std::string preview_html(const model::Questionnaire& q, const std::string& lang);

}  // namespace otos::web::staff
