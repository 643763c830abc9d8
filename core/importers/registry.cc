// The one list of importers. Each entry's sniff/create pair lives in its own
// file (<format>_importer.cc) next to its test.
#include "core/importers/importer.h"

#include "core/importers/asff_importer.h"
#include "core/importers/burp_importer.h"
#include "core/importers/checkov_importer.h"
#include "core/importers/cyclonedx_json_importer.h"
#include "core/importers/cyclonedx_xml_importer.h"
#include "core/importers/dependency_check_importer.h"
#include "core/importers/gitlab_importer.h"
#include "core/importers/grype_importer.h"
#include "core/importers/kics_importer.h"
#include "core/importers/nessus_csv_importer.h"
#include "core/importers/nessus_importer.h"
#include "core/importers/nexpose_importer.h"
#include "core/importers/nexpose_simple_importer.h"
#include "core/importers/nmap_importer.h"
#include "core/importers/npm_audit_importer.h"
#include "core/importers/nuclei_importer.h"
#include "core/importers/openvas_csv_importer.h"
#include "core/importers/openvas_xml_importer.h"
#include "core/importers/prowler_csv_importer.h"
#include "core/importers/prowler_json_importer.h"
#include "core/importers/qualys_csv_importer.h"
#include "core/importers/qualys_scan_importer.h"
#include "core/importers/qualys_was_importer.h"
#include "core/importers/qualys_xml_importer.h"
#include "core/importers/sarif_importer.h"
#include "core/importers/semgrep_importer.h"
#include "core/importers/snyk_importer.h"
#include "core/importers/trivy_importer.h"
#include "core/importers/trufflehog_importer.h"
#include "core/importers/yarn_audit_importer.h"
#include "core/importers/zap_importer.h"
#include "core/importers/zap_json_importer.h"

namespace exposure {

const std::vector<ImporterSpec>& Importers() {
  static const std::vector<ImporterSpec> kImporters = {
      {"nessus", "Nessus v2 XML (.nessus)", &SniffNessus,
       &CreateNessusImporter},
      {"trivy", "Trivy JSON", &SniffTrivy, &CreateTrivyImporter},
      {"sarif", "SARIF 2.1.0", &SniffSarif, &CreateSarifImporter},
      {"semgrep", "Semgrep JSON", &SniffSemgrep, &CreateSemgrepImporter},
      {"zap_xml", "OWASP ZAP XML", &SniffZapXml, &CreateZapXmlImporter},
      {"zap_json", "OWASP ZAP JSON", &SniffZapJson, &CreateZapJsonImporter},
      {"nuclei", "Nuclei JSON / JSON lines", &SniffNuclei,
       &CreateNucleiImporter},
      {"gitlab_dependency_scanning", "GitLab dependency scanning report",
       &SniffGitlabDependencyScanning, &CreateGitlabDependencyScanningImporter},
      {"gitlab_container_scanning", "GitLab container scanning report",
       &SniffGitlabContainerScanning, &CreateGitlabContainerScanningImporter},
      {"gitlab_sast", "GitLab SAST report", &SniffGitlabSast,
       &CreateGitlabSastImporter},
      {"burp", "Burp Suite XML", &SniffBurp, &CreateBurpImporter},
      {"checkov", "Checkov JSON", &SniffCheckov, &CreateCheckovImporter},
      {"kics", "KICS JSON", &SniffKics, &CreateKicsImporter},
      {"trufflehog", "Trufflehog JSON lines", &SniffTrufflehog,
       &CreateTrufflehogImporter},
      {"nessus_csv", "Nessus / Tenable CSV", &SniffNessusCsv,
       &CreateNessusCsvImporter},
      {"qualys_vmdr_csv", "Qualys VMDR CSV", &SniffQualysVmdrCsv,
       &CreateQualysVmdrCsvImporter},
      {"qualys_csv", "Qualys VM CSV", &SniffQualysCsv,
       &CreateQualysCsvImporter},
      {"openvas_csv", "OpenVAS CSV", &SniffOpenvasCsv,
       &CreateOpenvasCsvImporter},
      {"prowler_csv", "Prowler CSV", &SniffProwlerCsv,
       &CreateProwlerCsvImporter},
      {"asff", "AWS Security Finding Format (Security Hub)", &SniffAsff,
       &CreateAsffImporter},
      {"prowler_json", "Prowler JSON (v2 lines, v3)", &SniffProwlerJson,
       &CreateProwlerJsonImporter},
      {"prowler_ocsf", "Prowler OCSF JSON", &SniffProwlerOcsf,
       &CreateProwlerOcsfImporter},
      {"nmap", "Nmap XML", &SniffNmap, &CreateNmapImporter},
      {"nexpose", "Rapid7 Nexpose / InsightVM XML", &SniffNexpose,
       &CreateNexposeImporter},
      {"nexpose_simple", "Rapid7 Nexpose Simple XML", &SniffNexposeSimple,
       &CreateNexposeSimpleImporter},
      {"qualys_xml", "Qualys VM XML (asset data report)", &SniffQualysXml,
       &CreateQualysXmlImporter},
      {"qualys_scan_xml", "Qualys legacy scan report XML (scan-1.dtd)",
       &SniffQualysScan, &CreateQualysScanImporter},
      {"qualys_was", "Qualys WAS XML", &SniffQualysWas,
       &CreateQualysWasImporter},
      {"openvas_xml", "OpenVAS / Greenbone XML report", &SniffOpenvasXml,
       &CreateOpenvasXmlImporter},
      {"grype", "Grype JSON", &SniffGrype, &CreateGrypeImporter},
      {"snyk", "Snyk JSON", &SniffSnyk, &CreateSnykImporter},
      {"npm_audit_v7", "npm audit JSON (npm 7+)", &SniffNpmAuditV7,
       &CreateNpmAuditV7Importer},
      {"npm_audit_v6", "npm audit JSON (npm 6)", &SniffNpmAuditV6,
       &CreateNpmAuditV6Importer},
      {"yarn_audit", "yarn audit JSON lines", &SniffYarnAudit,
       &CreateYarnAuditImporter},
      {"dependency_check", "OWASP Dependency-Check XML", &SniffDependencyCheck,
       &CreateDependencyCheckImporter},
      {"cyclonedx_json", "CycloneDX JSON", &SniffCycloneDxJson,
       &CreateCycloneDxJsonImporter, &MaybeCycloneDxJson},
      {"cyclonedx_xml", "CycloneDX XML", &SniffCycloneDxXml,
       &CreateCycloneDxXmlImporter},
  };
  return kImporters;
}

const ImporterSpec* FindImporter(std::string_view id) {
  for (const ImporterSpec& spec : Importers()) {
    if (id == spec.id)
      return &spec;
  }
  return nullptr;
}

const ImporterSpec* SniffFormat(std::string_view head, bool complete) {
  for (const ImporterSpec& spec : Importers()) {
    if (spec.sniff(head, complete))
      return &spec;
  }
  return nullptr;
}

const ImporterSpec* MaybeFormat(std::string_view head) {
  for (const ImporterSpec& spec : Importers()) {
    if (spec.maybe != nullptr && spec.maybe(head))
      return &spec;
  }
  return nullptr;
}

}  // namespace exposure
