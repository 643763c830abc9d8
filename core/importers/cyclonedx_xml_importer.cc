#include "core/importers/cyclonedx_xml_importer.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/import/xml/xml_importer.h"
#include "core/import/xml/xml_tokenizer.h"
#include "core/importers/cyclonedx_json_importer.h"
#include "core/importers/sniff_util.h"

namespace exposure {

namespace {

constexpr size_t kMaxFieldBytes = size_t{1} << 20;

std::string_view LocalName(std::string_view name) {
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

class CycloneDxXmlImporter : public XmlImporter {
 public:
  explicit CycloneDxXmlImporter(ImportSink* sink)
      : XmlImporter("not a CycloneDX BOM: no <bom>"), sink_(sink) {}

 private:
  struct OpenComponent {
    CdxComponent c;
    size_t depth;
    bool metadata;
  };

  Status StartElement(std::string_view qname,
                      const std::vector<XmlAttribute>& attrs) override {
    std::string_view name = LocalName(qname);
    std::string parent = stack_.empty() ? std::string() : stack_.back();
    stack_.emplace_back(name);
    size_t depth = stack_.size();
    text_.clear();
    if (depth == 1) {
      if (name != "bom") {
        return UnexpectedRoot("<bom>", qname);
      }
      seen_root_ = true;
      for (const XmlAttribute& a : attrs) {
        if (a.name == "serialNumber")
          serial_.assign(a.value);
      }
      return Status::Ok();
    }
    if (in_vuln_) {
      VulnStart(name, attrs, depth);
      return Status::Ok();
    }
    if (name == "component" &&
        (parent == "components" || parent == "metadata")) {
      OpenComponent oc;
      oc.depth = depth;
      oc.metadata = parent == "metadata";
      for (const XmlAttribute& a : attrs) {
        if (a.name == "bom-ref")
          oc.c.bom_ref.assign(a.value);
        if (a.name == "type")
          oc.c.type.assign(a.value);
      }
      components_stack_.push_back(std::move(oc));
    } else if (name == "vulnerability" && parent == "vulnerabilities") {
      in_vuln_ = true;
      vuln_depth_ = depth;
      vuln_ = CdxVulnerability();
      for (const XmlAttribute& a : attrs) {
        if (a.name == "ref")
          vuln_.affects.emplace_back(a.value);
      }
    }
    return Status::Ok();
  }

  Status EndElement(std::string_view qname) override {
    std::string_view name = LocalName(qname);
    size_t depth = stack_.size();
    std::string text(Trim(text_));
    text_.clear();
    if (in_vuln_) {
      if (depth == vuln_depth_) {
        in_vuln_ = false;
        EmitVulnerability();
      } else {
        VulnEnd(name, text, depth);
      }
    } else if (!components_stack_.empty()) {
      OpenComponent& oc = components_stack_.back();
      if (depth == oc.depth) {
        if (oc.metadata) {
          metadata_ = oc.c;
          AddCdxComponentIfAbsent(oc.c, &components_);
        } else if (!oc.c.bom_ref.empty()) {
          components_[oc.c.bom_ref] = oc.c;
        }
        components_stack_.pop_back();
      } else if (depth == oc.depth + 1) {
        if (name == "name")
          oc.c.name = text;
        if (name == "group")
          oc.c.group = text;
        if (name == "version")
          oc.c.version = text;
        if (name == "purl")
          oc.c.purl = text;
      }
    }
    stack_.pop_back();
    return Status::Ok();
  }

  Status Text(std::string_view text) override {
    if (text_.size() + text.size() <= kMaxFieldBytes)
      text_.append(text);
    return Status::Ok();
  }

  // The element path below the vulnerability, e.g. "ratings/rating/method".
  std::string VulnPath() const {
    std::string out;
    for (size_t i = vuln_depth_; i < stack_.size(); ++i) {
      if (!out.empty())
        out += "/";
      out += stack_[i];
    }
    return out;
  }

  void VulnStart(std::string_view name,
                 const std::vector<XmlAttribute>& attrs,
                 size_t depth) {
    std::string path = VulnPath();
    if (path == "ratings/rating") {
      vuln_.ratings.emplace_back();
    } else if (path == "source" && depth == vuln_depth_ + 1) {
      for (const XmlAttribute& a : attrs) {
        if (a.name == "name")
          vuln_.source.assign(a.value);  // extension 1.0
      }
    } else if (path == "affects/target/versions/version" && name == "version") {
      version_.clear();
      version_status_.clear();
    }
  }

  void VulnEnd(std::string_view name, const std::string& text, size_t depth) {
    (void)name;
    (void)depth;
    std::string path = VulnPath();
    CdxVulnerability& v = vuln_;
    CdxRating* rating = v.ratings.empty() ? nullptr : &v.ratings.back();
    if (path == "affects/target/versions/version") {
      if (version_status_ == "unaffected" && !version_.empty())
        AppendUnique(&v.fixed, version_);
      return;
    }
    if (text.empty())
      return;
    if (path == "id") {
      v.id = text;
    } else if (path == "source/name") {
      v.source = text;
    } else if (path == "source/url") {
      AppendUnique(&v.urls, text);
    } else if (path == "references/reference/id") {
      AppendUnique(&v.aliases, text);
    } else if (path == "references/reference/source/url") {
      AppendUnique(&v.urls, text);
    } else if (rating != nullptr && path == "ratings/rating/source/name") {
      rating->source = text;
    } else if (rating != nullptr && (path == "ratings/rating/score" ||
                                     path == "ratings/rating/score/base")) {
      rating->score = text;
    } else if (rating != nullptr && path == "ratings/rating/severity") {
      rating->severity = text;
    } else if (rating != nullptr && path == "ratings/rating/method") {
      rating->method = text;
    } else if (rating != nullptr && path == "ratings/rating/vector") {
      rating->vector = text;
    } else if (path == "cwes/cwe") {
      v.cwes.push_back(text);
    } else if (path == "description") {
      v.description = text;
    } else if (path == "detail") {
      v.detail = text;
    } else if (path == "recommendation" ||
               path == "recommendations/recommendation") {
      v.recommendation +=
          (v.recommendation.empty() ? "" : "\n") + std::string(text);
    } else if (path == "advisories/advisory/url" ||
               path == "advisories/advisory") {
      AppendUnique(&v.urls, text);
    } else if (path == "published") {
      v.published = text;
    } else if (path == "analysis/state") {
      v.state = text;
    } else if (path == "analysis/justification") {
      v.justification = text;
    } else if (path == "analysis/detail") {
      v.analysis_detail = text;
    } else if (path == "affects/target/ref") {
      v.affects.push_back(text);
    } else if (path == "affects/target/versions/version/version") {
      version_ = text;
    } else if (path == "affects/target/versions/version/status") {
      version_status_ = text;
    }
  }

  void EmitVulnerability() {
    if (!asset_done_) {
      bool have = false;
      Asset a = CdxAsset(metadata_, serial_, &have);
      if (have)
        asset_ = sink_->AddAsset(a);
      asset_done_ = true;
    }
    // Extension 1.0 inside a <component>: that component is affected.
    const CdxComponent* enclosing = nullptr;
    CdxComponent copy;
    if (!components_stack_.empty()) {
      copy = components_stack_.back().c;
      enclosing = &copy;
    }
    EmitCdxVulnerability(vuln_, components_, enclosing, serial_, asset_, sink_);
  }

  std::vector<std::string> stack_;
  std::string text_;
  std::string serial_;
  CdxComponent metadata_;
  std::vector<OpenComponent> components_stack_;
  std::map<std::string, CdxComponent> components_;
  bool in_vuln_ = false;
  size_t vuln_depth_ = 0;
  CdxVulnerability vuln_;
  std::string version_;
  std::string version_status_;
  bool asset_done_ = false;
  size_t asset_ = Finding::kNoAsset;

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

bool SniffCycloneDxXml(std::string_view head, bool complete) {
  (void)complete;
  std::string_view root = FirstXmlElement(head);
  return (root == "bom" || EndsWith(root, ":bom")) &&
         Contains(head, "cyclonedx.org/schema/bom");
}

std::unique_ptr<Importer> CreateCycloneDxXmlImporter(ImportSink* sink) {
  return std::make_unique<CycloneDxXmlImporter>(sink);
}

}  // namespace exposure
