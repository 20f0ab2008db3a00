// GET /api/v1/surveys and GET /api/v1/surveys/{survey}: the registry's waves as JSON.
#include "web/api_routes.h"
#include "web/http_io.h"
#include "web/survey_json.h"

namespace otos::web {

void survey_list_route(Exchange& ex, AppContext& app) {
  app.surveys.refresh(app.store, app.survey_refresh);
  send_json(ex.response, 200, survey_list_json(app.surveys.newest(), app.today()));
}

void survey_definition_route(Exchange& ex, AppContext& app) {
  app.surveys.refresh(app.store, app.survey_refresh);
  model::QuestionnairePtr q = app.surveys.find(ex.params[0]);
  if (!q) {
    send_error(ex.response, 404, "unknown survey '" + ex.params[0] + "'");
    return;
  }
  send_json(ex.response, 200, survey_definition_json(*q, app.today()));
}

}  // namespace otos::web
