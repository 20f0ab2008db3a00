// Staff credentials (see credentials.h): generation, argon2id hashing, verification, token cache.
#include "engine/storage/credentials.h"

#include <sodium.h>

#include <chrono>

#include "engine/storage/ids.h"

namespace otos::storage {

namespace {

constexpr size_t kTokenCacheMax = 10000;
constexpr unsigned long long kTokenOps = crypto_pwhash_argon2id_OPSLIMIT_MIN;
constexpr size_t kTokenMem = 1024 * 1024;

std::string pwhash(std::string_view secret, unsigned long long ops, size_t mem) {
  if (sodium_init() < 0) throw StoreError("libsodium could not be initialised");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, secret.data(), secret.size(), ops, mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw StoreError("out of memory while hashing a secret");
  }
  return out;
}

}  // namespace

std::string to_string(Role role) {
  switch (role) {
    case Role::Admin:
      return "admin";
    case Role::Analyst:
      return "analyst";
    case Role::Coordinator:
      return "coordinator";
  }
  return "analyst";
}

std::optional<Role> role_from_string(const std::string& name) {
  if (name == "admin") return Role::Admin;
  if (name == "analyst") return Role::Analyst;
  if (name == "coordinator") return Role::Coordinator;
  return std::nullopt;
}

std::string generate_password() {
  std::string out;
  for (int g = 0; g < 4; ++g) {
    if (g) out += '-';
    out += random_base32(5);
  }
  return out;
}

ApiToken generate_api_token() {
  ApiToken t;
  t.token_id = random_base32(10);
  t.full = "otos_" + t.token_id + "_" + random_token(32);
  return t;
}

std::optional<std::string> api_token_id(std::string_view token) {
  constexpr std::string_view kPrefix = "otos_";
  if (token.size() < kPrefix.size() + 12 || token.substr(0, kPrefix.size()) != kPrefix) {
    return std::nullopt;
  }
  size_t sep = token.find('_', kPrefix.size());
  if (sep == std::string_view::npos || sep == kPrefix.size() || sep + 1 == token.size()) {
    return std::nullopt;
  }
  return std::string(token.substr(kPrefix.size(), sep - kPrefix.size()));
}

std::string hash_password(std::string_view password) {
  return pwhash(password, crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE,
                crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE);
}

std::string hash_api_token(std::string_view token) { return pwhash(token, kTokenOps, kTokenMem); }

bool verify_hash(const std::string& stored, std::string_view secret) {
  if (sodium_init() < 0) return false;
  if (stored.empty()) return false;
  return crypto_pwhash_str_verify(stored.c_str(), secret.data(), secret.size()) == 0;
}

std::string TokenCache::key(std::string_view token) {
  unsigned char h[crypto_generichash_BYTES];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return std::string(reinterpret_cast<const char*>(h), sizeof h);
}

namespace {
constexpr int64_t kTokenCacheTtlMs = 60'000;

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

std::string session_token_hash(std::string_view token) {
  unsigned char h[crypto_generichash_BYTES];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : h) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

std::optional<User> TokenCache::find(std::string_view token) {
  std::string k = key(token);
  std::lock_guard lock(mu_);
  auto it = users_.find(k);
  if (it == users_.end()) return std::nullopt;
  if (it->second.expires_ms < steady_ms()) {
    users_.erase(it);
    return std::nullopt;
  }
  return it->second.user;
}

void TokenCache::remember(std::string_view token, const User& user) {
  std::string k = key(token);
  std::lock_guard lock(mu_);
  if (users_.size() >= kTokenCacheMax) users_.clear();
  users_[k] = Entry{user, steady_ms() + kTokenCacheTtlMs};
}

void TokenCache::clear() {
  std::lock_guard lock(mu_);
  users_.clear();
}

}  // namespace otos::storage
