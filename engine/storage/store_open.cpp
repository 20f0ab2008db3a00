// Store::open and Store::open_memory: which implementation a --db target means.
#include "engine/storage/memory_store.h"
#include "engine/storage/pg_store.h"
#include "engine/storage/sqlite_store.h"
#include "engine/storage/store.h"

namespace otos::storage {

std::unique_ptr<Store> Store::open(const std::string& target) {
  if (target.rfind("postgresql://", 0) == 0 || target.rfind("postgres://", 0) == 0) {
    return make_pg_store(target);
  }
  if (target.empty()) throw StoreError("no database given");
  return make_sqlite_store(target);
}

std::unique_ptr<Store> Store::open_memory() { return make_memory_store(); }

}  // namespace otos::storage
