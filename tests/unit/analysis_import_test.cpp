// The importer: export -> import -> export gives the same file apart from the id and
// submitted_at columns (imported rows get new ones); any bad row stores nothing and reports
// ROW:COLUMN lines. Uses the in-memory Store and the API's own answer checks.
#include <doctest/doctest.h>

#include "analysis/api.h"
#include "analysis/csv.h"
#include "analysis/export.h"
#include "analysis/import_csv.h"
#include "tests/unit/analysis_fixture.h"

using namespace otos;
using namespace otos::analysis;

namespace {
RowSource rows_of(const std::vector<Answers>& answers) {
  return [answers](const RowVisitor& visit) {
    for (size_t i = 0; i < answers.size(); ++i) {
      storage::ResponseRow r;
      r.id = std::to_string(i + 1);
      r.id.insert(0, 1, 'r');  // not "r" + ...: GCC 12 -Wrestrict false positive at -O3
      r.survey = "s";
      r.version = 2026;
      r.submitted_at = "2025-02-03T10:15:00Z";
      r.lang = "en";
      visit(r, answers[i]);
    }
  };
}

std::string to_csv(const model::Questionnaire& q, const RowSource& rows) {
  std::string out;
  export_csv(q, "en", rows, [&](std::string_view s) { out.append(s); });
  return out;
}

// Drops the first two cells (id, submitted_at) of every record.
std::string without_id_and_time(const std::string& csv) {
  CsvReader r(csv);
  std::string out, err;
  while (auto rec = r.next(&err)) {
    for (size_t i = 2; i < rec->size(); ++i) {
      if (i > 2) out += ',';
      out += (*rec)[i];
    }
    out += '\n';
  }
  return out;
}
}  // namespace

TEST_CASE("export -> import -> export round trip") {
  auto q = testing::fixture_questionnaire();
  auto responses = testing::fixture_responses();
  responses[2]["note"] = std::string("=cmd, with \"quotes\"\nand a newline");
  const std::string first = to_csv(*q, rows_of(responses));

  ImportResult imported = parse_import(*q, first);
  for (const auto& e : imported.errors) INFO(e.render());
  REQUIRE(imported.ok());
  REQUIRE(imported.responses.size() == 12);
  CHECK(imported.responses[0].lang == "en");
  CHECK(imported.responses[0].version == 2026);

  auto store = storage::Store::open_memory();
  store->insert_all(imported.responses);
  CHECK(store->count_responses("s", 2026) == 12);
  const std::string second = to_csv(*q, store_rows(*store, *q));
  CHECK(without_id_and_time(second) == without_id_and_time(first));
  CHECK(second.find("\"'=cmd, with \"\"quotes\"\"\nand a newline\"") != std::string::npos);
}

TEST_CASE("import: an unknown column stops at the header") {
  auto q = testing::fixture_questionnaire();
  ImportResult r = parse_import(*q, "municipality,bogus\r\n853,1\r\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].render() == "1:bogus: unknown column: not a variable of s@2026");
  CHECK(r.responses.empty());
}

TEST_CASE("import: bad rows are all reported as ROW:COLUMN and nothing is kept") {
  auto q = testing::fixture_questionnaire();
  ImportResult r = parse_import(*q,
                                "municipality,channels__web,clients,version\r\n"
                                "853,1,2,2026\r\n"
                                "853,x,2,2026\r\n"
                                "853,0,many,2025\r\n"
                                "999,,,\r\n");
  REQUIRE(r.errors.size() >= 4);
  CHECK(r.errors[0].render() == "3:channels__web: expected 0 or 1, found 'x'");
  CHECK(r.errors[1].render() == "4:clients: 'many' is not a number");
  CHECK(r.errors[2].render() == "4:version: version 2025 does not match the wave s@2026");
  CHECK(r.errors[3].render().rfind("5:municipality: ", 0) == 0);  // the answer check's message
  CHECK(r.responses.empty());
}

TEST_CASE("import: a spreadsheet's CSV with ';' or tabs, decimal commas, D.M.YYYY dates") {
  auto q = testing::fixture_questionnaire();
  // Excel in Finnish saves "CSV UTF-8" like this: a BOM, semicolons, "12,5", "1 000" with a
  // no-break space, dates as D.M.YYYY; a quoted cell may hold a semicolon.
  ImportResult semi = parse_import(*q,
                                   "\xEF\xBB\xBFmunicipality;clients;born;note\r\n"
                                   "853;12,5;5.1.2020;\"a; b\"\r\n"
                                   "202;1\xC2\xA0"
                                   "000;31.12.2019;\r\n"
                                   "304;-3;2019-01-31;x\r\n");
  for (const auto& e : semi.errors) INFO(e.render());
  REQUIRE(semi.ok());
  REQUIRE(semi.responses.size() == 3);
  CHECK(semi.responses[0].answers_json ==
        R"({"born":"2020-01-05","clients":12.5,"municipality":"853","note":"a; b"})");
  CHECK(semi.responses[1].answers_json ==
        R"({"born":"2019-12-31","clients":1000,"municipality":"202"})");
  CHECK(semi.responses[2].answers_json ==
        R"({"born":"2019-01-31","clients":-3,"municipality":"304","note":"x"})");

  ImportResult tabs = parse_import(*q, "municipality\tclients\n853\t2,5\n");
  REQUIRE(tabs.ok());
  CHECK(tabs.responses[0].answers_json == R"({"clients":2.5,"municipality":"853"})");

  // What is still not a number or a date, said with the row and the column.
  ImportResult bad =
      parse_import(*q, "municipality;clients;born\n853;12 50;\n853;;31.2.2019\n853;;5.1.20\n");
  REQUIRE(bad.errors.size() == 3);
  CHECK(bad.errors[0].render() == "2:clients: '12 50' is not a number");
  CHECK(bad.errors[1].render().rfind("3:born: ", 0) == 0);  // the answer check: no 31 February
  CHECK(bad.errors[2].render().rfind("4:born: ", 0) == 0);  // a two-digit year is not read
  // In a comma-separated file a comma in a number is refused: "12,5" or "12,500" would be a guess.
  ImportResult comma = parse_import(*q, "municipality,clients\n853,\"12,5\"\n");
  REQUIRE(comma.errors.size() == 1);
  CHECK(comma.errors[0].render() == "2:clients: '12,5' is not a number");
}

TEST_CASE("csv: the delimiter is read off the first line, outside quotes") {
  CHECK(detect_csv_delimiter("a,b,c\n1;2;3;4;5\n") == ',');
  CHECK(detect_csv_delimiter("a;b;c\r\n1,5;2\r\n") == ';');
  CHECK(detect_csv_delimiter("a\tb\n") == '\t');
  CHECK(detect_csv_delimiter("\"x;y;z\",b\n") == ',');
  CHECK(detect_csv_delimiter("name\n") == ',');
  CHECK(detect_csv_delimiter("") == ',');
  CsvReader r("a;\"b;c\";\"d\"\"e\"\n", ';');
  std::string error;
  auto rec = r.next(&error);
  REQUIRE(rec);
  CHECK(*rec == std::vector<std::string>{"a", "b;c", "d\"e"});
}
