// Reading bounded request bodies and writing JSON answers (see http_io.h). Must not route or
// decide anything about surveys.
#include "web/http_io.h"

#include <Poco/Net/HTTPResponse.h>
#include <Poco/NumberParser.h>

#include <istream>

#include "engine/common/answer_value.h"

namespace otos::web {

using Poco::Net::HTTPResponse;

std::string error_json(std::string_view message, const std::vector<FieldError>& errors) {
  std::string out = "{\"error\":";
  append_json_string(out, message);
  out += ",\"errors\":[";
  for (size_t i = 0; i < errors.size(); ++i) {
    if (i) out += ',';
    out += "{\"question\":";
    append_json_string(out, errors[i].question);
    out += ",\"message\":";
    append_json_string(out, errors[i].message);
    out += '}';
  }
  out += "]}";
  return out;
}

void send_body(Poco::Net::HTTPServerResponse& response, int status, std::string_view content_type,
               std::string_view body) {
  response.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(status));
  response.setContentType(std::string(content_type));
  response.setContentLength64(static_cast<Poco::Int64>(body.size()));
  response.sendBuffer(body.data(), body.size());
}

void send_json(Poco::Net::HTTPServerResponse& response, int status, std::string_view json) {
  send_body(response, status, "application/json; charset=utf-8", json);
}

void send_error(Poco::Net::HTTPServerResponse& response, int status, std::string_view message,
                const std::vector<FieldError>& errors) {
  send_json(response, status, error_json(message, errors));
}

namespace {

// The declared Content-Length: -1 when there is none, -2 when it is not a number of bytes.
Poco::Int64 declared_length(const Poco::Net::HTTPServerRequest& request) {
  if (!request.hasContentLength()) return -1;
  Poco::Int64 n = 0;
  if (!Poco::NumberParser::tryParse64(request.get(Poco::Net::HTTPMessage::CONTENT_LENGTH), n) ||
      n < 0) {
    return -2;
  }
  return n;
}

}  // namespace

bool has_body(const Poco::Net::HTTPServerRequest& request) {
  if (request.getChunkedTransferEncoding()) return true;
  return declared_length(request) != 0 && request.hasContentLength();
}

BodyStatus read_body(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                     size_t max, std::string& out) {
  out.clear();
  const bool chunked = request.getChunkedTransferEncoding();
  Poco::Int64 declared = -1;
  if (!chunked && request.hasContentLength()) {
    declared = declared_length(request);
    if (declared == -2) return BodyStatus::BadLength;
    if (static_cast<Poco::UInt64>(declared) > max) return BodyStatus::TooLarge;
  }
  if (!chunked && declared <= 0) return BodyStatus::Ok;  // no body (POST needs one: see router)
  if (request.getExpectContinue()) response.sendContinue();

  std::istream& in = request.stream();
  const size_t want = chunked ? max + 1 : static_cast<size_t>(declared);
  out.resize(want);
  size_t got = 0;
  while (got < want && in) {
    in.read(out.data() + got, static_cast<std::streamsize>(want - got));
    got += static_cast<size_t>(in.gcount());
  }
  out.resize(got);
  if (got > max) return BodyStatus::TooLarge;
  if (in.bad()) return BodyStatus::Incomplete;
  if (!chunked && got < want) return BodyStatus::Incomplete;
  return BodyStatus::Ok;
}

bool discard_body(Poco::Net::HTTPServerRequest& request, size_t max) {
  if (!has_body(request)) return true;
  if (!request.getChunkedTransferEncoding()) {
    Poco::Int64 declared = declared_length(request);
    if (declared < 0 || static_cast<Poco::UInt64>(declared) > max) return false;
  }
  if (request.getExpectContinue()) return false;  // never asked for it: close instead
  std::istream& in = request.stream();
  char buffer[16384];
  size_t total = 0;
  while (in && total <= max) {
    in.read(buffer, sizeof buffer);
    total += static_cast<size_t>(in.gcount());
  }
  return !in.bad() && in.eof() && total <= max;
}

void answer_and_close(Poco::Net::HTTPServerResponse& response, int status,
                      std::string_view message) {
  response.setKeepAlive(false);
  send_error(response, status, message);
}

void answer_body_status(Poco::Net::HTTPServerResponse& response, BodyStatus status, size_t max) {
  switch (status) {
    case BodyStatus::Ok:
      return;
    case BodyStatus::TooLarge:
      answer_and_close(response, 413,
                       "request body is larger than " + std::to_string(max) + " bytes");
      return;
    case BodyStatus::Incomplete:
      answer_and_close(response, 400, "request body is incomplete");
      return;
    case BodyStatus::BadLength:
      answer_and_close(response, 400, "Content-Length is not a number of bytes");
      return;
  }
}

}  // namespace otos::web
