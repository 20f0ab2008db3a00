// Staff HTML answers, cookies, addresses and form bodies (see staff_http.h). Must not know
// sessions, roles or any page.
#include "web/staff_http.h"

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/PartHandler.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <cctype>
#include <cstdlib>
#include <sstream>

#include "web/form_request.h"
#include "web/html.h"
#include "web/http_io.h"

namespace otos::web::staff {

namespace {

std::string url_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  percent_decode(s, out, /*plus_is_space=*/true, /*keep_broken=*/true);
  return out;
}

// Keeps every file part of a multipart body in memory (the whole body is within the limit).
class KeepParts : public Poco::Net::PartHandler {
 public:
  explicit KeepParts(FormBody& body) : body_(body) {}
  void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override {
    std::string disposition;
    Poco::Net::NameValueCollection params;
    Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition", ""), disposition,
                                              params);
    std::string content;
    Poco::StreamCopier::copyToString(stream, content);
    const std::string name = params.get("name", "");
    body_.files[name] = std::move(content);
    body_.file_names[name] = params.get("filename", "");
  }

 private:
  FormBody& body_;
};

bool is_loopback(const std::string& address) {
  return address == "127.0.0.1" || address == "::1" || address.rfind("::ffff:127.", 0) == 0;
}

}  // namespace

void send_html(Exchange& ex, int status, const std::string& html) {
  auto& r = ex.response;
  r.set("Cache-Control", "no-store");
  r.set("Content-Security-Policy",
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'");
  r.set("X-Frame-Options", "DENY");
  r.set("X-Content-Type-Options", "nosniff");
  r.set("Referrer-Policy", "same-origin");
  send_body(r, status, "text/html; charset=utf-8", html);
}

void send_asset(Exchange& ex, std::string_view name, std::string_view content_type) {
  const std::string& body = html::static_file(name);
  if (body.empty()) {
    send_error(ex.response, 404, "not found");
    return;
  }
  ex.response.set("X-Content-Type-Options", "nosniff");
  send_body(ex.response, 200, content_type, body);
}

void redirect(Exchange& ex, const std::string& location) {
  ex.response.set("Location", location);
  ex.response.set("Cache-Control", "no-store");
  send_body(ex.response, 303, "text/plain; charset=utf-8", "");
}

std::string cookie(const Exchange& ex, std::string_view name) {
  Poco::Net::NameValueCollection cookies;
  ex.request.getCookies(cookies);
  return cookies.get(std::string(name), "");
}

bool secure(const Exchange& ex) {
  const char* env = std::getenv("OTOS_SECURE_COOKIES");
  if (env && std::string_view(env) == "1") return true;
  return Poco::icompare(ex.request.get("X-Forwarded-Proto", ""), "https") == 0;
}

void set_cookie(Exchange& ex, std::string_view name, std::string_view value, int max_age) {
  std::string c =
      std::string(name) + "=" + std::string(value) + "; Path=/staff; HttpOnly; SameSite=Strict";
  if (max_age >= 0) c += "; Max-Age=" + std::to_string(max_age);
  if (secure(ex)) c += "; Secure";
  ex.response.add("Set-Cookie", c);
}

std::string client_address(const Exchange& ex) {
  std::string peer = ex.request.clientAddress().host().toString();
  if (!is_loopback(peer)) return peer;
  std::string forwarded = ex.request.get("X-Forwarded-For", "");
  if (forwarded.empty()) return peer;
  auto comma = forwarded.rfind(',');
  std::string last =
      Poco::trim(comma == std::string::npos ? forwarded : forwarded.substr(comma + 1));
  return last.empty() || last.size() > 64 ? peer : last;
}

std::string base_url(const Exchange& ex) {
  std::string host = ex.request.getHost();
  bool ok = !host.empty() && host.size() <= 255;
  for (char c : host) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
          c == '[' || c == ']')) {
      ok = false;
    }
  }
  if (!ok) host = "localhost";
  return (secure(ex) ? "https://" : "http://") + host;
}

void parse_urlencoded(std::string_view text, std::map<std::string, std::string>& out) {
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t amp = text.find('&', pos);
    if (amp == std::string_view::npos) amp = text.size();
    std::string_view pair = text.substr(pos, amp - pos);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string key = url_decode(pair.substr(0, eq));
      std::string value = eq == std::string_view::npos ? "" : url_decode(pair.substr(eq + 1));
      out[key] = std::move(value);
    }
    pos = amp + 1;
  }
}

std::map<std::string, std::string> query(const Exchange& ex) {
  std::map<std::string, std::string> out;
  const std::string& uri = ex.request.getURI();
  auto q = uri.find('?');
  if (q == std::string::npos) return out;
  std::string_view rest(uri);
  rest = rest.substr(q + 1);
  if (auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  parse_urlencoded(rest, out);
  return out;
}

const std::string& FormBody::get(const std::string& name) const {
  static const std::string empty;
  auto it = fields.find(name);
  return it == fields.end() ? empty : it->second;
}

const std::string& FormBody::file_or(const std::string& name, const std::string& fallback) const {
  auto it = files.find(name);
  if (it != files.end() && !it->second.empty()) return it->second;
  return get(fallback);
}

std::optional<FormBody> read_form(Exchange& ex, size_t max_bytes) {
  std::string raw;
  BodyStatus status = read_body(ex.request, ex.response, max_bytes, raw);
  if (status != BodyStatus::Ok) {
    ex.response.setKeepAlive(false);
    int code = status == BodyStatus::TooLarge ? 413 : 400;
    send_html(
        ex, code,
        "<!DOCTYPE html><title>Request not read</title><p>" +
            html::escape(status == BodyStatus::TooLarge
                             ? "The form is larger than " + std::to_string(max_bytes) + " bytes."
                             : std::string("The form was not received whole.")) +
            "</p>");
    return std::nullopt;
  }
  FormBody body;
  const std::string type = ex.request.getContentType();
  if (type.rfind("multipart/form-data", 0) == 0) {
    try {
      Poco::Net::HTMLForm form;
      form.setFieldLimit(1000);
      KeepParts parts(body);
      std::istringstream in(raw);
      form.load(ex.request, in, parts);
      for (const auto& [k, v] : form) body.fields[k] = v;
    } catch (const Poco::Exception& e) {
      send_html(ex, 400,
                "<!DOCTYPE html><title>Bad form</title><p>The form could not be read: " +
                    html::escape(e.displayText()) + "</p>");
      return std::nullopt;
    }
  } else {
    parse_urlencoded(raw, body.fields);
  }
  return body;
}

}  // namespace otos::web::staff
