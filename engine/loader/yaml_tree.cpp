// Builds YamlNode trees from yaml-cpp parser events, with limits. No questionnaire knowledge.
#include "engine/loader/yaml_tree.h"

#include <yaml-cpp/anchor.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <sstream>

#include "engine/loader/codes.h"

namespace otos::loader {
namespace {

// Thrown by the handler to stop parsing; caught in parse_yaml only.
struct StopParsing {};

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const std::string& file, const YamlLimits& limits, std::vector<Diagnostic>& out)
      : file_(file), limits_(limits), out_(out) {}

  std::unique_ptr<YamlNode> root;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const YamlNode* key = pending_key();
    YamlNode& n = begin(mark, anchor);
    n.kind = YamlNode::Kind::Null;
    // An empty value ("version:" and nothing after it) gets the mark of the next token, lines
    // later or past the end of the file; a message about it belongs at its key.
    if (key && mark.line != key->line) {
      n.line = key->line;
      n.column = key->column;
      n.pos = key->pos;
    }
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { refuse_anchors(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    YamlNode& n = begin(mark, anchor);
    n.kind = YamlNode::Kind::Scalar;
    n.value = value;
    n.plain = tag == "?";
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    YamlNode& n = begin(mark, anchor);
    n.kind = YamlNode::Kind::Sequence;
    open(n, mark);
  }
  void OnSequenceEnd() override { stack_.pop_back(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    YamlNode& n = begin(mark, anchor);
    n.kind = YamlNode::Kind::Map;
    open(n, mark);
  }
  void OnMapEnd() override {
    check_duplicate_keys(*stack_.back().node);
    stack_.pop_back();
  }

 private:
  struct Frame {
    YamlNode* node;
    bool expect_key = true;
  };

  void report(const YAML::Mark& mark, std::string_view code, std::string message) {
    out_.push_back(
        make_diagnostic(code, make_span(file_, std::max(mark.line, 0), std::max(mark.column, 0)),
                        std::move(message)));
  }

  // Anchors and aliases are refused outright: an alias bomb never expands, and a partial tree
  // would only produce misleading follow-up errors.
  [[noreturn]] void refuse_anchors(const YAML::Mark& mark) {
    report(mark, codes::kYamlAnchor,
           "anchors and aliases (&name, *name) are not supported; write each value out in full");
    throw StopParsing{};
  }

  YamlNode& begin(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (++nodes_ > limits_.max_nodes) {
      report(mark, codes::kYamlTooLarge,
             std::string("the document has more than ") + std::to_string(limits_.max_nodes) +
                 " YAML nodes; expected a questionnaire of reasonable size");
      throw StopParsing{};
    }
    if (anchor != YAML::NullAnchor) refuse_anchors(mark);
    YamlNode* n = nullptr;
    if (stack_.empty()) {
      root = std::make_unique<YamlNode>();
      n = root.get();
    } else {
      Frame& f = stack_.back();
      if (f.node->kind == YamlNode::Kind::Sequence) {
        n = &f.node->items.emplace_back();
      } else if (f.expect_key) {
        n = &f.node->entries.emplace_back().first;
        f.expect_key = false;
      } else {
        n = &f.node->entries.back().second;
        f.expect_key = true;
      }
    }
    n->line = std::max(mark.line, 0);
    n->column = std::max(mark.column, 0);
    n->pos = static_cast<size_t>(std::max(mark.pos, 0));
    return *n;
  }

  // The key whose value the next node is, or null (in a sequence, or the next node is a key).
  const YamlNode* pending_key() const {
    if (stack_.empty()) return nullptr;
    const Frame& f = stack_.back();
    if (f.node->kind != YamlNode::Kind::Map || f.expect_key || f.node->entries.empty())
      return nullptr;
    return &f.node->entries.back().first;
  }

  void open(YamlNode& n, const YAML::Mark& mark) {
    if (static_cast<int>(stack_.size()) >= limits_.max_depth) {
      report(mark, codes::kYamlTooDeep,
             std::string("nesting deeper than ") + std::to_string(limits_.max_depth) +
                 " levels; expected a questionnaire of a few levels");
      throw StopParsing{};
    }
    stack_.push_back({&n, true});
  }

  void check_duplicate_keys(const YamlNode& map) {
    std::map<std::string_view, const YamlNode*> seen;
    for (const auto& [key, value] : map.entries) {
      if (key.kind != YamlNode::Kind::Scalar) continue;
      auto [it, inserted] = seen.emplace(key.value, &key);
      if (!inserted)
        out_.push_back(make_diagnostic(
            codes::kDuplicateKey, make_span(file_, key.line, key.column),
            std::string("duplicate key '") + key.value + "' (first at line " +
                std::to_string(it->second->line + 1) + "); each key may appear once"));
    }
  }

  const std::string& file_;
  const YamlLimits& limits_;
  std::vector<Diagnostic>& out_;
  std::vector<Frame> stack_;
  size_t nodes_ = 0;
};

// Stops at the first event of a second document.
class SecondDocument : public YAML::EventHandler {
 public:
  YAML::Mark mark;
  void OnDocumentStart(const YAML::Mark& m) override {
    mark = m;
    throw StopParsing{};
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// yaml-cpp buffers every token of a flow collection ([..] or {..}) until it ends, since the
// whole collection might be a key: about 300 bytes per item. A cheap lexical pre-pass bounds
// the items (commas and nested openings) and the depth of each outermost flow collection.
// Quotes and comments are skipped; a stray '[' inside block text can only make this
// stricter, never let a bomb through.
struct FlowTooLong {
  int line = 0, column = 0;
  bool too_deep = false;  // else too many items
};
std::optional<FlowTooLong> find_long_flow(std::string_view text, size_t max_items, int max_depth) {
  int depth = 0, line = 0, column = 0, start_line = 0, start_column = 0;
  size_t items = 0;
  char quote = 0;
  bool comment = false;
  char previous = '\n';
  for (size_t i = 0; i < text.size(); ++i, ++column) {
    char c = text[i];
    if (c == '\n') {
      ++line;
      column = -1;
      comment = false;
      if (quote == 0) previous = c;
      continue;
    }
    if (comment) continue;
    if (quote) {
      if (quote == '"' && c == '\\') {
        ++i, ++column;
      } else if (c == quote) {
        quote = 0;
      }
      previous = c;
      continue;
    }
    if (c == '#' && (previous == ' ' || previous == '\t' || previous == '\n')) {
      comment = true;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '[' || c == '{') {
      if (depth++ == 0) {
        items = 0;
        start_line = line;
        start_column = column;
      } else if (depth > max_depth) {
        return FlowTooLong{line, column, true};
      } else if (++items >= max_items) {
        return FlowTooLong{start_line, start_column, false};
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == ',' && depth > 0 && ++items >= max_items) {
      return FlowTooLong{start_line, start_column, false};
    }
    previous = c;
  }
  return std::nullopt;
}

}  // namespace

const YamlNode* YamlNode::get(std::string_view key) const {
  for (const auto& [k, v] : entries)
    if (k.kind == Kind::Scalar && k.value == key) return &v;
  return nullptr;
}

std::string describe(const YamlNode& node) {
  switch (node.kind) {
    case YamlNode::Kind::Null:
      return "nothing";
    case YamlNode::Kind::Scalar:
      return "'" + (node.value.size() > 40 ? node.value.substr(0, 40) + "..." : node.value) + "'";
    case YamlNode::Kind::Sequence:
      return "a list";
    case YamlNode::Kind::Map:
      return "a map";
    case YamlNode::Kind::Invalid:
      return "an alias";
  }
  return "a value";
}

YamlParse parse_yaml(std::string_view text, const std::string& file, const YamlLimits& limits) {
  YamlParse result;
  if (auto flow = find_long_flow(text, limits.max_flow_items, limits.max_depth)) {
    if (flow->too_deep)
      result.diagnostics.push_back(
          make_diagnostic(codes::kYamlTooDeep, make_span(file, flow->line, flow->column),
                          "nesting deeper than " + std::to_string(limits.max_depth) +
                              " levels; expected a questionnaire of a few levels"));
    else
      result.diagnostics.push_back(make_diagnostic(
          codes::kYamlTooLarge, make_span(file, flow->line, flow->column),
          "a [..] or {..} collection with more than " + std::to_string(limits.max_flow_items) +
              " items; write long lists as block lists (one '- item' per line)"));
    return result;
  }
  std::istringstream in{std::string(text)};
  try {
    YAML::Parser parser(in);
    TreeBuilder builder(file, limits, result.diagnostics);
    try {
      parser.HandleNextDocument(builder);
    } catch (const StopParsing&) {
      return result;  // the reason is in diagnostics; a partial tree is not worth checking
    }
    result.root = std::move(builder.root);
    SecondDocument second;
    try {
      if (parser.HandleNextDocument(second)) {
        // A second document that is empty still counts.
      }
    } catch (const StopParsing&) {
      result.diagnostics.push_back(
          {std::string(codes::kYamlMultipleDocuments),
           {file, std::max(second.mark.line, 0), std::max(second.mark.column, 0)},
           "a second YAML document starts here; expected one questionnaire per file"});
    }
  } catch (const YAML::Exception& e) {
    result.root.reset();
    int line = e.mark.is_null() ? 0 : std::max(e.mark.line, 0);
    int column = e.mark.is_null() ? 0 : std::max(e.mark.column, 0);
    result.diagnostics.push_back({std::string(codes::kYamlSyntax),
                                  {file, line, column},
                                  std::string("YAML syntax error: ") + e.msg});
  }
  return result;
}

}  // namespace otos::loader
