// libFuzzer target for the show_if parser, type checker and evaluator: any text must give a
// tree or exactly one syntax diagnostic, never a crash or hang; a tree must check and evaluate
// (against a fixed symbol table and answers) without throwing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/expr/expr.h"

namespace {

class Symbols : public otos::expr::SymbolLookup {
 public:
  otos::expr::Visibility find(std::string_view id, otos::expr::Symbol* out) const override {
    using otos::expr::SymbolKind;
    if (id.empty() || id.size() > 3) return otos::expr::Visibility::Unknown;
    if (id[0] == 'z') return otos::expr::Visibility::Later;
    if (out) {
      static const SymbolKind kinds[] = {
          SymbolKind::Choice, SymbolKind::MultiChoice, SymbolKind::Matrix, SymbolKind::Number,
          SymbolKind::Text,   SymbolKind::Date,        SymbolKind::Info};
      out->kind = kinds[static_cast<unsigned char>(id[0]) % 7];
      out->codes = {"a", "b", "1"};
    }
    return otos::expr::Visibility::Known;
  }
};

class Answers : public otos::expr::AnswerLookup {
 public:
  const otos::AnswerValue* find(std::string_view id) const override {
    if (id.empty()) return nullptr;
    switch (static_cast<unsigned char>(id[0]) % 5) {
      case 0:
        return &text_;
      case 1:
        return &codes_;
      case 2:
        return &number_;
      case 3:
        return &matrix_;
      default:
        return nullptr;
    }
  }

 private:
  otos::AnswerValue text_ = std::string("a");
  otos::AnswerValue codes_ = otos::Codes{"a", "b"};
  otos::AnswerValue number_ = 2.0;
  otos::AnswerValue matrix_ = otos::MatrixAnswer{{"r", "1"}};
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  otos::Span origin;
  origin.file = "fuzz.yaml";
  otos::expr::ParseResult parsed = otos::expr::parse(text, origin);
  if (!parsed.expr) {
    if (parsed.diagnostics.size() != 1 || parsed.diagnostics[0].message.empty()) std::abort();
    return 0;
  }
  if (!parsed.diagnostics.empty()) std::abort();
  for (const auto& d : otos::expr::check(*parsed.expr, Symbols(), origin))
    if (d.message.empty() || d.span.line < 0 || d.span.column < 0) std::abort();
  otos::expr::evaluate(*parsed.expr, Answers());
  otos::expr::referenced_questions(*parsed.expr);
  return 0;
}
