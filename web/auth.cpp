// Bearer-token checks for staff routes (see auth.h). Must not know any route.
#include "web/auth.h"

#include <Poco/String.h>

#include <algorithm>

#include "web/http_io.h"

namespace otos::web {

std::optional<storage::User> require_role(Exchange& ex, storage::Store& store,
                                          std::initializer_list<storage::Role> roles) {
  // A copy: get() with a default returns a reference to that default, a temporary here.
  const std::string header = ex.request.get("Authorization", "");
  std::string token;
  if (header.size() > 7 && Poco::icompare(header.substr(0, 7), "bearer ") == 0) {
    token = Poco::trim(header.substr(7));
  }
  std::optional<storage::User> user;
  if (!token.empty()) user = store.authenticate_token(token);
  if (!user) {
    ex.response.set("WWW-Authenticate", "Bearer realm=\"otos\"");
    send_error(ex.response, 401,
               token.empty() ? "this route needs an API token: Authorization: Bearer TOKEN"
                             : "the API token is not valid");
    return std::nullopt;
  }
  if (std::find(roles.begin(), roles.end(), user->role) == roles.end()) {
    send_error(ex.response, 403,
               "the role " + storage::to_string(user->role) + " may not use this route");
    return std::nullopt;
  }
  return user;
}

}  // namespace otos::web
