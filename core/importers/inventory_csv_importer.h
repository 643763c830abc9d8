// Asset inventories as CSV or TSV: a CMDB's or an asset tool's export, or
// a spreadsheet of hosts (the header on the first line, ',', ';', tab or
// '|' between fields).
//
// One asset per row, no findings: rows are inventory records, each adding
// an asset with its identities and context (core/importers/
// inventory_record.h). Columns are read by their normalised names
// (lower case, letters and digits only) and their synonyms: hostname,
// host, computer name, name; fqdn, dns name; ip, ip address, address,
// management ip; mac, mac address; serial, serial number, sn, service tag;
// arn, instance id, resource id (the cloud id); owner, owned by, managed
// by; business unit, department; environment; criticality (1-5, "1 - Most
// Critical", low ... critical); internet facing (yes/no, true/false,
// Internet/Intranet); tags; site, location; os; type; asset tag, barcode.
// A cell with several values ("10.0.0.1, 10.0.0.2") gives its first one
// as the identity. A row without an identity or a name is not a record.
//
// The header must name at least one identity column, else the file is
// refused with the columns it has. The sniffer takes a header with an
// identity column (a bare "name" or "address" only beside an inventory
// column such as owner or environment) and no column of a scanner's
// finding (plugin, qid, cve, severity, vulnerability, check, ...).
#ifndef CORE_IMPORTERS_INVENTORY_CSV_IMPORTER_H_
#define CORE_IMPORTERS_INVENTORY_CSV_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffInventoryCsv(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateInventoryCsvImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_INVENTORY_CSV_IMPORTER_H_
