// AWS Config configuration items (CIs), an inventory: a configuration
// snapshot or history file ({"fileVersion", "configSnapshotId",
// "configurationItems": [...]}), the API's {"configurationItems": [...]} or
// {"baseConfigurationItems": [...]} (their `configuration` a JSON string),
// a ConfigurationItemChangeNotification ({"configurationItem": {...}}, or
// the summary an oversized one carries) alone or as the `detail` of an
// EventBridge event, a list of CIs, JSON lines of any of these, or one CI
// alone; schema 1.2 (`arn`, `accountId`) and 1.3 (`ARN`,
// `awsAccountId`) keys alike, mixed as some files mix them.
//
// One asset per CI, no findings. Deleted resources (status
// ResourceDeleted, ResourceDeletedNotRecorded) are not in the estate any
// more and are skipped.
// - AWS::EC2::Instance: a host identified by its ARN, with its private IP
//   address, private DNS name (the FQDN and host name its OS and internal
//   scanners know it by) and the MAC address of its primary interface; its
//   other private, public and IPv6 addresses are further records of the
//   same ARN. A public address makes it internet facing.
// - AWS::SSM::ManagedInstanceInventory: the instance it inventories (the
//   CI's resourceId: the EC2 instance ARN for i-..., the SSM managed
//   instance ARN for mi-...), with AWS:InstanceInformation's ComputerName,
//   IpAddress and platform, and AWS:Network's MAC and addresses.
// - AWS::EC2::NetworkInterface and AWS::EC2::EIP attached to an instance
//   give that instance their addresses (and an EIP makes it internet
//   facing); the interface or address itself is a cloud resource. Unattached,
//   the resource carries the addresses.
// - Every other type: a cloud resource identified by its ARN.
// Tags: the CI's `tags` map (else the configuration's list of {key, value}:
// tags, tagList, tagSet) as key=value, read into the context
// (core/importers/inventory_asset.h); the Name tag names the asset.
// "type:<resourceType>" and "region:<awsRegion>" are added. Relationships are
// not followed.
#ifndef CORE_IMPORTERS_AWS_CONFIG_IMPORTER_H_
#define CORE_IMPORTERS_AWS_CONFIG_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffAwsConfig(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateAwsConfigImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_AWS_CONFIG_IMPORTER_H_
