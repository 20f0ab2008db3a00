// The server's clock for open/close dates. Must not do anything else.
#include "web/app_context.h"

#include <ctime>

namespace otos::web {

std::string local_date_today() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &local);
  return buffer;
}

}  // namespace otos::web
