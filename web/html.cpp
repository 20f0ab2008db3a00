// Escaping and the {{name}} / {{{name}}} template renderer. Templates are read from files once
// and cached; rendering is a single pass over precomputed parts.
#include "web/html.h"

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>

namespace otos::web::html {

void append_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
}

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  append_escaped(out, text);
  return out;
}

Template Template::parse(std::string_view text) {
  Template t;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) break;
    bool raw = text.compare(open, 3, "{{{") == 0;
    std::string_view close_mark = raw ? "}}}" : "}}";
    size_t name_start = open + (raw ? 3 : 2);
    size_t close = text.find(close_mark, name_start);
    if (close == std::string_view::npos) break;
    if (open > pos) t.parts_.push_back({std::string(text.substr(pos, open - pos)), false, false});
    t.parts_.push_back({std::string(text.substr(name_start, close - name_start)), true, raw});
    pos = close + close_mark.size();
  }
  if (pos < text.size()) t.parts_.push_back({std::string(text.substr(pos)), false, false});
  return t;
}

std::string Template::render(const Vars& vars) const {
  std::string out;
  for (const auto& part : parts_) {
    if (!part.placeholder) {
      out += part.text;
      continue;
    }
    auto it = vars.find(part.text);
    if (it == vars.end()) continue;
    if (part.raw)
      out += it->second;
    else
      append_escaped(out, it->second);
  }
  return out;
}

const std::string& asset_dir() {
  static const std::string dir = [] {
    const char* env = std::getenv("OTOS_WEB_DIR");
    if (env && *env) return std::string(env);
    return std::string(OTOS_SOURCE_DIR) + "/web";
  }();
  return dir;
}

namespace {
std::mutex cache_mutex;

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  out = buffer.str();
  return true;
}
}  // namespace

const Template& load_template(std::string_view name) {
  static std::map<std::string, std::unique_ptr<Template>, std::less<>> cache;
  std::lock_guard lock(cache_mutex);
  auto it = cache.find(name);
  if (it != cache.end()) return *it->second;
  std::string text;
  std::string path = asset_dir() + "/templates/" + std::string(name);
  if (!read_file(path, text)) throw std::runtime_error("cannot read template " + path);
  auto [pos, _] = cache.emplace(std::string(name), std::make_unique<Template>(Template::parse(text)));
  return *pos->second;
}

const std::string& static_file(std::string_view name) {
  static std::map<std::string, std::string, std::less<>> cache;
  std::lock_guard lock(cache_mutex);
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  std::string text;
  read_file(asset_dir() + "/static/" + std::string(name), text);
  return cache.emplace(std::string(name), std::move(text)).first->second;
}

}  // namespace otos::web::html
