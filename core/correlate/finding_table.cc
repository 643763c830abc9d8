#include "core/correlate/finding_table.h"

#include <algorithm>
#include <cstring>
#include <functional>

namespace exposure {

namespace {

// Record layout, in Finding's field order. Integers are LEB128 varints
// (signed ones zigzagged); a "word" is a dictionary index; a "text" is a
// length and the bytes; a "view" is the address and length of an interned
// text; a list is a count and its items.
//
//   format word, tool word, input, category word, rule_id text, title word,
//   tool_severity word, status word, cves, aliases, cwes (text lists),
//   cvss list (version word, vector word, source word, score signed),
//   component name, installed, fixed texts, type word, path, purl texts,
//   port, protocol word, service word, location text, description view,
//   solution view, evidence text, references word (the list encoded as
//   a text list), exploit_available, file_epss signed,
//   file_epss_percentile signed, first_seen word, last_seen word,
//   published word.
//
// Title, vectors, references and the published date are words because
// they belong to the rule or the CVE, not to the record: a CVE's
// references and vectors repeat for every package and image it affects
// (in a container scan they were half of each record).
//
// Asset and severity live in the index (Ref), not in the record.

// Writes a record into room the caller has sized with MaxRecordSize().
class RecordWriter {
 public:
  explicit RecordWriter(char* p) : p_(p) {}
  char* end() const { return p_; }

  void Varint(uint64_t v) {
    while (v >= 0x80) {
      *p_++ = static_cast<char>((v & 0x7F) | 0x80);
      v >>= 7;
    }
    *p_++ = static_cast<char>(v);
  }
  void Signed(int64_t v) {
    Varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
  }
  void Text(std::string_view s) {
    Varint(s.size());
    if (!s.empty())
      std::memcpy(p_, s.data(), s.size());
    p_ += s.size();
  }
  void Texts(const std::vector<std::string>& v) {
    Varint(v.size());
    for (const std::string& s : v)
      Text(s);
  }
  void View(std::string_view s) {
    uintptr_t address = reinterpret_cast<uintptr_t>(s.data());
    std::memcpy(p_, &address, sizeof(address));
    p_ += sizeof(address);
    Varint(s.size());
  }

 private:
  char* p_;
};

// A varint takes at most 10 bytes.
constexpr size_t kMaxVarint = 10;

size_t MaxTextsSize(const std::vector<std::string>& v) {
  size_t n = kMaxVarint;
  for (const std::string& s : v)
    n += kMaxVarint + s.size();
  return n;
}

// An upper bound of the record size of `f`: every text's bytes, plus the
// most any number, length or view can take (64 is more than the fields).
size_t MaxRecordSize(const Finding& f) {
  const Component& c = f.component;
  return 64 * kMaxVarint + f.rule_id.size() + c.name.size() +
         c.installed.size() + c.fixed.size() + c.path.size() + c.purl.size() +
         f.location.size() + f.evidence.size() + MaxTextsSize(f.cves) +
         MaxTextsSize(f.aliases) + MaxTextsSize(f.cwes) +
         4 * kMaxVarint * f.cvss.size();
}

// Reads a record written by FindingTable::Add; records come from this
// process only, so they are trusted and never bounds-checked.
class RecordReader {
 public:
  explicit RecordReader(const char* p) : p_(p) {}

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
  // At most half full, so probe runs stay short.
  if ((dict_.size() + 1) * 2 > slots_.size()) {
    std::vector<uint32_t> slots(std::max<size_t>(64, slots_.size() * 2),
                                kNoWord);
    const size_t mask = slots.size() - 1;
    for (uint32_t id = 0; id < dict_.size(); ++id) {
      size_t at = dict_hash_[id] & mask;
      while (slots[at] != kNoWord)
        at = (at + 1) & mask;
      slots[at] = id;
    }
    slots_ = std::move(slots);
  }
  const auto hash = static_cast<uint32_t>(std::hash<std::string_view>()(s));
  const size_t mask = slots_.size() - 1;
  for (size_t at = hash & mask;; at = (at + 1) & mask) {
    const uint32_t id = slots_[at];
    if (id == kNoWord) {
      const auto added = static_cast<uint32_t>(dict_.size());
      dict_.push_back(dict_pool_.Add(s));
      dict_hash_.push_back(hash);
      slots_[at] = added;
      return added;
    }
    if (dict_hash_[id] == hash && dict_[id] == s)
      return id;
  }
}

uint32_t FindingTable::FieldWord(int field, std::string_view s) {
  uint32_t& last = last_words_[field];
  if (last == kNoWord || dict_[last] != s)
    last = Word(s);
  return last;
}

void FindingTable::Add(const Finding& f) {
  size_t bound = MaxRecordSize(f);
  if (blocks_.empty() || block_used_ + bound > block_capacity_) {
    block_capacity_ = std::max(kBlockBytes, bound);
    // new char[] leaves the block uninitialized: make_unique would zero
    // 256 KiB that records overwrite anyway.
    blocks_.push_back(std::unique_ptr<char[]>(new char[block_capacity_]));
    block_used_ = 0;
    block_bytes_ += block_capacity_;
  }
  char* start = blocks_.back().get() + block_used_;
  RecordWriter w(start);
  int field = 0;  // the word field being written, for FieldWord()
  auto word = [&](std::string_view s) {
    uint32_t id = FieldWord(field++, s);
    w.Varint(id);
    return id;
  };
  word(f.format);
  word(f.tool);
  w.Varint(f.input);
  word(f.category);
  w.Text(f.rule_id);
  word(f.title);
  word(f.tool_severity);
  word(f.status);
  w.Texts(f.cves);
  w.Texts(f.aliases);
  w.Texts(f.cwes);
  w.Varint(f.cvss.size());
  for (const CvssVector& c : f.cvss) {
    w.Varint(FieldWord(kWordFields, c.version));
    w.Varint(FieldWord(kWordFields + 1, c.vector));
    w.Varint(FieldWord(kWordFields + 2, c.source));
    w.Signed(c.score_tenths);
  }
  const Component& c = f.component;
  w.Text(c.name);
  w.Text(c.installed);
  w.Text(c.fixed);
  word(c.type);
  w.Text(c.path);
  w.Text(c.purl);
  w.Varint(f.port);
  word(f.protocol);
  word(f.service);
  w.Text(f.location);
  w.View(f.description);
  w.View(f.solution);
  w.Text(f.evidence);
  encoded_.resize(MaxTextsSize(f.references));
  RecordWriter list(encoded_.data());
  list.Texts(f.references);
  encoded_.resize(static_cast<size_t>(list.end() - encoded_.data()));
  word(encoded_);
  w.Varint(f.exploit_available ? 1 : 0);
  w.Signed(f.file_epss);
  w.Signed(f.file_epss_percentile);
  for (const std::string* date : {&f.first_seen, &f.last_seen}) {
    uint32_t id = word(*date);
    if (id >= seen_date_.size())
      seen_date_.resize(id + 1);
    seen_date_[id] = true;
  }
  word(f.published);

  Ref ref;
  ref.block = static_cast<uint32_t>(blocks_.size() - 1);
  ref.offset = static_cast<uint32_t>(block_used_);
  ref.asset = f.asset == Finding::kNoAsset ? kNoAsset32
                                           : static_cast<uint32_t>(f.asset);
  ref.severity = f.severity;
  refs_.push_back(ref);
  block_used_ += static_cast<size_t>(w.end() - start);
}

void FindingTable::Decode(size_t i,
                          Finding* out,
                          uint32_t* words,
                          uint32_t parts) const {
  const Ref& ref = refs_[i];
  RecordReader r(blocks_[ref.block].get() + ref.offset);
  // Fields of parts not asked for are read past, not assigned.
  const bool scoring = (parts & kScoring) != 0;
  const bool identity = (parts & kIdentity) != 0;
  const bool other = (parts & kOther) != 0;
  int field = 0;  // index into `words` of the next word field
  // Reads the next word field's index: the word to set `*out`'s field from,
  // or kNoWord when the field is not wanted or already holds that word.
  auto changed_word = [&](bool wanted) {
    const auto id = static_cast<uint32_t>(r.Varint());
    const bool set = wanted && (words == nullptr || words[field] != id);
    if (set && words != nullptr)
      words[field] = id;
    ++field;
    return set ? id : kNoWord;
  };
  auto word = [&](bool wanted, std::string* s) {
    const uint32_t id = changed_word(wanted);
    if (id != kNoWord)
      *s = dict_[id];
  };
  auto text = [&](bool wanted, std::string* s) {
    std::string_view t = r.Text();
    if (wanted)
      s->assign(t.data(), t.size());
  };
  auto texts = [&](bool wanted, std::vector<std::string>* v) {
    if (wanted) {
      r.Texts(v);
    } else {
      for (size_t n = static_cast<size_t>(r.Varint()); n > 0; --n)
        r.Text();
    }
  };
  word(identity, &out->format);
  word(other, &out->tool);
  out->input = static_cast<size_t>(r.Varint());
  out->asset = asset(i);
  word(identity, &out->category);
  text(identity, &out->rule_id);
  word(other, &out->title);
  out->severity = ref.severity;
  word(other, &out->tool_severity);
  word(other, &out->status);
  texts(scoring, &out->cves);
  texts(other, &out->aliases);
  texts(other, &out->cwes);
  size_t cvss = static_cast<size_t>(r.Varint());
  if (scoring)
    out->cvss.resize(cvss);
  for (size_t k = 0; k < cvss; ++k) {
    uint32_t version = static_cast<uint32_t>(r.Varint());
    uint32_t vector = static_cast<uint32_t>(r.Varint());
    uint32_t source = static_cast<uint32_t>(r.Varint());
    int score = static_cast<int>(r.Signed());
    if (scoring) {
      CvssVector& c = out->cvss[k];
      c.version = dict_[version];
      c.vector = dict_[vector];
      c.source = dict_[source];
      c.score_tenths = score;
    }
  }
  Component& c = out->component;
  text(identity, &c.name);
  text(identity, &c.installed);
  text(other, &c.fixed);
  word(other, &c.type);
  text(identity, &c.path);
  text(other, &c.purl);
  out->port = static_cast<uint32_t>(r.Varint());
  word(identity, &out->protocol);
  word(other, &out->service);
  text(identity, &out->location);
  std::string_view description = r.View();
  std::string_view solution = r.View();
  if (identity) {
    out->description = description;
    out->solution = solution;
  }
  text(other, &out->evidence);
  if (const uint32_t id = changed_word(identity); id != kNoWord)
    RecordReader(dict_[id].data()).Texts(&out->references);
  bool exploit_available = r.Varint() != 0;
  int file_epss = static_cast<int>(r.Signed());
  int file_epss_percentile = static_cast<int>(r.Signed());
  if (scoring) {
    out->exploit_available = exploit_available;
    out->file_epss = file_epss;
    out->file_epss_percentile = file_epss_percentile;
  }
  word(other, &out->first_seen);
  word(other, &out->last_seen);
  word(other, &out->published);
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
  for (std::string_view s : dict_)
    dict += s.size();
  dict += dict_.capacity() * sizeof(std::string_view) +
          dict_hash_.capacity() * sizeof(uint32_t) +
          slots_.capacity() * sizeof(uint32_t);
  return block_bytes_ + refs_.capacity() * sizeof(Ref) + dict;
}

}  // namespace exposure
