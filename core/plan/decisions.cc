#include "core/plan/decisions.h"

#include <nlohmann/json.hpp>

#include "core/base/strings.h"
#include "core/base/time.h"

namespace exposure {

namespace {

constexpr const char* kStatusNames[kDecisionStatusCount] = {
    "accepted", "false_positive", "not_affected", "deferred"};

constexpr const char* kJustificationNames[] = {
    "",
    "component_not_present",
    "vulnerable_code_not_present",
    "vulnerable_code_not_in_execute_path",
    "vulnerable_code_cannot_be_controlled_by_adversary",
    "inline_mitigations_already_exist",
};

// CycloneDX 1.6 has no "component not present": its closest meaning is
// that the vulnerable code is not there either.
constexpr const char* kCycloneDxNames[] = {
    "",
    "code_not_present",
    "code_not_present",
    "code_not_reachable",
    "requires_environment",
    "protected_by_mitigating_control",
};

bool IsDate(const std::string& s) {
  return s.size() == 10 && AddDays(s, 0) == s;
}

Status ParseEntry(const nlohmann::json& j,
                  const std::string& where,
                  Decision* d) {
  if (!j.is_object())
    return Status::Error(where + ": must be an object");
  bool has_status = false;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    const nlohmann::json& v = it.value();
    const std::string at = where + "." + key;
    if (key == "match") {
      if (!v.is_object() || v.empty())
        return Status::Error(at + ": must be an object with a condition");
      for (auto m = v.begin(); m != v.end(); ++m) {
        const std::string mat = at + "." + m.key();
        if (!m.value().is_string() || m.value().get<std::string>().empty())
          return Status::Error(mat + ": must be a non-empty string");
        std::string value = m.value().get<std::string>();
        if (m.key() == "finding") {
          d->match.finding = value;
        } else if (m.key() == "rule") {
          d->match.rule = value;
        } else if (m.key() == "cve") {
          d->match.cve = value;
        } else if (m.key() == "asset") {
          d->match.asset = value;
        } else if (m.key() == "component") {
          d->match.component = value;
        } else {
          return Status::Error(
              mat +
              ": unknown condition (finding, rule, cve, asset, component)");
        }
      }
    } else if (key == "status") {
      bool ok = false;
      if (v.is_string()) {
        for (int s = 0; s < kDecisionStatusCount; ++s) {
          if (v.get<std::string>() == kStatusNames[s]) {
            d->status = static_cast<DecisionStatus>(s);
            ok = true;
          }
        }
      }
      if (!ok) {
        return Status::Error(at +
                             ": expected one of accepted, false_positive, "
                             "not_affected, deferred");
      }
      has_status = true;
    } else if (key == "justification") {
      bool ok = false;
      if (v.is_string()) {
        for (size_t s = 1; s < std::size(kJustificationNames); ++s) {
          if (v.get<std::string>() == kJustificationNames[s]) {
            d->justification = static_cast<VexJustification>(s);
            ok = true;
          }
        }
      }
      if (!ok) {
        return Status::Error(
            at +
            ": expected one of component_not_present, "
            "vulnerable_code_not_present, vulnerable_code_not_in_execute_path, "
            "vulnerable_code_cannot_be_controlled_by_adversary, "
            "inline_mitigations_already_exist");
      }
    } else if (key == "by" || key == "reason") {
      if (!v.is_string())
        return Status::Error(at + ": must be a string");
      (key == "by" ? d->by : d->reason) = v.get<std::string>();
    } else if (key == "until") {
      if (!v.is_string() || !IsDate(v.get<std::string>()))
        return Status::Error(at + ": must be a YYYY-MM-DD date");
      d->until = v.get<std::string>();
    } else {
      return Status::Error(at +
                           ": unknown member (match, status, justification, "
                           "by, reason, until)");
    }
  }
  if (d->match.finding.empty() && d->match.rule.empty() &&
      d->match.cve.empty() && d->match.asset.empty() &&
      d->match.component.empty()) {
    return Status::Error(where + ".match: required");
  }
  if (!has_status)
    return Status::Error(where + ".status: required");
  return Status::Ok();
}

}  // namespace

const char* DecisionStatusName(DecisionStatus s) {
  return kStatusNames[static_cast<int>(s)];
}

const char* VexJustificationName(VexJustification j) {
  return kJustificationNames[static_cast<int>(j)];
}

const char* CycloneDxJustification(VexJustification j) {
  return kCycloneDxNames[static_cast<int>(j)];
}

Result<Decisions> ParseDecisions(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Status::Error("decisions: not a JSON object");
  Decisions out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() == "$schema" || it.key() == "version" ||
        it.key() == "description")
      continue;
    if (it.key() != "decisions")
      return Status::Error("decisions: unknown member \"" + it.key() + "\"");
    if (!it.value().is_array())
      return Status::Error("decisions.decisions: must be an array");
    size_t n = 0;
    for (const nlohmann::json& e : it.value()) {
      Decision d;
      EXPOSURE_RETURN_IF_ERROR(
          ParseEntry(e, "decisions[" + std::to_string(n++) + "]", &d));
      out.list.push_back(std::move(d));
    }
  }
  return out;
}

std::string RenderDecisions(const Decisions& decisions) {
  // An ordered_json keeps the members in the order they are set.
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const Decision& d : decisions.list) {
    nlohmann::ordered_json e;
    nlohmann::ordered_json m = nlohmann::ordered_json::object();
    if (!d.match.finding.empty())
      m["finding"] = d.match.finding;
    if (!d.match.rule.empty())
      m["rule"] = d.match.rule;
    if (!d.match.cve.empty())
      m["cve"] = d.match.cve;
    if (!d.match.asset.empty())
      m["asset"] = d.match.asset;
    if (!d.match.component.empty())
      m["component"] = d.match.component;
    e["match"] = m;
    e["status"] = DecisionStatusName(d.status);
    if (d.justification != VexJustification::kNone)
      e["justification"] = VexJustificationName(d.justification);
    if (!d.by.empty())
      e["by"] = d.by;
    if (!d.reason.empty())
      e["reason"] = d.reason;
    if (!d.until.empty())
      e["until"] = d.until;
    list.push_back(std::move(e));
  }
  nlohmann::ordered_json doc;
  doc["decisions"] = std::move(list);
  return doc.dump(2, ' ', false,
                  nlohmann::ordered_json::error_handler_t::replace) +
         "\n";
}

}  // namespace exposure
