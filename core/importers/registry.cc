// The one list of importers. Each entry's sniff/create pair lives in its own
// file (<format>_importer.cc) next to its test.
#include "core/importers/importer.h"

#include "core/importers/asff_importer.h"
#include "core/importers/aws_config_importer.h"
#include "core/importers/azure_resource_graph_importer.h"
#include "core/importers/bloodhound_importer.h"
#include "core/importers/burp_importer.h"
#include "core/importers/checkov_importer.h"
#include "core/importers/csaf_vex_importer.h"
#include "core/importers/cyclonedx_json_importer.h"
#include "core/importers/cyclonedx_vex_importer.h"
#include "core/importers/cyclonedx_xml_importer.h"
#include "core/importers/dependency_check_importer.h"
#include "core/importers/gcp_assets_importer.h"
#include "core/importers/gitlab_importer.h"
#include "core/importers/grype_importer.h"
#include "core/importers/inventory_csv_importer.h"
#include "core/importers/inventory_json_importer.h"
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
#include "core/importers/openvex_importer.h"
#include "core/importers/pentest_csv_importer.h"
#include "core/importers/pentest_json_importer.h"
#include "core/importers/prowler_csv_importer.h"
#include "core/importers/prowler_json_importer.h"
#include "core/importers/qualys_csv_importer.h"
#include "core/importers/qualys_scan_importer.h"
#include "core/importers/qualys_was_importer.h"
#include "core/importers/qualys_xml_importer.h"
#include "core/importers/runzero_importer.h"
#include "core/importers/sarif_importer.h"
#include "core/importers/semgrep_importer.h"
#include "core/importers/servicenow_cmdb_importer.h"
#include "core/importers/snyk_importer.h"
#include "core/importers/trivy_importer.h"
#include "core/importers/trufflehog_importer.h"
#include "core/importers/yarn_audit_importer.h"
#include "core/importers/zap_importer.h"
#include "core/importers/zap_json_importer.h"

namespace exposure {

const std::vector<ImporterSpec>& Importers() {
  static const std::vector<ImporterSpec> kImporters = {
      {"nessus", "Nessus v2 XML (.nessus)", SourceClass::kHost, &SniffNessus,
       &CreateNessusImporter},
      {"trivy", "Trivy JSON", SourceClass::kContainerSca, &SniffTrivy,
       &CreateTrivyImporter},
      {"sarif", "SARIF 2.1.0", SourceClass::kCodeWeb, &SniffSarif,
       &CreateSarifImporter},
      {"semgrep", "Semgrep JSON", SourceClass::kCodeWeb, &SniffSemgrep,
       &CreateSemgrepImporter},
      {"zap_xml", "OWASP ZAP XML", SourceClass::kCodeWeb, &SniffZapXml,
       &CreateZapXmlImporter},
      {"zap_json", "OWASP ZAP JSON", SourceClass::kCodeWeb, &SniffZapJson,
       &CreateZapJsonImporter},
      {"nuclei", "Nuclei JSON / JSON lines", SourceClass::kCodeWeb,
       &SniffNuclei, &CreateNucleiImporter},
      {"gitlab_dependency_scanning", "GitLab dependency scanning report",
       SourceClass::kContainerSca, &SniffGitlabDependencyScanning,
       &CreateGitlabDependencyScanningImporter},
      {"gitlab_container_scanning", "GitLab container scanning report",
       SourceClass::kContainerSca, &SniffGitlabContainerScanning,
       &CreateGitlabContainerScanningImporter},
      {"gitlab_sast", "GitLab SAST report", SourceClass::kCodeWeb,
       &SniffGitlabSast, &CreateGitlabSastImporter},
      {"burp", "Burp Suite XML", SourceClass::kCodeWeb, &SniffBurp,
       &CreateBurpImporter},
      {"checkov", "Checkov JSON", SourceClass::kCodeWeb, &SniffCheckov,
       &CreateCheckovImporter},
      {"kics", "KICS JSON", SourceClass::kCodeWeb, &SniffKics,
       &CreateKicsImporter},
      {"trufflehog", "Trufflehog JSON lines", SourceClass::kCodeWeb,
       &SniffTrufflehog, &CreateTrufflehogImporter},
      {"nessus_csv", "Nessus / Tenable CSV", SourceClass::kHost,
       &SniffNessusCsv, &CreateNessusCsvImporter},
      {"qualys_vmdr_csv", "Qualys VMDR CSV", SourceClass::kHost,
       &SniffQualysVmdrCsv, &CreateQualysVmdrCsvImporter},
      {"qualys_csv", "Qualys VM CSV", SourceClass::kHost, &SniffQualysCsv,
       &CreateQualysCsvImporter},
      {"openvas_csv", "OpenVAS CSV", SourceClass::kHost, &SniffOpenvasCsv,
       &CreateOpenvasCsvImporter},
      {"prowler_csv", "Prowler CSV", SourceClass::kCloud, &SniffProwlerCsv,
       &CreateProwlerCsvImporter},
      {"asff", "AWS Security Finding Format (Security Hub)",
       SourceClass::kCloud, &SniffAsff, &CreateAsffImporter},
      {"prowler_json", "Prowler JSON (v2 lines, v3)", SourceClass::kCloud,
       &SniffProwlerJson, &CreateProwlerJsonImporter},
      {"prowler_ocsf", "Prowler OCSF JSON", SourceClass::kCloud,
       &SniffProwlerOcsf, &CreateProwlerOcsfImporter},
      {"nmap", "Nmap XML", SourceClass::kNetwork, &SniffNmap,
       &CreateNmapImporter},
      {"nexpose", "Rapid7 Nexpose / InsightVM XML", SourceClass::kHost,
       &SniffNexpose, &CreateNexposeImporter},
      {"nexpose_simple", "Rapid7 Nexpose Simple XML", SourceClass::kHost,
       &SniffNexposeSimple, &CreateNexposeSimpleImporter},
      {"qualys_xml", "Qualys VM XML (asset data report)", SourceClass::kHost,
       &SniffQualysXml, &CreateQualysXmlImporter},
      {"qualys_scan_xml", "Qualys legacy scan report XML (scan-1.dtd)",
       SourceClass::kHost, &SniffQualysScan, &CreateQualysScanImporter},
      {"qualys_was", "Qualys WAS XML", SourceClass::kCodeWeb, &SniffQualysWas,
       &CreateQualysWasImporter},
      {"openvas_xml", "OpenVAS / Greenbone XML report", SourceClass::kHost,
       &SniffOpenvasXml, &CreateOpenvasXmlImporter},
      {"grype", "Grype JSON", SourceClass::kContainerSca, &SniffGrype,
       &CreateGrypeImporter},
      {"snyk", "Snyk JSON", SourceClass::kContainerSca, &SniffSnyk,
       &CreateSnykImporter},
      {"npm_audit_v7", "npm audit JSON (npm 7+)", SourceClass::kContainerSca,
       &SniffNpmAuditV7, &CreateNpmAuditV7Importer},
      {"npm_audit_v6", "npm audit JSON (npm 6)", SourceClass::kContainerSca,
       &SniffNpmAuditV6, &CreateNpmAuditV6Importer},
      {"yarn_audit", "yarn audit JSON lines", SourceClass::kContainerSca,
       &SniffYarnAudit, &CreateYarnAuditImporter},
      {"dependency_check", "OWASP Dependency-Check XML",
       SourceClass::kContainerSca, &SniffDependencyCheck,
       &CreateDependencyCheckImporter},
      // VEX documents: statements that apply to the findings of every
      // input (core/plan/vex.h), no findings of their own.
      {"openvex", "OpenVEX (VEX statements)", SourceClass::kContainerSca,
       &SniffOpenVex, &CreateOpenVexImporter},
      {"cyclonedx_vex", "CycloneDX VEX (JSON; VEX statements)",
       SourceClass::kContainerSca, &SniffCycloneDxVex,
       &CreateCycloneDxVexImporter},
      {"csaf_vex", "CSAF 2.0 (VEX profile and advisories; VEX statements)",
       SourceClass::kContainerSca, &SniffCsafVex, &CreateCsafVexImporter},
      {"cyclonedx_json", "CycloneDX JSON", SourceClass::kContainerSca,
       &SniffCycloneDxJson, &CreateCycloneDxJsonImporter, &MaybeCycloneDxJson},
      {"cyclonedx_xml", "CycloneDX XML", SourceClass::kContainerSca,
       &SniffCycloneDxXml, &CreateCycloneDxXmlImporter},
      // Validated findings of pentests and breach-and-attack simulation
      // (docs/formats/pentest.md). Network: a pentest saw the asset over
      // the network without being the host, web or other scan its kind
      // expects, so coverage counts the asset seen but its gaps stay.
      {"pentest_csv", "Pentest / BAS validated findings CSV",
       SourceClass::kNetwork, &SniffPentestCsv, &CreatePentestCsvImporter},
      {"pentest_json", "Pentest / BAS validated findings JSON",
       SourceClass::kNetwork, &SniffPentestJson, &CreatePentestJsonImporter,
       &MaybePentestJson},
      // Inventories come after every scanner's export: a scanner's CSV or
      // JSON names hosts too. The specific ones (cloud, runZero, the
      // ServiceNow CMDB) come before the generic CSV and JSON lists, which
      // would take their files too.
      // A directory collection: principals and relations of the identity
      // graph, and each computer as a host of the inventory the directory
      // is (docs/formats/bloodhound.md).
      {"bloodhound", "BloodHound collection (SharpHound, BloodHound.py)",
       SourceClass::kInventory, &SniffBloodHound, &CreateBloodHoundImporter,
       &MaybeBloodHound},
      {"aws_config", "AWS Config configuration items", SourceClass::kInventory,
       &SniffAwsConfig, &CreateAwsConfigImporter},
      {"gcp_assets", "Google Cloud Asset Inventory export",
       SourceClass::kInventory, &SniffGcpAssets, &CreateGcpAssetsImporter},
      {"azure_resource_graph", "Azure Resource Graph query results",
       SourceClass::kInventory, &SniffAzureResourceGraph,
       &CreateAzureResourceGraphImporter},
      {"runzero", "runZero asset inventory", SourceClass::kInventory,
       &SniffRunZero, &CreateRunZeroImporter},
      {"servicenow_cmdb", "ServiceNow CMDB export (JSON, XML, CSV)",
       SourceClass::kInventory, &SniffServiceNowCmdb,
       &CreateServiceNowCmdbImporter},
      {"inventory_csv", "Asset inventory CSV / TSV", SourceClass::kInventory,
       &SniffInventoryCsv, &CreateInventoryCsvImporter},
      {"inventory_json", "Asset inventory JSON / JSON lines",
       SourceClass::kInventory, &SniffInventoryJson,
       &CreateInventoryJsonImporter},
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
