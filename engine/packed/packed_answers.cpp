// Encoding and decoding of the packed answers layout (see packed_answers.h).
#include "engine/packed/packed_answers.h"

#include <atomic>
#include <bit>
#include <cstring>

namespace otos::packed {
namespace {

using model::QuestionType;

static_assert(std::endian::native == std::endian::little, "packed numbers are little-endian");

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

// FNV-1a, 64 bits: stable across builds and machines (std::hash is not).
class Fnv {
 public:
  void add(std::string_view s) {
    for (unsigned char c : s) h_ = (h_ ^ c) * 0x100000001b3ULL;
    h_ = (h_ ^ 0xFF) * 0x100000001b3ULL;  // a separator no UTF-8 text contains
  }
  int64_t value() const {
    const int64_t v = static_cast<int64_t>(h_ >> 1);  // 63 bits: positive in every database
    return v == 0 ? 1 : v;                            // 0 means "not packed"
  }

 private:
  uint64_t h_ = 0xcbf29ce484222325ULL;
};

template <typename T>
int index_of(const std::vector<T>& items, std::string_view key, std::string T::*field) {
  for (size_t i = 0; i < items.size(); ++i)
    if (items[i].*field == key) return static_cast<int>(i);
  return -1;
}

class Cursor {
 public:
  explicit Cursor(std::string_view bytes) : p_(bytes) {}
  bool done() const { return at_ >= p_.size(); }
  bool varint(uint32_t* out) {
    uint64_t v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (at_ >= p_.size()) return false;
      const auto b = static_cast<unsigned char>(p_[at_++]);
      v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) {
        if (v > UINT32_MAX) return false;
        *out = static_cast<uint32_t>(v);
        return true;
      }
    }
    return false;
  }
  bool number(double* out) {
    if (p_.size() - at_ < sizeof(double)) return false;
    std::memcpy(out, p_.data() + at_, sizeof(double));
    at_ += sizeof(double);
    return true;
  }
  bool bytes(uint32_t n, std::string_view* out) {
    if (p_.size() - at_ < n) return false;
    *out = p_.substr(at_, n);
    at_ += n;
    return true;
  }

 private:
  std::string_view p_;
  size_t at_ = 0;
};

}  // namespace

int64_t layout_of(const model::Questionnaire& q) {
  std::atomic_ref<int64_t> cached(q.layout_cache);
  if (int64_t known = cached.load(std::memory_order_relaxed)) return known;
  Fnv h;
  for (const model::Question* question : q.questions()) {
    h.add(question->id);
    h.add(model::to_string(question->type));
    for (const auto& o : question->options) h.add(o.code);
    h.add("|");
    for (const auto& r : question->rows) h.add(r.id);
    h.add("|");
  }
  cached.store(h.value(), std::memory_order_relaxed);
  return h.value();
}

std::string pack(const model::Questionnaire& q, const Answers& answers) {
  // Questionnaire order, so that readers see increasing indexes.
  std::string out;
  for (const model::Question* question : q.questions()) {
    auto it = answers.find(question->id);
    if (it == answers.end()) continue;
    const AnswerValue& v = it->second;
    const size_t before = out.size();
    put_varint(out, question->order);
    bool ok = false;
    switch (question->type) {
      case QuestionType::SingleChoice:
      case QuestionType::Likert:
        if (const auto* code = std::get_if<std::string>(&v)) {
          const int j = index_of(question->options, *code, &model::Option::code);
          if (j >= 0) put_varint(out, static_cast<uint32_t>(j)), ok = true;
        }
        break;
      case QuestionType::MultiChoice:
        if (const auto* codes = std::get_if<Codes>(&v)) {
          std::vector<uint32_t> idx;
          for (const auto& c : *codes) {
            const int j = index_of(question->options, c, &model::Option::code);
            if (j >= 0) idx.push_back(static_cast<uint32_t>(j));
          }
          put_varint(out, idx.size());
          for (uint32_t j : idx) put_varint(out, j);
          ok = true;
        }
        break;
      case QuestionType::Matrix:
        if (const auto* cells = std::get_if<MatrixAnswer>(&v)) {
          std::vector<std::pair<uint32_t, uint32_t>> idx;
          for (const auto& [row, code] : *cells) {
            const int r = index_of(question->rows, row, &model::MatrixRow::id);
            const int j = index_of(question->options, code, &model::Option::code);
            if (r >= 0 && j >= 0) idx.emplace_back(r, j);
          }
          put_varint(out, idx.size());
          for (auto [r, j] : idx) put_varint(out, r), put_varint(out, j);
          ok = true;
        }
        break;
      case QuestionType::Number:
        if (const auto* d = std::get_if<double>(&v)) {
          char bytes[sizeof(double)];
          std::memcpy(bytes, d, sizeof bytes);
          out.append(bytes, sizeof bytes);
          ok = true;
        }
        break;
      case QuestionType::Text:
      case QuestionType::Date:
        if (const auto* s = std::get_if<std::string>(&v)) {
          put_varint(out, s->size());
          out += *s;
          ok = true;
        }
        break;
      case QuestionType::Info:
        break;
    }
    if (!ok) out.resize(before);  // a value of the wrong shape: left out, as the checks would
  }
  return out;
}

PackedReader::PackedReader(const model::Questionnaire& q) {
  for (const model::Question* question : q.questions())
    shapes_.push_back({question->type, static_cast<uint32_t>(question->options.size()),
                       static_cast<uint32_t>(question->rows.size())});
  slot_.assign(shapes_.size(), -1);
}

bool PackedReader::decode(std::string_view bytes) {
  for (const PackedValue& v : values_) slot_[v.question] = -1;
  values_.clear();
  items_.clear();
  auto fail = [&] {
    for (const PackedValue& v : values_) slot_[v.question] = -1;
    values_.clear();
    items_.clear();
    return false;
  };
  Cursor c(bytes);
  int64_t last = -1;
  while (!c.done()) {
    PackedValue v;
    if (!c.varint(&v.question) || v.question >= shapes_.size() || v.question <= last) return fail();
    last = v.question;
    const Shape& s = shapes_[v.question];
    switch (s.type) {
      case QuestionType::SingleChoice:
      case QuestionType::Likert:
        if (!c.varint(&v.code) || v.code >= s.options) return fail();
        break;
      case QuestionType::MultiChoice:
      case QuestionType::Matrix: {
        const bool matrix = s.type == QuestionType::Matrix;
        if (!c.varint(&v.count) || v.count > (matrix ? s.rows : s.options)) return fail();
        v.first = static_cast<uint32_t>(items_.size());
        for (uint32_t k = 0; k < v.count; ++k) {
          uint32_t a = 0, b = 0;
          if (matrix) {
            if (!c.varint(&a) || a >= s.rows || !c.varint(&b) || b >= s.options) return fail();
            items_.push_back(a);
            items_.push_back(b);
          } else {
            if (!c.varint(&a) || a >= s.options) return fail();
            items_.push_back(a);
          }
        }
        break;
      }
      case QuestionType::Number:
        if (!c.number(&v.number)) return fail();
        break;
      case QuestionType::Text:
      case QuestionType::Date: {
        uint32_t n = 0;
        if (!c.varint(&n) || !c.bytes(n, &v.text)) return fail();
        break;
      }
      case QuestionType::Info:
        return fail();
    }
    slot_[v.question] = static_cast<int32_t>(values_.size());
    values_.push_back(v);
  }
  return true;
}

}  // namespace otos::packed
