// Results and exports over a Store, for the CLI and the web routes.
#include "analysis/api.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "analysis/results_csv.h"
#include "analysis/results_json.h"
#include "analysis/results_text.h"
#include "analysis/results_xlsx.h"
#include "engine/validate/validate.h"

namespace otos::analysis {
namespace {

std::string today_utc() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// A temp file path that is removed when this goes out of scope.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string& suffix) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "otos-XXXXXX").string() + suffix;
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    const int fd = mkstemps(buf.data(), static_cast<int>(suffix.size()));
    if (fd >= 0) {
      ::close(fd);
      path = buf.data();
    }
  }
  ~TempFile() {
    if (!path.empty()) std::remove(path.c_str());
  }
  std::string read() const {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
};

Outcome fail(int status, std::string message) {
  Outcome o;
  o.status = status;
  o.error = std::move(message);
  return o;
}

// The wave asked for, checked with the language asked for; else null and the error. A wave
// named twice (id@2025 and version 2026) is refused rather than one of them silently winning.
model::QuestionnairePtr find_or_fail(const Waves& waves, const std::string& survey,
                                     std::optional<int> version, const std::string& lang,
                                     Outcome* error) {
  if (const auto at = survey.find('@');
      at != std::string::npos && version && survey.substr(at + 1) != std::to_string(*version)) {
    *error = fail(400, "'" + survey + "' and version " + std::to_string(*version) +
                           " name two waves; give one");
    return {};
  }
  model::QuestionnairePtr q = waves.find(survey, version);
  if (!q) {
    *error = fail(404, "unknown survey '" + survey + "'" +
                           (version ? " version " + std::to_string(*version) : ""));
    return {};
  }
  const auto& langs = q->languages;
  if (!lang.empty() && std::find(langs.begin(), langs.end(), lang) == langs.end()) {
    std::string list;
    for (const auto& l : langs) list += (list.empty() ? "" : ", ") + l;
    *error = fail(400, "language '" + lang + "' is not one of " + q->key() + "'s: " + list);
    return {};
  }
  return q;
}

}  // namespace

model::QuestionnairePtr Waves::find(const std::string& survey, std::optional<int> version) const {
  std::string id = survey;
  if (auto at = survey.find('@'); at != std::string::npos) {
    id = survey.substr(0, at);
    try {
      size_t used = 0;
      const int v = std::stoi(survey.substr(at + 1), &used);
      if (used != survey.size() - at - 1) return nullptr;
      if (!version) version = v;
    } catch (const std::exception&) {
      return nullptr;
    }
  }
  model::QuestionnairePtr best;
  for (const auto& q : all) {
    if (q->id != id) continue;
    if (version ? q->version == *version : (!best || q->version > best->version)) best = q;
  }
  return best;
}

std::vector<model::QuestionnairePtr> Waves::of(const std::string& id) const {
  std::vector<model::QuestionnairePtr> out;
  for (const auto& q : all)
    if (q->id == id) out.push_back(q);
  return out;
}

Waves load_waves(storage::Store& store, const std::string& surveys_dir) {
  Waves w;
  std::map<std::string, model::QuestionnairePtr> by_key;
  for (const auto& v : store.survey_versions()) {
    auto r = validate::load_text(v.yaml, v.survey + "@" + std::to_string(v.version));
    if (r.ok())
      by_key.emplace(r.questionnaire->key(), r.questionnaire);
    else
      for (const auto& d : r.diagnostics) w.problems.push_back(d.render());
  }
  std::error_code ec;
  if (!surveys_dir.empty() && std::filesystem::is_directory(surveys_dir, ec)) {
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(surveys_dir, ec))
      if (e.path().extension() == ".yaml" || e.path().extension() == ".yml")
        files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      auto r = validate::load_file(f);
      if (r.ok())
        by_key.emplace(r.questionnaire->key(), r.questionnaire);  // the Store's wins
      else
        for (const auto& d : r.diagnostics) w.problems.push_back(d.render());
    }
  }
  for (auto& [k, q] : by_key) w.all.push_back(q);
  std::sort(w.all.begin(), w.all.end(), [](const auto& a, const auto& b) {
    return a->id != b->id ? a->id < b->id : a->version < b->version;
  });
  return w;
}

RowSource store_rows(storage::Store& store, const model::Questionnaire& q) {
  const std::string id = q.id;
  const int version = q.version;
  return [&store, id, version](const RowVisitor& visit) {
    store.scan_responses(id, version, [&](const storage::ResponseRow& r) {
      if (auto answers = answers_from_json(r.answers_json)) visit(r, *answers);
    });
  };
}

namespace {

// True when every response of the wave is packed under its layout, so that it can be read by
// index (the fast path). Otherwise (rows stored before packing existed, under an earlier layout
// of the same version, or by a store that does not pack) the JSON is read.
bool all_packed(storage::Store& store, const model::Questionnaire& wave) {
  return store.all_packed(wave.id, wave.version, packed::layout_of(wave));
}

// Feeds every response of one wave to `builder`, packed when all_packed, else from JSON.
template <typename Builder>
void scan_wave(storage::Store& store, const model::Questionnaire& wave, Builder& builder) {
  FlatAnswers flat;
  if (all_packed(store, wave)) {
    packed::PackedReader reader(wave);
    store.scan_packed(wave.id, wave.version, packed::layout_of(wave),
                      [&](const storage::PackedRow& row) {
                        if (reader.decode(row.packed)) {
                          builder.add(reader);
                          return;
                        }
                        // Bytes that do not decode: this row through its JSON, the truth.
                        auto stored = store.find_response(std::string(row.id));
                        if (stored && flat.decode(stored->answers_json)) builder.add(flat);
                      });
    return;
  }
  store.scan_responses(wave.id, wave.version, [&](const storage::ResponseRow& row) {
    if (flat.decode(row.answers_json)) builder.add(flat);
  });
}

}  // namespace

Results compute_from_store(storage::Store& store, const Waves& waves, const ResultsParams& p,
                           Outcome* error) {
  model::QuestionnairePtr q = find_or_fail(waves, p.survey, p.version, p.lang, error);
  if (!q) return {};
  const model::Question* by = nullptr;
  if (!p.by.empty()) {
    by = q->find_question(p.by);
    if (!by || !by->is_single_coded()) {
      *error = fail(400, "'" + p.by + "' is not a single-choice or likert question of " + q->key() +
                             "; a breakdown needs one");
      return {};
    }
  }
  ResultsBuilder builder(q, by);
  scan_wave(store, *q, builder);
  Results results = builder.finish();
  if (p.trend) {
    std::vector<TrendWave> list;
    for (const auto& w : waves.of(q->id)) {
      if (w->version == q->version) {
        list.push_back({w, results.overall});
        continue;
      }
      TablesBuilder t(*w);
      scan_wave(store, *w, t);
      list.push_back({w, t.finish()});
    }
    results.trend = build_trend(std::move(list));
  }
  return results;
}

Outcome results_body(storage::Store& store, const Waves& waves, const ResultsParams& p) {
  Outcome out;
  if (p.format != "json" && p.format != "csv" && p.format != "text" && p.format != "xlsx")
    return fail(400, "unknown format '" + p.format + "' (json, csv, text or xlsx)");
  Results r = compute_from_store(store, waves, p, &out);
  if (out.status != 200) return out;
  const std::string lang = p.lang.empty() ? r.questionnaire->default_language() : p.lang;
  if (p.format == "json") {
    out.content_type = "application/json; charset=utf-8";
    out.body = results_to_json(r);
  } else if (p.format == "csv") {
    out.content_type = "text/csv; charset=utf-8";
    out.body = results_to_csv(r);
  } else if (p.format == "text") {
    out.content_type = "text/plain; charset=utf-8";
    out.body = results_to_text(r, lang);
  } else {
    TempFile tmp(".xlsx");
    if (tmp.path.empty()) return fail(500, "cannot create a temporary file");
    std::string err = results_to_xlsx(r, lang, tmp.path, p.date.empty() ? today_utc() : p.date);
    if (!err.empty()) return fail(500, err);
    out.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    out.body = tmp.read();
  }
  return out;
}

Outcome stream_export(storage::Store& store, const Waves& waves, const ExportParams& p,
                      const Sink& sink) {
  Outcome out;
  model::QuestionnairePtr q = find_or_fail(waves, p.survey, p.version, p.lang, &out);
  if (!q) return out;
  const std::string lang = p.lang.empty() ? q->default_language() : p.lang;
  const RowSource rows = store_rows(store, *q);
  if (p.format == "csv") {
    out.content_type = "text/csv; charset=utf-8";
    if (all_packed(store, *q)) {
      export_csv_packed(*q, lang, store, sink);
    } else {
      export_csv_stored(
          *q, lang,
          [&](const std::function<void(const storage::ResponseRow&)>& visit) {
            store.scan_responses(q->id, q->version, visit);
          },
          sink);
    }
  } else if (p.format == "codebook") {
    out.content_type = "text/csv; charset=utf-8";
    sink(codebook_csv(*q, lang));
  } else if (p.format == "json") {
    out.content_type = "application/json; charset=utf-8";
    export_json(*q, lang, rows, sink);
  } else if (p.format == "sav") {
    out.content_type = "application/x-spss-sav";
    std::string err = export_sav(*q, lang, rows, sink);
    if (!err.empty()) return fail(500, err);
  } else if (p.format == "xlsx") {
    TempFile tmp(".xlsx");
    if (tmp.path.empty()) return fail(500, "cannot create a temporary file");
    std::string err = export_xlsx(*q, lang, rows, tmp.path);
    if (!err.empty()) return fail(500, err);
    out.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    sink(tmp.read());
  } else {
    return fail(400, "unknown format '" + p.format + "' (csv, xlsx, json or sav)");
  }
  return out;
}

Outcome export_body(storage::Store& store, const Waves& waves, const ExportParams& p) {
  std::string body;
  Outcome out = stream_export(store, waves, p, [&](std::string_view s) { body.append(s); });
  if (out.status == 200) out.body = std::move(body);
  return out;
}

}  // namespace otos::analysis
