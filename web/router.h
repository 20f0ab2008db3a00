// The route table and the Poco request-handler factory that dispatches by method and path.
// A route is METHOD + a pattern of '/'-separated segments where "{name}" matches one non-empty
// segment (percent-decoded); HEAD matches every GET route. An unknown path goes to the not-found
// route (a 404 in the contract's error JSON unless one is set) and a known path with another
// method is 405 with Allow in the error JSON. Every route runs inside one try/catch: an
// exception that escapes a route is logged and answered 500 (a bug, never expected).
// Bodies: a route declared `reads_body` reads it itself (http_io.h read_body); for every other
// route a body is read and dropped before the route runs, so keep-alive stays in step.
#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace otos::web {

struct Exchange {
  Poco::Net::HTTPServerRequest& request;
  Poco::Net::HTTPServerResponse& response;
  std::vector<std::string> params;  // the pattern's {name} segments, in order
  std::string path;                 // decoded path without the query
};

using RouteFn = std::function<void(Exchange&)>;

class Router {
 public:
  explicit Router(size_t max_body_bytes) : max_body_(max_body_bytes) {}

  // Later routes do not override earlier ones: the first matching pattern wins.
  void add(std::string method, std::string_view pattern, RouteFn fn, bool reads_body = false);

  struct Match {
    const RouteFn* fn = nullptr;  // null: not found or method not allowed
    bool reads_body = false;
    std::vector<std::string> params;
    std::vector<std::string> allowed;  // methods of the path when fn is null (empty: 404)
  };
  Match match(std::string_view method, const std::vector<std::string>& segments) const;

  size_t max_body() const { return max_body_; }

  // What answers a path no route has (any method; the body is already dropped). Unset: a 404
  // in the contract's error JSON.
  void set_not_found(RouteFn fn) { not_found_ = std::move(fn); }
  const RouteFn& not_found() const { return not_found_; }

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{x}" = parameter
    RouteFn fn;
    bool reads_body;
  };
  size_t max_body_;
  std::vector<Route> routes_;
  RouteFn not_found_;
};

// Splits "/a/b%20c/" into {"a", "b c"} (empty segments dropped). False on a bad escape.
bool split_path(std::string_view path, std::vector<std::string>& segments);

class RoutingFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit RoutingFactory(const Router& router) : router_(router) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest& request) override;

 private:
  const Router& router_;
};

}  // namespace otos::web
