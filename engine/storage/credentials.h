// Staff credentials: generated passwords and API tokens, their argon2id hashes (libsodium), and a
// small in-memory cache of verified tokens so that repeat API calls skip the slow hash.
// Secrets are never stored: only crypto_pwhash_str strings. Nothing here touches a database.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "engine/storage/store.h"

namespace otos::storage {

// A fresh password: 4 groups of 5 base32 characters joined by '-' (100 bits).
std::string generate_password();

// A fresh API token "otos_<token_id>_<secret>": token_id 10 base32 characters (the lookup key,
// not secret), secret 32 random bytes in base64url.
struct ApiToken {
  std::string token_id;
  std::string full;  // what the user gets
};
ApiToken generate_api_token();

// The token_id of an API token, or nullopt when it is not of the form above.
std::optional<std::string> api_token_id(std::string_view token);

// argon2id hash strings. Passwords: OPSLIMIT/MEMLIMIT_INTERACTIVE. API tokens carry 256 random
// bits, so their hash only needs to be one-way, not slow: a cheap argon2id setting.
std::string hash_password(std::string_view password);
std::string hash_api_token(std::string_view token);
// Constant-time verification against a stored hash string; false on any error.
bool verify_hash(const std::string& stored, std::string_view secret);

// Hex of the BLAKE2b hash of a session token: what the sessions table keys on, so that the
// database never holds a token that would sign anyone in.
std::string session_token_hash(std::string_view token);

// Remembers which full tokens verified, keyed by their BLAKE2b hash (the token itself is not
// kept). Thread-safe; bounded (cleared when full). An entry lives 60 s, so that a token replaced
// or a role changed on another server stops counting within a minute; clear() forgets at once.
class TokenCache {
 public:
  std::optional<User> find(std::string_view token);
  void remember(std::string_view token, const User& user);
  void clear();

 private:
  struct Entry {
    User user;
    int64_t expires_ms = 0;  // steady clock
  };
  static std::string key(std::string_view token);
  std::mutex mu_;
  std::unordered_map<std::string, Entry> users_;
};

}  // namespace otos::storage
