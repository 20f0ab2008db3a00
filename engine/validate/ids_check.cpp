// Duplicate ids: every question id once across all pages; page ids, indicator ids, the codes
// of one option list, the rows of one matrix. List and scale names are YAML keys, so a
// duplicate there is the YAML reader's duplicate-key.
#include <map>

#include "engine/loader/codes.h"
#include "engine/validate/check.h"

namespace otos::validate {
namespace {

// Reports each id seen before; `kind` is "question", "page", ...
class Seen {
 public:
  Seen(const CheckContext& ctx, std::string kind, std::string scope = "")
      : ctx_(ctx), kind_(std::move(kind)), scope_(std::move(scope)) {}
  void add(const std::string& id, const Span& span) {
    if (id.empty()) return;  // a missing id is reported by the loader
    auto [it, inserted] = first_.emplace(id, span);
    if (!inserted)
      ctx_.error(span, loader::codes::kDuplicateId,
                 std::string("duplicate ") + kind_ + " '" + id + "'" + scope_ + " (first at line " +
                     std::to_string(it->second.line + 1) + "); each must be unique");
  }

 private:
  const CheckContext& ctx_;
  std::string kind_, scope_;
  std::map<std::string, Span, std::less<>> first_;
};

void check_options(const CheckContext& ctx, const std::vector<model::Option>& options,
                   const std::string& scope) {
  Seen codes(ctx, "option code", scope);
  for (const auto& o : options) codes.add(o.code, o.span);
}

}  // namespace

void check_ids(const CheckContext& ctx) {
  const auto& q = ctx.questionnaire;
  Seen pages(ctx, "page id"), questions(ctx, "question id"), indicators(ctx, "indicator id");
  for (const auto& page : q.pages) {
    pages.add(page.id, page.span);
    for (const auto& question : page.questions) {
      questions.add(question.id, question.span);
      // Options from a named list or scale are checked once, with the list.
      if (question.options_list.empty() && question.scale.empty())
        check_options(ctx, question.options, std::string(" in question '") + question.id + "'");
      Seen rows(ctx, "row id", std::string(" in question '") + question.id + "'");
      for (const auto& row : question.rows) rows.add(row.id, row.span);
    }
  }
  for (const auto& [name, options] : q.lists)
    check_options(ctx, options, std::string(" in list '") + name + "'");
  for (const auto& [name, options] : q.scales)
    check_options(ctx, options, std::string(" in scale '") + name + "'");
  for (const auto& ind : q.indicators) indicators.add(ind.id, ind.span);
}

}  // namespace otos::validate
