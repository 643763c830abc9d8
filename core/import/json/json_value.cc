#include "core/import/json/json_value.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "core/import/json/json_tokenizer.h"

namespace exposure {

namespace {

// Whether a number's text is an integer that fits int64 (how nlohmann
// classifies what it parses; everything else is a double).
bool IntegerText(std::string_view text, int64_t* out) {
  if (text.empty() || text.find_first_of(".eE") != std::string_view::npos)
    return false;
  std::string s(text);
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (errno != 0 || end != s.c_str() + s.size())
    return false;
  *out = static_cast<int64_t>(v);
  return true;
}

double DoubleText(std::string_view text) {
  std::string s(text);
  return std::strtod(s.c_str(), nullptr);
}

// A double as nlohmann prints it: the shortest digits that read back as
// `d`, in fixed notation when the decimal point falls within 15 digits
// (integral values get ".0") or 4 places after it, else as d.ddde+XX.
std::string FormatDouble(double d) {
  if (!std::isfinite(d))
    return "null";
  std::string out;
  if (std::signbit(d)) {
    out.push_back('-');
    d = -d;
  }
  if (d == 0) {
    out += "0.0";
    return out;
  }
  char buf[48];
  for (int precision = 0; precision <= 16; ++precision) {
    std::snprintf(buf, sizeof(buf), "%.*e", precision, d);
    if (std::strtod(buf, nullptr) == d)
      break;
  }
  // buf is "D.DDDe+XX": the digits and the exponent of the first one.
  std::string digits;
  const char* e = std::strchr(buf, 'e');
  for (const char* c = buf; c < e; ++c) {
    if (*c >= '0' && *c <= '9')
      digits.push_back(*c);
  }
  while (digits.size() > 1 && digits.back() == '0')
    digits.pop_back();
  int k = static_cast<int>(digits.size());
  int n = std::atoi(e + 1) + 1;  // value = 0.DIGITS x 10^n
  constexpr int kMinExp = -4;
  constexpr int kMaxExp = 15;
  if (k <= n && n <= kMaxExp) {
    out += digits;
    out.append(static_cast<size_t>(n - k), '0');
    out += ".0";
  } else if (0 < n && n <= kMaxExp) {
    out += digits.substr(0, static_cast<size_t>(n));
    out += '.';
    out += digits.substr(static_cast<size_t>(n));
  } else if (kMinExp < n && n <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out += digits.substr(1);
    }
    int x = n - 1;
    out += x < 0 ? "e-" : "e+";
    x = x < 0 ? -x : x;
    if (x < 10)
      out += '0';
    out += std::to_string(x);
  }
  return out;
}

void AppendQuoted(std::string_view s, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0xf]);
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
}

}  // namespace

// --- JsonValue ---------------------------------------------------------

JsonType JsonValue::type() const {
  return doc_ == nullptr ? JsonType::kNull : doc_->nodes_[node_].type;
}

bool JsonValue::is_number_integer() const {
  int64_t v;
  return is_number() && IntegerText(text(), &v);
}

std::string_view JsonValue::text() const {
  if (doc_ == nullptr)
    return {};
  const JsonDoc::Node& n = doc_->nodes_[node_];
  if (n.type != JsonType::kString && n.type != JsonType::kNumber)
    return {};
  return doc_->Str(n.text_off, n.text_len);
}

uint32_t JsonValue::Member(std::string_view key) const {
  if (!is_object())
    return 0;
  uint32_t found = 0;
  for (uint32_t c = doc_->nodes_[node_].first; c != 0;
       c = doc_->nodes_[c].next) {
    if (doc_->Key(c) == key)
      found = c;  // the last of repeated keys wins
  }
  return found;
}

JsonValue JsonValue::operator[](std::string_view key) const {
  uint32_t m = Member(key);
  return m == 0 ? JsonValue() : JsonValue(doc_, m);
}

JsonValue JsonValue::operator[](size_t i) const {
  if (!is_array())
    return JsonValue();
  uint32_t c = doc_->nodes_[node_].first;
  for (size_t k = 0; k < i && c != 0; ++k)
    c = doc_->nodes_[c].next;
  return c == 0 ? JsonValue() : JsonValue(doc_, c);
}

bool JsonValue::contains(std::string_view key) const {
  return Member(key) != 0;
}

namespace {

// An object's distinct members sorted by key, the last of repeated keys
// kept (as a std::map filled in document order would hold them).
template <typename KeyOf, typename NextOf>
std::vector<uint32_t> MemberOrder(uint32_t first,
                                  KeyOf key_of,
                                  NextOf next_of) {
  std::vector<uint32_t> order;
  for (uint32_t c = first; c != 0; c = next_of(c))
    order.push_back(c);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return key_of(a) < key_of(b);
  });
  std::vector<uint32_t> out;
  for (size_t i = 0; i < order.size(); ++i) {
    if (i + 1 < order.size() && key_of(order[i]) == key_of(order[i + 1]))
      continue;  // a later duplicate follows (stable sort kept doc order)
    out.push_back(order[i]);
  }
  return out;
}

}  // namespace

size_t JsonValue::size() const {
  JsonType t = type();
  if (t == JsonType::kArray)
    return doc_->nodes_[node_].count;
  if (t != JsonType::kObject)
    return 0;
  const JsonDoc::Node& n = doc_->nodes_[node_];
  if (n.count <= 1)
    return n.count;
  return begin().order_->size();
}

JsonValue::Iterator JsonValue::begin() const {
  Iterator it;
  it.doc_ = doc_;
  JsonType t = type();
  if (t == JsonType::kArray) {
    it.node_ = doc_->nodes_[node_].first;
  } else if (t == JsonType::kObject) {
    const JsonDoc* d = doc_;
    it.order_ = std::make_shared<const std::vector<uint32_t>>(MemberOrder(
        d->nodes_[node_].first, [d](uint32_t c) { return d->Key(c); },
        [d](uint32_t c) { return d->nodes_[c].next; }));
  }
  return it;
}

JsonValue::Iterator JsonValue::end() const {
  Iterator it;
  it.doc_ = doc_;
  if (is_object())
    it.pos_ = size();
  return it;
}

JsonValue::Iterator JsonValue::find(std::string_view key) const {
  uint32_t m = Member(key);
  if (m == 0)
    return end();
  Iterator it;
  it.doc_ = doc_;
  it.order_ = std::make_shared<const std::vector<uint32_t>>(1, m);
  return it;
}

std::string_view JsonValue::Iterator::key() const {
  return order_ ? doc_->Key(Node()) : std::string_view();
}

JsonValue::Iterator& JsonValue::Iterator::operator++() {
  if (order_) {
    ++pos_;
  } else if (node_ != 0) {
    node_ = doc_->nodes_[node_].next;
  }
  return *this;
}

template <>
std::string JsonValue::get<std::string>() const {
  return is_string() ? std::string(text()) : std::string();
}

template <>
bool JsonValue::get<bool>() const {
  return is_boolean() && doc_->nodes_[node_].flag;
}

template <>
int64_t JsonValue::get<int64_t>() const {
  if (!is_number())
    return 0;
  int64_t v;
  if (IntegerText(text(), &v))
    return v;
  return static_cast<int64_t>(DoubleText(text()));
}

template <>
double JsonValue::get<double>() const {
  if (!is_number())
    return 0;
  int64_t v;
  if (IntegerText(text(), &v))
    return static_cast<double>(v);
  return DoubleText(text());
}

std::string JsonValue::dump() const {
  std::string out;
  switch (type()) {
    case JsonType::kNull:
      return "null";
    case JsonType::kBool:
      return get<bool>() ? "true" : "false";
    case JsonType::kNumber: {
      int64_t v;
      if (IntegerText(text(), &v))
        return std::to_string(v);
      return FormatDouble(DoubleText(text()));
    }
    case JsonType::kString:
      AppendQuoted(text(), &out);
      return out;
    case JsonType::kArray: {
      out.push_back('[');
      bool first = true;
      for (JsonValue e : *this) {
        if (!first)
          out.push_back(',');
        first = false;
        out += e.dump();
      }
      out.push_back(']');
      return out;
    }
    case JsonType::kObject: {
      out.push_back('{');
      bool first = true;
      for (auto it = begin(); it != end(); ++it) {
        if (!first)
          out.push_back(',');
        first = false;
        AppendQuoted(it.key(), &out);
        out.push_back(':');
        out += (*it).dump();
      }
      out.push_back('}');
      return out;
    }
  }
  return out;
}

// --- JsonDoc -----------------------------------------------------------

JsonDoc::JsonDoc() = default;

void JsonDoc::Clear() {
  nodes_.resize(1);  // node 0: the null every missing value views
  nodes_[0] = Node();
  strings_.clear();
  root_ = 0;
}

uint32_t JsonDoc::CopyFrom(const JsonDoc& from, uint32_t node) {
  const Node& src = from.nodes_[node];
  uint32_t here = static_cast<uint32_t>(nodes_.size());
  nodes_.push_back(Node());
  Node n;
  n.type = src.type;
  n.flag = src.flag;
  n.key_off = static_cast<uint32_t>(strings_.size());
  n.key_len = src.key_len;
  strings_.append(from.Str(src.key_off, src.key_len));
  n.text_off = static_cast<uint32_t>(strings_.size());
  n.text_len = src.text_len;
  strings_.append(from.Str(src.text_off, src.text_len));
  n.count = src.count;
  uint32_t last = 0;
  for (uint32_t c = src.first; c != 0; c = from.nodes_[c].next) {
    uint32_t copy = CopyFrom(from, c);
    if (last == 0) {
      n.first = copy;
    } else {
      nodes_[last].next = copy;
    }
    last = copy;
  }
  nodes_[here] = n;
  return here;
}

JsonDoc JsonDoc::Clone(JsonValue v) {
  JsonDoc doc;
  if (v.doc_ != nullptr && v.node_ != 0) {
    doc.Clear();
    doc.root_ = doc.CopyFrom(*v.doc_, v.node_);
    // A copied root is nobody's member.
    doc.nodes_[doc.root_].key_len = 0;
  }
  return doc;
}

namespace {

class BuildHandler : public JsonHandler {
 public:
  explicit BuildHandler(JsonDocBuilder* b) : b_(b) {}
  Status StartObject() override {
    b_->StartObject();
    return Status::Ok();
  }
  Status EndObject() override {
    b_->End();
    return Status::Ok();
  }
  Status StartArray() override {
    b_->StartArray();
    return Status::Ok();
  }
  Status EndArray() override {
    b_->End();
    return Status::Ok();
  }
  Status Key(std::string_view key) override {
    b_->Key(key);
    return Status::Ok();
  }
  Status String(std::string_view value) override {
    b_->String(value);
    return Status::Ok();
  }
  Status Number(std::string_view text) override {
    b_->Number(text);
    return Status::Ok();
  }
  Status Bool(bool value) override {
    b_->Bool(value);
    return Status::Ok();
  }
  Status Null() override {
    b_->Null();
    return Status::Ok();
  }

 private:
  JsonDocBuilder* b_;
};

}  // namespace

Result<JsonDoc> JsonDoc::Parse(std::string_view text) {
  JsonDoc doc;
  JsonDocBuilder builder;
  builder.Reset(&doc);
  BuildHandler handler(&builder);
  JsonTokenizer tokenizer(&handler);
  Status s = tokenizer.Feed(text);
  if (s.ok())
    s = tokenizer.Finish();
  if (!s.ok())
    return s;
  return doc;
}

// --- JsonDocBuilder ----------------------------------------------------

void JsonDocBuilder::Reset(JsonDoc* doc) {
  doc_ = doc;
  doc_->Clear();
  open_.clear();
  key_off_ = key_len_ = 0;
  done_ = false;
}

uint32_t JsonDocBuilder::Add(JsonType type) {
  uint32_t idx = static_cast<uint32_t>(doc_->nodes_.size());
  doc_->nodes_.emplace_back();
  JsonDoc::Node& n = doc_->nodes_.back();
  n.type = type;
  if (open_.empty()) {
    doc_->root_ = idx;
    if (type != JsonType::kObject && type != JsonType::kArray)
      done_ = true;
    return idx;
  }
  Open_& parent = open_.back();
  if (doc_->nodes_[parent.node].type == JsonType::kObject) {
    n.key_off = key_off_;
    n.key_len = key_len_;
  }
  if (parent.last == 0) {
    doc_->nodes_[parent.node].first = idx;
  } else {
    doc_->nodes_[parent.last].next = idx;
  }
  parent.last = idx;
  doc_->nodes_[parent.node].count++;
  return idx;
}

void JsonDocBuilder::Open(JsonType type) {
  uint32_t idx = Add(type);
  open_.push_back({idx, 0});
}

void JsonDocBuilder::End() {
  open_.pop_back();
  if (open_.empty())
    done_ = true;
}

void JsonDocBuilder::Key(std::string_view key) {
  key_off_ = static_cast<uint32_t>(doc_->strings_.size());
  key_len_ = static_cast<uint32_t>(key.size());
  doc_->strings_.append(key);
}

void JsonDocBuilder::AddText(JsonType type, std::string_view text) {
  uint32_t off = static_cast<uint32_t>(doc_->strings_.size());
  doc_->strings_.append(text);
  uint32_t idx = Add(type);
  doc_->nodes_[idx].text_off = off;
  doc_->nodes_[idx].text_len = static_cast<uint32_t>(text.size());
}

void JsonDocBuilder::String(std::string_view value) {
  AddText(JsonType::kString, value);
}

void JsonDocBuilder::Number(std::string_view text) {
  AddText(JsonType::kNumber, text);
}

void JsonDocBuilder::Bool(bool value) {
  uint32_t idx = Add(JsonType::kBool);
  doc_->nodes_[idx].flag = value;
}

void JsonDocBuilder::Null() {
  Add(JsonType::kNull);
}

}  // namespace exposure
