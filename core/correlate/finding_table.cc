#include "core/correlate/finding_table.h"

#include <algorithm>
#include <cstring>
#include <functional>

#include "core/base/time.h"

namespace exposure {

namespace {

// Record layout. Integers are LEB128 varints (signed ones zigzagged); a
// "word" is a dictionary index + 1, or 0 followed by a text when the
// dictionary was full (see FindingTable::SetSpill); a "text" is a length
// and the bytes; a "view" is the address and length of an interned text; a
// list is a count and its items.
//
//   length of the rest, asset + 1 (0: none), severity (with the
//   kSeverityFromRule flag), category and status (a byte each), the rule's
//   number (its key holds the format and rule_id), then in Finding's field
//   order: tool word, input, title word, tool_severity word, cves, aliases,
//   cwes (text lists),
//   cvss list (version word, vector word, source word, score signed),
//   component name, installed, fixed texts, type word, path, purl texts,
//   port, protocol word, service word, location text, description view,
//   solution view, evidence text, references word (the list encoded as
//   a text list), evidence, file_epss signed,
//   file_epss_percentile signed, first_seen word, last_seen word,
//   published word.
//
// Title, vectors, references and the published date are words because
// they belong to the rule or the CVE, not to the record: a CVE's
// references and vectors repeat for every package and image it affects
// (in a container scan they were half of each record).
//
// The length comes first so that a reader can skip a record unread.

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
  void Byte(uint8_t b) { *p_++ = static_cast<char>(b); }
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

// An upper bound of the record size of `f`: every text's bytes (word
// fields included, which may be written inline), plus the most any number,
// length or view can take (64 is more than the fields).
size_t MaxRecordSize(const Finding& f) {
  const Component& c = f.component;
  size_t cvss = 0;
  for (const CvssVector& v : f.cvss) {
    cvss +=
        7 * kMaxVarint + v.version.size() + v.vector.size() + v.source.size();
  }
  return 64 * kMaxVarint + c.name.size() + c.installed.size() + c.fixed.size() +
         c.path.size() + c.purl.size() + f.location.size() + f.evidence.size() +
         MaxTextsSize(f.cves) + MaxTextsSize(f.aliases) + MaxTextsSize(f.cwes) +
         cvss + f.tool.size() + f.title.size() + f.tool_severity.size() +
         c.type.size() + f.protocol.size() + f.service.size() +
         f.first_seen.size() + f.last_seen.size() + f.published.size();
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
  uint8_t Byte() { return static_cast<uint8_t>(*p_++); }
  const char* here() const { return p_; }
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

// A word field written inline (a full dictionary): kept out of the
// decoder's loop, whose word lambda then stays small enough to inline.
void ReadInlineWord(RecordReader* r,
                    bool wanted,
                    std::string* s,
                    uint32_t* word) {
  const std::string_view t = r->Text();
  if (wanted) {
    s->assign(t.data(), t.size());
    if (word != nullptr)
      *word = 0xFFFFFFFF;  // FindingTable::kNoWord: no word to skip on
  }
}

// The number of bytes Varint(v) writes.
size_t VarintSize(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

}  // namespace

uint32_t FindingTable::FieldWord(int field, std::string_view s) {
  uint32_t& last = last_words_[field];
  const uint32_t id = dict_full_ ? dict_.Find(s) : dict_.Add(s);
  if (id == kNoWord)
    return kNoWord;  // written inline
  last = id;
  if (!dict_full_ && dict_.text_bytes() + dict_.overhead_bytes() > dict_budget_)
    dict_full_ = true;
  return id;
}

void FindingTable::NoteInlineDate(std::string_view s) {
  if (s.size() < 10)
    return;
  const std::string_view day = s.substr(0, 10);
  if (day > latest_inline_day_ && !AddDays(day, 0).empty())
    latest_inline_day_ = std::string(day);
}

void FindingTable::MaybeSpillLast() {
  Block& b = blocks_.back();
  if (spill_ == nullptr || spill_failed_ ||
      resident_bytes_ + block_bytes_ <= resident_budget_)
    return;
  Result<uint64_t> at = spill_->Append(std::string_view(b.data.get(), b.used));
  if (!at.ok()) {
    // Nowhere to spill to: the table goes on in memory, as without spill
    // (blocks spilled before stay readable).
    spill_failed_ = true;
    return;
  }
  b.spilled_at = *at;
  b.data.reset();
  resident_bytes_ -= b.capacity;
  spilled_bytes_ += b.used;
}

void FindingTable::Add(const Finding& f) {
  // Room for the record's length, which is written last.
  const size_t bound = MaxRecordSize(f) + kMaxVarint;
  if (blocks_.empty() ||
      blocks_.back().used + bound > blocks_.back().capacity) {
    if (!blocks_.empty())
      MaybeSpillLast();
    Block b;
    b.capacity = std::max(block_bytes_, bound);
    // new char[] leaves the block uninitialized: make_unique would zero
    // a block that records overwrite anyway.
    b.data.reset(new char[b.capacity]);
    resident_bytes_ += b.capacity;
    blocks_.push_back(std::move(b));
  }
  Block& block = blocks_.back();
  if (size_ % kCheckpointEvery == 0) {
    checkpoints_.push_back({static_cast<uint32_t>(blocks_.size() - 1),
                            static_cast<uint32_t>(block.used)});
  }
  char* start = block.data.get() + block.used;
  // The body is written after two bytes, the length's size for records of
  // 128 bytes to 16 KiB (most of them), and moved when it needs another.
  char* body = start + 2;
  RecordWriter w(body);
  w.Varint(f.asset == Finding::kNoAsset ? 0 : uint64_t{f.asset} + 1);
  w.Byte(static_cast<uint8_t>(f.severity) |
         (f.severity_from_rule ? kSeverityFromRule : 0));
  w.Byte(static_cast<uint8_t>(f.category));
  w.Byte(static_cast<uint8_t>(f.status));
  w.Varint(RuleNumber(f.format, f.rule_id));
  int field = 0;  // the word field being written
  // Writes word field `field` (the next one), trying the field's previous
  // word before the dictionary, and returns its word (kNoWord: inline).
  auto field_word = [&](int which, std::string_view s)
      __attribute__((always_inline)) {
    uint32_t id = last_words_[which];
    if (id == kNoWord || dict_[id] != s)
      id = FieldWord(which, s);
    if (id == kNoWord) {
      w.Varint(0);
      w.Text(s);
    } else {
      w.Varint(uint64_t{id} + 1);
    }
    return id;
  };
  auto word = [&](std::string_view s) __attribute__((always_inline)) {
    return field_word(field++, s);
  };
  auto cvss_word = [&](int k, std::string_view s) {
    field_word(kWordFields + k, s);
  };
  // A scan date also goes into SeenDates().
  auto date = [&](std::string_view s) {
    const uint32_t id = word(s);
    if (id == kNoWord) {
      NoteInlineDate(s);
      return;
    }
    if (id >= seen_date_.size())
      seen_date_.resize(id + 1);
    seen_date_[id] = true;
  };
  word(f.tool);
  w.Varint(f.input);
  word(f.title);
  word(f.tool_severity);
  w.Texts(f.cves);
  w.Texts(f.aliases);
  w.Texts(f.cwes);
  w.Varint(f.cvss.size());
  for (const CvssVector& c : f.cvss) {
    cvss_word(0, c.version);
    cvss_word(1, c.vector);
    cvss_word(2, c.source);
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
  // References are always a word (they belong to the rule, so there are
  // no more of them than rules): the report compares lists by their word.
  encoded_.resize(MaxTextsSize(f.references));
  RecordWriter list(encoded_.data());
  list.Texts(f.references);
  encoded_.resize(static_cast<size_t>(list.end() - encoded_.data()));
  {
    uint32_t& last = last_words_[field++];
    if (last == kNoWord || dict_[last] != encoded_)
      last = dict_.Add(encoded_);
    w.Varint(uint64_t{last} + 1);
  }
  w.Varint(f.evidence_flags);
  w.Signed(f.file_epss);
  w.Signed(f.file_epss_percentile);
  date(f.first_seen);
  date(f.last_seen);
  word(f.published);

  const auto length = static_cast<size_t>(w.end() - body);
  const size_t prefix = VarintSize(length);
  if (prefix != 2)
    std::memmove(start + prefix, body, length);
  RecordWriter(start).Varint(length);
  block.used += prefix + length;
  ++size_;
}

void FindingTable::SetAsset(size_t first, size_t end, size_t asset) {
  if (first >= end || asset == Finding::kNoAsset)
    return;
  AssetRange r{first, end, static_cast<uint32_t>(asset)};
  auto at = std::upper_bound(
      late_assets_.begin(), late_assets_.end(), first,
      [](size_t i, const AssetRange& range) { return i < range.first; });
  late_assets_.insert(at, r);
}

size_t FindingTable::AssetOf(size_t i, uint64_t recorded) const {
  size_t asset = Finding::kNoAsset;
  if (recorded != 0) {
    asset = static_cast<size_t>(recorded - 1);
  } else if (!late_assets_.empty()) {
    auto at = std::upper_bound(late_assets_.begin(), late_assets_.end(), i,
                               [](size_t index, const AssetRange& range) {
                                 return index < range.first;
                               });
    if (at != late_assets_.begin()) {
      --at;
      if (i < at->end)
        asset = at->asset;
    }
  }
  if (asset != Finding::kNoAsset && asset_map_ != nullptr &&
      asset < asset_map_->size())
    asset = (*asset_map_)[asset];
  return asset;
}

bool FindingTable::Load(uint32_t b, std::vector<char>* buffer) const {
  const Block& block = blocks_[b];
  buffer->resize(block.used);
  // A spilled block implies the space it went to (spill_ is never reset).
  Status s = spill_->Read(block.spilled_at, block.used, buffer->data());
  if (!s.ok()) {
    if (spill_status_.ok())
      spill_status_ = Status::Error("reading spilled findings: " + s.message());
    return false;
  }
  return true;
}

const char* FindingTable::Decode(const char* p,
                                 size_t i,
                                 Finding* out,
                                 uint32_t* words,
                                 uint32_t parts,
                                 uint32_t* rule) const {
  RecordReader r(p);
  const auto length = static_cast<size_t>(r.Varint());
  const char* end = r.here() + length;
  // Fields of parts not asked for are read past, not assigned.
  const bool scoring = (parts & kScoring) != 0;
  const bool identity = (parts & kIdentity) != 0;
  const bool other = (parts & kOther) != 0;
  int field = 0;  // index into `words` of the next word field
  // Reads the next word field into `*s` when wanted: a dictionary word
  // (skipped when `*s` already holds it) or a text written inline.
  // Inlined by force: called for a dozen fields per finding, a call each
  // cost more than the work (GCC and clang, the compilers of every target).
  auto word = [&](bool wanted, std::string* s) __attribute__((always_inline)) {
    const uint64_t v = r.Varint();
    if (v == 0) {
      ReadInlineWord(&r, wanted, s, words == nullptr ? nullptr : words + field);
    } else {
      const auto id = static_cast<uint32_t>(v - 1);
      if (wanted && (words == nullptr || words[field] != id)) {
        *s = dict_[id];
        if (words != nullptr)
          words[field] = id;
      }
    }
    ++field;
  };
  // A CVSS word (not cached: vectors change from one finding to the next).
  auto cvss_word = [&](bool wanted, std::string* s) {
    const uint64_t v = r.Varint();
    if (v == 0) {
      const std::string_view t = r.Text();
      if (wanted)
        s->assign(t.data(), t.size());
    } else if (wanted) {
      *s = dict_[static_cast<uint32_t>(v - 1)];
    }
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
  out->asset = AssetOf(i, r.Varint());
  const uint8_t severity = r.Byte();
  out->severity = static_cast<Severity>(severity & ~kSeverityFromRule);
  out->severity_from_rule = false;  // bound below
  const auto category = static_cast<Category>(r.Byte());
  const auto status = static_cast<FindingStatus>(r.Byte());
  if (identity)
    out->category = category;
  out->status = status;
  const auto rule_number = static_cast<uint32_t>(r.Varint());
  *rule = rule_number;
  if (identity && (words == nullptr || words[kRuleSlot] != rule_number)) {
    const std::string_view key = rule_keys_[rule_number];
    const size_t colon = key.find(':');
    out->format.assign(key.data(), colon);
    out->rule_id.assign(key.data() + colon + 1, key.size() - colon - 1);
    if (words != nullptr)
      words[kRuleSlot] = rule_number;
  }
  word(other, &out->tool);
  out->input = static_cast<size_t>(r.Varint());
  word(identity, &out->title);
  word(other, &out->tool_severity);
  texts(scoring, &out->cves);
  texts(scoring, &out->aliases);
  texts(other, &out->cwes);
  size_t cvss = static_cast<size_t>(r.Varint());
  if (scoring)
    out->cvss.resize(cvss);
  CvssVector unused;
  for (size_t k = 0; k < cvss; ++k) {
    CvssVector& c = scoring ? out->cvss[k] : unused;
    cvss_word(scoring, &c.version);
    cvss_word(scoring, &c.vector);
    cvss_word(scoring, &c.source);
    const int score = static_cast<int>(r.Signed());
    if (scoring)
      c.score_tenths = score;
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
  {
    const auto id = static_cast<uint32_t>(r.Varint() - 1);
    if (identity && (words == nullptr || words[field] != id)) {
      RecordReader(dict_[id].data()).Texts(&out->references);
      if (words != nullptr)
        words[field] = id;
    }
    ++field;
  }
  const auto evidence = static_cast<uint16_t>(r.Varint());
  int file_epss = static_cast<int>(r.Signed());
  int file_epss_percentile = static_cast<int>(r.Signed());
  if (scoring) {
    out->evidence_flags = evidence;
    out->file_epss = file_epss;
    out->file_epss_percentile = file_epss_percentile;
  }
  word(other, &out->first_seen);
  word(other, &out->last_seen);
  word(other, &out->published);
  const uint32_t def = rule_def_[rule_number];
  if (def != kNoWord) {
    Bind(rule_defs_[def], (severity & kSeverityFromRule) != 0, out, words,
         parts);
  }
  return end;
}

void FindingTable::Bind(const RuleDef& def,
                        bool severity_from_rule,
                        Finding* out,
                        uint32_t* words,
                        uint32_t parts) const {
  // A word field set from the definition no longer holds its record's
  // word: the next record must set it again.
  auto fill = [&](std::string* field, const std::string& value, int slot) {
    if (field->empty() && !value.empty()) {
      *field = value;
      if (words != nullptr)
        words[slot] = kNoWord;
    }
  };
  auto fill_list = [](auto* field, const auto& value) {
    if (field->empty())
      *field = value;
  };
  if (severity_from_rule && def.has_severity)
    out->severity = def.severity;
  if ((parts & kIdentity) != 0) {
    if (out->category == Category::kUnset)
      out->category = def.category;
    if (out->description.empty())
      out->description = def.description;
    if (out->solution.empty())
      out->solution = def.solution;
    if (out->references.empty() && def.references != kNoWord) {
      RecordReader(dict_[def.references].data()).Texts(&out->references);
      if (words != nullptr)
        words[kReferencesField] = def.references;
    }
  }
  if ((parts & kScoring) != 0) {
    fill_list(&out->cves, def.cves);
    fill_list(&out->aliases, def.aliases);
    fill_list(&out->cvss, def.cvss);
    out->evidence_flags |= def.evidence_flags;
  }
  if ((parts & kOther) != 0) {
    fill(&out->title, def.title, 1);
    fill(&out->tool_severity, def.tool_severity, 2);
    fill(&out->published, def.published, kWordFields - 1);
    fill_list(&out->cwes, def.cwes);
  }
}

uint32_t FindingTable::RuleNumber(std::string_view format,
                                  std::string_view rule_id) {
  // Records of one rule often follow each other (a host's plugins do not,
  // a plugin's hosts in a CSV export do).
  if (last_rule_ != kNoWord && rule_id == last_rule_id_ &&
      format == last_rule_format_)
    return last_rule_;
  rule_key_.assign(format.data(), format.size());
  rule_key_ += ':';
  rule_key_.append(rule_id.data(), rule_id.size());
  bool added = false;
  const uint32_t rule = rule_keys_.Add(rule_key_, &added);
  if (added)
    rule_def_.push_back(kNoWord);
  last_rule_ = rule;
  last_rule_format_.assign(format.data(), format.size());
  last_rule_id_.assign(rule_id.data(), rule_id.size());
  return rule;
}

void FindingTable::DefineRule(std::string_view format, const Rule& rule) {
  const uint32_t number = RuleNumber(format, rule.rule_id);
  uint32_t& index = rule_def_[number];
  if (index == kNoWord) {
    index = static_cast<uint32_t>(rule_defs_.size());
    rule_defs_.emplace_back();
  }
  RuleDef& def = rule_defs_[index];
  auto fill = [](auto* field, const auto& value) {
    if (field->empty())
      *field = value;
  };
  fill(&def.title, rule.title);
  fill(&def.tool_severity, rule.tool_severity);
  fill(&def.published, rule.published);
  if (!def.has_severity && rule.severity.has_value()) {
    def.has_severity = true;
    def.severity = *rule.severity;
  }
  if (def.category == Category::kUnset)
    def.category = rule.category;
  def.evidence_flags |= rule.evidence_flags;
  fill(&def.description, rule.description);
  fill(&def.solution, rule.solution);
  if (def.references == kNoWord && !rule.references.empty()) {
    encoded_.resize(MaxTextsSize(rule.references));
    RecordWriter list(encoded_.data());
    list.Texts(rule.references);
    encoded_.resize(static_cast<size_t>(list.end() - encoded_.data()));
    def.references = dict_.Add(encoded_);
  }
  fill(&def.cves, rule.cves);
  fill(&def.aliases, rule.aliases);
  fill(&def.cwes, rule.cwes);
  fill(&def.cvss, rule.cvss);
}

bool FindingTable::Reader::Enter(uint32_t b) {
  at_ = {b, 0};
  const Block& block = table_.blocks_[b];
  if (block.data != nullptr) {
    data_ = block.data.get();
    return true;
  }
  if (table_.Load(b, &buffer_)) {
    data_ = buffer_.data();
    return true;
  }
  data_ = nullptr;
  return false;
}

const Finding& FindingTable::Reader::Read(size_t i) {
  const auto& blocks = table_.blocks_;
  // A resident block this reader entered may have been spilled since (the
  // table grew meanwhile): enter it again.
  const bool stale = data_ != nullptr && data_ != buffer_.data() &&
                     blocks[at_.block].data.get() != data_;
  if (i != next_ || data_ == nullptr || stale) {
    if (data_ == nullptr || stale || i < next_ ||
        i >= next_ + kCheckpointEvery) {
      const Position& c = table_.checkpoints_[i / kCheckpointEvery];
      next_ = i / kCheckpointEvery * kCheckpointEvery;
      if (!Enter(c.block)) {
        finding_ = Finding();
        std::fill(std::begin(words_), std::end(words_), kNoWord);
        return finding_;
      }
      at_ = c;
    }
  }
  while (true) {
    if (at_.offset >= blocks[at_.block].used) {
      if (!Enter(at_.block + 1)) {
        finding_ = Finding();
        std::fill(std::begin(words_), std::end(words_), kNoWord);
        next_ = i + 1;
        return finding_;
      }
      continue;
    }
    const char* p = data_ + at_.offset;
    RecordReader r(p);
    const auto length = static_cast<size_t>(r.Varint());
    const size_t size = static_cast<size_t>(r.here() - p) + length;
    if (next_ == i) {
      table_.Decode(p, i, &finding_, words_, parts_, &rule_);
      last_ = at_;
      last_record_ = p;
      last_size_ = size;
      at_.offset += static_cast<uint32_t>(size);
      ++next_;
      return finding_;
    }
    at_.offset += static_cast<uint32_t>(size);
    ++next_;
  }
}

const Finding& FindingTable::Reader::ReadAt(Position at, size_t i) {
  table_.Decode(table_.blocks_[at.block].data.get() + at.offset, i, &finding_,
                words_, parts_, &rule_);
  return finding_;
}

const Finding& FindingTable::Reader::Decode(std::string_view record, size_t i) {
  table_.Decode(record.data(), i, &finding_, words_, parts_, &rule_);
  return finding_;
}

void FindingTable::Get(size_t i, Finding* out) const {
  Reader reader(*this);
  *out = reader.Read(i);
}

Finding FindingTable::operator[](size_t i) const {
  Finding f;
  Get(i, &f);
  return f;
}

void FindingTable::References(uint32_t word,
                              std::vector<std::string>* out) const {
  if (word >= dict_.size()) {  // kNoWord: a finding that could not be read
    out->clear();
    return;
  }
  RecordReader(dict_[word].data()).Texts(out);
}

std::vector<std::string_view> FindingTable::SeenDates() const {
  std::vector<std::string_view> dates;
  for (size_t word = 0; word < seen_date_.size(); ++word) {
    if (seen_date_[word])
      dates.push_back(dict_[static_cast<uint32_t>(word)]);
  }
  if (!latest_inline_day_.empty())
    dates.push_back(latest_inline_day_);
  return dates;
}

size_t FindingTable::bytes() const {
  size_t records = 0;
  for (const Block& b : blocks_)
    records += b.data != nullptr ? b.capacity : b.used;
  return records + checkpoints_.capacity() * sizeof(Position) +
         dict_.text_bytes() + dict_.overhead_bytes() + rule_keys_.text_bytes() +
         rule_keys_.overhead_bytes() + rule_def_.capacity() * sizeof(uint32_t) +
         rule_defs_.size() * sizeof(RuleDef);
}

}  // namespace exposure
