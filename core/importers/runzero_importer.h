// runZero asset inventory exports, an inventory: JSON (an array of assets,
// as the API's /export/org/assets.json and the console's JSON export write
// it), JSON lines (assets.jsonl) and CSV (assets.csv: id, address or
// addresses, names, macs, os, type, hw, site, tags, ...; several values of
// one field separated by spaces, commas or semicolons).
//
// One host per asset, no findings: its addresses (addresses, then
// addresses_extra; IPv4 first, IPv6 link-local left out), the newest MAC
// address (else the first), its names (the first FQDN as the FQDN, the
// first short name as the host name; names in the "localdomain" pseudo
// domain are short names), the OS with its version, and the site as the
// context's site. Type and hardware become "type:" and "hw:" tags; runZero
// tags are key=value tags read into the context (core/importers/
// inventory_asset.h). A JSON asset's `services`, keyed
// "<address>/<port>/<transport>/<vhost>", are its TCP and UDP services with
// their protocol and product (runZero's "vendor:product:version" split);
// ARP and ICMP entries are no services. Without `services` (a CSV, or JSON
// exported with fewer fields), service_ports_tcp and service_ports_udp give
// the ports alone.
#ifndef CORE_IMPORTERS_RUNZERO_IMPORTER_H_
#define CORE_IMPORTERS_RUNZERO_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffRunZero(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateRunZeroImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_RUNZERO_IMPORTER_H_
