#include "core/importers/bloodhound_importer.h"

#include <set>
#include <string>
#include <utility>

#include "core/base/strings.h"
#include "core/import/json/json_importer.h"
#include "core/importers/inventory_asset.h"
#include "core/importers/sniff_util.h"

namespace exposure {

namespace {

constexpr const char* kNotBloodHound = "not a BloodHound collection: ";

// meta.type values and the kind of their objects; "sessions" objects are
// relations, not principals.
struct CollectionType {
  std::string_view name;
  PrincipalKind kind;
};
constexpr CollectionType kCollectionTypes[] = {
    {"users", PrincipalKind::kUser},
    {"groups", PrincipalKind::kGroup},
    {"computers", PrincipalKind::kComputer},
    {"domains", PrincipalKind::kDomain},
    {"ous", PrincipalKind::kOu},
    {"gpos", PrincipalKind::kGpo},
    {"containers", PrincipalKind::kContainer},
    {"sessions", PrincipalKind::kUnknown},
};

const CollectionType* FindCollectionType(std::string_view name) {
  for (const CollectionType& t : kCollectionTypes) {
    if (t.name == name)
      return &t;
  }
  return nullptr;
}

// The members a data object may open with, for MaybeBloodHound: each is
// BloodHound's own spelling, unlikely in any other `data` array.
constexpr std::string_view kObjectMembers[] = {
    "ObjectIdentifier", "Properties",   "Aces",           "Members",
    "PrimaryGroupSID",  "AllowedToAct", "LocalGroups",    "LocalAdmins",
    "ChildObjects",     "ContainedBy",  "ComputerSID",    "UserSID",
    "HasSIDHistory",    "SPNTargets",   "IsACLProtected", "AllowedToDelegate"};

// ---- head scanning, for the sniffers --------------------------------------

size_t SkipSpace(std::string_view h, size_t at) {
  while (at < h.size() && IsAsciiSpace(h[at]))
    ++at;
  return at;
}

// The offset just after `open` when the member `"key"` of some object in
// `h` has a value starting with `open` ('[', '{', '"'); npos otherwise.
size_t MemberValue(std::string_view h, std::string_view key, char open) {
  const std::string quoted = "\"" + std::string(key) + "\"";
  for (size_t at = h.find(quoted); at != std::string_view::npos;
       at = h.find(quoted, at + 1)) {
    size_t p = SkipSpace(h, at + quoted.size());
    if (p >= h.size() || h[p] != ':')
      continue;  // a string value, not a key
    p = SkipSpace(h, p + 1);
    if (p < h.size() && h[p] == open)
      return p + 1;
  }
  return std::string_view::npos;
}

// The type of the `meta` object in `h`, when the head holds it whole
// (meta is flat: its end is the first '}').
bool MetaType(std::string_view h, std::string_view* type) {
  const size_t start = MemberValue(h, "meta", '{');
  if (start == std::string_view::npos)
    return false;
  const size_t end = h.find('}', start);
  if (end == std::string_view::npos)
    return false;
  const std::string_view meta = h.substr(start, end - start);
  const size_t value = MemberValue(meta, "type", '"');
  if (value == std::string_view::npos)
    return false;
  const size_t close = meta.find('"', value);
  if (close == std::string_view::npos)
    return false;
  *type = meta.substr(value, close - value);
  return true;
}

// ---- reading objects ------------------------------------------------------

// Ids as BloodHound ingests them: trimmed, ASCII upper case.
std::string Id(std::string_view text) {
  return ToUpper(Trim(text));
}

// An entry of a member list: {ObjectIdentifier}, {MemberId} (SharpHound
// v3), or the id itself.
std::string MemberId(const JsonValue& m) {
  if (m.is_string())
    return Id(m.text());
  std::string id = Id(JsonStr(m, "ObjectIdentifier"));
  if (id.empty())
    id = Id(JsonStr(m, "MemberId"));
  return id;
}

// A collected list: {"Results": [...], "Collected": ...} (v4 and later)
// or the array itself (v3).
JsonValue Results(const JsonValue& v) {
  return v.is_object() ? JsonGet(v, "Results") : v;
}

bool IsTrue(const JsonValue& v) {
  return v == true;
}

// The domain-relative id (RID) of a SID, the text after its last '-'.
std::string_view Rid(std::string_view sid) {
  const size_t dash = sid.rfind('-');
  return dash == std::string_view::npos ? std::string_view()
                                        : sid.substr(dash + 1);
}

// Groups that control the domain whatever the collection marks: Domain
// Admins, Domain Controllers, Schema Admins and Enterprise Admins of a
// domain (S-1-5-21-...), the built-in Administrators and the Enterprise
// Domain Controllers (written domain-prefixed: "CORP.LOCAL-S-1-5-32-544").
bool WellKnownTierZero(std::string_view id) {
  if (EndsWith(id, "S-1-5-32-544") || id == "S-1-5-9" ||
      EndsWith(id, "-S-1-5-9")) {
    return true;
  }
  if (!StartsWith(id, "S-1-5-21-"))
    return false;
  const std::string_view rid = Rid(id);
  return rid == "512" || rid == "516" || rid == "518" || rid == "519";
}

// The kind of an object read before `meta` says (BloodHound.py writes it
// last), from the members only that kind has.
PrincipalKind InferKind(const JsonValue& v) {
  for (const char* key : {"Sessions", "PrivilegedSessions", "RegistrySessions",
                          "LocalAdmins", "LocalGroups", "RemoteDesktopUsers",
                          "DcomUsers", "PSRemoteUsers", "UserRights", "IsDC"}) {
    if (v.contains(key))
      return PrincipalKind::kComputer;
  }
  if (v.contains("Members"))
    return PrincipalKind::kGroup;
  if (v.contains("Trusts"))
    return PrincipalKind::kDomain;
  if (v.contains("Links") || v.contains("GPOChanges"))
    return PrincipalKind::kOu;
  if (v.contains("ChildObjects"))
    return PrincipalKind::kContainer;
  for (const char* key : {"PrimaryGroupSID", "SPNTargets", "AllowedToDelegate",
                          "HasSIDHistory"}) {
    if (v.contains(key))
      return PrincipalKind::kUser;
  }
  if (JsonGet(v, "Properties").contains("gpcpath"))
    return PrincipalKind::kGpo;
  return PrincipalKind::kUnknown;
}

// The local group a v6 LocalGroups entry is, by its RID or, failing that,
// its name ("ADMINISTRATORS@WIN10.TESTLAB.LOCAL"); false for any other.
bool LocalGroupRelation(const JsonValue& group, RelationKind* kind) {
  struct Local {
    std::string_view rid;
    std::string_view name;
    RelationKind kind;
  };
  static constexpr Local kLocal[] = {
      {"544", "ADMINISTRATORS", RelationKind::kAdminTo},
      {"555", "REMOTE DESKTOP USERS", RelationKind::kCanRdp},
      {"580", "REMOTE MANAGEMENT USERS", RelationKind::kCanPsRemote},
      {"562", "DISTRIBUTED COM USERS", RelationKind::kExecuteDcom},
  };
  const std::string id = Id(JsonStr(group, "ObjectIdentifier"));
  const std::string_view rid = Rid(id);
  std::string name = Id(JsonStr(group, "Name"));
  name = name.substr(0, name.find('@'));
  for (const Local& l : kLocal) {
    if (rid == l.rid || name == l.name) {
      *kind = l.kind;
      return true;
    }
  }
  return false;
}

// Whether an ACE right is one of the relations read from ACEs (the
// GenericAll ... ReadGMSAPassword run of RelationKind).
bool AceRelation(std::string_view right, RelationKind* kind) {
  return ParseRelationKind(right, kind) && *kind >= RelationKind::kGenericAll &&
         *kind <= RelationKind::kReadGmsaPassword;
}

class BloodHoundImporter : public JsonImporter {
 public:
  explicit BloodHoundImporter(ImportSink* sink) : sink_(sink) {}

 private:
  bool Want(const std::string& path) override {
    if (path == "$.data[]") {
      record_start_ = location();
      return true;
    }
    return path == "$.meta";
  }

  Status OnEnter(const std::string& path) override {
    if (path == "$.data")
      data_seen_ = true;
    return Status::Ok();
  }

  Status OnValue(const std::string& path, const JsonValue& v) override {
    if (path == "$.meta") {
      meta_seen_ = true;
      type_ = JsonStr(v, "type");
      collection_ = FindCollectionType(type_);
      return Status::Ok();
    }
    const std::string where = "data[" + std::to_string(index_++) + "]";
    if (!v.is_object()) {
      LeaveOut(where, "not a JSON object");
    } else if (!v.contains("ObjectIdentifier") && v.contains("ComputerSID")) {
      ReadSession(v, where);
    } else {
      ReadObject(v, where);
    }
    return Status::Ok();
  }

  Status Check() override {
    if (records_.root_type() != '{')
      return Status::Error(std::string(kNotBloodHound) + "not a JSON object");
    if (!data_seen_)
      return Status::Error(std::string(kNotBloodHound) + "no \"data\" array");
    if (meta_seen_ && collection_ == nullptr) {
      return Status::Error(std::string(kNotBloodHound) + "meta.type \"" +
                           type_ +
                           "\" is not users, groups, computers, domains, ous, "
                           "gpos, containers or sessions");
    }
    // A file cut where `meta` would follow its objects, then closed, is
    // still the collection its objects say.
    if (!meta_seen_ && objects_ == 0)
      return Status::Error(std::string(kNotBloodHound) + "no \"meta\" object");
    return Status::Ok();
  }

  void LeaveOut(const std::string& where, const std::string& why) {
    sink_->AddRecordError(
        Status::Error(where + " left out: " + why, record_start_));
  }

  void Relate(const std::string& from,
              const std::string& to,
              RelationKind kind) {
    // A principal's right over itself (a group that owns itself) gives
    // nothing more; the directory drops it too.
    if (from.empty() || to.empty() || from == to)
      return;
    sink_->AddRelation(Relation{from, to, kind});
  }

  // Every member of `list` (a member list or its Results) -> `to`.
  void RelateMembers(const JsonValue& list,
                     const std::string& to,
                     RelationKind kind) {
    const JsonValue members = Results(list);
    if (!members.is_array())
      return;
    for (const JsonValue& m : members)
      Relate(MemberId(m), to, kind);
  }

  // Sessions of a computer (or of a sessions file): computer -> user.
  void RelateSessions(const JsonValue& list, const std::string& computer) {
    const JsonValue sessions = Results(list);
    if (!sessions.is_array())
      return;
    for (const JsonValue& s : sessions) {
      std::string from = Id(JsonStr(s, "ComputerSID"));
      if (from.empty())
        from = Id(JsonStr(s, "ComputerId"));
      if (from.empty())
        from = computer;
      std::string user = Id(JsonStr(s, "UserSID"));
      if (user.empty())
        user = Id(JsonStr(s, "UserId"));
      Relate(from, user, RelationKind::kHasSession);
    }
  }

  void ReadSession(const JsonValue& v, const std::string& where) {
    const std::string computer = Id(JsonStr(v, "ComputerSID"));
    const std::string user = Id(JsonStr(v, "UserSID"));
    if (computer.empty() || user.empty()) {
      LeaveOut(where, "a session without ComputerSID or UserSID");
      return;
    }
    ++objects_;
    Relate(computer, user, RelationKind::kHasSession);
  }

  void ReadObject(const JsonValue& v, const std::string& where) {
    Principal p;
    p.id = Id(JsonStr(v, "ObjectIdentifier"));
    if (p.id.empty()) {
      LeaveOut(where, "no ObjectIdentifier");
      return;
    }
    ++objects_;
    p.kind =
        collection_ != nullptr && collection_->kind != PrincipalKind::kUnknown
            ? collection_->kind
            : InferKind(v);
    const JsonValue props = JsonGet(v, "Properties");
    p.name = std::string(Trim(JsonStr(props, "name")));
    p.domain = std::string(Trim(JsonStr(props, "domain")));
    p.enabled = JsonGet(props, "enabled") != false;
    const std::string primary_group = Id(JsonStr(v, "PrimaryGroupSID"));
    const bool dc =
        p.kind == PrincipalKind::kComputer &&
        (IsTrue(JsonGet(v, "IsDC")) || IsTrue(JsonGet(props, "isdc")) ||
         (StartsWith(primary_group, "S-1-5-21-") &&
          Rid(primary_group) == "516"));
    p.tier_zero = IsTrue(JsonGet(props, "highvalue")) ||
                  IsTrue(JsonGet(props, "isTierZero")) ||
                  WellKnownTierZero(p.id) || p.kind == PrincipalKind::kDomain ||
                  dc;
    if (p.kind == PrincipalKind::kComputer)
      p.asset = AddHost(props);
    const std::string id = p.id;
    const PrincipalKind kind = p.kind;
    sink_->AddPrincipal(std::move(p));

    Relate(id, primary_group, RelationKind::kMemberOf);
    RelateMembers(JsonGet(v, "Members"), id, RelationKind::kMemberOf);
    // Sessions: the computer holds the user's logon.
    for (const char* key :
         {"Sessions", "PrivilegedSessions", "RegistrySessions"})
      RelateSessions(JsonGet(v, key), id);
    // Local groups: their members control the computer.
    RelateMembers(JsonGet(v, "LocalAdmins"), id, RelationKind::kAdminTo);
    RelateMembers(JsonGet(v, "RemoteDesktopUsers"), id, RelationKind::kCanRdp);
    RelateMembers(JsonGet(v, "PSRemoteUsers"), id, RelationKind::kCanPsRemote);
    RelateMembers(JsonGet(v, "DcomUsers"), id, RelationKind::kExecuteDcom);
    const JsonValue local_groups = JsonGet(v, "LocalGroups");
    if (local_groups.is_array()) {
      for (const JsonValue& g : local_groups) {
        RelationKind rel;
        if (LocalGroupRelation(g, &rel))
          RelateMembers(g, id, rel);
      }
    }
    // Delegation: this object may act as a user towards each target; each
    // listed principal may act towards this computer.
    const JsonValue delegate = JsonGet(v, "AllowedToDelegate");
    if (delegate.is_array()) {
      for (const JsonValue& t : delegate)
        Relate(id, MemberId(t), RelationKind::kAllowedToDelegate);
    }
    RelateMembers(JsonGet(v, "AllowedToAct"), id, RelationKind::kAllowedToAct);
    ReadAces(JsonGet(v, "Aces"), id, kind == PrincipalKind::kDomain);
    // The directory's tree, and the GPOs linked where they apply.
    const JsonValue children = JsonGet(v, "ChildObjects");
    if (children.is_array()) {
      for (const JsonValue& c : children)
        Relate(id, MemberId(c), RelationKind::kContains);
    }
    const JsonValue parent = JsonGet(v, "ContainedBy");
    if (parent.is_object())
      Relate(MemberId(parent), id, RelationKind::kContains);
    const JsonValue links = JsonGet(v, "Links");
    if (links.is_array()) {
      for (const JsonValue& l : links)
        Relate(Id(JsonStr(l, "GUID")), id, RelationKind::kGpLink);
    }
  }

  void ReadAces(const JsonValue& aces, const std::string& id, bool domain) {
    if (!aces.is_array())
      return;
    // On a domain: who holds both replication rights (DCSync).
    std::set<std::string> get_changes;
    std::set<std::string> get_changes_all;
    for (const JsonValue& ace : aces) {
      std::string principal = Id(JsonStr(ace, "PrincipalSID"));
      const std::string right = JsonStr(ace, "RightName");
      RelationKind kind;
      if (AceRelation(right, &kind)) {
        Relate(principal, id, kind);
        if (domain && (kind == RelationKind::kGenericAll ||
                       kind == RelationKind::kAllExtendedRights)) {
          Relate(principal, id, RelationKind::kDcSync);
        }
      } else if (domain && right == "GetChanges") {
        get_changes.insert(std::move(principal));
      } else if (domain && right == "GetChangesAll") {
        get_changes_all.insert(std::move(principal));
      }
    }
    for (const std::string& principal : get_changes) {
      if (get_changes_all.count(principal) != 0)
        Relate(principal, id, RelationKind::kDcSync);
    }
  }

  // A computer's host: its FQDN and short name, as a scanner would name
  // it; its AddAsset() index, or kNoAsset when it has no name.
  size_t AddHost(const JsonValue& props) {
    Asset a;
    a.kind = AssetKind::kHost;
    SetHostName(ToLower(JsonStr(props, "name")), &a.ids);
    if (a.ids.hostname.empty()) {
      // JsonStr gives a copy: keep it while the view looks at it.
      const std::string account_text = JsonStr(props, "samaccountname");
      std::string_view account = Trim(account_text);
      if (EndsWith(account, "$"))
        account.remove_suffix(1);
      a.ids.hostname = ToLower(account);
    }
    if (a.ids.hostname.empty())
      return Finding::kNoAsset;
    a.name = a.ids.fqdn.empty() ? a.ids.hostname : a.ids.fqdn;
    a.os = std::string(Trim(JsonStr(props, "operatingsystem")));
    return sink_->AddAsset(a);
  }

  ImportSink* sink_;  // outlives the importer
  bool data_seen_ = false;
  bool meta_seen_ = false;
  std::string type_;  // meta.type as written
  const CollectionType* collection_ = nullptr;
  size_t index_ = 0;    // of the next data element
  size_t objects_ = 0;  // objects and sessions read
  Location record_start_;
};

}  // namespace

bool SniffBloodHound(std::string_view head, bool complete) {
  (void)complete;
  const std::string_view h = SkipBomAndSpace(head);
  if (h.empty() || h[0] != '{')
    return false;
  const size_t data = MemberValue(h, "data", '[');
  if (data == std::string_view::npos)
    return false;
  std::string_view type;
  if (MetaType(h, &type))
    return FindCollectionType(type) != nullptr;
  const std::string_view objects = h.substr(data);
  return (Contains(objects, "\"ObjectIdentifier\"") &&
          (Contains(objects, "\"Properties\"") ||
           Contains(objects, "\"Aces\""))) ||
         (Contains(objects, "\"ComputerSID\"") &&
          Contains(objects, "\"UserSID\""));
}

bool MaybeBloodHound(std::string_view head) {
  const std::string_view h = SkipBomAndSpace(head);
  std::string_view type;
  if (h.empty() || h[0] != '{' || MetaType(h, &type))
    return false;
  const size_t data = MemberValue(h, "data", '[');
  if (data == std::string_view::npos)
    return false;
  size_t at = SkipSpace(h, data);
  if (at >= h.size() || h[at] != '{')
    return false;
  at = SkipSpace(h, at + 1);
  if (at >= h.size() || h[at] != '"')
    return false;
  const size_t end = h.find('"', at + 1);
  if (end == std::string_view::npos)
    return false;
  const std::string_view key = h.substr(at + 1, end - at - 1);
  for (std::string_view member : kObjectMembers) {
    if (key == member)
      return true;
  }
  return false;
}

std::unique_ptr<Importer> CreateBloodHoundImporter(ImportSink* sink) {
  return std::make_unique<BloodHoundImporter>(sink);
}

}  // namespace exposure
