// `otos serve`: loads and checks every questionnaire, opens the database, serves the HTTP routes
// until SIGTERM or SIGINT, then stops accepting, finishes the requests in flight and their
// commits, and exits 0. Prints exactly one line on stdout when it is ready:
// `otos: listening on http://HOST:PORT` (scripts and tests wait for it). Wiring only.
#include <sys/resource.h>

#include <csignal>
#include <iostream>
#include <memory>

#include "cli/args.h"
#include "cli/commands.h"
#include "engine/storage/store.h"
#include "web/api_routes.h"
#include "web/app_context.h"
#include "web/form_routes.h"
#include "web/router.h"
#include "web/server.h"
#include "web/server_config.h"
#include "web/staff_routes.h"
#include "web/survey_registry.h"

namespace otos::cli {
namespace {

// One thread per connection needs one descriptor each: use the hard limit.
void raise_open_files_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
      std::cerr << "otos serve: could not raise the open files limit\n";
    }
  }
}

int run(const std::vector<std::string>& args) {
  ParsedArgs parsed = parse_args(args, {{"port"}, {"host"}, {"surveys"}});
  if (!parsed.positionals.empty())
    throw UsageError("unexpected argument '" + parsed.positionals[0] + "'");
  web::ServerConfig config;
  const int port = parsed.get_int("port", config.port);
  if (port < 0 || port > 65535) throw UsageError("--port must be between 0 and 65535");
  config.port = static_cast<uint16_t>(port);
  config.host = parsed.get("host", config.host);
  const std::string db = parsed.get("db", "otos.db");

  // Signals are taken by sigwait below; block them before any thread starts so every thread
  // inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  raise_open_files_limit();

  std::unique_ptr<storage::Store> store;
  try {
    store = storage::Store::open(db);
  } catch (const storage::StoreError& e) {
    throw InputError(std::string("cannot open the database: ") + e.what());
  }

  web::SurveyRegistry surveys;
  web::RegistryOptions options;
  options.dir = parsed.get("surveys", "surveys");
  options.dir_required = parsed.has("surveys");
  std::vector<std::string> warnings;
  std::vector<std::string> problems = surveys.load(*store, options, &warnings);
  for (const auto& w : warnings) std::cerr << "otos serve: warning: " << w << "\n";
  if (!problems.empty()) {
    for (const auto& p : problems) std::cerr << p << "\n";
    std::cerr << "otos serve: not started: " << problems.size() << " problem(s) in " << options.dir
              << "\n";
    return 1;
  }
  web::AppContext app{*store, surveys, config.max_body_bytes, std::chrono::milliseconds(5000),
                      web::local_date_today};
  web::Router router(config.max_body_bytes);
  web::add_api_routes(router, app);
  web::add_staff_routes(router, app);
  web::add_form_routes(router, app);

  web::Server server(config, router);
  try {
    server.start();
  } catch (const Poco::Exception& e) {
    throw InputError("cannot listen on " + config.host + ":" + std::to_string(config.port) + ": " +
                     e.displayText());
  }
  // Only once listening, so that a failed start prints its one error line and nothing else.
  std::cerr << "otos serve: " << surveys.size() << " questionnaire wave(s) loaded\n";
  std::cout << "otos: listening on http://" << config.host << ":" << server.port() << std::endl;

  int signal = 0;
  sigwait(&signals, &signal);
  std::cerr << "otos serve: " << (signal == SIGTERM ? "SIGTERM" : "SIGINT")
            << ": finishing requests in flight" << std::endl;
  server.stop();
  store.reset();  // drains the commit queue
  std::cerr << "otos serve: stopped" << std::endl;
  return 0;
}

}  // namespace

const Command kServeCommand{
    "serve", "run the web server",
    "usage: otos serve [--port 8080] [--host 127.0.0.1] [--surveys DIR] [--db TARGET]\n\n"
    "Serves the respondent forms, the staff workspace and the JSON API (docs/api.md).\n"
    "At start every DIR/*.yaml is checked; if any is invalid its error lines are printed\n"
    "and the server does not start. Valid waves are stored in the database, and waves\n"
    "stored earlier (uploaded by staff) are served too. When ready it prints one line,\n"
    "'otos: listening on http://HOST:PORT', on stdout. SIGTERM or SIGINT stop it cleanly:\n"
    "requests in flight and their commits finish, then it exits 0.\n\n"
    "options:\n"
    "  --port N      port to listen on (default 8080; 0 picks a free port)\n"
    "  --host ADDR   address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)\n"
    "  --surveys DIR questionnaire files (default surveys)\n",
    run};

}  // namespace otos::cli
