// GET /healthz: answers at once without touching the store (it shows the server answers).
#include "web/api_routes.h"
#include "web/http_io.h"

namespace otos::web {

void health_route(Exchange& ex) { send_json(ex.response, 200, R"({"status":"ok"})"); }

}  // namespace otos::web
