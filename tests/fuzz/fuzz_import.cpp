// libFuzzer target for the importer's parser: any bytes as the CSV must give either checked
// rows (answers with the properties of fuzz_support.h, and the packed copy the importer made
// equal to packing them again) or errors that name a row, never a crash or an exception.
// Seed corpus: tests/fuzz/import_corpus.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analysis/import_csv.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const otos::model::Questionnaire& q = otos::fuzz::questionnaire();
  std::string_view csv(reinterpret_cast<const char*>(data), size);
  otos::analysis::ImportResult result = otos::analysis::parse_import(q, csv, {}, 20);
  if (!result.ok()) {
    otos::fuzz::require(result.errors.size() <= 20, "more errors than asked for");
    for (const auto& e : result.errors)
      otos::fuzz::require(e.row >= 1 && !e.message.empty(), "an error without row or message");
    return 0;
  }
  for (const auto& r : result.responses) {
    std::optional<otos::Answers> answers = otos::answers_from_json(r.answers_json);
    otos::fuzz::require(answers.has_value(), "an imported row's JSON does not parse");
    otos::fuzz::check_accepted(q, *answers, {});
    otos::fuzz::require(r.packed.empty() || r.packed == otos::packed::pack(q, *answers),
                        "the imported packed copy differs from the answers");
  }
  return 0;
}
