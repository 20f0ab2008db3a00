// Loading and resolving questionnaire waves (see survey_registry.h). Must not know HTTP.
#include "web/survey_registry.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <iostream>
#include <limits>
#include <mutex>
#include <set>

#include "engine/packed/packed_answers.h"
#include "engine/storage/ids.h"
#include "engine/validate/validate.h"

namespace otos::web {

namespace fs = std::filesystem;

namespace {

// Why the file's text may not replace the stored text of the same wave, or "". Wording may
// change at any time; the questions, types, codes and rows may not once the wave has responses,
// because stored answers (and their packed indexes) mean what the stored text said.
std::string replacement_problem(storage::Store& store, const std::string& stored_yaml,
                                const model::Questionnaire& file) {
  if (stored_yaml == file.source_text) return "";
  validate::LoadResult stored = validate::load_text(stored_yaml, "stored");
  if (!stored.ok() || packed::layout_of(*stored.questionnaire) == packed::layout_of(file))
    return "";
  const int64_t n = store.count_responses(file.id, file.version);
  if (n == 0) return "";
  return "wave " + file.key() + " already has " + std::to_string(n) +
         (n == 1 ? " response" : " responses") +
         " to other questions, types, codes or rows than this file has; give the file a new "
         "version (only wording may change within a wave)";
}

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

bool parse_survey_ref(std::string_view ref, std::string* id, std::optional<int>* version) {
  auto at = ref.find('@');
  if (at == std::string_view::npos) {
    *id = std::string(ref);
    version->reset();
    return !id->empty();
  }
  *id = std::string(ref.substr(0, at));
  std::string_view digits = ref.substr(at + 1);
  int v = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (id->empty() || digits.empty() || ec != std::errc() || end != digits.data() + digits.size() ||
      v <= 0) {
    return false;
  }
  *version = v;
  return true;
}

std::vector<std::string> SurveyRegistry::load(storage::Store& store, const RegistryOptions& options,
                                              std::vector<std::string>* warnings) {
  std::vector<std::string> problems;
  std::set<std::pair<std::string, int>> from_files;
  if (!options.dir.empty()) {
    std::error_code ec;
    std::vector<fs::path> files;
    if (fs::is_directory(options.dir, ec)) {
      for (const auto& entry : fs::directory_iterator(options.dir, ec)) {
        if (entry.path().extension() == ".yaml") files.push_back(entry.path());
      }
      if (ec) problems.push_back(options.dir + ": cannot read the directory: " + ec.message());
    } else if (options.dir_required) {
      problems.push_back(options.dir + ": no such directory");
    }
    std::sort(files.begin(), files.end());
    std::map<std::pair<std::string, int>, std::string> stored_text;  // wave -> its stored YAML
    for (auto& v : store.survey_versions())
      stored_text.emplace(std::make_pair(v.survey, v.version), std::move(v.yaml));
    std::map<std::pair<std::string, int>, std::string> seen;  // wave -> file
    for (const auto& path : files) {
      validate::LoadResult r = validate::load_file(path.string());
      if (!r.ok()) {
        for (const auto& d : r.diagnostics) problems.push_back(d.render());
        if (r.diagnostics.empty()) problems.push_back(path.string() + ": error: not loaded");
        continue;
      }
      auto key = std::make_pair(r.questionnaire->id, r.questionnaire->version);
      if (auto it = seen.find(key); it != seen.end()) {
        problems.push_back(path.string() + ":1:1: error: wave " + r.questionnaire->key() +
                           " is already defined in " + it->second);
        continue;
      }
      seen.emplace(key, path.string());
      if (auto it = stored_text.find(key); it != stored_text.end()) {
        if (std::string why = replacement_problem(store, it->second, *r.questionnaire);
            !why.empty()) {
          problems.push_back(path.string() + ":1:1: error: " + why);
          continue;
        }
      }
      from_files.insert(key);
      if (options.store_files) {
        storage::SurveyVersion v;
        v.survey = r.questionnaire->id;
        v.version = r.questionnaire->version;
        v.yaml = r.questionnaire->source_text;
        v.sha256 = storage::sha256_hex(v.yaml);
        store.put_survey_version(v);
      }
      add_with_hash(r.questionnaire, storage::sha256_hex(r.questionnaire->source_text));
    }
  }
  for (const auto& stored : store.survey_versions()) {
    if (from_files.count({stored.survey, stored.version})) continue;
    std::string name = "stored:" + stored.survey + "@" + std::to_string(stored.version);
    validate::LoadResult r = validate::load_text(stored.yaml, name);
    if (!r.ok() || r.questionnaire->id != stored.survey ||
        r.questionnaire->version != stored.version) {
      if (warnings) {
        warnings->push_back(name + ": the stored wave does not load any more; skipped (" +
                            (r.diagnostics.empty() ? std::string("id or version differ")
                                                   : r.diagnostics.front().render()) +
                            ")");
      }
      continue;
    }
    add_with_hash(r.questionnaire, stored.sha256);
  }
  last_refresh_ms_ = now_ms();
  return problems;
}

void SurveyRegistry::add(model::QuestionnairePtr questionnaire) {
  std::string sha = storage::sha256_hex(questionnaire->source_text);
  add_with_hash(std::move(questionnaire), std::move(sha));
}

void SurveyRegistry::add_with_hash(model::QuestionnairePtr questionnaire, std::string sha256) {
  std::unique_lock lock(mu_);
  auto key = std::make_pair(questionnaire->id, questionnaire->version);
  hashes_[key] = std::move(sha256);
  waves_[key] = std::move(questionnaire);
}

void SurveyRegistry::refresh(storage::Store& store, std::chrono::milliseconds interval) {
  if (now_ms() - last_refresh_ms_.load() < interval.count()) return;
  std::unique_lock busy(refresh_mu_, std::try_to_lock);
  if (!busy.owns_lock()) return;
  if (now_ms() - last_refresh_ms_.load() < interval.count()) return;
  last_refresh_ms_ = now_ms();
  std::vector<storage::SurveyVersion> stored;
  try {
    stored = store.survey_versions();
  } catch (const storage::StoreError& e) {
    std::cerr << "otos: reading stored questionnaire waves: " << e.what() << std::endl;
    return;
  }
  for (const auto& v : stored) {
    {
      std::shared_lock lock(mu_);
      auto it = hashes_.find({v.survey, v.version});
      if (it != hashes_.end() && it->second == v.sha256) continue;
    }
    validate::LoadResult r =
        validate::load_text(v.yaml, "stored:" + v.survey + "@" + std::to_string(v.version));
    if (!r.ok() || r.questionnaire->id != v.survey || r.questionnaire->version != v.version) {
      std::unique_lock lock(mu_);  // remembered so it is not parsed again; never served
      hashes_[{v.survey, v.version}] = v.sha256;
      continue;
    }
    add_with_hash(r.questionnaire, v.sha256);
  }
}

model::QuestionnairePtr SurveyRegistry::find(std::string_view ref) const {
  std::string id;
  std::optional<int> version;
  if (!parse_survey_ref(ref, &id, &version)) return nullptr;
  std::shared_lock lock(mu_);
  if (version) {
    auto it = waves_.find({id, *version});
    return it == waves_.end() ? nullptr : it->second;
  }
  // The newest: the last entry with this id (the map is ordered by id, then version).
  auto it = waves_.lower_bound({id, std::numeric_limits<int>::max()});
  if (it == waves_.begin()) return nullptr;
  --it;
  return it->first.first == id ? it->second : nullptr;
}

std::vector<model::QuestionnairePtr> SurveyRegistry::newest() const {
  std::shared_lock lock(mu_);
  std::vector<model::QuestionnairePtr> out;
  for (auto it = waves_.begin(); it != waves_.end(); ++it) {
    auto next = std::next(it);
    if (next == waves_.end() || next->first.first != it->first.first) out.push_back(it->second);
  }
  return out;
}

analysis::Waves SurveyRegistry::waves() const {
  std::shared_lock lock(mu_);
  analysis::Waves w;
  for (const auto& [key, q] : waves_) w.all.push_back(q);
  return w;
}

size_t SurveyRegistry::size() const {
  std::shared_lock lock(mu_);
  return waves_.size();
}

}  // namespace otos::web
