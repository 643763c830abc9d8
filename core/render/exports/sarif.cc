// SARIF 2.1.0 (OASIS) as GitHub code scanning takes it: one run per file,
// at most kSarifResultsPerRun results in it, a rule for every rule a
// result names, `security-severity` on the rules, a physical location on
// every result and partialFingerprints, so that alerts keep their identity
// across uploads.
//
// The log is streamed: rules must precede results in a run, so a first
// walk over the findings collects the rules (one copy of each rule's texts)
// and which part uses which, and a second walk writes the results, handing
// the output on about every MiB.
#include "core/render/exports/sarif.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/json_writer.h"
#include "core/base/version.h"
#include "core/model/model.h"
#include "core/render/exports/text_escape.h"
#include "core/render/plan_report.h"
#include "core/score/ssvc.h"

namespace exposure {

namespace {

constexpr size_t kFlushBytes = size_t{1} << 20;
constexpr char kSchemaUri[] =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
    "sarif-schema-2.1.0.json";
constexpr char kToolName[] = "Exposure Lens";
// The key of the finding id among a result's partialFingerprints. The id
// is stable across analyses of the same finding (core/correlate/
// report_ids.h), which is what GitHub matches alerts on.
constexpr char kFingerprintKey[] = "exposureFindingId/v1";
// automationDetails.id of a single-part log, and the prefix of the parts'
// ("exposure-lens/part-2/"): GitHub treats each id as its own category.
constexpr char kAutomationId[] = "exposure-lens/";

// GitHub's `security-severity` for a severity without a CVSS score, in
// tenths: inside the band GitHub maps to the same severity (critical above
// 9.0, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9, none 0.0).
int SeverityTenths(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return 95;
    case Severity::kHigh:
      return 80;
    case Severity::kMedium:
      return 55;
    case Severity::kLow:
      return 20;
    case Severity::kInfo:
      return 0;
  }
  return 0;
}

const char* Level(Severity s) {
  switch (s) {
    case Severity::kCritical:
    case Severity::kHigh:
      return "error";
    case Severity::kMedium:
      return "warning";
    case Severity::kLow:
    case Severity::kInfo:
      return "note";
  }
  return "note";
}

// One rule as the log defines it: copies of the texts of the first finding
// (in the report's order) that names it, and the worst of all of them.
struct RuleDef {
  std::string key;   // "format:rule_id", the rule's SARIF id
  std::string name;  // the tool's own id
  std::string title;
  std::string description;
  std::string solution;
  std::vector<std::string> references;
  Category category = Category::kUnset;
  Severity severity = Severity::kInfo;
  int tenths = 0;  // security-severity
  // The last part that lists it (while collecting).
  size_t part = static_cast<size_t>(-1);
};

struct Collected {
  std::vector<RuleDef> rules;
  // Per part, the rules its results name, in the order of first use (a
  // result's ruleIndex is the position here).
  std::vector<std::vector<uint32_t>> parts;
  std::map<std::string, uint32_t, std::less<>> by_key;  // into `rules`
};

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
}

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') ||
         (c >= 'a' && c <= 'f');
}

// Whether `text` starts with a URI scheme and "//" ("file:///src/a.c",
// "https://host/"), as opposed to a path.
bool HasScheme(std::string_view text, std::string_view* scheme) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 ||
      text.substr(colon + 1, 2) != "//") {
    return false;
  }
  for (size_t i = 0; i < colon; ++i) {
    const char c = text[i];
    const bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (!alpha && (i == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' ||
                               c == '.'))) {
      return false;
    }
  }
  *scheme = text.substr(0, colon);
  return true;
}

bool IsFileScheme(std::string_view scheme) {
  return scheme.size() == 4 && (scheme[0] | 0x20) == 'f' &&
         (scheme[1] | 0x20) == 'i' && (scheme[2] | 0x20) == 'l' &&
         (scheme[3] | 0x20) == 'e';
}

// `path` as a URI reference (RFC 3986): backslashes become slashes, and
// every byte outside the unreserved and sub-delimiter characters, "/" and
// "@" is percent-encoded (so are non-ASCII bytes, which also keeps invalid
// UTF-8 intact). A ":" is kept only after a scheme: in a relative path it
// would read as one. An existing "%XX" is kept, as inputs' URIs are
// already encoded.
std::string UriReference(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string_view scheme;
  const bool absolute = HasScheme(path, &scheme);
  std::string out;
  out.reserve(path.size());
  for (size_t i = 0; i < path.size(); ++i) {
    const auto c = static_cast<unsigned char>(path[i]);
    if (c == '\\') {
      out += '/';
    } else if (IsUnreserved(c) || c == '/' || c == '@' || c == '!' ||
               c == '$' || c == '&' || c == '\'' || c == '(' || c == ')' ||
               c == '*' || c == '+' || c == ',' || c == ';' || c == '=' ||
               (c == ':' && absolute)) {
      out += static_cast<char>(c);
    } else if (c == '%' && i + 2 < path.size() && IsHex(path[i + 1]) &&
               IsHex(path[i + 2])) {
      out += '%';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

// `name` as one path segment of a pseudo path: letters, digits, ".", "-"
// and "_", everything else "_", so that the same asset always gives the
// same segment and nothing in it needs encoding.
std::string Segment(std::string_view name) {
  std::string out;
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    out += IsUnreserved(c) && c != '~' ? ch : '_';
  }
  if (out.empty() || out == "." || out == "..")
    out.insert(0, "_");
  return out;
}

// Where a result points.
struct Where {
  std::string uri;
  uint64_t line = 1;
  bool logical = false;  // a host, image or cloud resource: no source file
};

// Code findings (of a repository or an artifact, or of no known asset)
// point at their file: the location "path[:line]" unless it is a URL other
// than file://, else the component's path. Everything else (hosts, images,
// cloud resources, web applications) has no file in a repository; GitHub
// code scanning still requires a physical location, so those results get a
// logical location naming the asset and, as their physical location, a
// pseudo path that stays the same across analyses: the asset's name as one
// segment (its id when unnamed), then the component's path when the
// finding has one ("10.0.0.5", "webapp_1.4/usr/lib/libssl.so.3"). Region
// startLine is 1 when no line is known, as GitHub requires one.
Where WhereOf(const ExportFinding& x) {
  const Finding& f = *x.finding;
  Where w;
  const AssetKind kind = x.asset ? x.asset->kind : AssetKind::kUnknown;
  const bool code = kind == AssetKind::kRepository ||
                    kind == AssetKind::kArtifact || kind == AssetKind::kUnknown;
  std::string_view scheme;
  if (code && !f.location.empty() &&
      (!HasScheme(f.location, &scheme) || IsFileScheme(scheme))) {
    std::string_view path = f.location;
    const size_t colon = path.rfind(':');
    if (colon != std::string_view::npos && colon > 0 &&
        colon + 1 < path.size() && path.size() - colon - 1 <= 9) {
      uint64_t line = 0;
      bool digits = true;
      for (char c : path.substr(colon + 1)) {
        digits = digits && c >= '0' && c <= '9';
        line = line * 10 + static_cast<uint64_t>(c - '0');
      }
      if (digits && line > 0) {
        w.line = line;
        path = path.substr(0, colon);
      }
    }
    w.uri = UriReference(path);
    return w;
  }
  if (code && !f.component.path.empty()) {
    w.uri = UriReference(f.component.path);
    return w;
  }
  w.logical = true;
  std::string pseudo;
  if (x.asset && !x.asset->name.empty()) {
    pseudo = Segment(x.asset->name);
  } else {
    pseudo =
        Segment(x.asset_id.empty() ? std::string_view("no-asset") : x.asset_id);
  }
  std::string_view component = f.component.path;
  while (!component.empty() &&
         (component.front() == '/' || component.front() == '\\')) {
    component.remove_prefix(1);
  }
  if (!component.empty()) {
    pseudo += '/';
    // Not a URI of its own: a ":" in it is encoded like any other.
    pseudo += UriReference(component);
  }
  w.uri = std::move(pseudo);
  return w;
}

// A reference as Markdown: an autolink when it is a plain http(s) URL,
// else escaped text.
void AppendReferenceMarkdown(std::string_view ref, std::string* out) {
  std::string_view scheme;
  bool link =
      HasScheme(ref, &scheme) && (scheme == "http" || scheme == "https");
  for (char c : ref) {
    const auto u = static_cast<unsigned char>(c);
    link = link && u > 0x20 && u < 0x7F && c != '<' && c != '>';
  }
  if (link) {
    *out += '<';
    out->append(ref);
    *out += '>';
  } else {
    AppendMarkdown(ref, out);
  }
}

void WriteRule(JsonWriter* w, const RuleDef& r) {
  w->BeginObject();
  w->Key("id");
  w->String(r.key);
  w->OptionalString("name", r.name);
  const std::string_view title = r.title.empty() ? r.key : r.title;
  w->Key("shortDescription");
  w->BeginObject();
  w->Key("text");
  w->String(title);
  w->EndObject();
  w->Key("fullDescription");
  w->BeginObject();
  w->Key("text");
  w->String(r.description.empty() ? title : r.description);
  w->EndObject();
  if (!r.solution.empty() || !r.references.empty()) {
    std::string text(r.solution);
    std::string markdown;
    AppendMarkdown(r.solution, &markdown);
    if (!r.references.empty()) {
      text += text.empty() ? "References:" : "\n\nReferences:";
      markdown +=
          markdown.empty() ? "**References**\n" : "\n\n**References**\n";
      for (const std::string& ref : r.references) {
        text += "\n";
        text += ref;
        markdown += "\n- ";
        AppendReferenceMarkdown(ref, &markdown);
      }
    }
    w->Key("help");
    w->BeginObject();
    w->Key("text");
    w->String(text);
    w->Key("markdown");
    w->String(markdown);
    w->EndObject();
  }
  w->Key("defaultConfiguration");
  w->BeginObject();
  w->Key("level");
  w->String(Level(r.severity));
  w->EndObject();
  w->Key("properties");
  w->BeginObject();
  w->Key("security-severity");
  w->String(Tenths(r.tenths));
  w->Key("tags");
  w->BeginArray();
  w->String("security");
  const char* category = CategoryName(r.category);
  if (*category != '\0')
    w->String(category);
  w->EndArray();
  w->EndObject();
  w->EndObject();
}

// "<title> on <asset> at <where>", each part when known.
std::string MessageText(const ExportFinding& x) {
  const Finding& f = *x.finding;
  std::string text = f.title.empty() ? std::string(x.rule_key) : f.title;
  if (x.asset && !x.asset->name.empty()) {
    text += " on ";
    text += x.asset->name;
  }
  std::string where = f.location;
  if (where.empty() && f.port != 0) {
    where = std::to_string(f.port);
    if (!f.protocol.empty())
      where += "/" + f.protocol;
  }
  if (where.empty() && !f.component.name.empty()) {
    where = f.component.name;
    if (!f.component.installed.empty())
      where += " " + f.component.installed;
  }
  if (!where.empty()) {
    text += " at ";
    text += where;
  }
  return text;
}

class SarifWriter {
 public:
  SarifWriter(const ExportView& view, ExportOutput* out, Collected* c)
      : view_(view), out_(out), c_(*c), index_(c->rules.size(), -1) {}

  Status Run() {
    size_t n = 0;
    const size_t limit = limit_;
    Status walk = view_.ForEachFinding([&](const ExportFinding& x) {
      if (n % limit == 0) {
        if (n > 0)
          status_ = EndPart();
        if (status_.ok())
          status_ = BeginPart(n / limit);
      }
      ++n;
      if (status_.ok()) {
        WriteResult(x);
        status_ = MaybeFlush();
      }
      return status_.ok();
    });
    if (!walk.ok())
      return walk;
    if (!status_.ok())
      return status_;
    if (n == 0) {
      // No findings: still a valid log, with an empty run.
      Status s = BeginPart(0);
      if (!s.ok())
        return s;
    }
    return EndPart();
  }

  size_t limit_ = kSarifResultsPerRun;

 private:
  Status BeginPart(size_t part) {
    Status s = out_->BeginPart(part);
    if (!s.ok())
      return s;
    if (part > 0) {
      for (uint32_t r : c_.parts[part - 1])
        index_[r] = -1;
    }
    static const std::vector<uint32_t> kNone;
    const std::vector<uint32_t>& rules =
        part < c_.parts.size() ? c_.parts[part] : kNone;
    for (size_t i = 0; i < rules.size(); ++i)
      index_[rules[i]] = static_cast<int32_t>(i);
    buf_.clear();
    w_ = std::make_unique<JsonWriter>(&buf_, JsonWriter::Style::kCompact);
    JsonWriter& w = *w_;
    w.BeginObject();
    w.Key("$schema");
    w.String(kSchemaUri);
    w.Key("version");
    w.String("2.1.0");
    w.Key("runs");
    w.BeginArray();
    w.BeginObject();
    w.Key("tool");
    w.BeginObject();
    w.Key("driver");
    w.BeginObject();
    w.Key("name");
    w.String(kToolName);
    w.Key("version");
    w.String(kVersion);
    w.Key("rules");
    w.BeginArray();
    for (uint32_t r : rules) {
      WriteRule(&w, c_.rules[r]);
      s = MaybeFlush();
      if (!s.ok())
        return s;
    }
    w.EndArray();
    w.EndObject();  // driver
    w.EndObject();  // tool
    w.Key("automationDetails");
    w.BeginObject();
    w.Key("id");
    const size_t parts = std::max<size_t>(c_.parts.size(), 1);
    w.String(parts == 1 ? std::string(kAutomationId)
                        : std::string(kAutomationId) + "part-" +
                              std::to_string(part + 1) + "/");
    w.EndObject();
    w.Key("properties");
    w.BeginObject();
    w.Key("part");
    w.Uint(part + 1);
    w.Key("parts");
    w.Uint(parts);
    w.OptionalString("as_of", view_.assessment().as_of);
    w.EndObject();
    w.Key("results");
    w.BeginArray();
    return Status::Ok();
  }

  Status EndPart() {
    w_->EndArray();   // results
    w_->EndObject();  // run
    w_->EndArray();   // runs
    w_->EndObject();
    w_.reset();  // flushes
    buf_ += '\n';
    Status s = out_->Write(buf_);
    buf_.clear();
    return s;
  }

  Status MaybeFlush() {
    if (w_->size() < kFlushBytes)
      return Status::Ok();
    return out_->Write(w_->Take());
  }

  void WriteResult(const ExportFinding& x) {
    JsonWriter& w = *w_;
    const Finding& f = *x.finding;
    const FindingAssessment& fa = *x.assessment;
    w.BeginObject();
    w.Key("ruleId");
    w.String(x.rule_key);
    w.Key("ruleIndex");
    auto it = c_.by_key.find(x.rule_key);
    w.Int(it == c_.by_key.end() ? -1 : index_[it->second]);
    if (f.status == FindingStatus::kFixed) {
      // Gone, as its tool says: a passing check, not a problem to show.
      w.Key("kind");
      w.String("pass");
      w.Key("level");
      w.String("none");
    } else {
      w.Key("level");
      w.String(Level(f.severity));
    }
    w.Key("message");
    w.BeginObject();
    w.Key("text");
    w.String(MessageText(x));
    w.EndObject();

    const Where where = WhereOf(x);
    w.Key("locations");
    w.BeginArray();
    w.BeginObject();
    w.Key("physicalLocation");
    w.BeginObject();
    w.Key("artifactLocation");
    w.BeginObject();
    w.Key("uri");
    w.String(where.uri);
    w.EndObject();
    w.Key("region");
    w.BeginObject();
    w.Key("startLine");
    w.Uint(where.line);
    w.EndObject();
    w.EndObject();
    if (where.logical && x.asset) {
      w.Key("logicalLocations");
      w.BeginArray();
      w.BeginObject();
      w.Key("name");
      w.String(x.asset->name.empty() ? x.asset_id : x.asset->name);
      w.OptionalString("fullyQualifiedName", x.asset_id);
      w.Key("kind");
      w.String(x.asset->kind == AssetKind::kContainerImage ? "module"
                                                           : "resource");
      w.EndObject();
      w.EndArray();
    }
    w.EndObject();
    w.EndArray();

    w.Key("partialFingerprints");
    w.BeginObject();
    w.Key(kFingerprintKey);
    w.String(x.id);
    w.EndObject();

    WriteSuppression(x);

    w.Key("properties");
    w.BeginObject();
    w.Key("risk");
    w.Int(fa.risk);
    w.Key("severity");
    w.String(SeverityName(f.severity));
    w.Key("kev");
    w.Bool(fa.kev);
    if (fa.epss >= 0) {
      w.Key("epss");
      w.Decimal(fa.epss, 5);
    }
    w.Key("decision");
    w.String(Name(fa.decision));
    w.OptionalString("due", x.due);
    w.Key("status");
    w.String(x.status);
    w.OptionalString("asset", x.asset_id);
    w.OptionalString("exposure", x.exposure_id);
    if (x.action)
      w.OptionalString("action", x.action->id);
    w.EndObject();
    w.EndObject();
  }

  // A decision that applies, or a tool that muted the finding, suppresses
  // it: recorded outside the source ("external"), and accepted, as both
  // are someone's settled verdict. A lapsed decision suppresses nothing.
  void WriteSuppression(const ExportFinding& x) {
    const Finding& f = *x.finding;
    const bool muted = f.status == FindingStatus::kSuppressed ||
                       f.status == FindingStatus::kNotAffected ||
                       f.status == FindingStatus::kFalsePositive;
    if (!x.decision && !muted)
      return;
    JsonWriter& w = *w_;
    w.Key("suppressions");
    w.BeginArray();
    w.BeginObject();
    w.Key("kind");
    w.String("external");
    w.Key("status");
    w.String("accepted");
    w.Key("justification");
    if (x.decision) {
      w.String(x.decision->reason.empty()
                   ? std::string_view(DecisionStatusName(x.decision->status))
                   : std::string_view(x.decision->reason));
      w.Key("properties");
      w.BeginObject();
      w.Key("decision");
      w.String(DecisionStatusName(x.decision->status));
      w.OptionalString("by", x.decision->by);
      w.OptionalString("until", x.decision->until);
      w.EndObject();
    } else {
      std::string why = FindingStatusName(f.status);
      if (!f.tool.empty())
        why += " in " + f.tool;
      w.String(why);
    }
    w.EndObject();
    w.EndArray();
  }

  const ExportView& view_;
  ExportOutput* out_;
  Collected& c_;
  // By rule: its index in the current part's rules, -1 when not in it.
  std::vector<int32_t> index_;
  std::string buf_;
  std::unique_ptr<JsonWriter> w_;
  Status status_;
};

}  // namespace

Status WriteSarifWithLimit(const ExportView& view,
                           ExportOutput* out,
                           size_t results_per_part) {
  if (results_per_part == 0)
    return Status::Error("sarif: results per part must be positive");
  Collected c;
  size_t n = 0;
  Status walk = view.ForEachFinding([&](const ExportFinding& x) {
    const size_t part = n++ / results_per_part;
    if (c.parts.size() <= part)
      c.parts.resize(part + 1);
    auto it = c.by_key.find(x.rule_key);
    if (it == c.by_key.end()) {
      const Finding& f = *x.finding;
      RuleDef r;
      r.key = std::string(x.rule_key);
      r.name = f.rule_id;
      r.title = f.title;
      r.description = std::string(f.description);
      r.solution = std::string(f.solution);
      r.references = f.references;
      r.category = f.category;
      r.severity = f.severity;
      it = c.by_key.emplace(r.key, static_cast<uint32_t>(c.rules.size())).first;
      c.rules.push_back(std::move(r));
    }
    RuleDef& r = c.rules[it->second];
    const int tenths = x.assessment->cvss_score >= 0
                           ? x.assessment->cvss_score
                           : SeverityTenths(x.finding->severity);
    r.tenths = std::max(r.tenths, std::min(tenths, 100));
    r.severity = std::max(r.severity, x.finding->severity);
    if (r.part != part) {
      r.part = part;
      c.parts[part].push_back(it->second);
    }
    return true;
  });
  if (!walk.ok())
    return walk;
  SarifWriter writer(view, out, &c);
  writer.limit_ = results_per_part;
  return writer.Run();
}

Status WriteSarif(const ExportView& view, ExportOutput* out) {
  return WriteSarifWithLimit(view, out, kSarifResultsPerRun);
}

}  // namespace exposure
