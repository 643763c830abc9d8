// Asset inventories as JSON: an array of records, one record on its own,
// or JSON lines of records, each record an object of one asset's fields
// (an asset tool's or a script's export).
//
// One asset per record, no findings, read as inventory_csv reads a row
// (core/importers/inventory_csv_importer.h): keys by their normalised
// names and synonyms (hostName, host_name and "Host Name" are one), the
// first value of a multi-valued field as the identity. Values may be
// strings, numbers, booleans, arrays of them ("ips": ["10.0.0.1", ...]) or
// objects naming their value (display_value, display, name, value,
// address: NetBox's {"address": "10.0.0.5/24"}); tags may be strings,
// arrays of strings, AWS-style [{"Key": ..., "Value": ...}] or a {key:
// value} object ("key:value" tags). A record without an identity or a
// name is not one; an inventory none of whose records has an identity key
// is refused with the keys of its first record.
//
// The sniffer reads the first record: it must have an identity key (a
// bare "name" or "address" only beside an inventory key such as owner or
// environment), no key of a scanner's finding (plugin, qid, cve,
// severity, vulnerability, check, template id, ...) nor of another
// source's export (ports, AWS Config items, Google Cloud Asset Inventory,
// runZero, CycloneDX), and be flat: no member but the tags holds a list
// of objects.
#ifndef CORE_IMPORTERS_INVENTORY_JSON_IMPORTER_H_
#define CORE_IMPORTERS_INVENTORY_JSON_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffInventoryJson(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateInventoryJsonImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_INVENTORY_JSON_IMPORTER_H_
