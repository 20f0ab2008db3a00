// Identifiers and timestamps for storage (see ids.h). libsodium's CSPRNG for every random bit.
#include "engine/storage/ids.h"

#include <sodium.h>

#include <chrono>
#include <ctime>

#include "engine/storage/store.h"

namespace otos::storage {

namespace {

constexpr char kBase32[] = "0123456789abcdefghjkmnpqrstvwxyz";
constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void ensure_sodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) throw StoreError("libsodium could not be initialised");
}

}  // namespace

std::string random_base32(size_t n) {
  ensure_sodium();
  std::string out(n, '0');
  for (size_t i = 0; i < n; ++i) out[i] = kBase32[randombytes_uniform(32)];
  return out;
}

std::string new_response_id() {
  ensure_sodium();
  uint64_t ms = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
  // Ids are made on every request thread: take their random bits from a per-thread pool filled
  // by one CSPRNG call per 25 ids, instead of one getrandom(2) per id. (otos never forks, so no
  // two processes share a pool.)
  thread_local unsigned char pool[250];
  thread_local size_t used = sizeof pool;
  if (used + 10 > sizeof pool) {
    randombytes_buf(pool, sizeof pool);
    used = 0;
  }
  const unsigned char* rnd = pool + used;
  used += 10;
  // 48 bits of time (10 chars) + 80 random bits (16 chars).
  std::string out(26, '0');
  for (int i = 9; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kBase32[ms & 31];
    ms >>= 5;
  }
  uint64_t hi = 0;
  uint64_t lo = 0;
  for (int i = 0; i < 5; ++i) hi = (hi << 8) | rnd[i];
  for (int i = 5; i < 10; ++i) lo = (lo << 8) | rnd[i];
  for (int i = 7; i >= 0; --i) {
    out[static_cast<size_t>(10 + i)] = kBase32[hi & 31];
    out[static_cast<size_t>(18 + i)] = kBase32[lo & 31];
    hi >>= 5;
    lo >>= 5;
  }
  return out;
}

std::string iso8601_from_unix(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string now_iso8601() {
  return iso8601_from_unix(std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count());
}

std::string random_token(size_t bytes) {
  ensure_sodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out;
  out.reserve((bytes * 4 + 2) / 3);
  size_t i = 0;
  auto u = [&](size_t k) { return static_cast<unsigned char>(raw[k]); };
  for (; i + 3 <= bytes; i += 3) {
    uint32_t v = (u(i) << 16) | (u(i + 1) << 8) | u(i + 2);
    out += kBase64Url[(v >> 18) & 63];
    out += kBase64Url[(v >> 12) & 63];
    out += kBase64Url[(v >> 6) & 63];
    out += kBase64Url[v & 63];
  }
  if (bytes - i == 1) {
    uint32_t v = u(i) << 16;
    out += kBase64Url[(v >> 18) & 63];
    out += kBase64Url[(v >> 12) & 63];
  } else if (bytes - i == 2) {
    uint32_t v = (u(i) << 16) | (u(i + 1) << 8);
    out += kBase64Url[(v >> 18) & 63];
    out += kBase64Url[(v >> 12) & 63];
    out += kBase64Url[(v >> 6) & 63];
  }
  return out;
}

std::string sha256_hex(std::string_view text) {
  ensure_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * sizeof digest);
  for (unsigned char b : digest) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

}  // namespace otos::storage
