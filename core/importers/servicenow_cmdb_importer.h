// ServiceNow CMDB exports of configuration items (cmdb_ci and its classes:
// cmdb_ci_server, cmdb_ci_linux_server, cmdb_ci_computer,
// cmdb_ci_vm_instance, ...), in the three syntaxes ServiceNow writes:
//
// - JSON: the Table API's {"result": [...]} (or {"result": {...}} for one
//   record) and a list's JSON export {"records": [...]};
// - XML: a list's XML export <xml><cmdb_ci_server>...</cmdb_ci_server>
//   ...</xml> and an unload <unload><cmdb_ci_server action="...">...;
//   one element per record, named by its table, one child per field;
// - CSV: a list's CSV export, its header the field names (ip_address) or
//   their labels (IP Address).
//
// The sniffer wants one of these shapes with a system field (sys_id or
// sys_class_name) and an identity field (ip_address, host_name, fqdn,
// mac_address, serial_number, object_id): another table's export (an
// incident's names its CI, cmdb_ci, but has none) is not a CMDB's.
//
// One asset per configuration item, no findings. Field values may be a
// plain string (a sys_id for a reference), {"link", "value"} or
// {"display_value", "link"} (also {"display_value", "value"} for every
// field with sysparm_display_value=all), or in XML an element's text with
// a display_value attribute: the display value is read when there is one,
// else the value. A reference read without its display value is a bare
// sys_id, which names no owner, department or location a reader knows: it
// gives no value to the context fields.
//
// Mapped: name (the label, and the host name of a host class's CI without
// host_name when it is shaped like one), host_name, fqdn, dns_domain (with
// a short host name, the FQDN), ip_address, mac_address, serial_number,
// object_id (a cloud VM's provider id: the cloud id), owned_by, else
// managed_by, else support_group (owner), business_unit, else department,
// else company, environment, else used_for, else classification,
// busines_criticality (ServiceNow's spelling) or business_criticality,
// firewall_status (Internet/DMZ: internet facing; Intranet: not),
// location (site), os and os_version, asset_tag and sys_tags (tags),
// sys_class_name (kind, and the tag "class:<class>"), custom u_* fields of
// these names when the standard one is empty. Host classes (servers,
// computers, VMs, network gear, ...) and records without a class are
// hosts, a CI with a cloud id a cloud resource, other classes
// (applications, services, the bare cmdb_ci) of no kind the model has,
// and kept only with an identity.
//
// Skipped: CIs ServiceNow calls gone (install status Retired, Stolen or
// Absent, operational status Retired or 6: their addresses belong to other
// machines now), an unload's DELETE records, CIs of other classes than
// hosts without an identity, and CIs with neither an identity nor a name
// ("Unknown" is no name). Install status is read by
// its label only: its codes differ between classes. Any other status than
// installed and operational is kept as a tag ("install_status:In Stock").
#ifndef CORE_IMPORTERS_SERVICENOW_CMDB_IMPORTER_H_
#define CORE_IMPORTERS_SERVICENOW_CMDB_IMPORTER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/importers/importer.h"

namespace exposure {

bool SniffServiceNowCmdb(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateServiceNowCmdbImporter(ImportSink* sink);

// True for the header row of a ServiceNow list's CSV export: an identity
// column (name, IP address, ...) and a system field (sys_id,
// sys_class_name, ...) or two columns only ServiceNow names so (Class,
// Operational status, Support group, Used for, Firewall status, ...). The
// generic inventory CSV leaves such files to this format.
bool IsServiceNowCsvHeader(const std::vector<std::string>& fields);

}  // namespace exposure

#endif  // CORE_IMPORTERS_SERVICENOW_CMDB_IMPORTER_H_
