// Builds the questionnaire model from the YAML tree, key by key, recording spans for the
// validator. Structural problems only; rules over the whole model are in engine/validate.
#include "engine/loader/loader.h"

#include <algorithm>
#include <cctype>

#include "engine/loader/codes.h"
#include "engine/loader/did_you_mean.h"
#include "engine/loader/input_check.h"
#include "engine/loader/node_reader.h"
#include "engine/loader/scalar_origin.h"
#include "engine/loader/yaml_tree.h"

namespace otos::loader {
namespace {

using model::Option;
using model::Question;
using model::QuestionType;

const std::vector<std::string> kTopKeys = {
    "id",    "version",  "title",  "description", "languages", "access", "open",
    "close", "min_cell", "groups", "pages",       "lists",     "scales", "indicators"};
const std::vector<std::string> kPageKeys = {"id", "title", "description", "questions"};
const std::vector<std::string> kCommonQuestionKeys = {"id",   "type",     "text",
                                                      "help", "required", "show_if"};
const std::vector<std::string> kAllTypeKeys = {
    "options", "max_choices", "scale",     "rows",       "integer", "min",
    "max",     "unit",        "multiline", "max_length", "pattern", "pattern_message"};
const std::vector<std::string> kOptionKeys = {"code", "label", "missing", "exclusive"};
const std::vector<std::string> kRowKeys = {"id", "text"};
const std::vector<std::string> kIndicatorKeys = {"id", "title", "share"};
const std::vector<std::string> kShareKeys = {"question", "values"};
const std::vector<std::string> kTypeNames = {"single_choice", "multi_choice", "likert", "matrix",
                                             "number",        "text",         "date",   "info"};

std::vector<std::string> type_keys(QuestionType t) {
  switch (t) {
    case QuestionType::SingleChoice:
      return {"options"};
    case QuestionType::MultiChoice:
      return {"options", "max_choices"};
    case QuestionType::Likert:
      return {"scale"};
    case QuestionType::Matrix:
      return {"scale", "rows"};
    case QuestionType::Number:
      return {"integer", "min", "max", "unit"};
    case QuestionType::Text:
      return {"multiline", "max_length", "pattern", "pattern_message"};
    case QuestionType::Date:
    case QuestionType::Info:
      return {};
  }
  return {};
}

std::string types_with_key(const std::string& key) {
  std::vector<std::string> types;
  for (const auto& name : kTypeNames) {
    auto keys = type_keys(*model::question_type_from_string(name));
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) types.push_back(name);
  }
  return "it belongs to " + join(types) + " questions";
}

bool is_identifier(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool is_reserved(std::string_view s) {
  return s == "and" || s == "or" || s == "not" || s == "in" || s == "true" || s == "false";
}

bool is_code(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

class Builder {
 public:
  Builder(std::string_view text, const std::string& file, LoadedDocument& doc)
      : text_(text), file_(file), doc_(doc), r_(file, doc.diagnostics) {}

  void build(const YamlNode& root) {
    auto& q = doc_.questionnaire;
    if (!r_.expect_map(root, "the questionnaire")) return;
    r_.check_keys(root, kTopKeys, "the questionnaire");
    r_.require(root, {"id", "version", "title", "languages", "pages"}, "the questionnaire");
    if (auto* n = root.get("id")) {
      if (auto s = r_.string(*n, "'id'")) {
        q.id = *s;
        bool ok = !s->empty() && std::all_of(s->begin(), s->end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
        });
        if (!ok)
          r_.error(*n, codes::kInvalidId,
                   std::string("questionnaire id '") + *s +
                       "' must be letters, digits, '_' or '-' (it appears in web addresses)");
      }
    }
    if (auto* n = root.get("version")) {
      record("version", *n);
      if (auto v = integer_quiet(*n)) {
        q.version = *v;
        if (*v < 1)
          r_.error(
              *n, codes::kOutOfRange,
              "'version' is " + std::to_string(*v) + "; expected a positive integer such as 2026");
      } else if (n->kind != YamlNode::Kind::Invalid) {
        r_.error(*n, codes::kWrongType,
                 std::string("'version' must be an integer (the wave, such as 2026), got ") +
                     describe(*n));
      }
    }
    if (auto* n = root.get("title")) read_text(*n, "the questionnaire's title", q.title);
    if (auto* n = root.get("description"))
      read_text(*n, "the questionnaire's description", q.description);
    if (auto* n = root.get("languages")) read_languages(*n);
    if (auto* n = root.get("access")) {
      record("access", *n);
      if (auto s = r_.string(*n, "'access'")) {
        if (*s == "public")
          q.access = model::Access::Public;
        else if (*s == "invitation")
          q.access = model::Access::Invitation;
        else
          r_.error(*n, codes::kBadValue,
                   std::string("'access' must be public or invitation, got '") + *s + "'" +
                       did_you_mean(*s, {"public", "invitation"}));
      }
    }
    for (const char* key : {"open", "close"}) {
      if (auto* n = root.get(key)) {
        record(key, *n);
        if (auto s = r_.string(*n, std::string("'") + key + "'"))
          (std::string_view(key) == "open" ? q.open : q.close) = *s;
      }
    }
    if (auto* n = root.get("min_cell")) {
      record("min_cell", *n);
      if (auto v = r_.integer(*n, "'min_cell'")) q.min_cell = *v;
    }
    if (auto* n = root.get("groups")) {
      if (r_.expect_list(*n, "'groups'")) {
        for (size_t i = 0; i < n->items.size(); ++i) {
          record(std::string("groups/") + std::to_string(i), n->items[i]);
          if (auto s = r_.string(n->items[i], "a 'groups' entry")) q.groups.push_back(*s);
        }
      }
    }
    // Lists and scales first: questions resolve their options from them.
    if (auto* n = root.get("lists")) read_named_lists(*n, "lists", q.lists, doc_.source.list_spans);
    if (auto* n = root.get("scales"))
      read_named_lists(*n, "scales", q.scales, doc_.source.scale_spans);
    if (auto* n = root.get("pages")) read_pages(*n);
    if (auto* n = root.get("indicators")) read_indicators(*n);
  }

 private:
  void record(const std::string& key, const YamlNode& n) { doc_.source.spans[key] = r_.span(n); }

  std::optional<int> integer_quiet(const YamlNode& n) {
    if (!n.is_scalar() || !n.plain) return std::nullopt;
    std::vector<Diagnostic> scratch;
    NodeReader quiet(file_, scratch);
    return quiet.integer(n, "");
  }

  void read_text(const YamlNode& n, const std::string& what, LocalizedText& out) {
    if (auto t = r_.text(n, what)) {
      out = *t;
      doc_.source.texts.push_back({*t, r_.span(n), what});
    }
  }

  void read_languages(const YamlNode& n) {
    if (!r_.expect_list(n, "'languages'")) return;
    if (n.items.empty())
      r_.error(n, codes::kEmptyList, "'languages' is empty; expected at least one, such as [fi]");
    for (size_t i = 0; i < n.items.size(); ++i) {
      const YamlNode& item = n.items[i];
      record(std::string("languages/") + std::to_string(i), item);
      auto s = r_.string(item, "a language");
      if (!s) continue;
      bool ok = s->size() >= 2 && s->size() <= 8 && std::all_of(s->begin(), s->end(), [](char c) {
                  return std::islower(static_cast<unsigned char>(c)) || c == '-';
                });
      if (!ok) {
        r_.error(item, codes::kBadValue,
                 std::string("language '") + *s +
                     "' must be a lower-case language code such as fi, sv or en");
        continue;
      }
      auto& langs = doc_.questionnaire.languages;
      if (std::find(langs.begin(), langs.end(), *s) != langs.end()) {
        r_.error(item, codes::kDuplicateId, std::string("language '") + *s + "' is listed twice");
        continue;
      }
      langs.push_back(*s);
    }
  }

  std::vector<Option> read_options(const YamlNode& n, const std::string& owner) {
    std::vector<Option> out;
    if (!r_.expect_list(n, std::string("the options of ") + owner)) return out;
    if (n.items.empty())
      r_.error(n, codes::kEmptyList,
               std::string("the options of ") + owner + " are empty; expected at least one");
    for (size_t i = 0; i < n.items.size(); ++i) {
      const YamlNode& item = n.items[i];
      std::string what = std::string("option ") + std::to_string(i + 1) + " of " + owner;
      if (!r_.expect_map(item, what)) continue;
      r_.check_keys(item, kOptionKeys, what);
      r_.require(item, {"code", "label"}, what);
      Option o;
      o.span = r_.span(item);
      if (auto* c = item.get("code")) {
        if (auto s = r_.string(*c, std::string("the code of ") + what)) {
          o.code = *s;
          o.span = r_.span(*c);
          if (!is_code(*s))
            r_.error(
                *c, codes::kInvalidId,
                std::string("option code '") + *s + "' must be letters, digits, '_', '-' or '.'");
          what = "option '" + *s + "' of " + owner;
        }
      }
      if (auto* l = item.get("label")) read_text(*l, std::string("the label of ") + what, o.label);
      if (auto* m = item.get("missing"))
        if (auto b = r_.boolean(*m, std::string("'missing' of ") + what)) o.missing = *b;
      if (auto* x = item.get("exclusive"))
        if (auto b = r_.boolean(*x, std::string("'exclusive' of ") + what)) o.exclusive = *b;
      out.push_back(std::move(o));
    }
    return out;
  }

  void read_named_lists(const YamlNode& n, const std::string& key,
                        std::map<std::string, std::vector<Option>, std::less<>>& out,
                        std::vector<Span>& spans) {
    if (!r_.expect_map(n, std::string("'") + key + "'")) return;
    for (const auto& [name, value] : n.entries) {
      auto s = r_.string(name, std::string("a name in '") + key + "'");
      if (!s) continue;
      if (!is_identifier(*s))
        r_.error(name, codes::kInvalidId,
                 std::string("name '") + *s + "' in '" + key +
                     "' must be letters, digits and '_', not starting with a digit");
      spans.push_back(r_.span(name));
      auto options = read_options(value, (key == "lists" ? "list '" : "scale '") + *s + "'");
      out.emplace(*s, std::move(options));  // a duplicate name is a duplicate-key already
    }
  }

  void read_id(const YamlNode& map, const std::string& kind, std::string& id, Span& span) {
    span = r_.span(map);
    const YamlNode* n = map.get("id");
    if (!n) return;
    auto s = r_.string(*n, std::string("the id of a ") + kind);
    if (!s) return;
    id = *s;
    span = r_.span(*n);
    if (!is_identifier(*s))
      r_.error(
          *n, codes::kInvalidId,
          kind + " id '" + *s + "' must be letters, digits and '_', not starting with a digit");
    else if (is_reserved(*s))
      r_.error(*n, codes::kInvalidId,
               kind + " id '" + *s + "' is a reserved word of show_if; choose another id");
  }

  void read_pages(const YamlNode& n) {
    if (!r_.expect_list(n, "'pages'")) return;
    if (n.items.empty())
      r_.error(n, codes::kEmptyList, "'pages' is empty; expected at least one page");
    for (size_t i = 0; i < n.items.size(); ++i) {
      const YamlNode& item = n.items[i];
      std::string what = std::string("page ") + std::to_string(i + 1);
      if (!r_.expect_map(item, what)) continue;
      model::Page page;
      read_id(item, "page", page.id, page.span);
      if (!page.id.empty()) what = "page '" + page.id + "'";
      r_.check_keys(item, kPageKeys, what);
      r_.require(item, {"id", "title", "questions"}, what);
      if (auto* t = item.get("title"))
        read_text(*t, std::string("the title of ") + what, page.title);
      if (auto* t = item.get("description")) {
        LocalizedText ignored;  // shown by forms later; checked for languages now
        read_text(*t, std::string("the description of ") + what, ignored);
      }
      if (auto* qs = item.get("questions")) {
        if (r_.expect_list(*qs, std::string("the questions of ") + what)) {
          if (qs->items.empty())
            r_.error(*qs, codes::kEmptyList,
                     std::string("the questions of ") + what +
                         " are empty; expected at least one question");
          for (const auto& qn : qs->items) {
            if (!r_.expect_map(qn, std::string("a question of ") + what)) continue;
            page.questions.push_back(read_question(qn));
          }
        }
      }
      doc_.questionnaire.pages.push_back(std::move(page));
    }
  }

  Question read_question(const YamlNode& n) {
    Question q;
    const std::string key = std::string("q") + std::to_string(question_count_++);
    read_id(n, "question", q.id, q.span);
    std::string what = q.id.empty() ? "a question" : "question '" + q.id + "'";
    std::optional<QuestionType> type;
    if (auto* t = n.get("type")) {
      record(key + "/type", *t);
      if (auto s = r_.string(*t, std::string("the type of ") + what)) {
        type = model::question_type_from_string(*s);
        if (!type)
          r_.error(*t, codes::kUnknownQuestionType,
                   std::string("unknown question type '") + *s + "'" +
                       did_you_mean(*s, kTypeNames) + std::string("; expected one of: ") +
                       join(kTypeNames));
      }
    }
    if (type) {
      q.type = *type;
      std::vector<std::string> allowed = kCommonQuestionKeys;
      auto own = type_keys(*type);
      allowed.insert(allowed.end(), own.begin(), own.end());
      std::vector<std::string> elsewhere;
      for (const auto& k : kAllTypeKeys)
        if (std::find(own.begin(), own.end(), k) == own.end()) elsewhere.push_back(k);
      for (const auto& [k, v] : n.entries) {
        if (!k.is_scalar()) continue;
        if (std::find(elsewhere.begin(), elsewhere.end(), k.value) != elsewhere.end())
          r_.error(k, codes::kKeyNotAllowed,
                   std::string("key '") + k.value + "' does not apply to a " +
                       std::string(model::to_string(*type)) + " question; " +
                       types_with_key(k.value));
      }
      r_.check_keys(n, allowed, what, elsewhere, "");
      std::vector<std::string> required = {"id", "type", "text"};
      if (*type == QuestionType::SingleChoice || *type == QuestionType::MultiChoice)
        required.push_back("options");
      if (*type == QuestionType::Likert || *type == QuestionType::Matrix)
        required.push_back("scale");
      if (*type == QuestionType::Matrix) required.push_back("rows");
      r_.require(n, required, what);
    } else {
      std::vector<std::string> allowed = kCommonQuestionKeys;
      allowed.insert(allowed.end(), kAllTypeKeys.begin(), kAllTypeKeys.end());
      r_.check_keys(n, allowed, what);
      r_.require(n, {"id", "type", "text"}, what);
    }
    if (auto* t = n.get("text")) read_text(*t, std::string("the text of ") + what, q.text);
    if (auto* t = n.get("help")) read_text(*t, std::string("the help of ") + what, q.help);
    if (auto* b = n.get("required"))
      if (auto v = r_.boolean(*b, std::string("'required' of ") + what)) q.required = *v;
    if (auto* s = n.get("show_if")) {
      if (auto v = r_.string(*s, std::string("'show_if' of ") + what)) {
        q.show_if_source = *v;
        q.show_if_origin = scalar_origin(text_, file_, s->line, s->column, s->pos, *v);
        doc_.source.spans[key + "/show_if"] = q.show_if_origin.start;
      }
    }
    if (!type) return q;
    // Type-specific keys; a key that does not apply was reported above and is skipped here.
    auto own = type_keys(*type);
    auto has = [&](const char* k) { return std::find(own.begin(), own.end(), k) != own.end(); };
    if (auto* o = n.get("options"); o && has("options")) {
      record(key + "/options", *o);
      if (o->is_scalar()) {
        q.options_list = o->value;
        auto it = doc_.questionnaire.lists.find(o->value);
        if (it != doc_.questionnaire.lists.end()) q.options = it->second;
      } else if (o->is_seq()) {
        q.options = read_options(*o, what);
      } else if (o->kind != YamlNode::Kind::Invalid) {
        r_.error(
            *o, codes::kWrongType,
            std::string("'options' of ") + what +
                std::string(" must be a list of options or the name of a list in 'lists', got ") +
                describe(*o));
      }
    }
    if (auto* s = n.get("scale"); s && has("scale")) {
      record(key + "/scale", *s);
      if (auto v = r_.string(
              *s, std::string("'scale' of ") + what + " (the name of a scale in 'scales')")) {
        q.scale = *v;
        auto it = doc_.questionnaire.scales.find(*v);
        if (it != doc_.questionnaire.scales.end()) q.options = it->second;
      }
    }
    if (auto* rows = n.get("rows"); rows && has("rows")) read_rows(*rows, what, q);
    if (auto* v = n.get("max_choices"); v && has("max_choices")) {
      record(key + "/max_choices", *v);
      if (auto i = r_.integer(*v, std::string("'max_choices' of ") + what)) q.max_choices = *i;
    }
    if (auto* v = n.get("integer"); v && has("integer"))
      if (auto b = r_.boolean(*v, std::string("'integer' of ") + what)) q.integer = *b;
    if (auto* v = n.get("min"); v && has("min")) {
      record(key + "/min", *v);
      q.min = r_.number(*v, std::string("'min' of ") + what);
    }
    if (auto* v = n.get("max"); v && has("max")) {
      record(key + "/max", *v);
      q.max = r_.number(*v, std::string("'max' of ") + what);
    }
    if (auto* v = n.get("unit"); v && has("unit"))
      read_text(*v, std::string("the unit of ") + what, q.unit);
    if (auto* v = n.get("multiline"); v && has("multiline"))
      if (auto b = r_.boolean(*v, std::string("'multiline' of ") + what)) q.multiline = *b;
    if (auto* v = n.get("max_length"); v && has("max_length")) {
      record(key + "/max_length", *v);
      q.max_length = r_.integer(*v, std::string("'max_length' of ") + what);
    }
    if (auto* v = n.get("pattern"); v && has("pattern")) {
      record(key + "/pattern", *v);
      if (auto s = r_.string(*v, std::string("'pattern' of ") + what)) q.pattern = *s;
    }
    if (auto* v = n.get("pattern_message"); v && has("pattern_message"))
      read_text(*v, std::string("the pattern message of ") + what, q.pattern_message);
    return q;
  }

  void read_rows(const YamlNode& n, const std::string& owner, Question& q) {
    if (!r_.expect_list(n, std::string("the rows of ") + owner)) return;
    if (n.items.empty())
      r_.error(n, codes::kEmptyList,
               std::string("the rows of ") + owner + " are empty; expected at least one");
    for (size_t i = 0; i < n.items.size(); ++i) {
      const YamlNode& item = n.items[i];
      std::string what = std::string("row ") + std::to_string(i + 1) + " of " + owner;
      if (!r_.expect_map(item, what)) continue;
      model::MatrixRow row;
      read_id(item, "row", row.id, row.span);
      if (!row.id.empty()) what = "row '" + row.id + "' of " + owner;
      r_.check_keys(item, kRowKeys, what);
      r_.require(item, {"id", "text"}, what);
      if (auto* t = item.get("text")) read_text(*t, std::string("the text of ") + what, row.text);
      q.rows.push_back(std::move(row));
    }
  }

  void read_indicators(const YamlNode& n) {
    if (!r_.expect_list(n, "'indicators'")) return;
    for (size_t i = 0; i < n.items.size(); ++i) {
      const YamlNode& item = n.items[i];
      std::string what = std::string("indicator ") + std::to_string(i + 1);
      if (!r_.expect_map(item, what)) continue;
      model::Indicator ind;
      read_id(item, "indicator", ind.id, ind.span);
      if (!ind.id.empty()) what = "indicator '" + ind.id + "'";
      r_.check_keys(item, kIndicatorKeys, what);
      r_.require(item, {"id", "title", "share"}, what);
      if (auto* t = item.get("title"))
        read_text(*t, std::string("the title of ") + what, ind.title);
      const std::string key =
          std::string("indicator") + std::to_string(doc_.questionnaire.indicators.size());
      if (auto* share = item.get("share");
          share && r_.expect_map(*share, std::string("'share' of ") + what)) {
        r_.check_keys(*share, kShareKeys, std::string("'share' of ") + what);
        r_.require(*share, kShareKeys, std::string("'share' of ") + what);
        if (auto* qn = share->get("question")) {
          record(key + "/question", *qn);
          if (auto s = r_.string(*qn, std::string("the question of ") + what)) ind.question = *s;
        }
        if (auto* vs = share->get("values");
            vs && r_.expect_list(*vs, std::string("the values of ") + what)) {
          if (vs->items.empty())
            r_.error(*vs, codes::kEmptyList,
                     std::string("the values of ") + what +
                         " are empty; expected at least one option code");
          for (size_t k = 0; k < vs->items.size(); ++k) {
            record(key + std::string("/values/") + std::to_string(k), vs->items[k]);
            if (auto s = r_.string(vs->items[k], std::string("a value of ") + what))
              ind.values.push_back(*s);
          }
        }
      }
      doc_.questionnaire.indicators.push_back(std::move(ind));
    }
  }

  std::string_view text_;
  const std::string& file_;
  LoadedDocument& doc_;
  NodeReader r_;
  size_t question_count_ = 0;
};

}  // namespace

const Span& SourceMap::at(std::string_view key, const Span& fallback) const {
  auto it = spans.find(key);
  return it == spans.end() ? fallback : it->second;
}

Span scalar_content_start(std::string_view text, const std::string& file, int line, int column,
                          size_t pos) {
  Span s{file, line, column};
  if (pos >= text.size()) return s;
  char c = text[pos];
  if (c == '"' || c == '\'') {
    s.column += 1;
  } else if (c == '|' || c == '>') {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) return s;
    size_t p = nl + 1;
    // Skip blank lines, then the indentation of the first content line.
    while (true) {
      size_t start = p;
      while (p < text.size() && text[p] == ' ') ++p;
      ++s.line;
      if (p < text.size() && (text[p] == '\n' || text[p] == '\r')) {
        p = text.find('\n', p);
        if (p == std::string_view::npos) return s;
        ++p;
        continue;
      }
      s.column = static_cast<int>(p - start);
      break;
    }
  }
  return s;
}

LoadedDocument load_document(std::string_view text, const std::string& file) {
  LoadedDocument doc;
  doc.questionnaire.source_name = file;
  doc.diagnostics = check_input(text, file);
  if (!doc.diagnostics.empty()) return doc;
  YamlParse parsed = parse_yaml(text, file);
  doc.diagnostics = std::move(parsed.diagnostics);
  if (!parsed.root) {
    if (doc.diagnostics.empty())
      doc.diagnostics.push_back(
          make_diagnostic(codes::kEmptyFile, make_span(file, 0, 0),
                          "file holds no YAML document; expected a questionnaire (a map "
                          "with id, version, title, languages and pages)"));
    return doc;
  }
  doc.parsed = true;
  doc.questionnaire.source_text = std::string(text);
  Builder(text, file, doc).build(*parsed.root);
  doc.questionnaire.build_index();
  return doc;
}

}  // namespace otos::loader
