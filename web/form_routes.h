// The respondent side's routes:
//   GET  /                      the open public questionnaires, in the visitor's language
//   GET  /static/{name}         CSS and the optional script (web/static/)
//   GET  /s/{survey}            a form page, the review step (?step=review) or the thank-you
//                               page (?step=done); ?page=ID picks a page, ?lang= the language
//   POST /s/{survey}            a page's answers (action=next|back) or the submission
//                               (action=submit); answered with 303 to the next GET (PRG)
//   GET/POST /s/{survey}/{token}  the same for an invitation, its draft kept under the token
// How a respondent moves through them is described in docs/forms.md.
#pragma once

#include "web/app_context.h"
#include "web/router.h"

namespace otos::web {

void add_form_routes(Router& router, AppContext& app);

}  // namespace otos::web
