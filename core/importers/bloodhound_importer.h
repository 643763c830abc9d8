// BloodHound collections: the JSON files SharpHound CE (meta.version 6),
// BloodHound.py and legacy SharpHound (versions 4 and 5) write, one file
// per object type: {"data": [...], "meta": {"type": ..., "version": ...}},
// `meta` first or last (BloodHound.py and SharpHound write it last).
//
// A collection has no findings. Each object of `data` is one Principal
// (core/model/model.h) of the kind `meta.type` names (users, groups,
// computers, domains, ous, gpos, containers); while `meta` has not been
// read yet, the kind is told from the object's own members (Members: a
// group, Trusts: a domain, Sessions or local groups: a computer, ...).
// - id: ObjectIdentifier in upper case, as BloodHound ingests it; name,
//   domain and enabled from Properties.
// - tier_zero: Properties.highvalue or isTierZero; the well-known groups
//   Domain Admins (-512), Domain Controllers (-516), Schema Admins (-518),
//   Enterprise Admins (-519), Administrators (S-1-5-32-544) and Enterprise
//   Domain Controllers (S-1-5-9); every domain; a domain controller
//   (IsDC, or primary group -516).
// - a computer is also a host asset (no address: BloodHound has none): its
//   FQDN (Properties.name in lower case), short name (its first label,
//   else samaccountname without `$`) and operating system, so that a
//   scanner's record of the same FQDN is the same asset.
// Relations, from the principal that gains control to the one it reaches
// (BloodHound's edge direction):
// - MemberOf: group Members[], PrimaryGroupSID.
// - HasSession (computer -> user): Sessions, PrivilegedSessions,
//   RegistrySessions, and each record of a sessions file
//   ({ComputerSID, UserSID}, no ObjectIdentifier).
// - AdminTo, CanRDP, CanPSRemote, ExecuteDCOM (member -> computer):
//   LocalAdmins, RemoteDesktopUsers, PSRemoteUsers, DcomUsers (v4/v5), and
//   the LocalGroups (v6) whose id ends in -544, -555, -580, -562 or whose
//   name is that group's (ADMINISTRATORS@..., ...).
// - AllowedToDelegate (object -> each target), AllowedToAct (each listed
//   principal -> this computer).
// - Aces[]: PrincipalSID -> this object for the rights GenericAll,
//   GenericWrite, WriteDacl, WriteOwner, Owns, ForceChangePassword,
//   AddMember, AllExtendedRights, AddKeyCredentialLink, ReadLAPSPassword,
//   ReadGMSAPassword; on a domain, DCSync from a principal holding both
//   GetChanges and GetChangesAll, or GenericAll or AllExtendedRights.
//   Other rights are not read.
// - Contains: ChildObjects[] of domains, OUs and containers, and
//   ContainedBy (v6) -> this object. GPLink: each Links[].GUID (a GPO) ->
//   this domain or OU.
// Members may be written {ObjectIdentifier}, {MemberId} (SharpHound v3)
// or as a plain id. An object without ObjectIdentifier (and not a session)
// is left out with an input error; reading goes on.
#ifndef CORE_IMPORTERS_BLOODHOUND_IMPORTER_H_
#define CORE_IMPORTERS_BLOODHOUND_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

// A JSON object with a `data` array and, in the head, either a `meta`
// object whose type is one of the collection types, or (meta written
// last) data objects with ObjectIdentifier and Properties or Aces, or
// sessions (ComputerSID and UserSID).
bool SniffBloodHound(std::string_view head, bool complete);
// A `data` array whose first object opens with a BloodHound member, when
// the head ends before that object says more (a group of thousands of
// members): the importer then confirms the format by `meta.type`.
bool MaybeBloodHound(std::string_view head);
std::unique_ptr<Importer> CreateBloodHoundImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_BLOODHOUND_IMPORTER_H_
