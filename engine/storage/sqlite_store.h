// The SQLite store (see sqlite_store.cpp for how it keeps writes durable and the WAL bounded).
#pragma once

#include <memory>
#include <string>

#include "engine/storage/store.h"

namespace otos::storage {

// Opens (creating if needed) the database file at `path` and applies migrations.
std::unique_ptr<Store> make_sqlite_store(const std::string& path);

// For tests: the first column of "PRAGMA name" on the store's writer connection.
std::string sqlite_pragma(Store& store, const std::string& name);

}  // namespace otos::storage
