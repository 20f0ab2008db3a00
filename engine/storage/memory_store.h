// The in-memory Store for unit tests: the same semantics as the SQL stores (dedup by
// submission_id, one response per invitation, all-or-nothing insert_all, argon2id credentials),
// nothing durable. One mutex guards everything.
#pragma once

#include <memory>

#include "engine/storage/store.h"

namespace otos::storage {

std::unique_ptr<Store> make_memory_store();

}  // namespace otos::storage
