// Unit tests of engine/loader: the YAML tree and its limits, the input checks, "did you mean",
// and the model the loader builds (values, resolved lists and scales, spans).
#include "engine/loader/loader.h"

#include <doctest/doctest.h>

#include <string>

#include "engine/loader/codes.h"
#include "engine/loader/did_you_mean.h"
#include "engine/loader/input_check.h"
#include "engine/loader/yaml_tree.h"

using otos::loader::load_document;
using otos::loader::parse_yaml;
using otos::loader::YamlNode;

namespace {

const char* const kValid = R"(id: demo
version: 2026
title: {fi: Kysely, sv: Enkät, en: Survey}
languages: [fi, sv, en]
access: invitation
open: 2026-01-15
close: 2026-03-31
min_cell: 3
groups: [municipality]
pages:
  - id: about
    title: Tausta
    questions:
      - id: municipality
        type: single_choice
        required: true
        text: {fi: Kotikunta, sv: Hemkommun, en: Home municipality}
        options: towns
      - id: seek_help
        type: likert
        scale: agree2
        text: Tuki
        show_if: "municipality == '853'"
      - id: age
        type: number
        integer: true
        min: 0
        max: 120.5
        unit: {fi: vuotta, sv: år, en: years}
        text: Ikä
        show_if: age_plain > 1
      - id: note
        type: text
        multiline: true
        max_length: 200
        pattern: "[0-9]+"
        text: Huom
        show_if: |
          answered(age)
lists:
  towns: [{code: "853", label: Turku}, {code: 202, label: Kaarina, missing: true}]
scales:
  agree2: [{code: no, label: Ei}, {code: yes, label: Kyllä}]
indicators:
  - id: willing
    title: Halukas
    share: {question: seek_help, values: ["yes"]}
)";

}  // namespace

TEST_CASE("parse_yaml keeps 0-based marks, plain flags and key order") {
  auto parsed = parse_yaml("a: 1\nb:\n  - 'x'\n  - y\n", "f.yaml");
  REQUIRE(parsed.root);
  CHECK(parsed.diagnostics.empty());
  const YamlNode& root = *parsed.root;
  REQUIRE(root.is_map());
  REQUIRE(root.entries.size() == 2);
  CHECK(root.entries[0].first.value == "a");
  CHECK(root.entries[0].second.plain);
  const YamlNode* b = root.get("b");
  REQUIRE(b);
  REQUIRE(b->items.size() == 2);
  CHECK(b->items[0].value == "x");
  CHECK_FALSE(b->items[0].plain);
  CHECK(b->items[0].line == 2);
  CHECK(b->items[0].column == 4);
  CHECK(b->items[1].plain);
}

TEST_CASE("parse_yaml places an empty value at its key, not at the next token") {
  // yaml-cpp marks "version:" with nothing after it at the next token: lines later, or past
  // the end of the file for the last key.
  auto parsed =
      parse_yaml("id: x\nversion:\n\ntitle: T\nq:\n  min:\n\n  text: N\nlast:\n", "f.yaml");
  REQUIRE(parsed.root);
  const YamlNode* version = parsed.root->get("version");
  REQUIRE(version);
  CHECK(version->kind == YamlNode::Kind::Null);
  CHECK(version->line == 1);
  CHECK(version->column == 0);
  const YamlNode* min = parsed.root->get("q")->get("min");
  REQUIRE(min);
  CHECK(min->line == 5);
  CHECK(min->column == 2);
  CHECK(parsed.root->get("last")->line == 8);
  // An explicit null on the key's line keeps its own mark.
  auto tilde = parse_yaml("a: ~\n", "f.yaml");
  CHECK(tilde.root->get("a")->column == 3);
}

TEST_CASE("parse_yaml reports a syntax error at yaml-cpp's mark") {
  auto parsed = parse_yaml("a: [1, 2\nb: 3\n", "f.yaml");
  CHECK_FALSE(parsed.root);
  REQUIRE(parsed.diagnostics.size() == 1);
  CHECK(parsed.diagnostics[0].code == "yaml-syntax");
  CHECK(parsed.diagnostics[0].message.rfind("YAML syntax error: ", 0) == 0);
}

TEST_CASE("parse_yaml reports duplicate keys at the second one") {
  auto parsed = parse_yaml("a: 1\nb: 2\na: 3\n", "f.yaml");
  REQUIRE(parsed.diagnostics.size() == 1);
  CHECK(parsed.diagnostics[0].code == "duplicate-key");
  CHECK(parsed.diagnostics[0].span.line == 2);
  CHECK(parsed.diagnostics[0].span.column == 0);
  CHECK(parsed.diagnostics[0].message ==
        "duplicate key 'a' (first at line 1); each key may appear once");
}

TEST_CASE("parse_yaml refuses anchors and aliases before anything expands") {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'z'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += (i ? ", *" : "*") + prev;
    bomb += "]\n";
  }
  auto parsed = parse_yaml(bomb, "bomb.yaml");
  CHECK_FALSE(parsed.root);
  REQUIRE(parsed.diagnostics.size() == 1);
  CHECK(parsed.diagnostics[0].code == "yaml-anchor");
  CHECK(parsed.diagnostics[0].span.line == 0);
  CHECK(parsed.diagnostics[0].span.column == 3);
}

TEST_CASE("parse_yaml caps nesting depth and node count") {
  std::string deep = std::string(65, '[') + std::string(65, ']');
  auto parsed = parse_yaml(deep, "deep.yaml");
  CHECK_FALSE(parsed.root);
  REQUIRE(parsed.diagnostics.size() == 1);
  CHECK(parsed.diagnostics[0].code == "yaml-too-deep");
  CHECK(parsed.diagnostics[0].span.column == 64);

  // Far deeper than the cap: yaml-cpp's own recursion guard or ours stops it, never the stack.
  std::string very_deep = std::string(100000, '[');
  auto parsed2 = parse_yaml(very_deep, "deep.yaml");
  CHECK_FALSE(parsed2.root);
  CHECK(parsed2.diagnostics.size() == 1);

  otos::loader::YamlLimits limits;
  limits.max_nodes = 10;
  auto parsed3 = parse_yaml("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]", "big.yaml", limits);
  CHECK_FALSE(parsed3.root);
  REQUIRE(parsed3.diagnostics.size() == 1);
  CHECK(parsed3.diagnostics[0].code == "yaml-too-large");
}

TEST_CASE("parse_yaml bounds the items of one flow collection before yaml-cpp buffers them") {
  otos::loader::YamlLimits limits;
  limits.max_flow_items = 3;
  CHECK(parse_yaml("a: [1, 2, 3]\nb: {x: 1, y: 2}\n", "f", limits).diagnostics.empty());
  auto parsed = parse_yaml("a: 'x, y, z, w'\nb: [1, [2, 3], 4, 5]\n", "f", limits);
  CHECK_FALSE(parsed.root);
  REQUIRE(parsed.diagnostics.size() == 1);
  CHECK(parsed.diagnostics[0].code == "yaml-too-large");
  CHECK(parsed.diagnostics[0].span.line == 1);
  CHECK(parsed.diagnostics[0].span.column == 3);
  // Commas in comments and quotes do not count.
  CHECK(parse_yaml("a: [1, '2,2,2,2', \"3,3,3\"] # ,,,,,\n", "f", limits).diagnostics.empty());
}

TEST_CASE("parse_yaml reports a second document") {
  auto parsed = parse_yaml("a: 1\n---\nb: 2\n", "f.yaml");
  REQUIRE(parsed.diagnostics.size() == 1);
  CHECK(parsed.diagnostics[0].code == "yaml-multiple-documents");
  CHECK(parsed.diagnostics[0].span.line == 1);
}

TEST_CASE("check_input: empty, control characters, bad UTF-8, size") {
  using otos::loader::check_input;
  CHECK(check_input("a: 1\n", "f").empty());
  CHECK(check_input("a: \xc3\xa4\n", "f").empty());  // ä
  auto empty = check_input(" \n\n", "f");
  REQUIRE(empty.size() == 1);
  CHECK(empty[0].code == "empty-file");

  auto nul = check_input(std::string("a: 1\nb: \0", 10), "f");
  REQUIRE(nul.size() == 1);
  CHECK(nul[0].code == "control-character");
  CHECK(nul[0].span.line == 1);
  CHECK(nul[0].span.column == 3);
  CHECK(nul[0].message == "control character 0x00 (binary data?); expected a UTF-8 text file");

  auto latin1 = check_input("a: \xc3\xa4 \xe4\n", "f");
  REQUIRE(latin1.size() == 1);
  CHECK(latin1[0].code == "not-utf8");
  CHECK(latin1[0].span.column == 6);  // columns count bytes, as yaml-cpp's do
  CHECK(check_input("\xed\xa0\x80", "f")[0].code == "not-utf8");  // a UTF-16 surrogate
  CHECK(check_input("\xc0\xaf", "f")[0].code == "not-utf8");      // overlong

  std::string huge(otos::loader::kMaxFileBytes + 1, 'a');
  auto big = check_input(huge, "f");
  REQUIRE(big.size() == 1);
  CHECK(big[0].code == "file-too-large");
}

TEST_CASE("did you mean: swaps count as one edit; short words need a close match") {
  using otos::loader::closest;
  using otos::loader::edit_distance;
  CHECK(edit_distance("titel", "title") == 1);
  CHECK(edit_distance("requird", "required") == 1);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(closest("titel", {"id", "title", "text"}) == "title");
  CHECK(closest("xx", {"id", "title"}).empty());
  CHECK(closest("completely_different", {"id", "title"}).empty());
  CHECK(otos::loader::did_you_mean("singel_choice", {"single_choice", "likert"}) ==
        " (did you mean 'single_choice'?)");
}

TEST_CASE("load_document builds the whole model") {
  auto doc = load_document(kValid, "valid.yaml");
  CHECK(doc.parsed);
  for (const auto& d : doc.diagnostics) INFO(d.render());
  CHECK(doc.diagnostics.empty());
  const auto& q = doc.questionnaire;
  CHECK(q.id == "demo");
  CHECK(q.version == 2026);
  CHECK(q.title.in("sv") == "Enkät");
  CHECK(q.languages == std::vector<std::string>{"fi", "sv", "en"});
  CHECK(q.access == otos::model::Access::Invitation);
  CHECK(q.open == "2026-01-15");
  CHECK(q.close == "2026-03-31");
  CHECK(q.min_cell == 3);
  CHECK(q.groups == std::vector<std::string>{"municipality"});
  REQUIRE(q.pages.size() == 1);
  REQUIRE(q.questions().size() == 4);

  const auto* m = q.find_question("municipality");
  REQUIRE(m);
  CHECK(m->required);
  CHECK(m->options_list == "towns");
  REQUIRE(m->options.size() == 2);
  CHECK(m->options[1].code == "202");
  CHECK(m->options[1].missing);
  CHECK(m->span.line == 13);
  CHECK(m->span.column == 12);

  const auto* s = q.find_question("seek_help");
  REQUIRE(s);
  CHECK(s->scale == "agree2");
  REQUIRE(s->options.size() == 2);
  CHECK(s->options[1].code == "yes");
  CHECK(s->show_if_source == "municipality == '853'");
  CHECK(s->show_if_origin.start.line == 22);
  CHECK(s->show_if_origin.start.column == 18);  // inside the quotes

  const auto* a = q.find_question("age");
  REQUIRE(a);
  CHECK(a->integer);
  CHECK(a->min == 0);
  CHECK(a->max == 120.5);
  CHECK(a->unit.in("sv") == "år");
  CHECK(a->show_if_origin.start.column == 17);  // plain scalar: its own column

  const auto* n = q.find_question("note");
  REQUIRE(n);
  CHECK(n->multiline);
  CHECK(n->max_length == 200);
  CHECK(n->pattern == "[0-9]+");
  CHECK(n->show_if_source == "answered(age)\n");
  CHECK(n->show_if_origin.start.line == 38);  // block scalar: first content line
  CHECK(n->show_if_origin.start.column == 10);

  REQUIRE(q.indicators.size() == 1);
  CHECK(q.indicators[0].question == "seek_help");
  CHECK(q.indicators[0].values == std::vector<std::string>{"yes"});
  CHECK(doc.source.spans.at("indicator0/values/0").line == 46);
  CHECK(doc.source.spans.at("q2/max").line == 27);
}

TEST_CASE("load_document: structural diagnostics with codes and spans") {
  struct Case {
    const char* yaml;
    const char* code;
    int line, column;
  };
  const Case cases[] = {
      {"id: x\nversion: 1\ntitle: t\nlanguages: [fi]\npages: []\ncolour: red\n", "unknown-key", 5,
       0},
      {"id: x\nversion: 1\ntitle: t\nlanguages: [fi]\n", "missing-key", 0, 0},
      {"id: x\nversion: 1.5\ntitle: t\nlanguages: [fi]\npages: []\n", "wrong-type", 1, 9},
      {"id: x\nversion: 0\ntitle: t\nlanguages: [fi]\npages: []\n", "out-of-range", 1, 9},
      {"id: x\nversion: 1\ntitle: [t]\nlanguages: [fi]\npages: []\n", "wrong-type", 2, 7},
      {"id: x\nversion: 1\ntitle: t\nlanguages: [FI]\npages: []\n", "bad-value", 3, 12},
      {"id: x y\nversion: 1\ntitle: t\nlanguages: [fi]\npages: []\n", "invalid-id", 0, 4},
      {"id: x\nversion: 1\ntitle: t\nlanguages: [fi]\naccess: open\npages: []\n", "bad-value", 4,
       8},
  };
  for (const auto& c : cases) {
    auto doc = load_document(c.yaml, "f.yaml");
    CAPTURE(c.yaml);
    bool found = false;
    for (const auto& d : doc.diagnostics)
      if (d.code == c.code && d.span.line == c.line && d.span.column == c.column) found = true;
    for (const auto& d : doc.diagnostics) INFO(d.code << " " << d.render());
    CHECK(found);
  }
}

TEST_CASE("load_document: question keys by type") {
  const char* yaml = R"(id: x
version: 1
title: t
languages: [fi]
pages:
  - id: p
    title: P
    questions:
      - id: q
        type: text
        text: T
        max_choices: 2
        paterm: "x"
)";
  auto doc = load_document(yaml, "f.yaml");
  REQUIRE(doc.diagnostics.size() == 2);
  CHECK(doc.diagnostics[0].code == "key-not-allowed");
  CHECK(doc.diagnostics[0].span.line == 11);
  CHECK(doc.diagnostics[0].message ==
        "key 'max_choices' does not apply to a text question; it belongs to multi_choice "
        "questions");
  CHECK(doc.diagnostics[1].code == "unknown-key");
  CHECK(doc.diagnostics[1].message ==
        "unknown key 'paterm' in question 'q' (did you mean 'pattern'?); expected one of: id, "
        "type, text, help, required, show_if, multiline, max_length, pattern, pattern_message");
}

TEST_CASE("scalar_content_start: plain, quoted and block scalars") {
  using otos::loader::scalar_content_start;
  std::string text = "a: 'x'\nb: |\n\n    y\n";
  CHECK(scalar_content_start(text, "f", 0, 3, 3).column == 4);
  auto block = scalar_content_start(text, "f", 1, 3, 10);
  CHECK(block.line == 3);
  CHECK(block.column == 4);
  CHECK(scalar_content_start(text, "f", 0, 0, 0).column == 0);
}
