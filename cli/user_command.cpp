// `otos user add NAME --role admin|analyst|coordinator` creates a staff account and prints its
// generated password and API token once (only their argon2id hashes are stored);
// `otos user list` prints the accounts. Wiring only: the store does the work.
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "engine/common/utf8.h"
#include "engine/storage/store.h"
#include "engine/storage/user_names.h"

namespace otos::cli {
namespace {

constexpr size_t kMaxName = 100;

std::unique_ptr<storage::Store> open_store(const ParsedArgs& parsed) {
  try {
    return storage::Store::open(parsed.get("db", "otos.db"));
  } catch (const storage::StoreError& e) {
    throw InputError(std::string("cannot open the database: ") + e.what());
  }
}

int add(const ParsedArgs& parsed) {
  if (parsed.positionals.size() != 2) throw UsageError("expected: user add NAME --role ROLE");
  const std::string& name = parsed.positionals[1];
  if (name.empty() || name.size() > kMaxName) {
    throw InputError("a user name has 1 to 100 characters");
  }
  for (unsigned char c : name) {
    if (c < 0x21 || c == 0x7f) throw InputError("a user name has no spaces or control characters");
  }
  if (!is_valid_utf8(name)) throw InputError("a user name must be UTF-8 text");
  if (!parsed.has("role")) throw UsageError("--role is required (admin, analyst or coordinator)");
  std::optional<storage::Role> role = storage::role_from_string(parsed.get("role"));
  if (!role) {
    throw UsageError("--role must be admin, analyst or coordinator, not '" + parsed.get("role") +
                     "'");
  }
  auto store = open_store(parsed);
  for (const auto& u : store->list_users()) {
    if (storage::same_user_name(u.name, name))
      throw InputError("a user named '" + u.name + "' already exists (names ignore case)");
  }
  storage::NewUserSecrets secrets;
  try {
    secrets = store->create_user(name, *role);
  } catch (const storage::StoreError& e) {
    throw InputError(std::string("cannot create the user: ") + e.what());
  }
  std::cout << "name:      " << secrets.user.name << "\n"
            << "role:      " << storage::to_string(secrets.user.role) << "\n"
            << "password:  " << secrets.password << "\n"
            << "api token: " << secrets.api_token << "\n";
  std::cout.flush();
  std::cerr << "otos user: the password and the API token are shown only now; keep them safe\n";
  return 0;
}

int list(const ParsedArgs& parsed) {
  if (parsed.positionals.size() != 1) throw UsageError("expected: user list");
  auto store = open_store(parsed);
  for (const auto& u : store->list_users()) {
    std::cout << u.name << "\t" << storage::to_string(u.role) << "\n";
  }
  return 0;
}

int run(const std::vector<std::string>& args) {
  ParsedArgs parsed = parse_args(args, {{"role"}});
  if (parsed.positionals.empty()) throw UsageError("expected a subcommand: add or list");
  if (parsed.positionals[0] == "add") return add(parsed);
  if (parsed.positionals[0] == "list") return list(parsed);
  throw UsageError("unknown subcommand '" + parsed.positionals[0] + "' (add or list)");
}

}  // namespace

const Command kUserCommand{
    "user", "manage staff accounts",
    "usage: otos user add NAME --role admin|analyst|coordinator [--db TARGET]\n"
    "       otos user list [--db TARGET]\n\n"
    "add creates a staff account and prints its generated password (for signing in to\n"
    "/staff) and API token (for Authorization: Bearer TOKEN) once: only their hashes are\n"
    "stored. Roles: admin (everything), analyst (results and exports), coordinator\n"
    "(invitations). list prints every account and its role.\n\n"
    "options:\n"
    "  --role ROLE   admin, analyst or coordinator\n",
    run};

}  // namespace otos::cli
