// Packed copies for responses that lack one. The analysis reads a wave through its fast path only
// when every response of it is packed under the wave's current layout; rows stored before otos
// packed (or by a PostgreSQL store before 2026-11-23), imported by an older otos, or packed under
// an earlier layout of the same version are read from JSON until they are repacked. The JSON
// stays the truth: a copy is made from it and never the other way round.
#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/model/questionnaire.h"
#include "engine/storage/store.h"

namespace otos::analysis {

struct RepackResult {
  bool already = false;    // every response was packed under the layout: nothing done
  int64_t responses = 0;   // the wave's responses read (when not `already`)
  int64_t packed = 0;      // copies stored
  int64_t unreadable = 0;  // responses whose stored JSON did not parse (left to the JSON path)
};

// Stores a copy under `wave`'s layout for every response of the wave, `chunk` at a time (each
// chunk one transaction). Responses may keep arriving meanwhile: they are packed as they come.
RepackResult repack_wave(storage::Store& store, const model::Questionnaire& wave,
                         size_t chunk = 5000);

}  // namespace otos::analysis
