// HTTP and raw-socket helpers for the integration tests (see http_client.h).
#include "http_client.h"

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <sstream>

namespace otos::itest {

std::string HttpResult::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

Client::Client(uint16_t port, int timeout_seconds) : session_("127.0.0.1", port) {
  session_.setKeepAlive(true);
  session_.setTimeout(Poco::Timespan(timeout_seconds, 0));
}

HttpResult Client::request(const std::string& method, const std::string& path,
                           const std::string& body, const Headers& headers) {
  Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  req.setKeepAlive(true);
  bool has_type = false;
  for (const auto& [k, v] : headers) {
    req.set(k, v);
    if (Poco::icompare(k, "content-type") == 0) has_type = true;
  }
  if (!body.empty() || method == "POST" || method == "PUT") {
    if (!has_type) req.setContentType("application/json");
    req.setContentLength64(static_cast<Poco::Int64>(body.size()));
  }
  std::ostream& out = session_.sendRequest(req);
  out.write(body.data(), static_cast<std::streamsize>(body.size()));
  Poco::Net::HTTPResponse resp;
  std::istream& in = session_.receiveResponse(resp);
  HttpResult r;
  r.status = resp.getStatus();
  std::ostringstream s;
  Poco::StreamCopier::copyStream(in, s);
  r.body = s.str();
  for (const auto& [k, v] : resp) r.headers[Poco::toLower(k)] = v;
  return r;
}

HttpResult http(uint16_t port, const std::string& method, const std::string& path,
                const std::string& body, const Headers& headers) {
  Client c(port);
  return c.request(method, path, body, headers);
}

std::string raw_exchange(uint16_t port, const std::string& bytes, int timeout_ms) {
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
  socket.setReceiveTimeout(Poco::Timespan(static_cast<long>(timeout_ms) * 1000));
  size_t sent = 0;
  try {
    while (sent < bytes.size()) {
      int n = socket.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent));
      if (n <= 0) break;
      sent += static_cast<size_t>(n);
    }
  } catch (const Poco::Exception&) {
    // The server may close early (e.g. after a 413); what it answered is read below.
  }
  std::string out;
  char buffer[8192];
  try {
    for (;;) {
      int n = socket.receiveBytes(buffer, sizeof buffer);
      if (n <= 0) break;
      out.append(buffer, static_cast<size_t>(n));
    }
  } catch (const Poco::TimeoutException&) {
    // No more data within the timeout: the answer so far is what we have.
  } catch (const Poco::Net::NetException&) {
    // A reset after the answer: keep what was read.
  }
  return out;
}

int raw_status(const std::string& raw) {
  if (raw.rfind("HTTP/1.", 0) != 0 || raw.size() < 12) return 0;
  return std::stoi(raw.substr(9, 3));
}

std::string raw_body(const std::string& raw) {
  auto end = raw.find("\r\n\r\n");
  return end == std::string::npos ? "" : raw.substr(end + 4);
}

}  // namespace otos::itest
