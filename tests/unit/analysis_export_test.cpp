// CSV cells (RFC 4180 quoting, formula-injection guard) and the reader; the CSV export's layout
// and codebook; the .sav export read back with ReadStat's own reader (labels, missing values).
#include <doctest/doctest.h>
#include <readstat.h>

#include <cstdio>
#include <fstream>
#include <map>

#include "analysis/csv.h"
#include "analysis/export.h"
#include "tests/unit/analysis_fixture.h"

using namespace otos;
using namespace otos::analysis;

namespace {
std::string cell(std::string_view s) {
  std::string out;
  append_csv_text(out, s);
  return out;
}

RowSource rows_of(const std::vector<Answers>& answers) {
  return [answers](const RowVisitor& visit) {
    for (size_t i = 0; i < answers.size(); ++i) {
      storage::ResponseRow r;
      r.id = "r" + std::to_string(i + 1);
      r.survey = "s";
      r.version = 2026;
      r.submitted_at = "2026-02-03T10:15:00Z";
      r.lang = "en";
      visit(r, answers[i]);
    }
  };
}

std::string export_text(const std::vector<Answers>& answers) {
  std::string out;
  export_csv(*testing::fixture_questionnaire(), "en", rows_of(answers),
             [&](std::string_view s) { out.append(s); });
  return out;
}
}  // namespace

TEST_CASE("CSV quoting follows RFC 4180") {
  CHECK(cell("plain") == "plain");
  CHECK(cell("a,b") == "\"a,b\"");
  CHECK(cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(cell("two\nlines") == "\"two\nlines\"");
  CHECK(cell("") == "");
}

TEST_CASE("CSV formula-injection guard: = + - @ get a leading quote; numbers do not") {
  CHECK(cell("=SUM(A1:A9)") == "'=SUM(A1:A9)");
  CHECK(cell("+358 40 123") == "'+358 40 123");
  CHECK(cell("-2") == "'-2");  // a text cell that looks like a number is still text
  CHECK(cell("@cmd") == "'@cmd");
  CHECK(cell("=1,2") == "\"'=1,2\"");
  std::string n;
  append_csv_number(n, "-2");
  CHECK(n == "-2");
  CHECK(unguard_csv_text("'=SUM(A1)") == "=SUM(A1)");
  CHECK(unguard_csv_text("'plain") == "'plain");
}

TEST_CASE("escape_csv_tail writes a cell appended in place as append_csv_text writes it") {
  for (const char* text : {"plain", "", "a,b", "say \"hi\"", "two\nlines", "=SUM(A1)", "-2", "'=x",
                           "=1,2", "@cmd", "ok 3"}) {
    CAPTURE(text);
    std::string expected = "x,";
    append_csv_text(expected, text);
    std::string in_place = std::string("x,") + text;
    escape_csv_tail(in_place, 2);
    CHECK(in_place == expected);
  }
}

TEST_CASE("CSV guard and unguard are exact inverses, texts that start with ' included") {
  // A respondent's "'=x" came back from export -> import as "=x".
  CHECK(cell("'=x") == "''=x");
  CHECK(cell("''-3") == "'''-3");
  CHECK(cell("'plain") == "'plain");
  CHECK(cell("'") == "'");
  for (const char* text :
       {"'=x", "''-3", "=x", "-3", "'plain", "'", "''", "plain", "@a", "'@a,b"}) {
    CAPTURE(text);
    std::string written;
    append_csv_text(written, text);
    const std::string line = written + "\n";  // the reader keeps a view: it must outlive it
    CsvReader reader(line);
    std::string err;
    auto record = reader.next(&err);
    REQUIRE(record);
    REQUIRE(record->size() == 1);
    CHECK(unguard_csv_text((*record)[0]) == text);
  }
}

TEST_CASE("CSV reader: nothing but a comma or a line end may follow a closing quote") {
  for (const char* text : {"853,\"quoted\"tail\n", "202,\"x\" \n", "\"a\"\"b\"c"}) {
    CAPTURE(text);
    CsvReader r(text);
    std::string err;
    CHECK_FALSE(r.next(&err));
    CHECK(err == "text after a closing quote");
  }
  CsvReader ok("\"a\",\"b\"\r\n\"c\"");
  std::string err;
  CHECK(ok.next(&err) == std::vector<std::string>{"a", "b"});
  CHECK(ok.next(&err) == std::vector<std::string>{"c"});
}

TEST_CASE("CSV reader: quotes, doubled quotes, embedded newlines, CRLF, BOM") {
  CsvReader r(
      "\xEF\xBB\xBF"
      "a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\n\"two\nlines\",\n");
  std::string err;
  auto h = r.next(&err);
  REQUIRE(h);
  CHECK(*h == std::vector<std::string>{"a", "b"});
  auto r2 = r.next(&err);
  REQUIRE(r2);
  CHECK(*r2 == std::vector<std::string>{"x,1", "say \"hi\""});
  auto r3 = r.next(&err);
  REQUIRE(r3);
  CHECK(*r3 == std::vector<std::string>{"two\nlines", ""});
  CHECK(r.record() == 3);
  CHECK_FALSE(r.next(&err));
  CsvReader bad("\"open");
  CHECK_FALSE(bad.next(&err));
  CHECK(err == "a quoted field is not closed");
  // Where each error lies, so that a caller can name the line: the opening quote of the cell
  // never closed, the stray quote, the text after a closing quote.
  CsvReader unclosed("a,b\nx,\"two\nlines");
  REQUIRE(unclosed.next(&err));
  CHECK_FALSE(unclosed.next(&err));
  CHECK(unclosed.error_position() == 6);
  CsvReader stray("ab\"c");
  CHECK_FALSE(stray.next(&err));
  CHECK(stray.error_position() == 2);
  CsvReader after("\"a\"b");
  CHECK_FALSE(after.next(&err));
  CHECK(after.error_position() == 3);
}

TEST_CASE("CSV export: fixed columns, one 0/1 column per option, one column per matrix row") {
  const std::string csv = export_text(testing::fixture_responses());
  const std::string header =
      "id,submitted_at,version,lang,municipality,seek_help,channels__web,channels__paper,"
      "channels__dont_know,grid__r1,grid__r2,clients,born,note\r\n";
  CHECK(csv.rfind(header, 0) == 0);
  CHECK(
      csv.find("\r\nr1,2026-02-03T10:15:00Z,2026,en,853,agree,1,0,0,a,b,1,2020-05-01,hello\r\n") !=
      std::string::npos);
  // #12 answered only municipality: every other cell empty (multi flags too)
  CHECK(csv.find("\r\nr12,2026-02-03T10:15:00Z,2026,en,304,,,,,,,,,\r\n") != std::string::npos);
}

TEST_CASE("CSV export guards text answers but not negative numbers") {
  std::vector<Answers> rs(1);
  rs[0]["note"] = std::string("=HYPERLINK(\"x\")");
  rs[0]["clients"] = -3.0;
  const std::string csv = export_text(rs);
  CHECK(csv.find(",-3,,\"'=HYPERLINK(\"\"x\"\")\"\r\n") != std::string::npos);
}

TEST_CASE("codebook CSV: codes with labels and missing codes") {
  const std::string cb = codebook_csv(*testing::fixture_questionnaire(), "en");
  CHECK(cb.rfind("variable,question,text,type,codes,missing_codes\r\n", 0) == 0);
  CHECK(cb.find("seek_help,seek_help,Text of seek_help,likert,"
                "disagree=Disagree; agree=Agree; dont_know=Don't know,dont_know\r\n") !=
        std::string::npos);
  CHECK(cb.find("channels__paper,channels,Text of channels: Paper,multi_choice,"
                "0=not chosen; 1=chosen,\r\n") != std::string::npos);
}

namespace {
struct SavSeen {
  std::map<std::string, std::string> var_labels;
  std::map<std::string, std::string> label_set_of;
  std::map<std::string, std::map<double, std::string>> value_labels;  // by label set name
  std::map<std::string, std::vector<double>> missing;
  std::map<std::string, int> var_index;
  std::map<std::pair<int, int>, double> numbers;  // (row, var index)
  std::map<std::pair<int, int>, std::string> strings;
  int rows = 0;
};

int on_variable(int index, readstat_variable_t* v, const char* val_labels, void* ctx) {
  auto* s = static_cast<SavSeen*>(ctx);
  const std::string name = readstat_variable_get_name(v);
  s->var_index[name] = index;
  s->var_labels[name] = readstat_variable_get_label(v) ? readstat_variable_get_label(v) : "";
  if (val_labels) s->label_set_of[name] = val_labels;
  for (int i = 0; i < readstat_variable_get_missing_ranges_count(v); ++i)
    s->missing[name].push_back(readstat_double_value(readstat_variable_get_missing_range_lo(v, i)));
  return READSTAT_HANDLER_OK;
}

int on_value_label(const char* set, readstat_value_t value, const char* label, void* ctx) {
  static_cast<SavSeen*>(ctx)->value_labels[set][readstat_double_value(value)] = label;
  return READSTAT_HANDLER_OK;
}

int on_value(int obs, readstat_variable_t* v, readstat_value_t value, void* ctx) {
  auto* s = static_cast<SavSeen*>(ctx);
  const int idx = readstat_variable_get_index(v);
  s->rows = std::max(s->rows, obs + 1);
  if (readstat_value_type(value) == READSTAT_TYPE_STRING) {
    const char* str = readstat_string_value(value);
    s->strings[{obs, idx}] = str ? str : "";
  } else if (!readstat_value_is_system_missing(value)) {
    s->numbers[{obs, idx}] = readstat_double_value(value);
  }
  return READSTAT_HANDLER_OK;
}
}  // namespace

TEST_CASE(".sav export reads back with ReadStat: variable labels, value labels, missing values") {
  std::string bytes;
  const std::string err =
      export_sav(*testing::fixture_questionnaire(), "en", rows_of(testing::fixture_responses()),
                 [&](std::string_view s) { bytes.append(s); });
  REQUIRE(err == "");
  const std::string path = "analysis_export_test.sav";
  {
    std::ofstream f(path, std::ios::binary);
    f << bytes;
  }
  SavSeen seen;
  readstat_parser_t* parser = readstat_parser_init();
  readstat_set_variable_handler(parser, on_variable);
  readstat_set_value_label_handler(parser, on_value_label);
  readstat_set_value_handler(parser, on_value);
  const readstat_error_t perr = readstat_parse_sav(parser, path.c_str(), &seen);
  readstat_parser_free(parser);
  std::remove(path.c_str());
  REQUIRE(perr == READSTAT_OK);
  CHECK(seen.rows == 12);
  CHECK(seen.var_labels["seek_help"] == "Text of seek_help");
  CHECK(seen.var_labels["channels__web"] == "Text of channels: Websites");
  // municipality codes are integers, so they are the values: 853 -> Turku
  const auto& muni = seen.value_labels[seen.label_set_of["municipality"]];
  CHECK(muni.at(853) == "Turku");
  CHECK(muni.at(304) == "Kustavi");
  // seek_help codes are words: positions 1..3, and dont_know (3) is a declared missing value
  const auto& seek = seen.value_labels[seen.label_set_of["seek_help"]];
  CHECK(seek.at(1) == "Disagree");
  CHECK(seek.at(3) == "Don't know");
  REQUIRE(seen.missing["seek_help"].size() == 1);
  CHECK(seen.missing["seek_help"][0] == 3.0);
  // row 1: municipality 853, seek_help agree = 2, channels__paper 0, clients 1, note "hello"
  CHECK(seen.numbers[{0, seen.var_index["municipality"]}] == 853.0);
  CHECK(seen.numbers[{0, seen.var_index["seek_help"]}] == 2.0);
  CHECK(seen.numbers[{0, seen.var_index["channels__paper"]}] == 0.0);
  CHECK(seen.numbers[{0, seen.var_index["clients"]}] == 1.0);
  CHECK(seen.strings[{0, seen.var_index["note"]}] == "hello");
  CHECK(seen.strings[{0, seen.var_index["id"]}] == "r1");
  // row 12 left clients empty: system missing, so no number was delivered
  CHECK(seen.numbers.count({11, seen.var_index["clients"]}) == 0);
}

TEST_CASE("CSV export from stored JSON (fast path) matches the typed path") {
  std::vector<Answers> rs(2);
  rs[0]["municipality"] = std::string("853");
  rs[0]["channels"] = Codes{"paper"};
  rs[0]["grid"] = MatrixAnswer{{"r2", "b"}};
  rs[0]["clients"] = -2.5;
  rs[0]["note"] = std::string("=1+1, \"q\"");
  const std::string jsons[] = {
      R"({"channels":["paper"],"clients":-2.5,"grid":{"r2":"b"},"municipality":"853","note":"=1+1, \"q\""})",
      "{}"};
  std::string fast;
  export_csv_stored(
      *testing::fixture_questionnaire(), "en",
      [&](const std::function<void(const storage::ResponseRow&)>& visit) {
        for (size_t i = 0; i < 2; ++i) {
          storage::ResponseRow r;
          r.id = "r" + std::to_string(i + 1);
          r.version = 2026;
          r.submitted_at = "2026-02-03T10:15:00Z";
          r.lang = "en";
          r.answers_json = jsons[i];
          visit(r);
        }
      },
      [&](std::string_view s) { fast.append(s); });
  CHECK(fast == export_text(rs));
  CHECK(fast.find(",853,,0,1,0,,b,-2.5,,\"'=1+1, \"\"q\"\"\"\r\n") != std::string::npos);
}

TEST_CASE("xlsx export writes a workbook (a zip archive)") {
  const std::string path = "analysis_export_test.xlsx";
  const std::string err = export_xlsx(*testing::fixture_questionnaire(), "en",
                                      rows_of(testing::fixture_responses()), path);
  CHECK(err == "");
  std::ifstream f(path, std::ios::binary);
  std::string magic(2, '\0');
  f.read(magic.data(), 2);
  CHECK(magic == "PK");
  std::remove(path.c_str());
}
