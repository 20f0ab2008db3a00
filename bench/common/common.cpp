// What the benchmarks share (see common.h). Must not measure anything itself.
#include "bench/common/common.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/answers/answer_check.h"
#include "engine/common/answer_value.h"
#include "engine/common/json_value.h"
#include "engine/validate/validate.h"

namespace otos::bench {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Rng {  // splitmix64
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return n ? static_cast<size_t>(next() % n) : 0; }
  bool chance(int percent) { return below(100) < static_cast<size_t>(percent); }
};

otos::Answers generate(const otos::model::Questionnaire& q, Rng& rng) {
  using otos::model::QuestionType;
  otos::Answers a;
  for (const auto* question : q.questions()) {
    if (!question->asks() || !otos::model::is_shown(*question, a)) continue;
    if (!question->required && rng.chance(10)) continue;
    const auto& opts = question->options;
    switch (question->type) {
      case QuestionType::SingleChoice:
      case QuestionType::Likert:
        if (!opts.empty()) a[question->id] = opts[rng.below(opts.size())].code;
        break;
      case QuestionType::MultiChoice: {
        otos::Codes codes;
        size_t max = question->max_choices ? static_cast<size_t>(*question->max_choices) : 3;
        for (const auto& o : opts)
          if (codes.size() < max && !o.missing && !o.exclusive && rng.chance(35))
            codes.push_back(o.code);
        if (codes.empty() && !opts.empty()) codes.push_back(opts.front().code);
        a[question->id] = codes;
        break;
      }
      case QuestionType::Matrix: {
        otos::MatrixAnswer m;
        for (const auto& r : question->rows)
          if (!opts.empty()) m[r.id] = opts[rng.below(opts.size())].code;
        a[question->id] = m;
        break;
      }
      case QuestionType::Number: {
        double lo = question->min.value_or(0), hi = question->max.value_or(100);
        double v = lo + (hi - lo) * static_cast<double>(rng.below(1001)) / 1000.0;
        if (question->integer) v = static_cast<double>(static_cast<int64_t>(v));
        a[question->id] = v;
        break;
      }
      case QuestionType::Text:
        if (question->pattern.empty()) a[question->id] = "ok " + std::to_string(rng.below(100));
        break;
      case QuestionType::Date: {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04zu-%02zu-%02zu", 1950 + rng.below(60), 1 + rng.below(12),
                      1 + rng.below(28));
        a[question->id] = std::string(buf);
        break;
      }
      case QuestionType::Info:
        break;
    }
  }
  return a;
}

}  // namespace

// Up to `n` distinct bodies that check_answers accepts.
std::vector<std::string> make_bodies(const otos::model::Questionnaire& q, size_t n) {
  Rng rng{42};
  std::vector<std::string> bodies;
  for (size_t tries = 0; bodies.size() < n && tries < n * 20; ++tries) {
    std::string answers = otos::answers_to_json(generate(q, rng));
    const otos::JsonParse raw = otos::parse_json(answers, 32);
    if (!raw.value.object() || !otos::answers::check_answers(q, *raw.value.object()).ok()) continue;
    bodies.push_back("{\"answers\":" + answers + ",\"lang\":\"" + q.default_language() + "\"}");
  }
  return bodies;
}

otos::model::QuestionnairePtr find_survey(const std::string& surveys, const std::string& survey) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(surveys, ec))
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  otos::model::QuestionnairePtr best, first;
  for (const auto& f : files) {
    auto r = otos::validate::load_file(f.string());
    if (!r.ok()) continue;
    if (!first) first = r.questionnaire;
    const std::string want = survey.empty() ? "kohderyhmakysely" : survey;
    if (r.questionnaire->id == want && (!best || best->version < r.questionnaire->version))
      best = r.questionnaire;
  }
  return best ? best : (survey.empty() ? first : nullptr);
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown cpu";
}

// What one durable commit costs this disk right now, in microseconds: the median of `rounds`
// rounds of writing `pages` 4 KiB pages to a scratch file in `dir` and fdatasync'ing it (what a
// WAL commit does). Printed with the figures, since a shared or virtual disk varies by the minute
// and ingest follows it. -1 when the directory cannot take the file.
double fdatasync_probe_us(const std::string& dir, int pages, int rounds) {
  const std::string path = dir + "/fdatasync-probe";
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return -1;
  std::vector<char> page(4096, 'x');
  std::vector<double> us;
  off_t end = 0;
  for (int r = 0; r < rounds + 1; ++r) {  // the first round only allocates the file's blocks
    const auto t0 = Clock::now();
    for (int p = 0; p < pages; ++p) {
      const off_t at = r == 0 ? end : static_cast<off_t>(p) * 4096;
      if (pwrite(fd, page.data(), page.size(), at) != static_cast<ssize_t>(page.size())) break;
      if (r == 0) end += 4096;
    }
    if (fdatasync(fd) != 0) break;
    if (r > 0) us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  close(fd);
  unlink(path.c_str());
  if (us.empty()) return -1;
  std::sort(us.begin(), us.end());
  return us[us.size() / 2];
}

std::string thousands(double v) {
  const std::string digits = std::to_string(static_cast<long long>(v + 0.5));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// CPU seconds (user + system) a process has used so far, from /proc; -1 when unreadable.
double process_cpu_seconds(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  auto paren = text.rfind(')');
  if (paren == std::string::npos) return -1;
  std::istringstream fields(text.substr(paren + 2));
  std::string skip;
  for (int i = 3; i < 14; ++i) fields >> skip;  // fields 3..13
  long utime = 0, stime = 0;
  fields >> utime >> stime;
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// A database target fit to print: a URL's password replaced by ***.
std::string masked(const std::string& target) {
  auto scheme = target.find("://");
  auto at = target.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return target;
  auto colon = target.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return target;
  return target.substr(0, colon + 1) + "***" + target.substr(at);
}

double own_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

std::string option_value(const std::vector<std::string>& args, size_t& i) {
  if (i + 1 >= args.size()) {
    std::cerr << args[i] << " needs a value\n";
    std::exit(2);
  }
  return args[++i];
}

}  // namespace otos::bench
