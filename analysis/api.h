// What the CLI and the web routes call for results and exports: find the wave, stream its rows
// out of the Store, compute, and render in the asked format. Questionnaire waves come from the
// Store (every stored version) and from a surveys directory (bundled files); the Store's text
// wins for a (survey, version) found in both. Errors are values (Outcome.error), never thrown
// for bad input.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/export.h"
#include "analysis/results.h"
#include "engine/storage/store.h"

namespace otos::analysis {

struct Waves {
  std::vector<model::QuestionnairePtr> all;  // sorted by id, then version
  std::vector<std::string> problems;         // rendered diagnostics of waves that did not load

  // The wave `survey` ("id" or "id@version"); `version` overrides; newest when none is given.
  model::QuestionnairePtr find(const std::string& survey, std::optional<int> version = {}) const;
  // Every wave of `id`, oldest first.
  std::vector<model::QuestionnairePtr> of(const std::string& id) const;
};

// `surveys_dir` may be "" (no files) or a missing directory (ignored).
Waves load_waves(storage::Store& store, const std::string& surveys_dir);

struct Outcome {
  int status = 200;  // 200, or 400 (bad parameter) / 404 (unknown survey) with `error`
  std::string error;
  std::string content_type;
  std::string body;
};

struct ResultsParams {
  std::string survey;  // "id" or "id@version"
  std::optional<int> version;
  std::string by;  // "" for none
  bool trend = false;
  std::string format = "json";  // json | csv | text | xlsx
  std::string lang;             // "" = the questionnaire's default
  std::string date;             // for the xlsx cover; "" = today (UTC)
};

// Computes in one pass over the wave's rows (and one per older wave with trend).
Results compute_from_store(storage::Store& store, const Waves& waves, const ResultsParams& p,
                           Outcome* error);
// The whole answer of GET .../results (and `otos results`).
Outcome results_body(storage::Store& store, const Waves& waves, const ResultsParams& p);

struct ExportParams {
  std::string survey;
  std::optional<int> version;
  std::string format = "csv";  // csv | json | xlsx | sav
  std::string lang;
};

// A RowSource over the Store's rows of wave `q` (rows whose JSON does not parse are skipped).
RowSource store_rows(storage::Store& store, const model::Questionnaire& q);
// Streams an export to `sink` (xlsx goes through a temporary file). For csv, the codebook is
// not included: see codebook_csv.
Outcome stream_export(storage::Store& store, const Waves& waves, const ExportParams& p,
                      const Sink& sink);
// The whole answer of GET .../export: csv carries the data only (the codebook is
// GET .../export?format=codebook, a CSV as well).
Outcome export_body(storage::Store& store, const Waves& waves, const ExportParams& p);

}  // namespace otos::analysis
