// Small helpers every route uses to read a request body within the size limit and to answer with
// JSON, including the contract's error shape {"error": "...", "errors": [{"question","message"}]}.
// No routing and no business rules here.
#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace otos::web {

struct FieldError {
  std::string question;
  std::string message;
};

// {"error":"MESSAGE","errors":[{"question":"..","message":".."},...]}
std::string error_json(std::string_view message, const std::vector<FieldError>& errors = {});

// Sends the whole answer with Content-Length (never after something was already sent).
void send_body(Poco::Net::HTTPServerResponse& response, int status, std::string_view content_type,
               std::string_view body);
void send_json(Poco::Net::HTTPServerResponse& response, int status, std::string_view json);
void send_error(Poco::Net::HTTPServerResponse& response, int status, std::string_view message,
                const std::vector<FieldError>& errors = {});

enum class BodyStatus {
  Ok,
  TooLarge,    // over the limit: from Content-Length before reading, or counted while reading
  Incomplete,  // the client stopped before the declared end, or a chunk was malformed
  BadLength,   // a Content-Length that is not a number of bytes
};

// Reads the request body into `out`, at most `max` bytes. Refuses a declared Content-Length over
// `max` without reading anything; counts chunked bodies and stops at max + 1. Sends
// "100 Continue" first when the client asked for it and the body is acceptable. After anything
// but Ok the rest of the body is unread: the caller answers and the connection must close
// (answer_and_close does both).
BodyStatus read_body(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                     size_t max, std::string& out);

// Reads and drops a body the route does not use (at most `max` bytes). False when more remains
// (or it broke): then the connection must not be reused.
bool discard_body(Poco::Net::HTTPServerRequest& request, size_t max);

// True when the request announces a body: a Content-Length above 0 or chunked encoding.
bool has_body(const Poco::Net::HTTPServerRequest& request);

// Answers an error and marks the connection to close (its body was not consumed).
void answer_and_close(Poco::Net::HTTPServerResponse& response, int status,
                      std::string_view message);

// The status code's reason phrase plus the line for a body read failure.
void answer_body_status(Poco::Net::HTTPServerResponse& response, BodyStatus status, size_t max);

}  // namespace otos::web
