#include "core/track/snapshot.h"

#include <zstd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/base/json_writer.h"
#include "core/base/strings.h"
#include "core/base/time.h"
#include "core/base/version.h"
#include "core/correlate/finding_table.h"
#include "core/correlate/report_ids.h"
#include "core/import/decompress.h"
#include "core/import/json/json_tokenizer.h"

namespace exposure {

namespace {

using Json = nlohmann::json;

int32_t DayOf(std::string_view date) {
  int64_t day;
  return DayNumber(date, &day) ? static_cast<int32_t>(day) : kNoDay;
}

template <typename E, int N>
bool ParseByName(std::string_view text, const char* (*name)(E), E* out) {
  for (int i = 0; i < N; ++i) {
    const E e = static_cast<E>(i);
    if (text == name(e)) {
      *out = e;
      return true;
    }
  }
  return false;
}

const char* PriorityName(DeployerPriority p) {
  return Name(p);
}
const char* CisaName(CisaLevel l) {
  return Name(l);
}

bool ParseHex16(std::string_view text, uint64_t* out) {
  if (text.size() != 16)
    return false;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), *out, 16);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string DayDate(int32_t day) {
  return day == kNoDay ? std::string() : DateOfDay(day);
}

Snapshot::Snapshot() {
  strings_.emplace_back();
  string_ids_.emplace(std::string_view(strings_.back()), 0);
  open_ = Intern("open");
}

uint32_t Snapshot::Intern(std::string_view text) {
  auto it = string_ids_.find(text);
  if (it != string_ids_.end())
    return it->second;
  strings_.emplace_back(text);
  const auto id = static_cast<uint32_t>(strings_.size() - 1);
  string_ids_.emplace(std::string_view(strings_.back()), id);
  return id;
}

uint32_t Snapshot::InternRule(const SnapshotRule& rule) {
  std::string key = rule.format;
  key += '\n';
  key += rule.rule_id;
  auto it = rule_ids_.find(key);
  if (it != rule_ids_.end())
    return it->second;
  rules.push_back(rule);
  const auto id = static_cast<uint32_t>(rules.size() - 1);
  rule_ids_.emplace(std::move(key), id);
  return id;
}

std::string Snapshot::FindingIdOf(const SnapshotFinding& f) const {
  return FindingId(f.key, f.repeat);
}

int32_t Snapshot::as_of_day() const {
  return DayOf(as_of);
}

uint64_t Snapshot::OpenRisk() const {
  uint64_t sum = 0;
  for (const SnapshotFinding& f : findings) {
    if (IsOpen(f))
      sum += static_cast<uint64_t>(f.risk);
  }
  return sum;
}

void Snapshot::SortFindings() {
  std::sort(findings.begin(), findings.end(),
            [](const SnapshotFinding& a, const SnapshotFinding& b) {
              return std::tie(a.key, a.repeat) < std::tie(b.key, b.repeat);
            });
}

Snapshot MakeSnapshot(const Store& store,
                      const Assessment& assessment,
                      const Plan& plan) {
  Snapshot s;
  s.as_of =
      assessment.as_of.substr(0, std::min<size_t>(10, assessment.as_of.size()));
  s.version = kVersion;
  const std::vector<Input>& inputs = store.inputs();
  std::vector<uint32_t> scan_of(inputs.size(), SnapshotFinding::kNone);
  for (size_t i = 0; i < inputs.size(); ++i) {
    s.sources.push_back(inputs[i].name);
    if (inputs[i].format.empty() ||
        inputs[i].source == SourceClass::kInventory) {
      continue;
    }
    scan_of[i] = static_cast<uint32_t>(s.scans.size());
    s.scans.push_back(
        {inputs[i].name, inputs[i].format, inputs[i].source, inputs[i].scope});
  }

  const ReportAssetIds asset_ids = ComputeReportAssetIds(store);
  const auto& assets = store.assets();
  s.assets.resize(assets.size());
  for (size_t a = 0; a < assets.size(); ++a) {
    SnapshotAsset& out = s.assets[a];
    out.id = asset_ids.id[a];
    out.name = assets[a].name;
    out.kind = AssetKindName(assets[a].kind);
    out.keys = store.identity(a).keys;
    const Store::Sightings& seen = store.sightings(a);
    for (uint32_t input : seen.inputs) {
      if (input < scan_of.size() && scan_of[input] != SnapshotFinding::kNone)
        out.scans.push_back(scan_of[input]);
    }
    out.credentialed = seen.credentialed;
    out.uncredentialed = seen.uncredentialed;
    out.last_scanned = seen.last_scanned;
  }
  std::vector<std::set<std::string>> ports(assets.size());
  for (const Service& svc : store.services()) {
    if (svc.asset < ports.size() && svc.port != 0) {
      ports[svc.asset].insert(std::to_string(svc.port) + "/" +
                              (svc.protocol.empty() ? "tcp" : svc.protocol));
    }
  }

  // Exposures with an open finding: each group once, each finding alone.
  std::vector<uint8_t> group_open(assessment.exposures.groups, 0);
  const FindingTable& table = store.findings();
  FindingTable::Reader reader(table);
  s.findings.reserve(table.size());
  std::string joined;
  for (size_t i = 0; i < table.size(); ++i) {
    const Finding& f = reader.Read(i);
    const FindingAssessment& fa = assessment.finding(i);
    SnapshotFinding out;
    out.key = plan.ids.key[i];
    out.repeat = plan.ids.RepeatOf(i);
    out.problem = ProblemKey(f);
    if (f.asset != Finding::kNoAsset)
      out.asset = static_cast<uint32_t>(f.asset);
    out.scan =
        f.input < scan_of.size() ? scan_of[f.input] : SnapshotFinding::kNone;
    const SourceClass source =
        f.input < inputs.size() ? inputs[f.input].source : SourceClass::kHost;
    out.rule = s.InternRule({f.format, f.rule_id, f.title, source});
    joined.clear();
    for (const std::string& cve : f.cves) {
      if (!joined.empty())
        joined += ' ';
      joined += cve;
    }
    out.cves = s.Intern(joined);
    if (!f.component.name.empty()) {
      joined = f.component.name;
      if (!f.component.installed.empty()) {
        joined += ' ';
        joined += f.component.installed;
      }
      out.component = s.Intern(joined);
    }
    if (plan.action[i] != Plan::kNoAction)
      out.action = s.Intern(plan.actions[plan.action[i]].id);
    out.protocol = s.Intern(f.protocol);
    out.status = s.Intern(plan.StatusName(i, f.status));
    out.epss = fa.epss;
    out.due = DayOf(assessment.Due(fa));
    out.first_seen = DayOf(f.first_seen);
    out.last_seen = DayOf(f.last_seen);
    out.port = f.port;
    out.risk = fa.risk;
    out.severity = f.severity;
    out.decision = fa.decision;
    out.cisa = fa.cisa;
    out.kev = fa.kev;
    out.decision_expired = plan.expired[i] != 0;
    out.needs_credentials = source == SourceClass::kHost && f.port == 0 &&
                            f.asset != Finding::kNoAsset &&
                            store.sightings(f.asset).credentialed;
    if (plan.IsOpen(i, f.status)) {
      const uint32_t group = i < assessment.exposures.group_of.size()
                                 ? assessment.exposures.group_of[i]
                                 : ExposureTable::kAlone;
      if (group == ExposureTable::kAlone) {
        ++s.exposures;
      } else if (!group_open[group]) {
        group_open[group] = 1;
        ++s.exposures;
      }
    }
    s.findings.push_back(out);
  }
  for (size_t a = 0; a < assets.size(); ++a)
    s.assets[a].ports.assign(ports[a].begin(), ports[a].end());
  s.SortFindings();
  return s;
}

namespace {

// Compresses what it is given with zstd as it goes, handing compressed
// pieces to the sink.
class ZstdWriter {
 public:
  explicit ZstdWriter(const std::function<void(std::string_view)>& sink)
      : sink_(sink), ctx_(ZSTD_createCCtx()) {
    ZSTD_CCtx_setParameter(ctx_, ZSTD_c_compressionLevel, 3);
    ZSTD_CCtx_setParameter(ctx_, ZSTD_c_checksumFlag, 1);
    out_.resize(ZSTD_CStreamOutSize());
  }
  ~ZstdWriter() { ZSTD_freeCCtx(ctx_); }
  ZstdWriter(const ZstdWriter&) = delete;
  ZstdWriter& operator=(const ZstdWriter&) = delete;

  Status Write(std::string_view bytes) { return Run(bytes, ZSTD_e_continue); }
  Status End() { return Run(std::string_view(), ZSTD_e_end); }

 private:
  Status Run(std::string_view bytes, ZSTD_EndDirective mode) {
    ZSTD_inBuffer in = {bytes.data(), bytes.size(), 0};
    for (;;) {
      ZSTD_outBuffer out = {&out_[0], out_.size(), 0};
      const size_t left = ZSTD_compressStream2(ctx_, &out, &in, mode);
      if (ZSTD_isError(left)) {
        return Status::Error(std::string("snapshot: zstd: ") +
                             ZSTD_getErrorName(left));
      }
      if (out.pos > 0)
        sink_(std::string_view(out_.data(), out.pos));
      const bool done = mode == ZSTD_e_end ? left == 0 : in.pos == in.size;
      if (done)
        return Status::Ok();
    }
  }

  const std::function<void(std::string_view)>& sink_;
  ZSTD_CCtx* ctx_;
  std::string out_;
};

// Nessus policies list some 150,000 plugin ids, mostly in runs: numeric
// ids are written as ranges ("10001-10250"), others as they are.
std::vector<std::string> RuleRanges(const std::vector<std::string>& rules) {
  std::vector<uint64_t> numbers;
  std::vector<std::string> out;
  for (const std::string& r : rules) {
    if (!r.empty() && r.size() <= 12 && AllAsciiDigits(r) &&
        (r.size() == 1 || r[0] != '0')) {
      numbers.push_back(DigitsValue(r));
    } else {
      out.push_back(r);
    }
  }
  std::sort(numbers.begin(), numbers.end());
  for (size_t i = 0; i < numbers.size();) {
    size_t j = i;
    while (j + 1 < numbers.size() && numbers[j + 1] == numbers[j] + 1)
      ++j;
    out.push_back(j == i ? std::to_string(numbers[i])
                         : std::to_string(numbers[i]) + "-" +
                               std::to_string(numbers[j]));
    i = j + 1;
  }
  return out;
}

void WriteScope(JsonWriter* w, const ScanScope& scope) {
  w->OptionalString("policy", scope.policy);
  w->OptionalString("targets", scope.targets);
  w->OptionalString("ports", scope.ports);
  if (!scope.rules.empty())
    w->StringArray("rules", RuleRanges(scope.rules));
}

}  // namespace

Status WriteSnapshot(const Snapshot& snapshot,
                     const std::function<void(std::string_view)>& sink) {
  ZstdWriter zstd(sink);
  std::string line;
  auto flush = [&]() -> Status {
    line += '\n';
    Status s = zstd.Write(line);
    line.clear();
    return s;
  };
  // One line {"<kind>": {...}}, its members written by `fields`.
  auto record = [&](const char* kind,
                    const std::function<void(JsonWriter&)>& fields) {
    {
      JsonWriter w(&line, JsonWriter::Style::kCompact);
      w.BeginObject();
      w.Key(kind);
      w.BeginObject();
      fields(w);
      w.EndObject();
      w.EndObject();
    }
    return flush();
  };
  {
    JsonWriter w(&line, JsonWriter::Style::kCompact);
    w.BeginObject();
    w.Key("schema");
    w.String(std::string(kSnapshotSchemaPrefix) +
             std::to_string(kSnapshotVersion));
    w.Key("tool");
    w.BeginObject();
    w.Key("name");
    w.String("Exposure Lens");
    w.Key("version");
    w.String(snapshot.version);
    w.EndObject();
    w.StringOrNull("as_of", snapshot.as_of);
    w.StringArray("sources", snapshot.sources);
    w.Key("exposures");
    w.Uint(snapshot.exposures);
    w.Key("scans");
    w.Uint(snapshot.scans.size());
    w.Key("assets");
    w.Uint(snapshot.assets.size());
    w.Key("rules");
    w.Uint(snapshot.rules.size());
    w.Key("findings");
    w.Uint(snapshot.findings.size());
    w.EndObject();
  }
  EXPOSURE_RETURN_IF_ERROR(flush());
  for (const SnapshotScan& scan : snapshot.scans) {
    EXPOSURE_RETURN_IF_ERROR(record("scan", [&](JsonWriter& w) {
      w.Key("name");
      w.String(scan.name);
      w.Key("format");
      w.String(scan.format);
      w.Key("source");
      w.String(SourceClassName(scan.source));
      WriteScope(&w, scan.scope);
    }));
  }
  for (const SnapshotAsset& a : snapshot.assets) {
    EXPOSURE_RETURN_IF_ERROR(record("asset", [&](JsonWriter& w) {
      w.Key("id");
      w.String(a.id);
      w.Key("name");
      w.String(a.name);
      w.OptionalString("kind", a.kind);
      w.StringArray("keys", a.keys);
      w.Key("scans");
      w.BeginArray();
      for (uint32_t scan : a.scans)
        w.Uint(scan);
      w.EndArray();
      w.StringArray("ports", a.ports);
      w.Key("credentialed");
      w.Bool(a.credentialed);
      w.Key("uncredentialed");
      w.Bool(a.uncredentialed);
      w.OptionalString("last_scanned", a.last_scanned);
    }));
  }
  for (const SnapshotRule& r : snapshot.rules) {
    EXPOSURE_RETURN_IF_ERROR(record("rule", [&](JsonWriter& w) {
      w.Key("format");
      w.String(r.format);
      w.Key("rule_id");
      w.String(r.rule_id);
      w.OptionalString("title", r.title);
      w.Key("source");
      w.String(SourceClassName(r.source));
    }));
  }
  for (const SnapshotFinding& f : snapshot.findings) {
    EXPOSURE_RETURN_IF_ERROR(record("finding", [&](JsonWriter& w) {
      w.Key("key");
      w.String(Fnv64Hex(f.key));
      if (f.repeat > 1) {
        w.Key("repeat");
        w.Uint(f.repeat);
      }
      w.Key("problem");
      w.String(Fnv64Hex(f.problem));
      if (f.asset != SnapshotFinding::kNone) {
        w.Key("asset");
        w.Uint(f.asset);
      }
      if (f.scan != SnapshotFinding::kNone) {
        w.Key("scan");
        w.Uint(f.scan);
      }
      w.Key("rule");
      w.Uint(f.rule);
      w.OptionalString("cves", snapshot.text(f.cves));
      w.OptionalString("component", snapshot.text(f.component));
      w.OptionalString("action", snapshot.text(f.action));
      if (f.port != 0) {
        w.Key("port");
        w.Uint(f.port);
      }
      w.OptionalString("protocol", snapshot.text(f.protocol));
      w.Key("status");
      w.String(snapshot.text(f.status));
      w.Key("severity");
      w.String(SeverityName(f.severity));
      w.Key("risk");
      w.Int(f.risk);
      if (f.kev) {
        w.Key("kev");
        w.Bool(true);
      }
      if (f.epss >= 0) {
        w.Key("epss");
        w.Decimal(f.epss, 5);
      }
      w.Key("decision");
      w.String(Name(f.decision));
      w.Key("cisa");
      w.String(Name(f.cisa));
      w.OptionalString("due", DayDate(f.due));
      w.OptionalString("first_seen", DayDate(f.first_seen));
      w.OptionalString("last_seen", DayDate(f.last_seen));
      if (f.decision_expired) {
        w.Key("decision_expired");
        w.Bool(true);
      }
      if (f.needs_credentials) {
        w.Key("needs_credentials");
        w.Bool(true);
      }
    }));
  }
  return zstd.End();
}

TrackInputKind SniffTrackInput(std::string_view head, bool complete) {
  // Both start with an object whose first member is "schema"; a report is
  // indented, a snapshot is one line.
  size_t i = 0;
  auto skip_space = [&] {
    while (i < head.size() && IsAsciiSpace(head[i]))
      ++i;
  };
  skip_space();
  if (i >= head.size())
    return complete ? TrackInputKind::kExport : TrackInputKind::kUndecided;
  if (head[i] != '{')
    return TrackInputKind::kExport;
  ++i;
  skip_space();
  static constexpr std::string_view kKey = "\"schema\"";
  if (head.size() - i < kKey.size() + 40) {
    if (!complete)
      return TrackInputKind::kUndecided;
  }
  if (head.substr(i, kKey.size()) != kKey)
    return TrackInputKind::kExport;
  i += kKey.size();
  skip_space();
  if (i >= head.size() || head[i] != ':')
    return TrackInputKind::kExport;
  ++i;
  skip_space();
  const std::string_view rest = head.substr(i);
  if (StartsWith(rest, std::string("\"") + kSnapshotSchemaPrefix))
    return TrackInputKind::kSnapshot;
  if (StartsWith(rest, "\"exposure-lens/report/v"))
    return TrackInputKind::kReport;
  return TrackInputKind::kExport;
}

namespace {

SourceClass SourceByName(std::string_view name) {
  SourceClass c = SourceClass::kHost;
  ParseByName<SourceClass, 6>(name, SourceClassName, &c);
  return c;
}

std::string StringAt(const Json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>()
                                          : std::string();
}

std::vector<std::string> StringsAt(const Json& o, const char* key) {
  std::vector<std::string> out;
  auto it = o.find(key);
  if (it == o.end() || !it->is_array())
    return out;
  for (const Json& v : *it) {
    if (v.is_string())
      out.push_back(v.get<std::string>());
  }
  return out;
}

bool BoolAt(const Json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_boolean() && it->get<bool>();
}

int32_t EpssAt(const Json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_number())
    return -1;
  const double v = it->get<double>();
  return v < 0 || v > 1 ? -1 : static_cast<int32_t>(std::lround(v * 100000));
}

bool UintAt(const Json& o, const char* key, uint64_t* out) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_number_unsigned())
    return false;
  *out = it->get<uint64_t>();
  return true;
}

bool IntAt(const Json& o, const char* key, int64_t* out) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_number_integer())
    return false;
  *out = it->get<int64_t>();
  return true;
}

// One JSON value of a snapshot line as the streaming tokenizer gave it,
// flattened: each scalar under its path of keys ("finding.risk"; elements
// of an array under the array's path), each object as a '{' entry. A line
// of a snapshot is small and flat, so this is all its reader needs, and
// it costs no tree of nodes per line.
class FlatRecord : public JsonHandler {
 public:
  struct Entry {
    std::string path;
    char type = 0;     // 's' string, 'n' number, 'b' bool, 'z' null, '{'
    std::string text;  // the string, the number as written, "1"/"0"
  };

  // Parses one line; an error says where it is not JSON.
  Status Parse(std::string_view line) {
    used_ = 0;
    path_.clear();
    open_.clear();
    top_keys_ = 0;
    top_key_.clear();
    JsonTokenizer tokenizer(this);
    EXPOSURE_RETURN_IF_ERROR(tokenizer.Feed(line));
    return tokenizer.Finish();
  }

  // The one key of the top-level object, when it has exactly one.
  std::string_view only_key() const {
    return top_keys_ == 1 ? std::string_view(top_key_) : std::string_view();
  }
  const Entry* Find(std::string_view prefix, std::string_view key) const {
    for (size_t i = 0; i < used_; ++i) {
      if (PathIs(entries_[i].path, prefix, key))
        return &entries_[i];
    }
    return nullptr;
  }
  template <typename F>
  void ForEach(std::string_view prefix, std::string_view key, F&& f) const {
    for (size_t i = 0; i < used_; ++i) {
      if (PathIs(entries_[i].path, prefix, key))
        f(entries_[i]);
    }
  }

  Status StartObject() override {
    if (!open_.empty())
      Add('{', std::string_view());
    open_.push_back(path_.size());
    return Status::Ok();
  }
  Status EndObject() override { return Close(); }
  Status StartArray() override {
    open_.push_back(path_.size());
    return Status::Ok();
  }
  Status EndArray() override { return Close(); }
  Status Key(std::string_view key) override {
    path_.resize(open_.back());
    if (!path_.empty())
      path_ += '.';
    path_.append(key.data(), key.size());
    if (open_.size() == 1) {
      ++top_keys_;
      top_key_.assign(key.data(), key.size());
    }
    return Status::Ok();
  }
  Status String(std::string_view value) override {
    Add('s', value);
    return Status::Ok();
  }
  Status Number(std::string_view text) override {
    Add('n', text);
    return Status::Ok();
  }
  Status Bool(bool value) override {
    Add('b', value ? "1" : "0");
    return Status::Ok();
  }
  Status Null() override {
    Add('z', std::string_view());
    return Status::Ok();
  }

 private:
  static bool PathIs(const std::string& path,
                     std::string_view prefix,
                     std::string_view key) {
    if (prefix.empty())
      return path == key;
    return path.size() == prefix.size() + 1 + key.size() &&
           StartsWith(path, prefix) && path[prefix.size()] == '.' &&
           std::string_view(path).substr(prefix.size() + 1) == key;
  }
  Status Close() {
    path_.resize(open_.back());
    open_.pop_back();
    return Status::Ok();
  }
  // Entries are reused from line to line: their strings keep capacity.
  void Add(char type, std::string_view text) {
    if (used_ == entries_.size())
      entries_.emplace_back();
    Entry& e = entries_[used_++];
    e.path.assign(path_);
    e.type = type;
    e.text.assign(text.data(), text.size());
  }

  std::vector<Entry> entries_;
  size_t used_ = 0;
  std::string path_;
  std::vector<size_t> open_;  // path length at each open container
  size_t top_keys_ = 0;
  std::string top_key_;
};

// An object of a FlatRecord: the entries under `prefix`.
struct FlatObject {
  const FlatRecord* record;
  std::string_view prefix;
};

std::string StringAt(const FlatObject& o, const char* key) {
  const FlatRecord::Entry* e = o.record->Find(o.prefix, key);
  return e && e->type == 's' ? e->text : std::string();
}

bool UintAt(const FlatObject& o, const char* key, uint64_t* out) {
  const FlatRecord::Entry* e = o.record->Find(o.prefix, key);
  if (!e || e->type != 'n' || e->text.empty() || e->text.size() > 19 ||
      !AllAsciiDigits(e->text)) {
    return false;
  }
  *out = DigitsValue(e->text);
  return true;
}

bool IntAt(const FlatObject& o, const char* key, int64_t* out) {
  const FlatRecord::Entry* e = o.record->Find(o.prefix, key);
  if (!e || e->type != 'n')
    return false;
  std::string_view t = e->text;
  const bool negative = StartsWith(t, "-");
  if (negative)
    t.remove_prefix(1);
  if (t.empty() || t.size() > 18 || !AllAsciiDigits(t))
    return false;
  const auto v = static_cast<int64_t>(DigitsValue(t));
  *out = negative ? -v : v;
  return true;
}

uint32_t IndexAt(const FlatObject& o, const char* key) {
  uint64_t v = 0;
  return UintAt(o, key, &v) && v < SnapshotFinding::kNone
             ? static_cast<uint32_t>(v)
             : SnapshotFinding::kNone;
}

std::vector<std::string> StringsAt(const FlatObject& o, const char* key) {
  std::vector<std::string> out;
  o.record->ForEach(o.prefix, key, [&out](const FlatRecord::Entry& e) {
    if (e.type == 's')
      out.push_back(e.text);
  });
  return out;
}

bool BoolAt(const FlatObject& o, const char* key) {
  const FlatRecord::Entry* e = o.record->Find(o.prefix, key);
  return e && e->type == 'b' && e->text == "1";
}

// A probability as written ("0.12345", "1", "0.5"), x100000; -1 for
// anything else (an exponent, more than five decimals' worth is cut).
int32_t EpssAt(const FlatObject& o, const char* key) {
  const FlatRecord::Entry* e = o.record->Find(o.prefix, key);
  if (!e || e->type != 'n')
    return -1;
  const std::string_view t = e->text;
  const size_t dot = t.find('.');
  const std::string_view whole = t.substr(0, dot);
  std::string_view frac =
      dot == std::string_view::npos ? std::string_view() : t.substr(dot + 1);
  if (whole.empty() || whole.size() > 1 || !AllAsciiDigits(whole) ||
      (dot != std::string_view::npos &&
       (frac.empty() || !AllAsciiDigits(frac)))) {
    return -1;
  }
  int64_t v = (whole[0] - '0') * int64_t{100000};
  int64_t scale = 10000;
  for (size_t i = 0; i < frac.size() && scale > 0; ++i, scale /= 10)
    v += (frac[i] - '0') * scale;
  return v > 100000 ? -1 : static_cast<int32_t>(v);
}

// The fields of a snapshot's finding line or a report's finding that both
// write alike.
template <typename Object>
void ReadCommonFinding(const Object& o, Snapshot* s, SnapshotFinding* f) {
  f->status = s->Intern(StringAt(o, "status"));
  ParseSeverity(StringAt(o, "severity"), &f->severity);
  int64_t risk = 0;
  if (IntAt(o, "risk", &risk))
    f->risk = static_cast<int16_t>(std::clamp<int64_t>(risk, 0, 1000));
  f->kev = BoolAt(o, "kev");
  f->epss = EpssAt(o, "epss");
  ParseByName<DeployerPriority, 4>(StringAt(o, "decision"), PriorityName,
                                   &f->decision);
  ParseByName<CisaLevel, 4>(StringAt(o, "cisa"), CisaName, &f->cisa);
  f->due = DayOf(StringAt(o, "due"));
  f->first_seen = DayOf(StringAt(o, "first_seen"));
  f->last_seen = DayOf(StringAt(o, "last_seen"));
  f->decision_expired = BoolAt(o, "decision_expired");
  uint64_t port = 0;
  if (f->port == 0 && UintAt(o, "port", &port) && port <= 65535)
    f->port = static_cast<uint32_t>(port);
  f->protocol = s->Intern(StringAt(o, "protocol"));
}

Status ReadSnapshotLine(const FlatRecord& line, Snapshot* s) {
  const std::string_view kind = line.only_key();
  const FlatRecord::Entry* value =
      kind.empty() ? nullptr : line.Find(std::string_view(), kind);
  if (value == nullptr || value->type != '{')
    return Status::Error("not a snapshot record");
  const FlatObject o{&line, kind};
  if (kind == "scan") {
    SnapshotScan scan;
    scan.name = StringAt(o, "name");
    scan.format = StringAt(o, "format");
    scan.source = SourceByName(StringAt(o, "source"));
    scan.scope.policy = StringAt(o, "policy");
    scan.scope.targets = StringAt(o, "targets");
    scan.scope.ports = StringAt(o, "ports");
    // Ranges of numeric ids back to the ids (two million in all at most,
    // so a hostile file cannot ask for billions).
    uint64_t budget = 2000000;
    for (const std::string& r : StringsAt(o, "rules")) {
      const size_t dash = r.find('-');
      const std::string_view lo = std::string_view(r).substr(0, dash);
      const std::string_view hi = dash == std::string::npos
                                      ? std::string_view()
                                      : std::string_view(r).substr(dash + 1);
      if (dash != std::string::npos && !lo.empty() && lo.size() <= 12 &&
          hi.size() <= 12 && AllAsciiDigits(lo) && AllAsciiDigits(hi) &&
          DigitsValue(hi) >= DigitsValue(lo) &&
          DigitsValue(hi) - DigitsValue(lo) < budget) {
        budget -= DigitsValue(hi) - DigitsValue(lo) + 1;
        for (uint64_t v = DigitsValue(lo); v <= DigitsValue(hi); ++v)
          scan.scope.rules.push_back(std::to_string(v));
      } else {
        scan.scope.rules.push_back(r);
      }
    }
    std::sort(scan.scope.rules.begin(), scan.scope.rules.end());
    scan.scope.rules.erase(
        std::unique(scan.scope.rules.begin(), scan.scope.rules.end()),
        scan.scope.rules.end());
    s->scans.push_back(std::move(scan));
  } else if (kind == "asset") {
    SnapshotAsset a;
    a.id = StringAt(o, "id");
    a.name = StringAt(o, "name");
    a.kind = StringAt(o, "kind");
    a.keys = StringsAt(o, "keys");
    line.ForEach(kind, "scans", [&](const FlatRecord::Entry& e) {
      if (e.type == 'n' && !e.text.empty() && e.text.size() <= 9 &&
          AllAsciiDigits(e.text) && DigitsValue(e.text) < s->scans.size()) {
        a.scans.push_back(static_cast<uint32_t>(DigitsValue(e.text)));
      }
    });
    a.ports = StringsAt(o, "ports");
    a.credentialed = BoolAt(o, "credentialed");
    a.uncredentialed = BoolAt(o, "uncredentialed");
    a.last_scanned = StringAt(o, "last_scanned");
    s->assets.push_back(std::move(a));
  } else if (kind == "rule") {
    SnapshotRule r;
    r.format = StringAt(o, "format");
    r.rule_id = StringAt(o, "rule_id");
    r.title = StringAt(o, "title");
    r.source = SourceByName(StringAt(o, "source"));
    s->InternRule(r);
  } else if (kind == "finding") {
    SnapshotFinding f;
    if (!ParseHex16(StringAt(o, "key"), &f.key) ||
        !ParseHex16(StringAt(o, "problem"), &f.problem)) {
      return Status::Error("a finding without a valid key");
    }
    uint64_t repeat = 0;
    if (UintAt(o, "repeat", &repeat))
      f.repeat = static_cast<uint32_t>(
          std::clamp<uint64_t>(repeat, 1, SnapshotFinding::kNone - 1));
    f.asset = IndexAt(o, "asset");
    if (f.asset != SnapshotFinding::kNone && f.asset >= s->assets.size())
      return Status::Error("a finding refers to an asset not listed before it");
    f.scan = IndexAt(o, "scan");
    if (f.scan != SnapshotFinding::kNone && f.scan >= s->scans.size())
      f.scan = SnapshotFinding::kNone;
    f.rule = IndexAt(o, "rule");
    if (f.rule >= s->rules.size())
      return Status::Error("a finding refers to a rule not listed before it");
    f.cves = s->Intern(StringAt(o, "cves"));
    f.component = s->Intern(StringAt(o, "component"));
    f.action = s->Intern(StringAt(o, "action"));
    ReadCommonFinding(o, s, &f);
    f.needs_credentials = BoolAt(o, "needs_credentials");
    s->findings.push_back(f);
  } else {
    // A record kind of a later minor revision: skipped.
  }
  return Status::Ok();
}

// Reads the header line; refuses a newer version.
Status ReadSnapshotHeader(const FlatRecord& line, Snapshot* s) {
  const FlatObject h{&line, std::string_view()};
  const std::string schema = StringAt(h, "schema");
  const std::string_view prefix = kSnapshotSchemaPrefix;
  if (!StartsWith(schema, prefix))
    return Status::Error("not an Exposure Lens snapshot");
  uint32_t version = 0;
  if (!ParseUint32(std::string_view(schema).substr(prefix.size()), &version) ||
      version == 0) {
    return Status::Error("unknown snapshot schema \"" + schema + "\"");
  }
  if (version > static_cast<uint32_t>(kSnapshotVersion)) {
    return Status::Error("snapshot schema version " + std::to_string(version) +
                         " is newer than this Exposure Lens reads (up to " +
                         std::to_string(kSnapshotVersion) +
                         "): update Exposure Lens to read it");
  }
  s->as_of = StringAt(h, "as_of");
  s->version = StringAt(FlatObject{&line, "tool"}, "version");
  uint64_t exposures = 0;
  if (UintAt(h, "exposures", &exposures))
    s->exposures = exposures;
  s->sources = StringsAt(h, "sources");
  return Status::Ok();
}

// Sorts the findings of `s` and keeps the first of any that name one
// finding twice (the same key, or the same asset, problem and repeat): a
// snapshot or report that does was not written by Exposure Lens, and every
// finding must have one identity (the diff matches by it, and a snapshot
// written from it must read back the same). Found by sorting (asset,
// problem, repeat, index): a million findings take 16 MB for a moment
// rather than a tree of them.
void SortDistinctFindings(Snapshot* s) {
  s->SortFindings();
  std::vector<SnapshotFinding>& all = s->findings;
  std::vector<uint8_t> drop(all.size(), 0);
  for (size_t i = 1; i < all.size(); ++i) {
    drop[i] =
        all[i].key == all[i - 1].key && all[i].repeat == all[i - 1].repeat;
  }
  {
    std::vector<std::pair<uint64_t, uint64_t>> slots(all.size());
    for (size_t i = 0; i < all.size(); ++i) {
      const SnapshotFinding& f = all[i];
      slots[i] = {f.problem ^ (uint64_t{f.asset} << 32) ^ f.repeat, i};
    }
    std::sort(slots.begin(), slots.end());
    for (size_t k = 1; k < slots.size(); ++k) {
      if (slots[k].first != slots[k - 1].first)
        continue;
      // Equal digests: compare the fields themselves.
      for (size_t b = k; b-- > 0 && slots[b].first == slots[k].first;) {
        const SnapshotFinding& x = all[slots[b].second];
        const SnapshotFinding& y = all[slots[k].second];
        if (!drop[slots[b].second] && x.asset == y.asset &&
            x.problem == y.problem && x.repeat == y.repeat) {
          drop[slots[k].second] = 1;
          break;
        }
      }
    }
  }
  size_t kept = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    if (!drop[i])
      all[kept++] = all[i];
  }
  all.resize(kept);
}

// The snapshot of an Exposure Lens JSON report.
Result<Snapshot> SnapshotOfReport(const Json& r) {
  Snapshot s;
  const std::string schema = StringAt(r, "schema");
  if (!StartsWith(schema, "exposure-lens/report/v"))
    return Status::Error("not an Exposure Lens report");
  auto tool = r.find("tool");
  if (tool != r.end() && tool->is_object())
    s.version = StringAt(*tool, "version");
  auto summary = r.find("summary");
  if (summary != r.end() && summary->is_object())
    s.as_of = StringAt(*summary, "as_of").substr(0, 10);
  std::map<std::string, std::vector<uint32_t>> scans_of_format;
  std::map<std::string, uint32_t> scan_of_input;
  auto inputs = r.find("inputs");
  if (inputs != r.end() && inputs->is_array()) {
    for (const Json& in : *inputs) {
      if (!in.is_object())
        continue;
      const std::string name = StringAt(in, "name");
      s.sources.push_back(name);
      const std::string format = StringAt(in, "format");
      if (format.empty() || StringAt(in, "kind") != "scan")
        continue;
      const auto index = static_cast<uint32_t>(s.scans.size());
      scans_of_format[format].push_back(index);
      scan_of_input.emplace(name, index);
      SnapshotScan scan;
      scan.name = name;
      scan.format = format;
      s.scans.push_back(std::move(scan));
    }
  }
  std::map<std::string, uint32_t> asset_index;
  std::vector<bool> logged_in;
  auto assets = r.find("assets");
  if (assets != r.end() && assets->is_array()) {
    for (const Json& in : *assets) {
      if (!in.is_object())
        continue;
      SnapshotAsset a;
      a.id = StringAt(in, "id");
      a.name = StringAt(in, "name");
      a.kind = StringAt(in, "kind");
      auto identity = in.find("identity");
      if (identity != in.end() && identity->is_object())
        a.keys = StringsAt(*identity, "keys");
      std::set<uint32_t> scans;
      for (const std::string& format : StringsAt(in, "scanned_by")) {
        auto it = scans_of_format.find(format);
        if (it != scans_of_format.end())
          scans.insert(it->second.begin(), it->second.end());
      }
      a.scans.assign(scans.begin(), scans.end());
      const std::vector<std::string> gaps = StringsAt(in, "gaps");
      a.uncredentialed =
          std::find(gaps.begin(), gaps.end(), "unauthenticated") != gaps.end();
      // A report says only that a host scan did not log in; one that saw
      // the host and has no such gap is taken to have logged in.
      a.credentialed =
          !a.uncredentialed && !a.scans.empty() && a.kind == "host";
      a.last_scanned = StringAt(in, "last_scanned");
      std::set<std::string> ports;
      auto services = in.find("services");
      if (services != in.end() && services->is_array()) {
        for (const Json& svc : *services) {
          auto port = svc.find("port");
          if (port == svc.end() || !port->is_number_unsigned() ||
              port->get<uint64_t>() == 0) {
            continue;
          }
          std::string proto = StringAt(svc, "protocol");
          ports.insert(std::to_string(port->get<uint64_t>()) + "/" +
                       (proto.empty() ? "tcp" : proto));
        }
      }
      a.ports.assign(ports.begin(), ports.end());
      asset_index.emplace(a.id, static_cast<uint32_t>(s.assets.size()));
      s.assets.push_back(std::move(a));
    }
  }
  auto findings = r.find("findings");
  std::set<std::vector<std::string>> open_exposures;
  if (findings != r.end() && findings->is_array()) {
    Finding probe;
    for (const Json& in : *findings) {
      if (!in.is_object())
        continue;
      SnapshotFinding f;
      const std::string id = StringAt(in, "id");
      // "f-" + 16 hex digits [+ "-N"]
      if (id.size() < 18 || !StartsWith(id, "f-") ||
          !ParseHex16(std::string_view(id).substr(2, 16), &f.key)) {
        return Status::Error("finding \"" + id + "\" has no valid id");
      }
      if (id.size() > 19) {
        uint32_t repeat = 1;
        if (ParseUint32(std::string_view(id).substr(19), &repeat) && repeat > 1)
          f.repeat = repeat;
      }
      std::string format;
      std::string input;
      auto source = in.find("source");
      if (source != in.end() && source->is_object()) {
        format = StringAt(*source, "format");
        input = StringAt(*source, "input");
      }
      // The problem key, from the fields FindingKey reads.
      probe = Finding();
      probe.format = format;
      ParseCategory(StringAt(in, "category"), &probe.category);
      probe.rule_id = StringAt(in, "rule_id");
      auto port = in.find("port");
      if (port != in.end() && port->is_number_unsigned())
        probe.port = static_cast<uint32_t>(port->get<uint64_t>());
      probe.protocol = StringAt(in, "protocol");
      auto component = in.find("component");
      if (component != in.end() && component->is_object()) {
        probe.component.name = StringAt(*component, "name");
        probe.component.installed = StringAt(*component, "installed");
        probe.component.path = StringAt(*component, "path");
      }
      probe.location = StringAt(in, "location");
      f.problem = ProblemKey(probe);
      f.port = probe.port;
      auto asset = asset_index.find(StringAt(in, "asset"));
      if (asset != asset_index.end())
        f.asset = asset->second;
      auto scan = scan_of_input.find(input);
      if (scan != scan_of_input.end())
        f.scan = scan->second;
      f.rule = s.InternRule(
          {format, probe.rule_id, StringAt(in, "title"), SourceClass::kHost});
      std::string cves;
      for (const std::string& cve : StringsAt(in, "cves")) {
        if (!cves.empty())
          cves += ' ';
        cves += cve;
      }
      f.cves = s.Intern(cves);
      if (!probe.component.name.empty()) {
        std::string c = probe.component.name;
        if (!probe.component.installed.empty())
          c += " " + probe.component.installed;
        f.component = s.Intern(c);
      }
      f.action = s.Intern(StringAt(in, "action"));
      ReadCommonFinding(in, &s, &f);
      f.needs_credentials = f.port == 0 && f.asset != SnapshotFinding::kNone &&
                            s.assets[f.asset].credentialed;
      if (s.IsOpen(f)) {
        const std::string exposure = StringAt(in, "exposure");
        if (exposure.empty()) {
          ++s.exposures;
        } else {
          open_exposures.insert({exposure});
        }
      }
      s.findings.push_back(f);
    }
  }
  s.exposures += open_exposures.size();
  SortDistinctFindings(&s);
  return s;
}

}  // namespace

struct SnapshotReader::State {
  std::string name;
  std::unique_ptr<Decompressor> decompressor;
  bool decided_compression = false;
  std::string head;  // compressed bytes until the compression is known
  TrackInputKind kind = TrackInputKind::kUndecided;
  std::string text;   // a partial line, or the whole report
  size_t line = 0;    // lines read
  FlatRecord record;  // the line being read
  Snapshot snapshot;
  Status error;

  Status Fail(const std::string& message) {
    if (error.ok()) {
      error = Status::Error(name + ": " + message);
    }
    return error;
  }

  Status Line(std::string_view line_text) {
    ++line;
    if (Trim(line_text).empty())
      return Status::Ok();
    Status parsed = record.Parse(line_text);
    if (!parsed.ok()) {
      return Fail("snapshot line " + std::to_string(line) +
                  ": not JSON: " + parsed.message());
    }
    Status s = line == 1 ? ReadSnapshotHeader(record, &snapshot)
                         : ReadSnapshotLine(record, &snapshot);
    if (!s.ok())
      return Fail("snapshot line " + std::to_string(line) + ": " + s.message());
    return Status::Ok();
  }

  Status Text(std::string_view piece) {
    if (kind == TrackInputKind::kUndecided) {
      text.append(piece);
      kind = SniffTrackInput(text, false);
      if (kind == TrackInputKind::kUndecided)
        return Status::Ok();
      if (kind == TrackInputKind::kExport)
        return Fail("neither an Exposure Lens snapshot nor a report");
      if (kind == TrackInputKind::kReport)
        return Status::Ok();
      std::string first;
      first.swap(text);
      return Lines(first);
    }
    if (kind == TrackInputKind::kReport) {
      text.append(piece);
      return Status::Ok();
    }
    return Lines(piece);
  }

  // Hands on each complete line of `piece`, keeping a partial last one.
  Status Lines(std::string_view piece) {
    while (!piece.empty()) {
      const size_t nl = piece.find('\n');
      if (nl == std::string_view::npos) {
        text.append(piece);
        return Status::Ok();
      }
      if (text.empty()) {
        EXPOSURE_RETURN_IF_ERROR(Line(piece.substr(0, nl)));
      } else {
        text.append(piece.substr(0, nl));
        std::string whole;
        whole.swap(text);
        EXPOSURE_RETURN_IF_ERROR(Line(whole));
      }
      piece.remove_prefix(nl + 1);
    }
    return Status::Ok();
  }
};

SnapshotReader::SnapshotReader(std::string name)
    : state_(std::make_unique<State>()) {
  state_->name = std::move(name);
}

SnapshotReader::~SnapshotReader() = default;

Status SnapshotReader::Feed(std::string_view chunk) {
  State& st = *state_;
  if (!st.error.ok())
    return st.error;
  auto sink = [&st](std::string_view piece) { return st.Text(piece); };
  if (!st.decided_compression) {
    st.head.append(chunk);
    if (st.head.size() < kCompressionMagicBytes)
      return Status::Ok();
    st.decided_compression = true;
    st.decompressor = Decompressor::Create(DetectCompression(st.head));
    std::string head;
    head.swap(st.head);
    Status s = st.decompressor ? st.decompressor->Feed(head, sink) : sink(head);
    return s.ok() ? s : st.Fail(s.message());
  }
  Status s = st.decompressor ? st.decompressor->Feed(chunk, sink) : sink(chunk);
  return s.ok() ? s : st.Fail(s.message());
}

Result<Snapshot> SnapshotReader::Finish() {
  State& st = *state_;
  auto sink = [&st](std::string_view piece) { return st.Text(piece); };
  if (st.error.ok() && !st.decided_compression) {
    st.decided_compression = true;
    st.decompressor = Decompressor::Create(DetectCompression(st.head));
    std::string head;
    head.swap(st.head);
    Status s = st.decompressor ? st.decompressor->Feed(head, sink) : sink(head);
    if (!s.ok())
      return st.Fail(s.message());
  }
  if (st.error.ok() && st.decompressor) {
    Status s = st.decompressor->Finish(sink);
    if (!s.ok())
      return st.Fail(s.message());
  }
  if (!st.error.ok())
    return st.error;
  if (st.kind == TrackInputKind::kUndecided) {
    st.kind = SniffTrackInput(st.text, true);
    if (st.kind == TrackInputKind::kSnapshot) {
      std::string all;
      all.swap(st.text);
      EXPOSURE_RETURN_IF_ERROR(st.Lines(all));
    } else if (st.kind != TrackInputKind::kReport) {
      return st.Fail("neither an Exposure Lens snapshot nor a report");
    }
  }
  if (st.kind == TrackInputKind::kReport) {
    Json j = Json::parse(std::string_view(st.text), nullptr, false);
    std::string().swap(st.text);
    if (j.is_discarded())
      return st.Fail("the report is not valid JSON");
    Result<Snapshot> s = SnapshotOfReport(j);
    if (!s.ok())
      return st.Fail(s.status().message());
    s->sources.insert(s->sources.begin(), st.name);
    return s;
  }
  if (!st.text.empty()) {
    std::string last;
    last.swap(st.text);
    EXPOSURE_RETURN_IF_ERROR(st.Line(last));
  }
  if (st.line == 0)
    return st.Fail("an empty snapshot");
  SortDistinctFindings(&st.snapshot);
  return std::move(st.snapshot);
}

void MergeSnapshot(Snapshot* into, Snapshot from) {
  const auto scan_base = static_cast<uint32_t>(into->scans.size());
  for (SnapshotScan& scan : from.scans)
    into->scans.push_back(std::move(scan));
  std::map<std::string, uint32_t> by_primary;
  for (size_t a = 0; a < into->assets.size(); ++a) {
    if (!into->assets[a].keys.empty())
      by_primary.emplace(into->assets[a].keys[0], static_cast<uint32_t>(a));
  }
  std::vector<uint32_t> asset_map(from.assets.size());
  for (size_t a = 0; a < from.assets.size(); ++a) {
    SnapshotAsset& src = from.assets[a];
    for (uint32_t& scan : src.scans)
      scan += scan_base;
    auto it =
        src.keys.empty() ? by_primary.end() : by_primary.find(src.keys[0]);
    if (it == by_primary.end()) {
      asset_map[a] = static_cast<uint32_t>(into->assets.size());
      if (!src.keys.empty())
        by_primary.emplace(src.keys[0], asset_map[a]);
      into->assets.push_back(std::move(src));
      continue;
    }
    asset_map[a] = it->second;
    SnapshotAsset& dst = into->assets[it->second];
    for (std::string& k : src.keys) {
      if (std::find(dst.keys.begin(), dst.keys.end(), k) == dst.keys.end())
        dst.keys.push_back(std::move(k));
    }
    dst.scans.insert(dst.scans.end(), src.scans.begin(), src.scans.end());
    std::sort(dst.scans.begin(), dst.scans.end());
    std::set<std::string> ports(dst.ports.begin(), dst.ports.end());
    ports.insert(src.ports.begin(), src.ports.end());
    dst.ports.assign(ports.begin(), ports.end());
    dst.credentialed = dst.credentialed || src.credentialed;
    dst.uncredentialed = dst.uncredentialed || src.uncredentialed;
    dst.last_scanned = std::max(dst.last_scanned, src.last_scanned);
  }
  std::set<std::pair<uint64_t, uint32_t>> have;
  for (const SnapshotFinding& f : into->findings)
    have.emplace(f.key, f.repeat);
  for (SnapshotFinding f : from.findings) {
    if (!have.emplace(f.key, f.repeat).second)
      continue;
    if (f.asset != SnapshotFinding::kNone)
      f.asset = asset_map[f.asset];
    if (f.scan != SnapshotFinding::kNone)
      f.scan += scan_base;
    f.rule = into->InternRule(from.rules[f.rule]);
    f.cves = into->Intern(from.text(f.cves));
    f.component = into->Intern(from.text(f.component));
    f.action = into->Intern(from.text(f.action));
    f.protocol = into->Intern(from.text(f.protocol));
    f.status = into->Intern(from.text(f.status));
    into->findings.push_back(f);
  }
  into->as_of = std::max(into->as_of, from.as_of);
  into->exposures += from.exposures;
  for (std::string& source : from.sources)
    into->sources.push_back(std::move(source));
  into->SortFindings();
}

}  // namespace exposure
