// HMAC tokens for the forms and the stored secret they are keyed with.
#include "web/form_csrf.h"

#include <sodium.h>

#include <stdexcept>

namespace otos::web {

namespace {

std::string to_hex(const unsigned char* bytes, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += digits[bytes[i] >> 4];
    out += digits[bytes[i] & 15];
  }
  return out;
}

bool from_hex(std::string_view hex, std::string& out) {
  auto value = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) return false;
  out.clear();
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = value(hex[i]), lo = value(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out += static_cast<char>(hi * 16 + lo);
  }
  return true;
}

}  // namespace

FormSecret FormSecret::load_or_create(storage::Store& store) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  const std::string key(kFormSecretKey);
  std::string bytes;
  std::optional<storage::Draft> stored = store.load_draft(key);
  if (stored && from_hex(stored->answers_json, bytes) && bytes.size() >= 32) {
    return FormSecret(bytes);
  }
  unsigned char fresh[32];
  randombytes_buf(fresh, sizeof fresh);
  storage::Draft d;
  d.token = key;
  d.answers_json = to_hex(fresh, sizeof fresh);
  store.save_draft(d);
  // Another server may have written its own secret at the same moment: whichever the store
  // kept is the one every server uses.
  stored = store.load_draft(key);
  if (stored && from_hex(stored->answers_json, bytes) && bytes.size() >= 32) {
    return FormSecret(bytes);
  }
  return FormSecret(std::string(reinterpret_cast<const char*>(fresh), sizeof fresh));
}

std::string FormSecret::token_for(std::string_view session_key) const {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key_.data()),
                              key_.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(session_key.data()),
                                session_key.size());
  crypto_auth_hmacsha256_final(&state, mac);
  char out[sodium_base64_ENCODED_LEN(crypto_auth_hmacsha256_BYTES,
                                     sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

bool FormSecret::check(std::string_view session_key, std::string_view token) const {
  std::string expected = token_for(session_key);
  if (token.size() != expected.size()) return false;
  return sodium_memcmp(expected.data(), token.data(), expected.size()) == 0;
}

}  // namespace otos::web
