// Route matching and the per-request wrapper (see router.h). Must not know any route's meaning.
#include "web/router.h"

#include <Poco/Net/HTTPRequestHandler.h>

#include <algorithm>
#include <iostream>

#include "web/form_request.h"
#include "web/http_io.h"

namespace otos::web {

namespace {

bool is_param(const std::string& segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

class RouteHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit RouteHandler(const Router& router) : router_(router) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    try {
      dispatch(request, response);
    } catch (const std::exception& e) {
      std::cerr << "otos serve: error in " << request.getMethod() << " " << request.getURI() << ": "
                << e.what() << std::endl;
      if (!response.sent()) {
        response.setKeepAlive(false);
        send_error(response, 500, "internal error");
      }
    }
  }

 private:
  void dispatch(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
    const std::string& uri = request.getURI();
    std::string_view path(uri);
    if (auto q = path.find_first_of("?#"); q != std::string_view::npos) path = path.substr(0, q);
    std::vector<std::string> segments;
    if (path.empty() || path.front() != '/' || !split_path(path, segments)) {
      finish_unread(request, response);
      send_error(response, 400, "malformed request path");
      return;
    }
    Router::Match m = router_.match(request.getMethod(), segments);
    if (!m.fn) {
      finish_unread(request, response);
      if (m.allowed.empty()) {
        if (router_.not_found()) {
          Exchange ex{request, response, {}, std::string(path)};
          router_.not_found()(ex);
        } else {
          send_error(response, 404, "not found");
        }
      } else {
        std::string allow;
        for (const auto& a : m.allowed) allow += (allow.empty() ? "" : ", ") + a;
        response.set("Allow", allow);
        send_error(response, 405, "method " + request.getMethod() + " is not allowed here");
      }
      return;
    }
    if (!m.reads_body) {
      finish_unread(request, response);
    } else if (!request.getChunkedTransferEncoding() && !request.hasContentLength()) {
      answer_and_close(response, 411, "a request body needs Content-Length or chunked encoding");
      return;
    }
    Exchange ex{request, response, std::move(m.params), std::string(path)};
    (*m.fn)(ex);
  }

  // Drops a body the route will not read; when that is not possible, the connection closes.
  void finish_unread(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) {
    if (!discard_body(request, router_.max_body())) response.setKeepAlive(false);
  }

  const Router& router_;
};

}  // namespace

bool split_path(std::string_view path, std::vector<std::string>& segments) {
  segments.clear();
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string segment;
    if (!percent_decode(path.substr(start, slash - start), segment, /*plus_is_space=*/false))
      return false;
    if (!segment.empty()) segments.push_back(std::move(segment));
    start = slash + 1;
  }
  return true;
}

void Router::add(std::string method, std::string_view pattern, RouteFn fn, bool reads_body) {
  Route r{std::move(method), {}, std::move(fn), reads_body};
  std::string segment;
  for (char c : pattern) {
    if (c == '/') {
      if (!segment.empty()) r.segments.push_back(std::move(segment));
      segment.clear();
    } else {
      segment += c;
    }
  }
  if (!segment.empty()) r.segments.push_back(std::move(segment));
  routes_.push_back(std::move(r));
}

Router::Match Router::match(std::string_view method,
                            const std::vector<std::string>& segments) const {
  Match out;
  for (const Route& r : routes_) {
    if (r.segments.size() != segments.size()) continue;
    std::vector<std::string> params;
    bool ok = true;
    for (size_t i = 0; i < segments.size() && ok; ++i) {
      if (is_param(r.segments[i])) {
        params.push_back(segments[i]);
      } else {
        ok = r.segments[i] == segments[i];
      }
    }
    if (!ok) continue;
    // HEAD is GET without the body: Poco's response drops what a route writes after the headers.
    if (r.method == method || (method == "HEAD" && r.method == "GET")) {
      if (!out.fn) {
        out.fn = &r.fn;
        out.reads_body = r.reads_body;
        out.params = std::move(params);
      }
    } else {
      for (const char* m : {r.method.c_str(), r.method == "GET" ? "HEAD" : nullptr})
        if (m && std::find(out.allowed.begin(), out.allowed.end(), m) == out.allowed.end())
          out.allowed.push_back(m);
    }
  }
  if (out.fn) out.allowed.clear();
  return out;
}

Poco::Net::HTTPRequestHandler* RoutingFactory::createRequestHandler(
    const Poco::Net::HTTPServerRequest&) {
  return new RouteHandler(router_);
}

}  // namespace otos::web
