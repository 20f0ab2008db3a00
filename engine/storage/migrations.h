// The numbered schema migrations, embedded in the binary. The text of each step is a copy of
// engine/storage/migrations/NNN_name.{sqlite,pg}.sql (storage_test checks they are equal);
// a new step is a new pair of files and a new entry in migrations.cpp. Steps are never edited
// once released. Statements are separated by ';' at the end of a line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace otos::storage {

struct Migration {
  int number = 0;
  std::string_view name;    // e.g. "001_init"
  std::string_view sqlite;  // the step for SQLite
  std::string_view pg;      // the step for PostgreSQL
};

// Every step, in ascending order of number.
const std::vector<Migration>& migrations();

// The statements of one step: split at ';' that ends a line, "--" comment lines dropped.
std::vector<std::string> split_statements(std::string_view sql);

}  // namespace otos::storage
