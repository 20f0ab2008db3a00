// The JSON API's route table. Only registration here; handlers live in their own files.
#include "web/api_routes.h"

namespace otos::web {

void add_api_routes(Router& router, AppContext& app) {
  AppContext* a = &app;
  router.add("GET", "/healthz", [](Exchange& ex) { health_route(ex); });
  router.add("GET", "/api/v1/surveys", [a](Exchange& ex) { survey_list_route(ex, *a); });
  router.add("GET", "/api/v1/surveys/{survey}",
             [a](Exchange& ex) { survey_definition_route(ex, *a); });
  router.add(
      "POST", "/api/v1/surveys/{survey}/responses",
      [a](Exchange& ex) { submit_response_route(ex, *a); }, /*reads_body=*/true);
  router.add("GET", "/api/v1/surveys/{survey}/results",
             [a](Exchange& ex) { results_route(ex, *a); });
  router.add("GET", "/api/v1/surveys/{survey}/export", [a](Exchange& ex) { export_route(ex, *a); });
}

}  // namespace otos::web
