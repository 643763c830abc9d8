// CycloneDX JSON BOMs with vulnerabilities (spec 1.4 and later: a
// top-level `vulnerabilities` array whose `affects[].ref` point at
// `components`, nested components included).
//
// One finding per vulnerability × affected component (`affects` entry); a
// vulnerability with no `affects` is one finding without a component.
// `affects[].ref` is resolved within the document: `components` (nested
// ones included) and `metadata.component` with its nested components, the
// listed components winning over the metadata one for the same bom-ref. A
// BOM-Link (`urn:cdx:serial/version#bom-ref`) resolves the same way when it
// points into this BOM; into another one, its component is named by the
// bom-ref, which is also the purl when it is one (as a ref that is a purl
// not listed here). VEX
// `analysis.state` becomes the status (not_affected, false_positive, fixed
// for resolved, open otherwise): such records are kept. The asset is
// `metadata.component` (a container image, or the application), else the
// BOM's serial number. A BOM without vulnerabilities has no findings.
//
// A BOM that is a standalone VEX (core/importers/cyclonedx_vex_importer.h)
// is not this format: its statements apply to other inputs' findings.
//
// The declarations below the factory are shared with the XML importer and
// the VEX importer.
#ifndef CORE_IMPORTERS_CYCLONEDX_JSON_IMPORTER_H_
#define CORE_IMPORTERS_CYCLONEDX_JSON_IMPORTER_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/import/json/json_value.h"
#include "core/importers/importer.h"

namespace exposure {

bool SniffCycloneDxJson(std::string_view head, bool complete);
// A JSON object whose head holds members a BOM has but no "bomFormat": some
// tools (Checkov) write "bomFormat" last, so the end of the input decides.
bool MaybeCycloneDxJson(std::string_view head);
std::unique_ptr<Importer> CreateCycloneDxJsonImporter(ImportSink* sink);

// What both CycloneDX encodings say about one component.
struct CdxComponent {
  std::string bom_ref;
  std::string type;
  std::string group;
  std::string name;
  std::string version;
  std::string purl;
  std::string cpe;
};

struct CdxRating {
  std::string source;
  std::string method;  // CVSSv2, CVSSv3, CVSSv31, CVSSv4, OWASP, ...
  std::string vector;
  std::string severity;
  std::string score;
};

// One vulnerability of a BOM.
struct CdxVulnerability {
  std::string id;
  std::string source;
  std::vector<std::string> aliases;  // ids of `references`
  std::vector<CdxRating> ratings;
  std::vector<std::string> cwes;  // numbers or "CWE-n"
  std::string description;
  std::string detail;
  std::string recommendation;
  std::vector<std::string> urls;
  std::string published;
  std::string state;          // analysis.state
  std::string justification;  // analysis.justification
  std::string analysis_detail;
  std::vector<std::string> affects;  // component bom-refs
  std::vector<std::string> fixed;    // versions with status "unaffected"
};

// The asset a BOM describes: its metadata component, else its serial
// number; `have` is false when neither is known.
Asset CdxAsset(const CdxComponent& metadata,
               const std::string& serial,
               bool* have);

// Adds `c` to `components` under its bom-ref unless one is there already
// (`metadata.component` gives way to a listed component).
void AddCdxComponentIfAbsent(const CdxComponent& c,
                             std::map<std::string, CdxComponent>* components);

// Registers JSON component `c` and its nested components under their
// bom-refs; `metadata`: those of metadata.component, which do not replace a
// listed component.
void AddCdxJsonComponents(const JsonValue& c,
                          bool metadata,
                          std::map<std::string, CdxComponent>* components);

// The component `ref` (an affects[].ref) points at in a document whose
// serial number is `serial`, or nullptr. `*target` is what the ref names:
// the ref itself, or the bom-ref of a BOM-Link
// ("urn:cdx:<uuid>/<version>#<bom-ref>", decoded unless it is a purl).
const CdxComponent* ResolveCdxRef(
    const std::string& ref,
    const std::map<std::string, CdxComponent>& components,
    const std::string& serial,
    std::string* target);

// Adds one finding per affected component of `v`; `serial` is the BOM's
// serial number (a BOM-Link to this BOM resolves in `components`).
void EmitCdxVulnerability(const CdxVulnerability& v,
                          const std::map<std::string, CdxComponent>& components,
                          const CdxComponent* enclosing,
                          const std::string& serial,
                          size_t asset,
                          ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_CYCLONEDX_JSON_IMPORTER_H_
