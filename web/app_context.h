// What route handlers share: the store, the questionnaire registry, the body limit and the
// clock. Built once by `otos serve` (or a test) and outlives the server.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "engine/storage/store.h"
#include "web/survey_registry.h"

namespace otos::web {

struct AppContext {
  storage::Store& store;
  SurveyRegistry& surveys;
  size_t max_body_bytes = 1 << 20;
  // How often routes look for waves stored by another server (SurveyRegistry::refresh).
  std::chrono::milliseconds survey_refresh{5000};
  // Today as "YYYY-MM-DD" in the server's local time zone: decides whether a wave is open.
  std::function<std::string()> today;
};

// The local date, "YYYY-MM-DD".
std::string local_date_today();

}  // namespace otos::web
