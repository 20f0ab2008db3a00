// Staff user names: when two names are the same user. Names are compared without regard to case,
// with Unicode's simple lowercase mapping (Poco::UTF8), so "Anna" signs in as "anna" and
// "Äijälä" is "äijälä". Names are stored as typed; nothing here touches the database.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace otos::storage {

// The name folded to lowercase: equal keys are one user (and one throttling key).
std::string user_name_key(std::string_view name);

bool same_user_name(std::string_view a, std::string_view b);

// Which of `names` `typed` names: the exact match, else the only one equal ignoring case; none
// when several are (names stored before names ignored case could differ only by it).
std::optional<size_t> find_user_name(const std::vector<std::string>& names, std::string_view typed);

}  // namespace otos::storage
