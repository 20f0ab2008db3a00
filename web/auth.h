// Staff API authentication: `Authorization: Bearer TOKEN` checked with Store::authenticate_token.
// Answers 401 (no or unknown token, with WWW-Authenticate) or 403 (role not allowed) itself.
#pragma once

#include <initializer_list>
#include <optional>

#include "engine/storage/store.h"
#include "web/router.h"

namespace otos::web {

// The user when the request carries a valid token of one of `roles`; otherwise the error has
// been sent and the result is empty.
std::optional<storage::User> require_role(Exchange& ex, storage::Store& store,
                                          std::initializer_list<storage::Role> roles);

}  // namespace otos::web
