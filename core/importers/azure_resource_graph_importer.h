// Azure Resource Graph query results, an inventory: `az graph query` and
// REST JSON ({"totalRecords", "count", "data": [...]}, the CLI's
// {"count", "data", "total_records"}, the older table form with
// "data": {"columns": [...], "rows": [[...]]}, and the REST examples'
// {"responses": {"200": {"body": {...}}}}), and CSV as Resource Graph
// Explorer downloads it (columns id, name, type, location, resourceGroup,
// subscriptionId, tags, properties, ...; objects written as JSON text).
//
// One asset per resource, no findings. Resource ids are ARM ids,
// lowercased: ARM compares them case-insensitively and Azure itself writes
// one resource's id in different cases (a resource group in capitals in
// one place and not in another), so the records of one resource agree.
// - virtual machines (microsoft.compute/virtualmachines, scale set VMs,
//   Arc machines microsoft.hybridcompute/machines): a host identified by its
//   id, host named by osProfile.computerName (Arc: dnsFqdn), the OS from the
//   instance view's osName and osVersion, else the OS disk's osType.
// - network interfaces attached to a VM give that VM their private
//   addresses (and, the primary one, its MAC address); public IP addresses
//   attached to such an interface give it their address and make it
//   internet facing. A public IP address waits for its interface's record
//   (so that a VM's private address comes first), at most until the end of
//   the input. The interface or address itself is a cloud resource,
//   carrying the addresses only when no VM is known for it.
// - everything else: a cloud resource identified by its id.
// Tags (an object, its JSON text, or a plain string as some exports write
// them) become key=value tags read into the context (core/importers/
// inventory_asset.h); "type:", "location:" and "resource_group:" are added.
#ifndef CORE_IMPORTERS_AZURE_RESOURCE_GRAPH_IMPORTER_H_
#define CORE_IMPORTERS_AZURE_RESOURCE_GRAPH_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffAzureResourceGraph(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateAzureResourceGraphImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_AZURE_RESOURCE_GRAPH_IMPORTER_H_
