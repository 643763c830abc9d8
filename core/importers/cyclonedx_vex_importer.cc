#include "core/importers/cyclonedx_vex_importer.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/import/json/json_importer.h"
#include "core/import/json/json_records.h"
#include "core/import/json/json_tokenizer.h"
#include "core/importers/cyclonedx_json_importer.h"
#include "core/importers/sniff_util.h"
#include "core/importers/vex_util.h"

namespace exposure {

namespace {

constexpr const char* kStates =
    "not_affected, false_positive, resolved, resolved_with_pedigree, "
    "exploitable, in_triage";

// A purl without its version: "pkg:npm/a@1.0?x=y" -> "pkg:npm/a?x=y".
std::string PurlWithoutVersion(const std::string& purl) {
  const size_t end = purl.find_first_of("?#");
  const size_t slash = purl.rfind('/', end);
  const size_t at = purl.find('@', slash == std::string::npos ? 0 : slash);
  if (at == std::string::npos || at > end)
    return purl;
  return purl.substr(0, at) +
         (end == std::string::npos ? std::string() : purl.substr(end));
}

struct Affect {
  std::string ref;
  struct Version {
    std::string version;
    std::string range;
    bool unaffected = false;
  };
  std::vector<Version> versions;
};

// One vulnerability as read, resolved once the document has ended (its
// components may follow it).
struct Vulnerability {
  size_t index = 0;
  std::string id;
  std::vector<std::string> aliases;
  std::string state;
  std::string justification;
  std::string detail;
  std::string action;
  std::string timestamp;
  std::vector<Affect> affects;
};

Vulnerability ReadVulnerability(const JsonValue& v, size_t index) {
  Vulnerability out;
  out.index = index;
  out.id = std::string(Trim(JsonStr(v, "id")));
  const JsonValue& refs = JsonGet(v, "references");
  if (refs.is_array()) {
    for (const JsonValue& r : refs) {
      const std::string id(Trim(JsonStr(r, "id")));
      if (!id.empty() && id != out.id)
        AppendUnique(&out.aliases, id);
    }
  }
  const JsonValue& analysis = JsonGet(v, "analysis");
  out.state = JsonStr(analysis, "state");
  out.justification = JsonStr(analysis, "justification");
  out.detail = std::string(Trim(JsonStr(analysis, "detail")));
  std::string responses;
  const JsonValue& response = JsonGet(analysis, "response");
  if (response.is_array()) {
    for (const JsonValue& r : response)
      AppendVexText(&responses, r.text(), ", ");
  }
  AppendVexText(&out.action, responses, "\n");
  AppendVexText(&out.action, JsonStr(v, "recommendation"), "\n");
  AppendVexText(&out.action, JsonStr(v, "workaround"), "\n");
  out.timestamp = VexTimestamp(JsonStr(analysis, "lastUpdated"));
  if (out.timestamp.empty())
    out.timestamp = VexTimestamp(JsonStr(analysis, "firstIssued"));
  const JsonValue& affects = JsonGet(v, "affects");
  if (affects.is_array()) {
    for (const JsonValue& a : affects) {
      Affect affect;
      affect.ref = JsonStr(a, "ref");
      const JsonValue& versions = JsonGet(a, "versions");
      if (versions.is_array()) {
        for (const JsonValue& ver : versions) {
          Affect::Version version;
          version.version = std::string(Trim(JsonStr(ver, "version")));
          version.range = std::string(Trim(JsonStr(ver, "range")));
          version.unaffected = JsonStr(ver, "status") == "unaffected";
          if (!version.version.empty() || !version.range.empty())
            affect.versions.push_back(std::move(version));
        }
      }
      affect.versions.shrink_to_fit();
      out.affects.push_back(std::move(affect));
    }
  }
  return out;
}

// The product a component is: its purl, else its CPE, else its name and
// version; without the version when `versioned` is false.
VexProduct ProductOf(const CdxComponent& c, bool versioned) {
  VexProduct p;
  if (!c.purl.empty()) {
    p.purl = versioned ? c.purl : PurlWithoutVersion(c.purl);
  } else if (!c.cpe.empty()) {
    p.cpe = c.cpe;
  } else {
    p.name = c.group.empty() ? c.name : c.group + ":" + c.name;
    if (versioned)
      p.version = c.version;
  }
  return p;
}

class CycloneDxVexImporter : public JsonImporter {
 public:
  explicit CycloneDxVexImporter(ImportSink* sink) : sink_(sink) {}

 private:
  bool Want(const std::string& path) override {
    return path == "$.bomFormat" || path == "$.serialNumber" ||
           path == "$.metadata" || path == "$.components[]" ||
           path == "$.vulnerabilities[]";
  }

  Status OnValue(const std::string& path, const JsonValue& v) override {
    if (path == "$.bomFormat") {
      if (!v.is_string() || v.text() != "CycloneDX")
        return Status::Error("not a CycloneDX BOM: bomFormat is not CycloneDX");
      seen_bom_format_ = true;
    } else if (path == "$.serialNumber") {
      serial_ = std::string(v.text());
    } else if (path == "$.metadata") {
      ReadMetadata(v);
    } else if (path == "$.components[]") {
      AddCdxJsonComponents(v, false, &components_);
    } else {
      pending_.push_back(ReadVulnerability(v, next_++));
    }
    return Status::Ok();
  }

  void ReadMetadata(const JsonValue& m) {
    const JsonValue& product = JsonGet(m, "component");
    if (product.is_object()) {
      AddCdxJsonComponents(product, true, &components_);
      product_ = JsonStr(product, "bom-ref");
      if (product_.empty()) {
        // A product without bom-ref is still the subject of the document.
        CdxComponent c;
        c.group = JsonStr(product, "group");
        c.name = JsonStr(product, "name");
        c.version = JsonStr(product, "version");
        c.purl = JsonStr(product, "purl");
        c.cpe = JsonStr(product, "cpe");
        unnamed_product_ = c;
      }
    }
    timestamp_ = VexTimestamp(JsonStr(m, "timestamp"));
    const JsonValue& authors = JsonGet(m, "authors");
    if (authors.is_array()) {
      for (const JsonValue& a : authors)
        AppendVexText(&author_, JsonStr(a, "name"), ", ");
    }
    for (const char* key : {"manufacturer", "manufacture", "supplier"}) {
      if (author_.empty())
        author_ = std::string(Trim(JsonStr(JsonGet(m, key), "name")));
    }
  }

  void Skip(size_t index, const std::string& why) {
    sink_->AddRecordError(Status::Error("vulnerabilities[" +
                                        std::to_string(index) + "]: " + why +
                                        "; the vulnerability is skipped"));
  }

  // The products of `affect`: `*affected` those the analysis is about,
  // `*unaffected` the versions the BOM says are not affected.
  void AddProducts(const Affect& affect,
                   std::vector<VexProduct>* affected,
                   std::vector<VexProduct>* unaffected) const {
    std::string target;
    const CdxComponent* c =
        ResolveCdxRef(affect.ref, components_, serial_, &target);
    CdxComponent named;
    if (c == nullptr) {
      const VexProduct p = VexProductOfId(target);
      named.purl = p.purl;
      named.cpe = p.cpe;
      named.name = p.name;
      c = &named;
    }
    if (affect.versions.empty()) {
      AddVexProduct(affected, ProductOf(*c, true));
      return;
    }
    for (const Affect::Version& v : affect.versions) {
      VexProduct p = ProductOf(*c, false);
      p.version = v.version;
      p.range = v.range;
      AddVexProduct(v.unaffected ? unaffected : affected, std::move(p));
    }
  }

  void Emit(const Vulnerability& v) {
    VexStatement st;
    st.vulnerability = v.id;
    if (st.vulnerability.empty()) {
      Skip(v.index, "no id");
      return;
    }
    if (v.state == "not_affected" || v.state == "false_positive") {
      st.status = VexStatus::kNotAffected;
    } else if (v.state == "resolved" || v.state == "resolved_with_pedigree") {
      st.status = VexStatus::kFixed;
    } else if (v.state == "exploitable") {
      st.status = VexStatus::kAffected;
    } else if (v.state == "in_triage") {
      st.status = VexStatus::kUnderInvestigation;
    } else {
      Skip(v.index, "analysis.state \"" + v.state + "\" is not one of " +
                        std::string(kStates));
      return;
    }
    st.aliases = v.aliases;
    st.justification = v.justification;
    if (st.justification.empty() && v.state == "false_positive")
      st.justification = "false_positive";
    st.statement = v.detail;
    st.action = v.action;
    st.author = author_;
    st.timestamp = v.timestamp.empty() ? timestamp_ : v.timestamp;
    st.location = "vulnerabilities[" + std::to_string(v.index) + "]";
    std::vector<VexProduct> unaffected;
    for (const Affect& a : v.affects)
      AddProducts(a, &st.products, &unaffected);
    if (v.affects.empty()) {
      auto it = components_.find(product_);
      if (!product_.empty() && it != components_.end()) {
        AddVexProduct(&st.products, ProductOf(it->second, true));
      } else if (unnamed_product_.has_value()) {
        AddVexProduct(&st.products, ProductOf(*unnamed_product_, true));
      }
    }
    if (!v.affects.empty() && st.products.empty() && unaffected.empty()) {
      Skip(v.index, "no affects[].ref names a product");
      return;
    }
    if (!unaffected.empty() && st.status == VexStatus::kNotAffected) {
      for (VexProduct& p : unaffected)
        AddVexProduct(&st.products, std::move(p));
      unaffected.clear();
    }
    if (unaffected.empty()) {
      sink_->AddVexStatement(std::move(st));
      return;
    }
    VexStatement other;
    other.vulnerability = st.vulnerability;
    other.aliases = st.aliases;
    other.status = VexStatus::kNotAffected;
    other.author = st.author;
    other.timestamp = st.timestamp;
    other.location = st.location;
    other.products = std::move(unaffected);
    if (!st.products.empty())
      sink_->AddVexStatement(std::move(st));
    sink_->AddVexStatement(std::move(other));
  }

  // Vulnerabilities wait for the document's end: components and metadata
  // may follow them.
  void Flush() override {
    for (const Vulnerability& v : pending_)
      Emit(v);
    pending_.clear();
  }

  Status Check() override {
    if (!seen_bom_format_)
      return Status::Error("not a CycloneDX BOM: no \"bomFormat\"");
    return Status::Ok();
  }

  ImportSink* sink_;  // outlives the importer
  bool seen_bom_format_ = false;
  std::string serial_;
  std::string product_;  // metadata.component's bom-ref
  std::optional<CdxComponent> unnamed_product_;
  std::string author_;
  std::string timestamp_;
  std::map<std::string, CdxComponent> components_;
  size_t next_ = 0;  // the index of the next vulnerability
  std::vector<Vulnerability> pending_;
};

// What the sniffer needs of a BOM's head: its format, whether it lists
// components, its vulnerabilities and their analyses, and which tool wrote
// it.
class BomShape : public JsonRecordHandler {
 public:
  bool Want(const std::string& path) override {
    return path == "$.bomFormat" || path == "$.metadata" ||
           path == "$.vulnerabilities[]";
  }
  Status OnValue(const std::string& path, const JsonValue& v) override {
    if (path == "$.bomFormat") {
      cyclonedx = v.is_string() && v.text() == "CycloneDX";
    } else if (path == "$.metadata") {
      // metadata.tools: a list of tools (1.4), or of components (1.5+).
      const JsonValue& tools = JsonGet(v, "tools");
      const JsonValue& list =
          tools.is_array() ? tools : JsonGet(tools, "components");
      if (list.is_array()) {
        for (const JsonValue& t : list)
          exposure_lens =
              exposure_lens || JsonStr(t, "name") == "Exposure Lens";
      }
    } else {
      ++vulnerabilities;
      if (Trim(JsonStr(JsonGet(v, "analysis"), "state")).empty())
        ++without_state;
    }
    return Status::Ok();
  }
  Status OnEnter(const std::string& path) override {
    if (path == "$.components[]")
      ++components;
    return Status::Ok();
  }

  bool cyclonedx = false;
  bool exposure_lens = false;
  size_t components = 0;
  size_t vulnerabilities = 0;
  size_t without_state = 0;
};

}  // namespace

bool SniffCycloneDxVex(std::string_view head, bool complete) {
  (void)complete;  // what the head holds decides
  const std::string_view h = SkipBomAndSpace(head);
  if (h.empty() || h[0] != '{' || !Contains(h, "\"bomFormat\"") ||
      !Contains(h, "\"vulnerabilities\"") || !Contains(h, "\"analysis\""))
    return false;
  BomShape shape;
  JsonRecordStream stream(&shape);
  JsonTokenizer tokenizer(&stream);
  (void)tokenizer.Feed(h);  // a head cut short ends where it ends
  return shape.cyclonedx && shape.vulnerabilities > 0 &&
         shape.without_state == 0 &&
         (shape.components == 0 || shape.exposure_lens);
}

std::unique_ptr<Importer> CreateCycloneDxVexImporter(ImportSink* sink) {
  return std::make_unique<CycloneDxVexImporter>(sink);
}

}  // namespace exposure
