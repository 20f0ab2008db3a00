// Identifiers and timestamps for storage: response ids, random tokens, ISO 8601 UTC times,
// content hashes.
// Randomness comes from libsodium only; nothing here touches a database.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace otos::storage {

// A new response id: 26 lowercase Crockford base32 characters, a millisecond timestamp followed
// by 80 random bits, so that ids sort roughly by time (index locality) and cannot be guessed.
std::string new_response_id();

// `n` characters of lowercase Crockford base32 (5 random bits each).
std::string random_base32(size_t n);

// The current time as ISO 8601 UTC with seconds, e.g. "2026-11-22T15:04:05Z".
std::string now_iso8601();

// Unix seconds as ISO 8601 UTC with seconds.
std::string iso8601_from_unix(int64_t seconds);

// The SHA-256 of `text` as 64 lowercase hex digits (SurveyVersion::sha256).
std::string sha256_hex(std::string_view text);

}  // namespace otos::storage
