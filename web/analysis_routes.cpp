// GET /api/v1/surveys/{survey}/results and .../export: analyst or admin only; the bodies come
// from analysis/api (the same as `otos results` and `otos export`). Exports stream in chunks,
// so a million rows never sit in memory. No statistics here.
#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <charconv>
#include <iostream>
#include <map>
#include <ostream>

#include "analysis/api.h"
#include "web/api_routes.h"
#include "web/auth.h"
#include "web/http_io.h"

namespace otos::web {

namespace {

using storage::Role;

// Query parameters; false (400 sent) when the query is not decodable.
bool query_params(Exchange& ex, std::map<std::string, std::string>* out) {
  try {
    Poco::URI uri(ex.request.getURI());
    for (const auto& [k, v] : uri.getQueryParameters()) (*out)[k] = v;
    return true;
  } catch (const Poco::Exception& e) {
    send_error(ex.response, 400, "malformed query: " + e.message());
    return false;
  }
}

// Optional "version" parameter; false (400 sent) when it is not a positive integer.
bool version_param(Exchange& ex, const std::map<std::string, std::string>& params,
                   std::optional<int>* version) {
  auto it = params.find("version");
  if (it == params.end() || it->second.empty()) return true;
  int v = 0;
  const std::string& s = it->second;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v <= 0) {
    send_error(ex.response, 400, "version must be a positive integer, not '" + s + "'");
    return false;
  }
  *version = v;
  return true;
}

std::string get(const std::map<std::string, std::string>& params, const std::string& key,
                const std::string& fallback = "") {
  auto it = params.find(key);
  return it == params.end() ? fallback : it->second;
}

std::string export_content_type(const std::string& format) {
  if (format == "csv" || format == "codebook") return "text/csv; charset=utf-8";
  if (format == "json") return "application/json; charset=utf-8";
  if (format == "sav") return "application/x-spss-sav";
  if (format == "xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  return "";
}

}  // namespace

void results_route(Exchange& ex, AppContext& app) {
  if (!require_role(ex, app.store, {Role::Admin, Role::Analyst})) return;
  std::map<std::string, std::string> params;
  if (!query_params(ex, &params)) return;
  analysis::ResultsParams p;
  p.survey = ex.params[0];
  if (!version_param(ex, params, &p.version)) return;
  p.by = get(params, "by");
  const std::string trend = get(params, "trend");
  p.trend = trend == "1" || trend == "true";
  p.format = get(params, "format", "json");
  p.lang = get(params, "lang");
  analysis::Outcome out = analysis::results_body(app.store, app.surveys.waves(), p);
  if (out.status != 200) {
    send_error(ex.response, out.status, out.error);
    return;
  }
  // A download for the formats a person opens in a program, named like the export's files.
  if (p.format == "csv" || p.format == "xlsx") {
    if (model::QuestionnairePtr q = app.surveys.waves().find(p.survey, p.version))
      ex.response.set("Content-Disposition", "attachment; filename=\"" + q->id + "_" +
                                                 std::to_string(q->version) + "_results." +
                                                 p.format + "\"");
  }
  send_body(ex.response, 200, out.content_type, out.body);
}

void export_route(Exchange& ex, AppContext& app) {
  if (!require_role(ex, app.store, {Role::Admin, Role::Analyst})) return;
  std::map<std::string, std::string> params;
  if (!query_params(ex, &params)) return;
  analysis::ExportParams p;
  p.survey = ex.params[0];
  if (!version_param(ex, params, &p.version)) return;
  p.format = get(params, "format", "csv");
  p.lang = get(params, "lang");
  const std::string content_type = export_content_type(p.format);
  if (content_type.empty()) {
    send_error(ex.response, 400,
               "unknown format '" + p.format + "' (csv, codebook, xlsx, json or sav)");
    return;
  }
  analysis::Waves waves = app.surveys.waves();
  model::QuestionnairePtr q = waves.find(p.survey, p.version);
  if (!q) {  // stream_export words the error (a wave named twice, an unknown one, a language)
    analysis::Outcome out = analysis::stream_export(app.store, waves, p, [](std::string_view) {});
    send_error(ex.response, out.status, out.error);
    return;
  }
  // Streams: the answer starts with the first bytes, chunked.
  std::ostream* body = nullptr;
  analysis::Outcome out = analysis::stream_export(app.store, waves, p, [&](std::string_view s) {
    if (!body) {
      ex.response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
      ex.response.setContentType(content_type);
      ex.response.setChunkedTransferEncoding(true);
      const std::string ext = p.format == "codebook" ? "csv" : p.format;
      ex.response.set("Content-Disposition",
                      "attachment; filename=\"" + q->id + "_" + std::to_string(q->version) +
                          (p.format == "codebook" ? "_codebook." : ".") + ext + "\"");
      body = &ex.response.send();
    }
    body->write(s.data(), static_cast<std::streamsize>(s.size()));
  });
  if (out.status != 200) {
    if (!body) {
      send_error(ex.response, out.status, out.error);
    } else {
      std::cerr << "otos serve: export of " << q->key() << " failed midway: " << out.error
                << std::endl;
      ex.response.setKeepAlive(false);
    }
    return;
  }
  if (!body) send_body(ex.response, 200, content_type, "");
}

}  // namespace otos::web
