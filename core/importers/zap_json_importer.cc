#include "core/importers/zap_json_importer.h"

#include <string>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/import/json/json_importer.h"
#include "core/import/json/json_records.h"
#include "core/import/json/json_tokenizer.h"
#include "core/importers/sniff_util.h"
#include "core/importers/zap_importer.h"

namespace exposure {

namespace {

// Longest text kept for one field, and for one instance's evidence (the
// same bounds as the XML report's).
constexpr size_t kMaxFieldBytes = 256 * 1024;
constexpr size_t kMaxInstanceEvidence = 1024;

// A site is the root's "site" member, or each element when it is an array.
bool IsSitePath(const std::string& path) {
  return path == "$.site" || path == "$.site[]";
}

bool IsAlertPath(const std::string& path) {
  return EndsWith(path, ".alerts[]") &&
         IsSitePath(path.substr(0, path.size() - 9));
}

// A scalar as text (strings as they are, numbers and booleans in their JSON
// spelling), trimmed and bounded.
std::string ScalarText(const JsonValue& v) {
  std::string text;
  if (v.is_string()) {
    text = v.get<std::string>();
  } else if (v.is_number() || v.is_boolean()) {
    text = v.dump();
  }
  std::string_view t = Trim(text);
  return std::string(t.substr(0, kMaxFieldBytes));
}

class ZapJsonImporter : public JsonImporter {
 public:
  explicit ZapJsonImporter(ImportSink* sink) : sink_(sink) {}

 private:
  void Flush() override { EndSite(); }

  Status Check() override {
    if (records_.root_type() != '{')
      return Status::Error("not a ZAP JSON report: the root is not an object");
    if (!seen_site_)
      return Status::Error("not a ZAP JSON report: no \"site\" member");
    return Status::Ok();
  }

  // Path keys are split at the last '.', so an instance's path
  // "<alert>.instances[]" has the alert as its parent and key "instances[]".
  bool Want(const std::string& path) override {
    std::string parent = JsonPathParent(path);
    std::string key = JsonPathKey(path);
    if (IsSitePath(parent)) {
      return key == "@name" || key == "@host" || key == "@port" ||
             key == "@ssl";
    }
    return IsAlertPath(parent) && key != "instances";
  }

  Status OnEnter(const std::string& path) override {
    if (IsSitePath(path)) {
      seen_site_ = true;
      EndSite();  // an array of sites: each element is a site of its own
      in_site_ = true;
    } else if (IsAlertPath(path)) {
      in_alert_ = true;
      alert_ = ZapAlert();
    } else if (EndsWith(path, ".alerts") && IsSitePath(JsonPathParent(path))) {
      site_used_ = true;
      // ZAP writes the site's attributes before its alerts.
      if (!site_.name.empty() || !site_.host.empty())
        EnsureAsset();
    }
    return Status::Ok();
  }

  Status OnLeave(const std::string& path) override {
    if (IsAlertPath(path) && in_alert_) {
      in_alert_ = false;
      if (asset_known_) {
        AddZapAlert(alert_, site_, asset_, sink_);
      } else {
        pending_.push_back(std::move(alert_));
      }
      alert_ = ZapAlert();
    } else if (IsSitePath(path)) {
      EndSite();
    }
    return Status::Ok();
  }

  Status OnValue(const std::string& path, const JsonValue& v) override {
    std::string parent = JsonPathParent(path);
    if (IsSitePath(parent)) {
      SiteField(JsonPathKey(path), ScalarText(v));
    } else if (in_alert_ && IsAlertPath(parent)) {
      std::string key = JsonPathKey(path);
      if (key == "instances[]") {
        if (v.is_object())
          AddInstance(v);
      } else {
        AlertField(key, ScalarText(v));
      }
    }
    return Status::Ok();
  }

  void SiteField(const std::string& key, std::string text) {
    if (!in_site_)
      return;
    site_used_ = true;
    if (key == "@name") {
      site_.name = std::move(text);
    } else if (key == "@host") {
      site_.host = std::move(text);
    } else if (key == "@port") {
      ParseUint32(text, &site_.port);
    } else if (key == "@ssl") {
      site_.ssl = text == "true";
    }
  }

  void AlertField(const std::string& key, std::string text) {
    if (text.empty())
      return;
    std::string* field = key == "pluginid"         ? &alert_.plugin_id
                         : key == "alertRef"       ? &alert_.alert_ref
                         : key == "name"           ? &alert_.name
                         : key == "alert"          ? &alert_.alert
                         : key == "riskcode"       ? &alert_.riskcode
                         : key == "confidence"     ? &alert_.confidence
                         : key == "confidencedesc" ? &alert_.confidencedesc
                         : key == "riskdesc"       ? &alert_.riskdesc
                         : key == "desc"           ? &alert_.desc
                         : key == "solution"       ? &alert_.solution
                         : key == "otherinfo"      ? &alert_.otherinfo
                         : key == "cweid"          ? &alert_.cweid
                         : key == "wascid"         ? &alert_.wascid
                                                   : nullptr;
    if (field != nullptr) {
      *field = std::move(text);
    } else if (key == "reference") {
      alert_.references.push_back(std::move(text));
    }
    // count: the instance list says it; sourceid, tags: not kept.
  }

  void AddInstance(const JsonValue& v) {
    ++alert_.instance_count;
    if (alert_.instances.size() >= kZapMaxInstances)
      return;
    ZapInstance in;
    in.uri = ScalarText(JsonGet(v, "uri"));
    in.method = ScalarText(JsonGet(v, "method"));
    in.param = ScalarText(JsonGet(v, "param"));
    in.attack = ScalarText(JsonGet(v, "attack"));
    in.evidence = ScalarText(JsonGet(v, "evidence"));
    if (in.evidence.size() > kMaxInstanceEvidence)
      in.evidence.resize(kMaxInstanceEvidence);
    alert_.instances.push_back(std::move(in));
  }

  void EnsureAsset() {
    if (asset_known_)
      return;
    asset_ = AddZapSite(site_, sink_);
    asset_known_ = true;
  }

  // The end of a site (or of the input): its asset, then the alerts that
  // waited for it.
  void EndSite() {
    if (in_site_ && site_used_)
      EnsureAsset();
    for (const ZapAlert& a : pending_)
      AddZapAlert(a, site_, asset_, sink_);
    pending_.clear();
    in_site_ = false;
    site_used_ = false;
    in_alert_ = false;
    asset_known_ = false;
    asset_ = Finding::kNoAsset;
    site_ = ZapSite();
  }

  bool seen_site_ = false;

  bool in_site_ = false;
  bool site_used_ = false;  // the site has attributes or alerts
  ZapSite site_;
  bool asset_known_ = false;
  size_t asset_ = Finding::kNoAsset;
  std::vector<ZapAlert> pending_;  // alerts seen before the site's identity

  bool in_alert_ = false;
  ZapAlert alert_;

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

bool SniffZapJson(std::string_view head, bool complete) {
  (void)complete;
  std::string_view h = SkipBomAndSpace(head);
  if (h.empty() || h[0] != '{')
    return false;
  return Contains(h, "\"@version\"") && Contains(h, "\"@generated\"") &&
         Contains(h, "\"site\"");
}

std::unique_ptr<Importer> CreateZapJsonImporter(ImportSink* sink) {
  return std::make_unique<ZapJsonImporter>(sink);
}

}  // namespace exposure
