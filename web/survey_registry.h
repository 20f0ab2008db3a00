// The questionnaire waves a server (or a command) knows: every surveys/*.yaml file, checked with
// validate::load_file, plus every wave stored in the database (uploaded waves survive restarts).
// Resolves "id" (the newest version) and "id@version". Thread-safe: waves may be added while
// requests read (staff uploads); readers get shared_ptrs that stay valid.
// Must not know HTTP; it is in web/ because the server and the CLI commands share it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/api.h"
#include "engine/model/questionnaire.h"
#include "engine/storage/store.h"

namespace otos::web {

struct RegistryOptions {
  std::string dir;            // "" for none
  bool dir_required = false;  // a missing directory is an error (else it is skipped)
  bool store_files = true;    // put each file's wave into the store (the server does)
};

// Splits "id@version" into ("id", version); nullopt version for a plain "id". False when the
// part after '@' is not a positive integer.
bool parse_survey_ref(std::string_view ref, std::string* id, std::optional<int>* version);

class SurveyRegistry {
 public:
  // Loads the files (sorted by name), then the stored waves no file gave. Returns every problem
  // as one line each (rendered diagnostics, duplicate waves, an unreadable directory); waves with
  // problems are not added. Stored waves that no longer validate are skipped with a line in
  // `warnings` instead. Throws storage::StoreError when the store fails.
  std::vector<std::string> load(storage::Store& store, const RegistryOptions& options,
                                std::vector<std::string>* warnings = nullptr);

  // Adds a wave or replaces the one with the same id and version.
  void add(model::QuestionnairePtr questionnaire);

  // Picks up waves stored since the last look (another server's uploads, or a republished wave):
  // at most once per `interval`, and by one caller at a time (others return at once). A store
  // error is logged on stderr and the known waves stay. Cheap when nothing changed.
  void refresh(storage::Store& store, std::chrono::milliseconds interval);

  // "id" (newest version) or "id@version"; null when unknown or malformed.
  model::QuestionnairePtr find(std::string_view ref) const;
  // The newest wave of every id, sorted by id.
  std::vector<model::QuestionnairePtr> newest() const;
  // Every wave, sorted by id then version (what analysis/ takes).
  analysis::Waves waves() const;
  size_t size() const;

 private:
  void add_with_hash(model::QuestionnairePtr questionnaire, std::string sha256);

  mutable std::shared_mutex mu_;
  std::map<std::pair<std::string, int>, model::QuestionnairePtr> waves_;
  std::map<std::pair<std::string, int>, std::string> hashes_;  // sha256 of each wave's text
  std::mutex refresh_mu_;
  std::atomic<int64_t> last_refresh_ms_{0};
};

}  // namespace otos::web
