// The PostgreSQL store (see pg_store.cpp): several servers may share one database; the UNIQUE
// constraints decide between concurrent inserts.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "engine/storage/store.h"

namespace otos::storage {

// Connects to "postgresql://user:pass@host:port/db" and applies migrations.
std::unique_ptr<Store> make_pg_store(const std::string& url);

// The libpq connection string ("host=... port=... dbname=... user=... password=...") for a
// postgresql:// or postgres:// URL, or nullopt when it is not one.
std::optional<std::string> pg_connection_string(const std::string& url);

}  // namespace otos::storage
