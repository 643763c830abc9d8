// Google Cloud Asset Inventory exports, an inventory: `gcloud asset
// export` to Cloud Storage (JSON lines, snake_case keys: `name`,
// `asset_type`, `resource.data`), the API's and `gcloud asset list`'s
// camelCase (`assetType`, as JSON lines, an array or {"assets": [...]}),
// `gcloud asset search-all-resources` results (`assetType`, `displayName`,
// `labels`, `additionalAttributes`; also {"results": [...]}), and the 2018
// layout (asset_type "google.compute.Instance", `networkInterface[]` with
// `ipAddress` and `accessConfig[]`, `disk[].license[]`).
//
// One asset per record that describes a resource, no findings:
// - compute instances: a host identified by the full resource name
//   (//compute.googleapis.com/projects/.../instances/NAME), named and host
//   named by the instance (its OS host name unless `hostname` says
//   otherwise), with the first interface's internal IP address; the other
//   internal and the external (NAT) addresses are further records of the
//   same name, and an external address makes it internet facing. The OS is
//   the boot disk's license ("debian-8-jessie"), or the OS inventory's.
// - Artifact Registry Docker images: a container image (`uri`).
// - everything else (projects, buckets, firewalls, service accounts, ...):
//   a cloud resource identified by its full resource name.
// - records without a resource (IAM policy, org policy and access policy
//   exports) describe who may do what on a resource, not the resource: they
//   are skipped, so an IAM-policy export reads as no assets. An OS inventory
//   record (`os_inventory`) gives its instance's OS and host name.
// Labels (`labels`, Cloud SQL's settings.userLabels, GKE's resourceLabels)
// become key=value tags read into the context (core/importers/
// inventory_asset.h); network tags are kept as tags; "type:<asset type>" is
// added, and "zone:" or "location:" where the record has one.
#ifndef CORE_IMPORTERS_GCP_ASSETS_IMPORTER_H_
#define CORE_IMPORTERS_GCP_ASSETS_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffGcpAssets(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateGcpAssetsImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_GCP_ASSETS_IMPORTER_H_
