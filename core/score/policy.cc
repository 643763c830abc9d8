#include "core/score/policy.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "core/base/net.h"
#include "core/base/strings.h"

namespace exposure {

namespace {

bool Matches(const AssetMatch& m, const Asset& a) {
  if (!m.tag.empty()) {
    bool found = false;
    for (const std::string& t : a.tags)
      found = found || t == m.tag;
    if (!found)
      return false;
  }
  if (m.kind != AssetKind::kUnknown && m.kind != a.kind)
    return false;
  const AssetContext& c = a.context;
  if (!m.business_unit.empty() && !GlobMatch(m.business_unit, c.business_unit))
    return false;
  if (!m.environment.empty() && !GlobMatch(m.environment, c.environment))
    return false;
  if (!m.site.empty() && !GlobMatch(m.site, c.site))
    return false;
  if (!m.cloud_account.empty() &&
      !EqualsIgnoreCase(m.cloud_account, CloudAccount(a.ids.cloud_id)))
    return false;
  if (!m.name.empty()) {
    bool any = false;
    for (const std::string* s : {&a.name, &a.ids.hostname, &a.ids.fqdn,
                                 &a.ids.image, &a.ids.repository}) {
      any = any || (!s->empty() && GlobMatch(m.name, *s));
    }
    if (!any)
      return false;
  }
  if (m.prefix >= 0) {
    uint32_t ip;
    if (!ParseIpv4(a.ids.ip, &ip))
      return false;
    uint32_t mask = m.prefix == 0 ? 0 : ~uint32_t{0} << (32 - m.prefix);
    if ((ip & mask) != m.net)
      return false;
  }
  return true;
}

Status ParseMatch(const nlohmann::json& j,
                  const std::string& where,
                  AssetMatch* out) {
  if (!j.is_object())
    return Status::Error(where + ": \"match\" must be an object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!it.value().is_string()) {
      return Status::Error(where + ".match." + it.key() + ": must be a string");
    }
    std::string v = it.value().get<std::string>();
    if (it.key() == "tag") {
      out->tag = v;
    } else if (it.key() == "name") {
      out->name = v;
    } else if (it.key() == "business_unit") {
      out->business_unit = v;
    } else if (it.key() == "environment") {
      out->environment = v;
    } else if (it.key() == "site") {
      out->site = v;
    } else if (it.key() == "cloud_account") {
      out->cloud_account = v;
    } else if (it.key() == "kind") {
      if (!ParseAssetKind(v, &out->kind)) {
        return Status::Error(where + ".match.kind: unknown asset kind \"" + v +
                             "\" (host, container_image, repository, "
                             "cloud_resource, kubernetes_workload, "
                             "web_application, artifact)");
      }
    } else if (it.key() == "cidr") {
      if (!ParseCidr(v, &out->net, &out->prefix))
        return Status::Error(where + ".match.cidr: not an IPv4 CIDR: " + v);
    } else {
      return Status::Error(where + ".match: unknown condition \"" + it.key() +
                           "\" (tag, name, kind, cidr, business_unit, "
                           "environment, site, cloud_account)");
    }
  }
  return Status::Ok();
}

template <typename V>
Status ParseRules(const nlohmann::json& j,
                  const std::string& where,
                  bool (*parse_value)(const std::string&, V*),
                  const char* allowed,
                  std::vector<PolicyRule<V>>* out) {
  if (!j.is_array())
    return Status::Error(where + ": must be an array");
  for (size_t i = 0; i < j.size(); ++i) {
    std::string at = where + "[" + std::to_string(i) + "]";
    const nlohmann::json& r = j[i];
    if (!r.is_object() || !r.contains("value") || !r["value"].is_string()) {
      return Status::Error(at + ": needs {\"match\": {...}, \"value\": ...}");
    }
    PolicyRule<V> rule;
    if (r.contains("match")) {
      EXPOSURE_RETURN_IF_ERROR(ParseMatch(r["match"], at, &rule.match));
    }
    if (!parse_value(r["value"].get<std::string>(), &rule.value)) {
      return Status::Error(at + ".value: expected one of " + allowed);
    }
    out->push_back(rule);
  }
  return Status::Ok();
}

bool ParsePolicyCriticality(const std::string& s, Criticality* out) {
  for (int i = 0; i < 4; ++i) {
    if (s == Name(static_cast<Criticality>(i))) {
      *out = static_cast<Criticality>(i);
      return true;
    }
  }
  return false;
}

bool ParseExposure(const std::string& s, SsvcExposure* out) {
  for (int i = 0; i < 3; ++i) {
    if (s == Name(static_cast<SsvcExposure>(i))) {
      *out = static_cast<SsvcExposure>(i);
      return true;
    }
  }
  return false;
}

bool IsIsoDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-')
    return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9')
      return false;
  }
  return true;
}

Status ParseInt(const nlohmann::json& j,
                const std::string& where,
                int lo,
                int hi,
                int* out) {
  if (!j.is_number_integer() || j.get<int64_t>() < lo ||
      j.get<int64_t>() > hi) {
    return Status::Error(where + ": must be an integer from " +
                         std::to_string(lo) + " to " + std::to_string(hi));
  }
  *out = static_cast<int>(j.get<int64_t>());
  return Status::Ok();
}

Status ParseStrings(const nlohmann::json& j,
                    const std::string& where,
                    std::vector<std::string>* out) {
  if (!j.is_array())
    return Status::Error(where + ": must be an array of strings");
  for (const nlohmann::json& x : j) {
    if (!x.is_string() || x.get<std::string>().empty())
      return Status::Error(where + ": must be an array of strings");
    out->push_back(x.get<std::string>());
  }
  return Status::Ok();
}

// "sites": [{"name": "berlin", "cidrs": ["10.1.0.0/16"], "inputs":
// ["berlin-*"]}]
Status ParseSites(const nlohmann::json& j, std::vector<Site>* out) {
  if (!j.is_array())
    return Status::Error("policy.sites: must be an array");
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string where = "policy.sites[" + std::to_string(i) + "]";
    const nlohmann::json& site = j[i];
    if (!site.is_object())
      return Status::Error(where + ": must be an object");
    Site s;
    for (auto m = site.begin(); m != site.end(); ++m) {
      if (m.key() == "name") {
        if (!m.value().is_string() || m.value().get<std::string>().empty())
          return Status::Error(where + ".name: must be a non-empty string");
        s.name = m.value().get<std::string>();
      } else if (m.key() == "cidrs") {
        std::vector<std::string> cidrs;
        EXPOSURE_RETURN_IF_ERROR(
            ParseStrings(m.value(), where + ".cidrs", &cidrs));
        for (const std::string& c : cidrs) {
          uint32_t net = 0;
          int prefix = 0;
          if (!ParseCidr(c, &net, &prefix))
            return Status::Error(where + ".cidrs: not an IPv4 CIDR: " + c);
          s.cidrs.emplace_back(net, prefix);
        }
      } else if (m.key() == "inputs") {
        EXPOSURE_RETURN_IF_ERROR(
            ParseStrings(m.value(), where + ".inputs", &s.inputs));
      } else {
        return Status::Error(where + ": unknown member \"" + m.key() +
                             "\" (name, cidrs, inputs)");
      }
    }
    if (s.name.empty())
      return Status::Error(where + ": needs a name");
    for (const Site& other : *out) {
      if (EqualsIgnoreCase(other.name, s.name))
        return Status::Error(where + ": a second site named " + s.name);
    }
    out->push_back(std::move(s));
  }
  return Status::Ok();
}

// "scopes": [{"name": "payments", "match": {"business_unit": "Payments"}}]
Status ParseScopes(const nlohmann::json& j, std::vector<Scope>* out) {
  if (!j.is_array())
    return Status::Error("policy.scopes: must be an array");
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string where = "policy.scopes[" + std::to_string(i) + "]";
    const nlohmann::json& scope = j[i];
    if (!scope.is_object())
      return Status::Error(where + ": must be an object");
    Scope s;
    for (auto m = scope.begin(); m != scope.end(); ++m) {
      if (m.key() == "name") {
        if (!m.value().is_string() || m.value().get<std::string>().empty())
          return Status::Error(where + ".name: must be a non-empty string");
        s.name = m.value().get<std::string>();
      } else if (m.key() == "match") {
        EXPOSURE_RETURN_IF_ERROR(ParseMatch(m.value(), where, &s.match));
      } else {
        return Status::Error(where + ": unknown member \"" + m.key() +
                             "\" (name, match)");
      }
    }
    if (s.name.empty())
      return Status::Error(where + ": needs a name");
    out->push_back(std::move(s));
  }
  return Status::Ok();
}

// "443", "8000-8090", "any"; ranges into `*out` (empty for any).
bool ParsePorts(const std::string& text,
                std::vector<std::pair<uint32_t, uint32_t>>* out) {
  if (EqualsIgnoreCase(Trim(text), "any") || Trim(text) == "*")
    return true;
  for (const std::string& item : SplitTrimmed(text, ",")) {
    const std::string_view part = item;
    const size_t dash = part.find('-');
    uint32_t lo = 0;
    uint32_t hi = 0;
    if (!ParseUint32(Trim(part.substr(0, dash)), &lo) ||
        (dash != std::string_view::npos &&
         !ParseUint32(Trim(part.substr(dash + 1)), &hi)))
      return false;
    if (dash == std::string_view::npos)
      hi = lo;
    if (lo == 0 || hi > 65535 || lo > hi)
      return false;
    out->emplace_back(lo, hi);
  }
  return !out->empty();
}

// "zones": [{"name": "dmz", "cidrs": ["203.0.113.0/24"], "internet": true}]
Status ParseZones(const nlohmann::json& j, std::vector<Zone>* out) {
  if (!j.is_array())
    return Status::Error("policy.zones: must be an array");
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string where = "policy.zones[" + std::to_string(i) + "]";
    if (!j[i].is_object())
      return Status::Error(where + ": must be an object");
    Zone z;
    for (auto m = j[i].begin(); m != j[i].end(); ++m) {
      const nlohmann::json& v = m.value();
      if (m.key() == "name") {
        if (!v.is_string() || v.get<std::string>().empty() ||
            v.get<std::string>() == "internet")
          return Status::Error(where +
                               ".name: must be a non-empty string other "
                               "than \"internet\"");
        z.name = v.get<std::string>();
      } else if (m.key() == "cidrs") {
        if (!v.is_array())
          return Status::Error(where + ".cidrs: must be an array");
        for (const nlohmann::json& c : v) {
          uint32_t net = 0;
          int prefix = 0;
          if (!c.is_string() || !ParseCidr(c.get<std::string>(), &net, &prefix))
            return Status::Error(where +
                                 ".cidrs: not an IPv4 CIDR: " + c.dump());
          z.cidrs.emplace_back(net, prefix);
        }
      } else if (m.key() == "internet") {
        if (!v.is_boolean())
          return Status::Error(where + ".internet: must be true or false");
        z.internet = v.get<bool>();
      } else {
        return Status::Error(where + ": unknown member \"" + m.key() +
                             "\" (name, cidrs, internet)");
      }
    }
    if (z.name.empty())
      return Status::Error(where + ": needs a name");
    for (const Zone& other : *out) {
      if (other.name == z.name)
        return Status::Error(where + ": zone \"" + z.name + "\" twice");
    }
    out->push_back(std::move(z));
  }
  return Status::Ok();
}

// "reach": [{"from": "dmz", "to": "internal", "ports": "445,3389"}]
Status ParseReach(const nlohmann::json& j,
                  const std::vector<Zone>& zones,
                  std::vector<ReachRule>* out) {
  if (!j.is_array())
    return Status::Error("policy.reach: must be an array");
  auto known = [&](const std::string& name, bool allow_internet) {
    if (allow_internet && name == "internet")
      return true;
    for (const Zone& z : zones) {
      if (z.name == name)
        return true;
    }
    return false;
  };
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string where = "policy.reach[" + std::to_string(i) + "]";
    if (!j[i].is_object())
      return Status::Error(where + ": must be an object");
    ReachRule r;
    bool has_ports = false;
    for (auto m = j[i].begin(); m != j[i].end(); ++m) {
      const nlohmann::json& v = m.value();
      if (m.key() == "from" || m.key() == "to") {
        if (!v.is_string())
          return Status::Error(where + "." + m.key() + ": must be a string");
        (m.key() == "from" ? r.from : r.to) = v.get<std::string>();
      } else if (m.key() == "ports") {
        std::string text = v.is_number_unsigned()
                               ? std::to_string(v.get<uint64_t>())
                           : v.is_string() ? v.get<std::string>()
                                           : "";
        if (!ParsePorts(text, &r.ports))
          return Status::Error(where +
                               ".ports: expected \"any\" or ports and "
                               "ranges like \"22,443,8000-8090\"");
        r.ports_text = text;
        has_ports = true;
      } else {
        return Status::Error(where + ": unknown member \"" + m.key() +
                             "\" (from, to, ports)");
      }
    }
    if (!known(r.from, true))
      return Status::Error(where + ".from: no zone named \"" + r.from +
                           "\" (zones or \"internet\")");
    if (!known(r.to, false))
      return Status::Error(where + ".to: no zone named \"" + r.to + "\"");
    if (!has_ports)
      r.ports_text = "any";
    out->push_back(std::move(r));
  }
  return Status::Ok();
}

// "crown_jewels": [{"match": {"criticality": "critical"}}, {"match":
// {"identity": "DOMAIN ADMINS@*"}}]
Status ParseJewels(const nlohmann::json& j,
                   const std::vector<Scope>& scopes,
                   std::vector<JewelRule>* out) {
  if (!j.is_array())
    return Status::Error("policy.crown_jewels: must be an array");
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string where = "policy.crown_jewels[" + std::to_string(i) + "]";
    if (!j[i].is_object() || !j[i].contains("match") ||
        !j[i]["match"].is_object() || j[i].size() != 1)
      return Status::Error(where + ": must be {\"match\": {...}}");
    JewelRule r;
    nlohmann::json asset_part = nlohmann::json::object();
    for (auto m = j[i]["match"].begin(); m != j[i]["match"].end(); ++m) {
      if (!m.value().is_string())
        return Status::Error(where + ".match." + m.key() +
                             ": must be a string");
      const std::string v = m.value().get<std::string>();
      if (m.key() == "criticality") {
        if (!ParseCriticality(v, &r.criticality))
          return Status::Error(where +
                               ".match.criticality: expected low, medium, "
                               "high or critical");
        r.has_criticality = true;
      } else if (m.key() == "scope") {
        bool found = false;
        for (const Scope& s : scopes)
          found = found || s.name == v;
        if (!found)
          return Status::Error(where + ".match.scope: no scope named \"" + v +
                               "\" (policy scopes, listed before)");
        r.scope = v;
      } else if (m.key() == "identity") {
        r.identity = v;
      } else if (m.key() == "asset") {
        asset_part["name"] = v;
      } else {
        asset_part[m.key()] = v;
      }
    }
    EXPOSURE_RETURN_IF_ERROR(ParseMatch(asset_part, where, &r.match));
    if (!r.identity.empty() &&
        (r.has_criticality || !r.scope.empty() || !asset_part.empty()))
      return Status::Error(where +
                           ".match: \"identity\" names a directory "
                           "principal and takes no asset condition");
    out->push_back(std::move(r));
  }
  return Status::Ok();
}

}  // namespace

bool InScope(const Policy& p, std::string_view scope, const Asset& a) {
  for (const Scope& s : p.scopes) {
    if (s.name == scope)
      return Matches(s.match, a);
  }
  return false;
}

Policy DefaultPolicy() {
  return Policy();
}

const std::string& AssetOwner(const Policy& p, const Asset& a) {
  for (const PolicyRule<std::string>& r : p.owners) {
    if (Matches(r.match, a))
      return r.value;
  }
  return a.context.owner;
}

Result<Policy> ParsePolicy(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Status::Error("policy: not a JSON object");
  Policy p = DefaultPolicy();
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    const nlohmann::json& v = it.value();
    Status s;
    if (key == "version" || key == "$schema" || key == "description") {
      continue;
    } else if (key == "as_of") {
      if (!v.is_string() || !IsIsoDate(v.get<std::string>()))
        return Status::Error("policy.as_of: must be a YYYY-MM-DD date");
      p.as_of = v.get<std::string>();
    } else if (key == "criticality" || key == "exposure") {
      if (!v.is_object())
        return Status::Error("policy." + key + ": must be an object");
      for (auto m = v.begin(); m != v.end(); ++m) {
        std::string where = "policy." + key + "." + m.key();
        if (m.key() == "default") {
          bool ok = m.value().is_string() &&
                    (key == "criticality"
                         ? ParsePolicyCriticality(m.value().get<std::string>(),
                                                  &p.default_criticality)
                         : ParseExposure(m.value().get<std::string>(),
                                         &p.default_exposure));
          if (!ok) {
            return Status::Error(where + ": expected one of " +
                                 (key == "criticality"
                                      ? "low, medium, high, critical"
                                      : "small, controlled, open"));
          }
          if (key == "exposure")
            p.has_default_exposure = true;
        } else if (m.key() == "rules") {
          s = key == "criticality"
                  ? ParseRules(m.value(), where, &ParsePolicyCriticality,
                               "low, medium, high, critical", &p.criticality)
                  : ParseRules(m.value(), where, &ParseExposure,
                               "small, controlled, open", &p.exposure);
        } else {
          return Status::Error(where + ": unknown member (default, rules)");
        }
        if (!s.ok())
          return s;
      }
    } else if (key == "sla_days") {
      if (!v.is_object())
        return Status::Error("policy.sla_days: must be an object");
      for (auto m = v.begin(); m != v.end(); ++m) {
        int index = -1;
        for (int i = 0; i < 4; ++i) {
          if (m.key() == Name(static_cast<DeployerPriority>(i)))
            index = i;
        }
        if (index < 0) {
          return Status::Error("policy.sla_days." + m.key() +
                               ": unknown priority (defer, scheduled, "
                               "out-of-cycle, immediate)");
        }
        s = ParseInt(m.value(), "policy.sla_days." + m.key(), 0, 3650,
                     &p.sla_days[index]);
        if (!s.ok())
          return s;
      }
    } else if (key == "weights") {
      if (!v.is_object())
        return Status::Error("policy.weights: must be an object");
      for (auto m = v.begin(); m != v.end(); ++m) {
        int* target = m.key() == "severity"      ? &p.weight_severity
                      : m.key() == "threat"      ? &p.weight_threat
                      : m.key() == "exposure"    ? &p.weight_exposure
                      : m.key() == "criticality" ? &p.weight_criticality
                                                 : nullptr;
        if (target == nullptr) {
          return Status::Error("policy.weights." + m.key() +
                               ": unknown weight (severity, threat, "
                               "exposure, criticality)");
        }
        s = ParseInt(m.value(), "policy.weights." + m.key(), 0, 1000, target);
        if (!s.ok())
          return s;
      }
      int total = p.weight_severity + p.weight_threat + p.weight_exposure +
                  p.weight_criticality;
      if (total != 1000) {
        return Status::Error(
            "policy.weights: must add up to 1000 (they add "
            "up to " +
            std::to_string(total) + ")");
      }
    } else if (key == "sites") {
      s = ParseSites(v, &p.sites);
      if (!s.ok())
        return s;
    } else if (key == "owners") {
      s = ParseRules(
          v, "policy.owners",
          +[](const std::string& value, std::string* out) {
            *out = std::string(Trim(value));
            return !out->empty();
          },
          "a non-empty team or person", &p.owners);
      if (!s.ok())
        return s;
    } else if (key == "scopes") {
      s = ParseScopes(v, &p.scopes);
      if (!s.ok())
        return s;
    } else if (key == "zones") {
      s = ParseZones(v, &p.zones);
    } else if (key == "paths_per_jewel") {
      s = ParseInt(v, "policy.paths_per_jewel", 1, 100, &p.paths_per_jewel);
    } else if (key == "stale_days") {
      s = ParseInt(v, "policy.stale_days", 1, 3650, &p.stale_days);
      if (!s.ok())
        return s;
    } else if (key == "epss_poc_threshold") {
      if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 1)
        return Status::Error("policy.epss_poc_threshold: must be 0..1");
      p.epss_poc_threshold =
          static_cast<int>(std::lround(v.get<double>() * 100000));
    } else if (key != "reach" && key != "crown_jewels") {
      return Status::Error("policy: unknown member \"" + key + "\"");
    }
    if (!s.ok())
      return s;
  }
  // Rules name zones and scopes: read them once every zone and scope is.
  if (j.contains("reach"))
    EXPOSURE_RETURN_IF_ERROR(ParseReach(j["reach"], p.zones, &p.reach));
  if (j.contains("crown_jewels")) {
    EXPOSURE_RETURN_IF_ERROR(
        ParseJewels(j["crown_jewels"], p.scopes, &p.crown_jewels));
  }
  return p;
}

std::string CloudAccount(std::string_view cloud_id) {
  // arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc
  if (StartsWith(cloud_id, "arn:")) {
    size_t at = 0;
    for (int field = 0; field < 4 && at != std::string_view::npos; ++field)
      at = cloud_id.find(':', at + 1);
    if (at == std::string_view::npos)
      return std::string();
    const size_t end = cloud_id.find(':', at + 1);
    return std::string(cloud_id.substr(at + 1, end - at - 1));
  }
  // /subscriptions/<id>/resourceGroups/... and
  // //compute.googleapis.com/projects/<project>/zones/...
  for (std::string_view marker : {"/subscriptions/", "/projects/"}) {
    const std::string lower = ToLower(cloud_id);
    const size_t at = lower.find(marker);
    if (at != std::string::npos) {
      const size_t from = at + marker.size();
      const size_t end = cloud_id.find('/', from);
      return std::string(cloud_id.substr(from, end - from));
    }
  }
  return std::string();
}

bool AssetMatches(const AssetMatch& m, const Asset& a) {
  return Matches(m, a);
}

Criticality AssetCriticality(const Policy& p,
                             const Asset& a,
                             std::string* source) {
  for (size_t i = 0; i < p.criticality.size(); ++i) {
    if (Matches(p.criticality[i].match, a)) {
      *source = "policy criticality rule " + std::to_string(i + 1);
      return p.criticality[i].value;
    }
  }
  if (a.context.criticality.has_value()) {
    *source = "inventory";
    return *a.context.criticality;
  }
  source->clear();
  return p.default_criticality;
}

SsvcExposure AssetExposure(const Policy& p,
                           const Asset& a,
                           std::string* evidence) {
  for (size_t i = 0; i < p.exposure.size(); ++i) {
    if (Matches(p.exposure[i].match, a)) {
      *evidence = "policy exposure rule " + std::to_string(i + 1);
      return p.exposure[i].value;
    }
  }
  if (a.context.internet_facing.has_value()) {
    *evidence = *a.context.internet_facing ? "inventory: internet facing"
                                           : "inventory: not internet facing";
    return *a.context.internet_facing ? SsvcExposure::kOpen
                                      : SsvcExposure::kControlled;
  }
  if (p.has_default_exposure) {
    *evidence = "policy default";
    return p.default_exposure;
  }
  uint32_t ip;
  if (ParseIpv4(a.ids.ip, &ip) && IsPublicIpv4(ip)) {
    *evidence = "public IP address " + a.ids.ip;
    return SsvcExposure::kOpen;
  }
  *evidence = "default for assets without a public address";
  return SsvcExposure::kControlled;
}

}  // namespace exposure
