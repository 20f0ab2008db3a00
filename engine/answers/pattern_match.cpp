// The pattern cache and the stack-safe matcher.
// libstdc++'s default regex executor backtracks recursively, one frame chain per input character:
// a 300-character answer to `(a|b)*` overflows a 256 KiB server thread and kills the process.
// So patterns compile with the libstdc++ flag `__polynomial`, which selects the Thompson (BFS)
// executor: linear in the input, stack bounded by the pattern's size. Two cases still recurse
// deeply and run on a helper thread with a 64 MiB stack (reserved, touched only as used):
// patterns with back-references (no BFS form; their depth grows with the input, which is capped)
// and patterns whose repetitions expand to many states (`(a?){2000}` recurses once per state).
// Must not: know the questionnaire model, or hold the cache lock while compiling or matching.
#include "engine/answers/pattern_match.h"

#include <Poco/Exception.h>
#include <Poco/Thread.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

// GCC 12 with -fsanitize=address warns "may be used uninitialized" inside libstdc++'s regex
// compiler (a false positive); the sanitizer build uses -Werror too.
#if defined(__clang__)
#include <regex>
#else
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#pragma GCC diagnostic pop
#endif

namespace otos::answers {
namespace {

constexpr size_t kInlineStates = 300;      // at ~200 bytes a state: ~60 KiB of stack at most
constexpr int kHelperStack = 64 << 20;     // bytes
constexpr size_t kBacktrackInput = 20000;  // bytes; ~800 bytes of stack each on the helper
constexpr size_t kMaxCached = 4096;        // patterns come from questionnaires: few in practice

struct Compiled {
  std::regex re;
  bool usable = false;        // false: did not compile
  bool backtracking = false;  // has back-references: the recursive executor
  bool on_helper = false;     // match on the big-stack helper thread
};

// An upper estimate of the states the pattern compiles to: its length with every {n} / {n,m}
// multiplying the atom before it (a group counts as its contents).
size_t expanded_size(std::string_view p) {
  std::vector<size_t> groups{0};  // running size of each open group
  size_t last = 0;                // size of the atom just read
  for (size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\') {
      ++i;
      last = 1;
      groups.back() += 1;
    } else if (c == '[') {
      size_t k = i + 1;
      if (k < p.size() && p[k] == '^') ++k;
      if (k < p.size() && p[k] == ']') ++k;
      while (k < p.size() && p[k] != ']') k += p[k] == '\\' ? 2 : 1;
      i = k;
      last = 1;
      groups.back() += 1;
    } else if (c == '(') {
      groups.push_back(0);
    } else if (c == ')') {
      last = groups.back() + 2;
      if (groups.size() > 1) groups.pop_back();
      groups.back() += last;
    } else if (c == '{') {
      size_t bound = 0, current = 0;
      size_t k = i + 1;
      for (; k < p.size() && p[k] != '}'; ++k) {
        if (p[k] >= '0' && p[k] <= '9') {
          current = std::min<size_t>(current * 10 + static_cast<size_t>(p[k] - '0'), 1000000);
        } else {
          bound = std::max(bound, current);
          current = 0;
        }
      }
      bound = std::max(bound, current);
      i = k;
      if (bound > 1) {
        const size_t extra = std::min<size_t>(last * (bound - 1), 100000000);
        groups.back() += extra;
        last += extra;
      }
    } else {
      last = 1;
      groups.back() += 1;
    }
  }
  size_t total = 0;
  for (size_t g : groups) total += g;
  return total;
}

std::shared_ptr<const Compiled> compile(std::string_view pattern) {
  auto c = std::make_shared<Compiled>();
  const std::string text(pattern);
  try {
    c->re = std::regex(text, std::regex::ECMAScript | std::regex_constants::__polynomial);
    c->usable = true;
  } catch (const std::regex_error&) {
    // Back-references have no BFS form; anything else fails again just below.
    try {
      c->re = std::regex(text, std::regex::ECMAScript);
      c->usable = true;
      c->backtracking = true;
    } catch (const std::regex_error&) {
      c->usable = false;
    }
  }
  c->on_helper = c->backtracking || expanded_size(pattern) > kInlineStates;
  return c;
}

class Cache {
 public:
  std::shared_ptr<const Compiled> get(std::string_view pattern) {
    {
      std::shared_lock lock(mu_);
      if (auto it = map_.find(pattern); it != map_.end()) return it->second;
    }
    std::shared_ptr<const Compiled> fresh = compile(pattern);
    std::unique_lock lock(mu_);
    if (map_.size() >= kMaxCached) map_.clear();  // holders keep theirs alive
    return map_.emplace(std::string(pattern), std::move(fresh)).first->second;
  }

  size_t size() {
    std::shared_lock lock(mu_);
    return map_.size();
  }

 private:
  std::shared_mutex mu_;
  std::map<std::string, std::shared_ptr<const Compiled>, std::less<>> map_;
};

Cache& cache() {
  static Cache instance;
  return instance;
}

bool match(const std::regex& re, std::string_view text) {
  try {
    return std::regex_match(text.begin(), text.end(), re);
  } catch (const std::regex_error&) {
    return false;  // libstdc++ may refuse a match as too complex: not the form asked for
  }
}

}  // namespace

bool pattern_matches(std::string_view pattern, std::string_view text) {
  std::shared_ptr<const Compiled> c = cache().get(pattern);
  if (!c->usable) return true;
  if (!c->on_helper) return match(c->re, text);
  if (c->backtracking && text.size() > kBacktrackInput) return false;
  bool result = false;
  try {
    Poco::Thread helper;
    helper.setStackSize(kHelperStack);
    helper.startFunc([&] { result = match(c->re, text); });
    helper.join();
  } catch (const Poco::Exception&) {
    return false;  // no thread to match on: refuse rather than risk the caller's stack
  }
  return result;
}

size_t pattern_cache_size() { return cache().size(); }

}  // namespace otos::answers
