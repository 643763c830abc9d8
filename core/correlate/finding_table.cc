#include "core/correlate/finding_table.h"

#include <algorithm>
#include <cstring>

namespace exposure {

namespace {

// Record layout, in Finding's field order. Integers are LEB128 varints
// (signed ones zigzagged); a "word" is a dictionary index; a "text" is a
// length and the bytes; a "view" is the address and length of an interned
// text; a list is a count and its items.
//
//   format word, tool word, input, category word, rule_id text, title text,
//   tool_severity word, status word, cves, aliases, cwes (text lists),
//   cvss list (version word, vector text, source word, score signed),
//   component name, installed, fixed texts, type word, path, purl texts,
//   port, protocol word, service word, location text, description view,
//   solution view, evidence text, references text list, exploit_available,
//   file_epss signed, file_epss_percentile signed, first_seen word,
//   last_seen word, published text.
//
// Asset and severity live in the index (Ref), not in the record.

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutSigned(int64_t v, std::string* out) {
  PutVarint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63),
            out);
}

void PutText(std::string_view s, std::string* out) {
  PutVarint(s.size(), out);
  out->append(s);
}

void PutTexts(const std::vector<std::string>& v, std::string* out) {
  PutVarint(v.size(), out);
  for (const std::string& s : v)
    PutText(s, out);
}

void PutView(std::string_view s, std::string* out) {
  uintptr_t address = reinterpret_cast<uintptr_t>(s.data());
  char bytes[sizeof(address)];
  std::memcpy(bytes, &address, sizeof(address));
  out->append(bytes, sizeof(bytes));
  PutVarint(s.size(), out);
}

// Reads a record written by FindingTable::Encode; records come from this
// process only, so they are trusted and never bounds-checked.
class Reader {
 public:
  explicit Reader(const char* p) : p_(p) {}

  uint64_t Varint() {
    uint64_t v = 0;
    int shift = 0;
    while (true) {
      uint8_t byte = static_cast<uint8_t>(*p_++);
      v |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if (byte < 0x80)
        return v;
      shift += 7;
    }
  }
  int64_t Signed() {
    uint64_t v = Varint();
    return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
  }
  std::string_view Text() {
    size_t n = static_cast<size_t>(Varint());
    std::string_view s(p_, n);
    p_ += n;
    return s;
  }
  void Texts(std::vector<std::string>* out) {
    size_t n = static_cast<size_t>(Varint());
    out->resize(n);
    for (std::string& s : *out) {
      std::string_view t = Text();
      s.assign(t.data(), t.size());
    }
  }
  std::string_view View() {
    uintptr_t address;
    std::memcpy(&address, p_, sizeof(address));
    p_ += sizeof(address);
    size_t n = static_cast<size_t>(Varint());
    return std::string_view(reinterpret_cast<const char*>(address), n);
  }

 private:
  const char* p_;
};

}  // namespace

uint32_t FindingTable::Word(std::string_view s) {
  auto it = dict_index_.find(s);
  if (it != dict_index_.end())
    return it->second;
  uint32_t id = static_cast<uint32_t>(dict_.size());
  dict_.emplace_back(s);
  dict_index_.emplace(dict_.back(), id);
  return id;
}

void FindingTable::Encode(const Finding& f, std::string* out) {
  out->clear();
  PutVarint(Word(f.format), out);
  PutVarint(Word(f.tool), out);
  PutVarint(f.input, out);
  PutVarint(Word(f.category), out);
  PutText(f.rule_id, out);
  PutText(f.title, out);
  PutVarint(Word(f.tool_severity), out);
  PutVarint(Word(f.status), out);
  PutTexts(f.cves, out);
  PutTexts(f.aliases, out);
  PutTexts(f.cwes, out);
  PutVarint(f.cvss.size(), out);
  for (const CvssVector& c : f.cvss) {
    PutVarint(Word(c.version), out);
    PutText(c.vector, out);
    PutVarint(Word(c.source), out);
    PutSigned(c.score_tenths, out);
  }
  const Component& c = f.component;
  PutText(c.name, out);
  PutText(c.installed, out);
  PutText(c.fixed, out);
  PutVarint(Word(c.type), out);
  PutText(c.path, out);
  PutText(c.purl, out);
  PutVarint(f.port, out);
  PutVarint(Word(f.protocol), out);
  PutVarint(Word(f.service), out);
  PutText(f.location, out);
  PutView(f.description, out);
  PutView(f.solution, out);
  PutText(f.evidence, out);
  PutTexts(f.references, out);
  out->push_back(f.exploit_available ? 1 : 0);
  PutSigned(f.file_epss, out);
  PutSigned(f.file_epss_percentile, out);
  for (const std::string* date : {&f.first_seen, &f.last_seen}) {
    uint32_t word = Word(*date);
    if (word >= seen_date_.size())
      seen_date_.resize(word + 1);
    seen_date_[word] = true;
    PutVarint(word, out);
  }
  PutText(f.published, out);
}

void FindingTable::Add(const Finding& f) {
  Encode(f, &record_);
  size_t n = record_.size();
  if (blocks_.empty() || block_used_ + n > block_capacity_) {
    block_capacity_ = std::max(kBlockBytes, n);
    blocks_.push_back(std::make_unique<char[]>(block_capacity_));
    block_used_ = 0;
    block_bytes_ += block_capacity_;
  }
  std::memcpy(blocks_.back().get() + block_used_, record_.data(), n);
  Ref ref;
  ref.block = static_cast<uint32_t>(blocks_.size() - 1);
  ref.offset = static_cast<uint32_t>(block_used_);
  ref.asset = f.asset == Finding::kNoAsset ? kNoAsset32
                                           : static_cast<uint32_t>(f.asset);
  ref.severity = f.severity;
  refs_.push_back(ref);
  block_used_ += n;
}

void FindingTable::Get(size_t i, Finding* out) const {
  const Ref& ref = refs_[i];
  Reader r(blocks_[ref.block].get() + ref.offset);
  auto word = [&](std::string* s) { *s = dict_[r.Varint()]; };
  auto text = [&](std::string* s) {
    std::string_view t = r.Text();
    s->assign(t.data(), t.size());
  };
  word(&out->format);
  word(&out->tool);
  out->input = static_cast<size_t>(r.Varint());
  out->asset = asset(i);
  word(&out->category);
  text(&out->rule_id);
  text(&out->title);
  out->severity = ref.severity;
  word(&out->tool_severity);
  word(&out->status);
  r.Texts(&out->cves);
  r.Texts(&out->aliases);
  r.Texts(&out->cwes);
  out->cvss.resize(static_cast<size_t>(r.Varint()));
  for (CvssVector& c : out->cvss) {
    word(&c.version);
    text(&c.vector);
    word(&c.source);
    c.score_tenths = static_cast<int>(r.Signed());
  }
  Component& c = out->component;
  text(&c.name);
  text(&c.installed);
  text(&c.fixed);
  word(&c.type);
  text(&c.path);
  text(&c.purl);
  out->port = static_cast<uint32_t>(r.Varint());
  word(&out->protocol);
  word(&out->service);
  text(&out->location);
  out->description = r.View();
  out->solution = r.View();
  text(&out->evidence);
  r.Texts(&out->references);
  out->exploit_available = r.Varint() != 0;
  out->file_epss = static_cast<int>(r.Signed());
  out->file_epss_percentile = static_cast<int>(r.Signed());
  word(&out->first_seen);
  word(&out->last_seen);
  text(&out->published);
}

Finding FindingTable::operator[](size_t i) const {
  Finding f;
  Get(i, &f);
  return f;
}

std::vector<std::string_view> FindingTable::SeenDates() const {
  std::vector<std::string_view> dates;
  for (size_t word = 0; word < seen_date_.size(); ++word) {
    if (seen_date_[word])
      dates.push_back(dict_[word]);
  }
  return dates;
}

size_t FindingTable::bytes() const {
  size_t dict = 0;
  for (const std::string& s : dict_)
    dict += sizeof(std::string) + s.capacity() + 32;  // + map entry
  return block_bytes_ + refs_.capacity() * sizeof(Ref) + dict;
}

}  // namespace exposure
