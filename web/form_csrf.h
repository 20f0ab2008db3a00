// The forms' anti-forgery tokens: HMAC-SHA256 (libsodium) of the form session's key under a
// server secret. The secret is kept in the database (a reserved draft key that no invitation
// token can take), so that every server sharing the database, and the same server after a
// restart, accept the tokens it handed out. No HTTP here.
#pragma once

#include <string>
#include <string_view>

#include "engine/storage/store.h"

namespace otos::web {

class FormSecret {
 public:
  // `key` is at least 32 random bytes.
  explicit FormSecret(std::string key) : key_(std::move(key)) {}

  // Reads the secret from the store, creating it on first use. Throws storage::StoreError.
  static FormSecret load_or_create(storage::Store& store);

  // The token for a form session, URL-safe base64 (43 characters).
  std::string token_for(std::string_view session_key) const;
  // Constant-time comparison with the expected token.
  bool check(std::string_view session_key, std::string_view token) const;

 private:
  std::string key_;
};

// The draft key that holds the secret (contains ':', which random tokens never do).
inline constexpr std::string_view kFormSecretKey = "otos:form-secret";

}  // namespace otos::web
