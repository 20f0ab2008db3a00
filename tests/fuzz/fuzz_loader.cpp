// libFuzzer target for the questionnaire loader and validator: any bytes must give either a
// questionnaire or diagnostics with sane spans, never a crash, hang or exception.
// Seed corpus: tests/invalid/*.yaml and surveys/*.yaml.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/validate/validate.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  otos::validate::LoadResult result = otos::validate::load_text(text, "fuzz.yaml");
  // A diagnostic is about a place in the text: never past its last line (show_if's positions
  // come from a map of the scalar as written, engine/loader/scalar_origin).
  const long lines = static_cast<long>(std::count(text.begin(), text.end(), '\n')) + 1;
  if (result.ok() == result.diagnostics.empty()) {
    for (const auto& d : result.diagnostics)
      if (d.code.empty() || d.message.empty() || d.span.line < 0 || d.span.column < 0 ||
          d.span.line > lines || d.span.file != "fuzz.yaml")
        std::abort();
    return 0;
  }
  std::abort();  // a result is either a questionnaire or at least one diagnostic
}
