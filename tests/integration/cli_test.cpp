// The commands around the server, run as processes: `otos serve` refuses to start on an invalid
// questionnaire (printing its error lines) or a missing directory; `otos user add` prints the
// secrets once; `otos invite` checks the survey and its groups and prints the link.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

#include "engine/storage/store.h"
#include "server_process.h"

namespace otos::itest {
namespace {

namespace fs = std::filesystem;

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

TEST_CASE("serve does not start when a questionnaire is invalid") {
  ScratchDir dir;
  fs::create_directory(dir.file("surveys"));
  fs::copy_file(test_surveys_dir() + "/itest_2026.yaml", dir.file("surveys/itest_2026.yaml"));
  write(dir.file("surveys/bad.yaml"),
        "id: demo\nversion: 2026\ntitle: {fi: Kysely, sv: Enkät, en: Survey}\n"
        "languages: [fi, sv, en]\naccess: publc\npages: []\n");
  CommandResult r = run_otos(
      {"serve", "--port", "0", "--db", dir.file("otos.db"), "--surveys", dir.file("surveys")});
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK(r.err.find(dir.file("surveys/bad.yaml") +
                   ":5:9: error: 'access' must be public or invitation, got 'publc' (did you "
                   "mean 'public'?)\n") != std::string::npos);
  CHECK(r.err.find("otos serve: not started: ") != std::string::npos);
}

TEST_CASE("a wave with responses keeps its questions: a file may change wording, not codes") {
  ScratchDir dir;
  fs::create_directory(dir.file("surveys"));
  const std::string file = dir.file("surveys/itest_2026.yaml");
  std::ifstream in(test_surveys_dir() + "/itest_2026.yaml");
  const std::string original((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  write(file, original);
  write(dir.file("old.csv"), "municipality,seek_help\n853,agree\n");
  CommandResult imported = run_otos({"import", "itest", dir.file("old.csv"), "--db",
                                     dir.file("otos.db"), "--surveys", dir.file("surveys")});
  REQUIRE(imported.exit_code == 0);
  CHECK(imported.out == "imported 1 response into itest@2026\n");

  // A code renamed: the stored answer would change meaning, so the server does not start.
  std::string recoded = original;
  const std::string web = "{code: web, label:";
  REQUIRE(recoded.find(web) != std::string::npos);
  recoded.replace(recoded.find(web), web.size(), "{code: www, label:");
  write(file, recoded);
  CommandResult refused = run_otos(
      {"serve", "--port", "0", "--db", dir.file("otos.db"), "--surveys", dir.file("surveys")});
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find(
            file + ":1:1: error: wave itest@2026 already has 1 response to other "
                   "questions, types, codes or rows than this file has; give the file a "
                   "new version (only wording may change within a wave)\n") != std::string::npos);

  // Only a label reworded: the file replaces the stored text and the server starts.
  std::string reworded = original;
  const std::string label = "en: Websites}";
  REQUIRE(reworded.find(label) != std::string::npos);
  reworded.replace(reworded.find(label), label.size(), "en: Web sites}");
  write(file, reworded);
  ServerProcess server(dir.file("otos.db"), dir.file("surveys"));
  server.signal(SIGTERM);
  CHECK(server.wait() == 0);
}

TEST_CASE("serve: a missing surveys directory and wrong usage") {
  ScratchDir dir;
  CommandResult missing =
      run_otos({"serve", "--db", dir.file("otos.db"), "--surveys", dir.file("nope")});
  CHECK(missing.exit_code == 1);
  CHECK(missing.err.find(dir.file("nope") + ": no such directory\n") != std::string::npos);
  CHECK(run_otos({"serve", "--port", "http"}).exit_code == 2);
  CHECK(run_otos({"serve", "--port", "70000"}).exit_code == 2);
  CHECK(run_otos({"serve", "extra"}).exit_code == 2);
  CommandResult help = run_otos({"serve", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.rfind("usage: otos serve", 0) == 0);
}

TEST_CASE("errors are one line on stderr, also when a library's message has several") {
  ScratchDir dir;
  // libpq's "connection refused" text has a line break and a tab in it.
  CommandResult pg =
      run_otos({"results", "kohderyhmakysely", "--db", "postgresql://u:p@127.0.0.1:1/otos"});
  CHECK(pg.exit_code == 1);
  CHECK(std::count(pg.err.begin(), pg.err.end(), '\n') == 1);
  CHECK(pg.err.find("Connection refused Is the server running") != std::string::npos);
  CHECK(pg.err.find('\t') == std::string::npos);

  // A port in use: the one error line, and no "waves loaded" line before it.
  ServerProcess first(dir.file("a.db"), test_surveys_dir());
  CommandResult busy = run_otos({"serve", "--port", std::to_string(first.port()), "--db",
                                 dir.file("b.db"), "--surveys", test_surveys_dir()});
  CHECK(busy.exit_code == 1);
  CHECK(std::count(busy.err.begin(), busy.err.end(), '\n') == 1);
  CHECK(busy.err.rfind("otos serve: cannot listen on 127.0.0.1:", 0) == 0);
}

TEST_CASE("results fails when its output cannot be written") {
  ScratchDir dir;
  const std::string err = dir.file("err.txt");
  const std::string cmd = otos_binary() + " results itest --db " + dir.file("otos.db") +
                          " --surveys " + test_surveys_dir() + " >/dev/full 2>" + err;
  const int status = std::system(cmd.c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 1);
  std::ifstream in(err);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text == "otos results: cannot write the results to standard output\n");
}

TEST_CASE("import reads a Finnish spreadsheet's CSV: semicolons, decimal commas, D.M.YYYY") {
  ScratchDir dir;
  std::ofstream(dir.file("excel.csv"))
      << "\xEF\xBB\xBFmunicipality;children;born\r\n853;2;5.1.2020\r\n202;;\r\n";
  CommandResult r = run_otos({"import", "itest", dir.file("excel.csv"), "--db", dir.file("otos.db"),
                              "--surveys", test_surveys_dir()});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "imported 2 responses into itest@2026\n");
  CommandResult out = run_otos({"export", "itest", "--format", "json", "--db", dir.file("otos.db"),
                                "--surveys", test_surveys_dir()});
  CHECK(out.out.find(R"("answers":{"born":"2020-01-05","children":2,"municipality":"853"})") !=
        std::string::npos);
}

TEST_CASE("import refuses a directory, a missing file and a file that is not text") {
  ScratchDir dir;
  auto import = [&](const std::string& file) {
    return run_otos(
        {"import", "itest", file, "--db", dir.file("otos.db"), "--surveys", test_surveys_dir()});
  };
  CommandResult folder = import(dir.file(""));
  CHECK(folder.exit_code == 1);
  CHECK(folder.err == "otos import: " + dir.file("") + " is a directory; expected a CSV file\n");
  CommandResult missing = import(dir.file("nope.csv"));
  CHECK(missing.exit_code == 1);
  CHECK(missing.err ==
        "otos import: cannot read " + dir.file("nope.csv") + ": No such file or directory\n");
  std::ofstream(dir.file("latin1.csv")) << "municipality,comment\n853,ok\n202,P\xe4ivi\n";
  CommandResult latin1 = import(dir.file("latin1.csv"));
  CHECK(latin1.exit_code == 1);
  CHECK(latin1.err == "otos import: " + dir.file("latin1.csv") +
                          ":3: not UTF-8 text; save the file as \"CSV UTF-8\"\n");
}

TEST_CASE("user add prints name, role, password and token once") {
  ScratchDir dir;
  const std::string db = dir.file("otos.db");
  CommandResult r = run_otos({"user", "add", "ana", "--role", "analyst", "--db", db});
  CHECK(r.exit_code == 0);
  CHECK(std::regex_match(r.out, std::regex("name:      ana\nrole:      analyst\n"
                                           "password:  [^\n]{16,}\napi token: otos_[^\n]{40,}\n")));
  CommandResult again = run_otos({"user", "add", "ana", "--role", "admin", "--db", db});
  CHECK(again.exit_code == 1);
  CHECK(again.err == "otos user: a user named 'ana' already exists (names ignore case)\n");
  CommandResult upper = run_otos({"user", "add", "ANA", "--role", "admin", "--db", db});
  CHECK(upper.exit_code == 1);
  CHECK(upper.err == "otos user: a user named 'ana' already exists (names ignore case)\n");
  CommandResult latin1 = run_otos({"user", "add", "\xE4iti", "--role", "admin", "--db", db});
  CHECK(latin1.exit_code == 1);
  CHECK(latin1.err == "otos user: a user name must be UTF-8 text\n");
  CHECK(run_otos({"user", "add", "bob", "--role", "boss", "--db", db}).exit_code == 2);
  CHECK(run_otos({"user", "add", "bob", "--db", db}).exit_code == 2);
  CommandResult list = run_otos({"user", "list", "--db", db});
  CHECK(list.out == "ana\tanalyst\n");
}

TEST_CASE("invite checks the survey, the group question and the code") {
  ScratchDir dir;
  const std::string db = dir.file("otos.db");
  auto invite = [&](std::vector<std::string> extra) {
    std::vector<std::string> args{"invite", "--db", db, "--surveys", test_surveys_dir()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_otos(args);
  };
  CommandResult ok = invite({"itest", "--name", "Anna", "--group", "municipality=853"});
  CHECK(ok.exit_code == 0);
  CHECK(std::regex_match(ok.out, std::regex("http://localhost:8080/s/itest/[A-Za-z0-9_-]{22,}\n")));
  CommandResult base =
      invite({"itest@2026", "--name", "B", "--base-url", "https://kysely.example.fi/"});
  CHECK(std::regex_match(base.out,
                         std::regex("https://kysely.example.fi/s/itest/[A-Za-z0-9_-]{22,}\n")));
  CHECK(ok.out != base.out);

  CommandResult unknown = invite({"nope", "--name", "Anna"});
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.err == "otos invite: unknown survey 'nope'\n");
  CommandResult question = invite({"itest", "--name", "Anna", "--group", "seek_help=agree"});
  CHECK(question.exit_code == 1);
  CHECK(question.err ==
        "otos invite: --group: 'seek_help' is not a group question of itest@2026 (groups: "
        "municipality)\n");
  CommandResult code = invite({"itest", "--name", "Anna", "--group", "municipality=999"});
  CHECK(code.exit_code == 1);
  CHECK(code.err ==
        "otos invite: --group: '999' is not a code of municipality (codes: 853, 202)\n");
  CommandResult shape = invite({"itest", "--name", "Anna", "--group", "municipality"});
  CHECK(shape.exit_code == 1);
  CHECK(shape.err == "otos invite: --group expects QUESTION=CODE, not 'municipality'\n");
  CHECK(invite({"itest"}).exit_code == 2);
  CHECK(invite({"--name", "Anna"}).exit_code == 2);
  CHECK(invite({"itest", "--name", "Anna"}).exit_code == 0);

  // The link opens the newest wave: an older one, or a wave that has closed, is refused.
  CommandResult older = invite({"itest@2025", "--name", "Anna"});
  CHECK(older.exit_code == 1);
  CHECK(older.err == "otos invite: invitations open the newest wave, itest@2026, not itest@2025\n");
  std::filesystem::create_directory(dir.file("closed"));
  std::ifstream src(test_surveys_dir() + "/itest_2025.yaml");
  std::ofstream(dir.file("closed/c.yaml"))
      << std::string((std::istreambuf_iterator<char>(src)), std::istreambuf_iterator<char>());
  CommandResult closed = run_otos({"invite", "itest", "--name", "Anna", "--db",
                                   dir.file("closed.db"), "--surveys", dir.file("closed")});
  CHECK(closed.exit_code == 1);
  CHECK(closed.err ==
        "otos invite: the questionnaire itest@2025 closed on 2025-03-31: an "
        "invitation could not be answered\n");
}

}  // namespace
TEST_CASE("repack gives stored JSON-only responses their packed copies; results stay the same") {
  ScratchDir dir;
  const std::string db = dir.file("otos.db");
  {
    auto store = storage::Store::open(db);
    for (const char* answers :
         {R"({"municipality":"853","seek_help":"agree"})", R"({"municipality":"202","children":2})",
          R"({"municipality":"853","seek_help":"disagree"})"}) {
      storage::NewResponse r;  // as an older otos stored them: JSON only
      r.survey = "itest";
      r.version = 2026;
      r.lang = "fi";
      r.answers_json = answers;
      store->insert_response(r);
    }
  }
  auto otos = [&](std::vector<std::string> args) {
    args.insert(args.end(), {"--db", db, "--surveys", test_surveys_dir()});
    return run_otos(args);
  };
  const CommandResult before = otos({"results", "itest", "--format", "json"});
  REQUIRE(before.exit_code == 0);
  CommandResult first = otos({"repack", "itest@2026"});
  CHECK(first.exit_code == 0);
  CHECK(first.out == "itest@2026: 3 of 3 responses packed\n");
  CHECK(otos({"results", "itest", "--format", "json"}).out == before.out);
  CommandResult all = otos({"repack", "itest"});
  CHECK(all.exit_code == 0);
  CHECK(all.out ==
        "itest@2025: no responses\n"
        "itest@2026: every response is packed already\n");
  CommandResult unknown = otos({"repack", "nope"});
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.err == "otos repack: unknown survey 'nope'\n");
  CHECK(otos({"repack"}).exit_code == 2);
}

}  // namespace otos::itest
