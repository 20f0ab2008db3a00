// The JSON API's routes and their handlers, one thin function per route (each in its own file):
//   GET  /healthz                                  health_route.cpp
//   GET  /api/v1/surveys, /api/v1/surveys/{survey} surveys_routes.cpp
//   POST /api/v1/surveys/{survey}/responses        responses_route.cpp
//   GET  /api/v1/surveys/{survey}/results|export   analysis_routes.cpp
// add_api_routes registers them all; docs/api.md describes each.
#pragma once

#include "web/app_context.h"
#include "web/router.h"

namespace otos::web {

void add_api_routes(Router& router, AppContext& app);

void health_route(Exchange& ex);
void survey_list_route(Exchange& ex, AppContext& app);
void survey_definition_route(Exchange& ex, AppContext& app);
void submit_response_route(Exchange& ex, AppContext& app);
void results_route(Exchange& ex, AppContext& app);
void export_route(Exchange& ex, AppContext& app);

}  // namespace otos::web
