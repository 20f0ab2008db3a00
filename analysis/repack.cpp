// repack_wave (see repack.h): the wave's JSON rows in, packed copies out, in chunks. Must not
// change a response: it only adds or replaces packed copies.
#include "analysis/repack.h"

#include <vector>

#include "engine/common/answer_value.h"
#include "engine/packed/packed_answers.h"

namespace otos::analysis {

RepackResult repack_wave(storage::Store& store, const model::Questionnaire& wave, size_t chunk) {
  RepackResult result;
  const int64_t layout = packed::layout_of(wave);
  if (store.all_packed(wave.id, wave.version, layout)) {
    result.already = true;
    return result;
  }
  std::vector<storage::PackedCopy> copies;
  auto flush = [&] {
    result.packed += store.add_packed(copies);
    copies.clear();
  };
  store.scan_responses(wave.id, wave.version, [&](const storage::ResponseRow& row) {
    ++result.responses;
    std::optional<Answers> answers = answers_from_json(row.answers_json);
    if (!answers) {
      ++result.unreadable;
      return;
    }
    copies.push_back({row.id, layout, packed::pack(wave, *answers)});
    if (copies.size() >= chunk) flush();
  });
  if (!copies.empty()) flush();
  return result;
}

}  // namespace otos::analysis
