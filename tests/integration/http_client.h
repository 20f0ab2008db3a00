// Test support: HTTP requests to a local otos server through Poco's client (keep-alive capable),
// and raw socket exchanges for requests no well-behaved client would send.
#pragma once

#include <Poco/Net/HTTPClientSession.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace otos::itest {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpResult {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string header(const std::string& lower_name) const;
};

// One keep-alive connection; each call sends one request and reads the whole answer.
class Client {
 public:
  explicit Client(uint16_t port, int timeout_seconds = 30);
  HttpResult request(const std::string& method, const std::string& path,
                     const std::string& body = "", const Headers& headers = {});
  HttpResult get(const std::string& path, const Headers& headers = {}) {
    return request("GET", path, "", headers);
  }
  HttpResult post(const std::string& path, const std::string& body, const Headers& headers = {}) {
    return request("POST", path, body, headers);
  }

 private:
  Poco::Net::HTTPClientSession session_;
};

// A fresh connection per call.
HttpResult http(uint16_t port, const std::string& method, const std::string& path,
                const std::string& body = "", const Headers& headers = {});

// Sends `bytes` on a new connection, then reads until the server closes or `timeout_ms` passes
// without data. Returns everything read (the raw answer).
std::string raw_exchange(uint16_t port, const std::string& bytes, int timeout_ms = 5000);
// The status code of a raw HTTP answer ("HTTP/1.1 404 ..."), 0 when there is none.
int raw_status(const std::string& raw);
// The body after the blank line of a raw answer (not de-chunked).
std::string raw_body(const std::string& raw);

}  // namespace otos::itest
