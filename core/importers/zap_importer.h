// OWASP ZAP XML reports (`OWASPZAPReport` → `site` → `alerts` →
// `alertitem` → `instances`), ZAP 2.x "traditional" and "XML plus" layouts.
//
// One finding per `alertitem` of each `site` (the record ZAP reports: one
// alert type with all the URLs where it fired). Its instances are not
// separate findings: the first instance's URL is the location and every
// instance (method, URL, parameter, attack, evidence) is listed in the
// evidence; request and response headers and bodies are not kept. The site
// is the asset (a web application) with its port as a service.
//
// Confidence: ZAP's code 0..4 (`confidence`), else its name
// (`confidencedesc` in the "XML plus" and "JSON plus" layouts), else the
// name in brackets after the risk (`riskdesc` "High (Confirmed)"):
// - 0 "False Positive": kept with status `false_positive`;
// - 4 "Confirmed" ("User Confirmed" in ZAP's API and some reports): set in
//   ZAP when a person confirmed the alert on this site, so the finding
//   carries kEvidenceConfirmed (proven on this asset);
// - 1 Low, 2 Medium, 3 High: the scanner's certainty, no evidence bit.
// The JSON report (zap_json_importer.h) is mapped by the same functions.
#ifndef CORE_IMPORTERS_ZAP_IMPORTER_H_
#define CORE_IMPORTERS_ZAP_IMPORTER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/importers/importer.h"

namespace exposure {

bool SniffZapXml(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateZapXmlImporter(ImportSink* sink);

// What a ZAP report says of one site and one alert, whatever its layout.
// The XML and JSON importers both fill these and map them with the
// functions below, so one scan gives the same findings in either format.
struct ZapSite {
  std::string name;  // "https://host:port"
  std::string host;
  uint32_t port = 0;
  bool ssl = false;
};

struct ZapInstance {
  std::string uri, method, param, attack, evidence;
};

// Instances listed in a finding's evidence; the rest are only counted.
constexpr size_t kZapMaxInstances = 200;

// Each member is the field's text as the report writes it ("" if absent).
struct ZapAlert {
  std::string plugin_id, alert_ref, name, alert, riskcode, confidence,
      confidencedesc, riskdesc, desc, solution, otherinfo, cweid, wascid;
  std::vector<std::string> references;  // each <reference> text
  std::vector<ZapInstance> instances;   // the first kZapMaxInstances
  size_t instance_count = 0;            // all of them
};

// ZAP's confidence code of `alert` (0 false positive .. 4 confirmed), from
// its code, else its name, else the riskdesc's bracket; -1 when none says.
int ZapConfidence(const ZapAlert& alert);

// Adds the site as a web application asset (with its port as a service)
// and returns the asset's index.
size_t AddZapSite(const ZapSite& site, ImportSink* sink);
// Adds the finding for `alert` on `site` (asset index `asset`).
void AddZapAlert(const ZapAlert& alert,
                 const ZapSite& site,
                 size_t asset,
                 ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_ZAP_IMPORTER_H_
