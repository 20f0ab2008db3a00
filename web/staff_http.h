// HTTP plumbing of the staff workspace (/staff/...): HTML answers with the security headers
// every staff page carries, redirects, cookies, the client's address, and reading a form body
// (application/x-www-form-urlencoded or multipart/form-data) within the body limit.
// No sessions, roles or page content here (staff_auth.h, staff_page.h).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "web/router.h"

namespace otos::web::staff {

// Sends a whole HTML page: no-store caching, a Content-Security-Policy that allows no script,
// no framing, and a same-origin referrer (invitation links carry secrets).
void send_html(Exchange& ex, int status, const std::string& html);

// A file of web/static/ (200), or 404 when there is none.
void send_asset(Exchange& ex, std::string_view name, std::string_view content_type);

// 303 See Other to `location` (a path on this server).
void redirect(Exchange& ex, const std::string& location);

// The value of cookie `name` in the request, "" when absent.
std::string cookie(const Exchange& ex, std::string_view name);

// Adds a Set-Cookie for /staff: HttpOnly, SameSite=Strict, Secure when secure(ex). An empty
// value with max_age 0 deletes it; max_age < 0 means a browser-session cookie.
void set_cookie(Exchange& ex, std::string_view name, std::string_view value, int max_age = -1);

// True when the page was reached over HTTPS: X-Forwarded-Proto: https from a proxy, or
// OTOS_SECURE_COOKIES=1 in the environment.
bool secure(const Exchange& ex);

// The client's address: the peer, or, when the peer is a local proxy (loopback), the last
// address of X-Forwarded-For.
std::string client_address(const Exchange& ex);

// "http(s)://HOST" as the browser reached this server (for personal links).
std::string base_url(const Exchange& ex);

// The query parameters of the request (decoded); empty on a malformed query.
std::map<std::string, std::string> query(const Exchange& ex);

struct FormBody {
  std::map<std::string, std::string> fields;  // last value wins
  std::map<std::string, std::string> files;   // file parts: field name -> content
  std::map<std::string, std::string> file_names;

  const std::string& get(const std::string& name) const;
  // The file part `name` when one was sent with content, else the field `fallback`.
  const std::string& file_or(const std::string& name, const std::string& fallback) const;
};

// Reads and parses the body. On failure the error page (400, 411, 413) has been sent and the
// result is empty.
std::optional<FormBody> read_form(Exchange& ex, size_t max_bytes);

// Parses an urlencoded string ("a=1&b=x+y") into `out` (for tests and queries).
void parse_urlencoded(std::string_view text, std::map<std::string, std::string>& out);

}  // namespace otos::web::staff
