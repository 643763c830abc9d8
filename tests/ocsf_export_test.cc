// The OCSF export (core/render/exports/ocsf.cc) checked against the OCSF
// 1.8.0 schema files in ../shared/data/schemas/ocsf-1.8.0: the class 2002
// definition is merged with the classes it extends, and every event must
// hold every attribute marked required, recursively into the objects it
// writes (where a schema file is shipped, also no attribute the object does
// not define), with the types the dictionary gives.
#include <gtest/gtest.h>

#include <ctime>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/app/analyzer.h"
#include "core/base/version.h"
#include "core/plan/decisions.h"
#include "core/render/export_view.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using nlohmann::json;
using testing::CorpusDir;
using testing::ReadFile;
using testing::SourceDir;

std::string SchemaDir() {
  return SourceDir() + "/../shared/data/schemas/ocsf-1.8.0/";
}

json LoadJson(const std::string& path) {
  std::string text;
  if (!ReadFile(path, &text))
    return json();
  return json::parse(text, nullptr, false);
}

// Merges `child`'s attributes over `*into`: a member the child states
// replaces the parent's (its requirement most of all); the rest stay.
void MergeAttributes(const json& child, json* into) {
  if (!child.contains("attributes"))
    return;
  for (auto it = child["attributes"].begin(); it != child["attributes"].end();
       ++it) {
    if (it.key() == "$include")  // profiles: they apply only when listed
      continue;
    json& slot = (*into)[it.key()];
    if (!slot.is_object())
      slot = json::object();
    for (auto m = it.value().begin(); m != it.value().end(); ++m)
      slot[m.key()] = m.value();
  }
}

// The OCSF schema as far as the shipped files go, plus the required
// attributes of the objects whose files are not shipped.
class Schema {
 public:
  Schema() {
    dictionary_ = LoadJson(SchemaDir() + "dictionary.json");
    json base = LoadJson(SchemaDir() + "events/base_event.json");
    json finding = LoadJson(SchemaDir() + "events/findings/finding.json");
    json vuln =
        LoadJson(SchemaDir() + "events/findings/vulnerability_finding.json");
    ok_ = dictionary_.is_object() && base.is_object() && finding.is_object() &&
          vuln.is_object() && finding["extends"] == "base_event" &&
          vuln["extends"] == "finding";
    class_ = json::object();
    MergeAttributes(base, &class_);
    MergeAttributes(finding, &class_);
    MergeAttributes(vuln, &class_);
  }
  bool ok() const { return ok_; }
  const json& class_attributes() const { return class_; }
  const json& dictionary() const { return dictionary_["attributes"]; }

  // The merged attributes of object `name` from its file and those it
  // extends; null when its file is not shipped.
  json ObjectAttributes(const std::string& name, json* constraints) const {
    json file = LoadJson(SchemaDir() + "objects/" + name + ".json");
    if (!file.is_object())
      return json();
    json attrs = json::object();
    if (file.contains("extends"))
      attrs = ObjectAttributes(file["extends"], constraints);
    if (attrs.is_null())
      attrs = json::object();
    MergeAttributes(file, &attrs);
    if (file.contains("constraints")) {
      for (auto it = file["constraints"].begin();
           it != file["constraints"].end(); ++it) {
        (*constraints)[it.key()] = it.value();
      }
    }
    return attrs;
  }

  // Required attributes of the objects the export writes whose files are
  // not shipped, as objects/*.json at ocsf-schema tag 1.8.0 mark them
  // (with those of what they extend), and their constraints.
  static std::vector<std::string> KnownRequired(const std::string& object,
                                                json* constraints) {
    static const std::map<std::string, std::vector<std::string>> kRequired = {
        {"cve", {"uid"}},
        {"cvss", {"version", "base_score"}},
        {"epss", {"score"}},
        {"cwe", {"uid"}},
        {"advisory", {"uid"}},
        {"affected_package", {"name", "version"}},  // from package
        {"remediation", {"desc"}},
        {"analytic", {"type_id"}},
        {"resource_details", {}},
    };
    // _entity's, inherited by product, analytic and resource_details.
    if (object == "analytic" || object == "resource_details")
      (*constraints)["at_least_one"] = {"name", "uid"};
    auto it = kRequired.find(object);
    EXPECT_NE(it, kRequired.end()) << "no requirements known for " << object;
    return it == kRequired.end() ? std::vector<std::string>() : it->second;
  }

  // The base type ("string_t", "integer_t", ...) of a dictionary type.
  std::string BaseType(const std::string& type) const {
    const json& types = dictionary_["types"]["attributes"];
    if (types.contains(type) && types[type].contains("type"))
      return types[type]["type"];
    return type;
  }

 private:
  json dictionary_;
  json class_;
  bool ok_ = false;
};

// Checks `value` against object (or class) `attrs`; `where` names it.
// Adds every required attribute path checked to `*checked`.
void CheckObject(const Schema& schema,
                 const json& value,
                 const std::string& type,
                 const json& class_attrs,
                 const std::string& where,
                 std::set<std::string>* checked) {
  ASSERT_TRUE(value.is_object()) << where;
  json constraints = json::object();
  json attrs;
  std::vector<std::string> required;
  if (!class_attrs.is_null()) {
    attrs = class_attrs;
  } else {
    attrs = schema.ObjectAttributes(type, &constraints);
    if (attrs.is_null())
      required = Schema::KnownRequired(type, &constraints);
  }
  if (attrs.is_object()) {
    for (auto it = attrs.begin(); it != attrs.end(); ++it) {
      if (it.value().value("requirement", "") == "required")
        required.push_back(it.key());
    }
  }
  for (const std::string& r : required) {
    EXPECT_TRUE(value.contains(r)) << where << "." << r << " is required";
    checked->insert((where.empty() ? "" : where + ".") + r);
  }
  if (constraints.contains("at_least_one")) {
    bool any = false;
    for (const json& k : constraints["at_least_one"])
      any = any || value.contains(k.get<std::string>());
    EXPECT_TRUE(any) << where << ": at least one of "
                     << constraints["at_least_one"];
  }
  if (constraints.contains("just_one")) {
    int n = 0;
    for (const json& k : constraints["just_one"])
      n += value.contains(k.get<std::string>()) ? 1 : 0;
    EXPECT_EQ(n, 1) << where << ": just one of " << constraints["just_one"];
  }
  const json& dict = schema.dictionary();
  for (auto it = value.begin(); it != value.end(); ++it) {
    const std::string& key = it.key();
    const std::string path = (where.empty() ? "" : where + ".") + key;
    if (attrs.is_object()) {
      EXPECT_TRUE(attrs.contains(key)) << path << " is not an attribute";
    }
    ASSERT_TRUE(dict.contains(key)) << path << " is not in the dictionary";
    std::string t = dict[key].value("type", "");
    if (attrs.is_object() && attrs.contains(key) && attrs[key].contains("type"))
      t = attrs[key]["type"];
    const bool array = dict[key].value("is_array", false);
    if (array) {
      ASSERT_TRUE(it.value().is_array()) << path;
    }
    std::vector<json> items;
    if (array) {
      for (const json& v : it.value())
        items.push_back(v);
    } else {
      items.push_back(it.value());
    }
    const std::string base = schema.BaseType(t);
    for (size_t i = 0; i < items.size(); ++i) {
      const json& v = items[i];
      const std::string at =
          array ? path + "[" + std::to_string(i) + "]" : path;
      if (t == "object" || base == "json_t") {
        continue;  // free-form (unmapped)
      } else if (base == "integer_t" || base == "long_t" ||
                 base == "timestamp_t") {
        EXPECT_TRUE(v.is_number_integer()) << at << " " << v;
      } else if (base == "float_t") {
        EXPECT_TRUE(v.is_number()) << at << " " << v;
      } else if (base == "boolean_t") {
        EXPECT_TRUE(v.is_boolean()) << at << " " << v;
      } else if (base.size() > 2 &&
                 base.compare(base.size() - 2, 2, "_t") == 0) {
        EXPECT_TRUE(v.is_string()) << at << " " << v;
      } else {
        CheckObject(schema, v, t, json(), path, checked);
      }
    }
  }
}

struct Input {
  std::string name;
  std::string data;
};

Input File(const std::string& path) {
  Input in;
  in.name = path.substr(path.find_last_of('/') + 1);
  EXPECT_TRUE(ReadFile(path, &in.data)) << path;
  return in;
}

std::vector<Input> Examples() {
  return {File(SourceDir() + "/examples/host-scan.nessus"),
          File(SourceDir() + "/examples/webapp-image.trivy.json"),
          File(CorpusDir() + "/sarif/njsscan.sarif")};
}

// What the test knows of each finding, in the export's order.
struct Row {
  std::string id;
  std::string first_seen;
  std::string last_seen;
  std::string scanned;  // the asset's last scan, when the scanner dates it
  std::vector<std::string> cves;
  std::vector<std::string> cwes;
  Component component;
  Severity severity = Severity::kInfo;
  std::string status;
};

struct Exported {
  std::string text;
  std::vector<json> events;
  std::vector<Row> rows;
  std::string as_of;
  size_t parts = 0;
};

Exported Export(const std::vector<Input>& inputs,
                std::string_view decisions = "") {
  Analyzer a;
  for (const Input& in : inputs)
    testing::FeedInChunks(&a, in.name, in.data, 1 << 16);
  if (!decisions.empty()) {
    Result<Decisions> d = ParseDecisions(decisions);
    EXPECT_TRUE(d.ok()) << d.status().message();
    if (d.ok())
      a.SetDecisions(*d);
  }
  Assessment as = a.Assess();
  Plan plan = a.MakePlan(as);
  ExportView view(a.store(), as, plan);
  StringExportOutput out;
  Status s = WriteOcsf(view, &out);
  EXPECT_TRUE(s.ok()) << s.message();
  Exported e;
  e.as_of = as.as_of;
  e.parts = out.parts.size();
  if (!out.parts.empty())
    e.text = out.parts[0];
  EXPECT_TRUE(view.ForEachFinding([&](const ExportFinding& x) {
                    Row r;
                    r.id = std::string(x.id);
                    r.first_seen = x.finding->first_seen;
                    r.last_seen = x.finding->last_seen;
                    if (x.finding->asset != Finding::kNoAsset)
                      r.scanned =
                          a.store().sightings(x.finding->asset).last_scanned;
                    r.cves = x.finding->cves;
                    r.cwes = x.finding->cwes;
                    r.component = x.finding->component;
                    r.severity = x.finding->severity;
                    r.status = std::string(x.status);
                    e.rows.push_back(std::move(r));
                    return true;
                  })
                  .ok());
  size_t start = 0;
  while (start < e.text.size()) {
    const size_t end = e.text.find('\n', start);
    EXPECT_NE(end, std::string::npos) << "the last line has no line break";
    if (end == std::string::npos)
      break;
    json event = json::parse(e.text.substr(start, end - start), nullptr, false);
    EXPECT_FALSE(event.is_discarded()) << e.text.substr(start, 200);
    e.events.push_back(event);
    start = end + 1;
  }
  return e;
}

TEST(OcsfExport, EveryEventHasEveryRequiredAttribute) {
  const Schema schema;
  ASSERT_TRUE(schema.ok()) << "OCSF schema files under " << SchemaDir();
  const Exported e = Export(Examples());
  ASSERT_GT(e.rows.size(), 20u);
  ASSERT_EQ(e.events.size(), e.rows.size());
  std::set<std::string> checked;
  for (size_t i = 0; i < e.events.size(); ++i) {
    SCOPED_TRACE(e.rows[i].id);
    CheckObject(schema, e.events[i], "vulnerability_finding",
                schema.class_attributes(), "", &checked);
    if (::testing::Test::HasFailure())
      break;
  }
  // The requirements the hand-derived list in the schema folder names are
  // among those checked: the merge above found them all.
  const json derived =
      LoadJson(SchemaDir() + "vulnerability_finding_2002_required.json");
  ASSERT_TRUE(derived.is_object());
  for (const json& r : derived["required"])
    EXPECT_TRUE(checked.count(r["path"].get<std::string>())) << r["path"];
  for (const char* path :
       {"vulnerabilities.cve.uid", "vulnerabilities.cve.cvss.base_score",
        "vulnerabilities.affected_packages.version",
        "vulnerabilities.remediation.desc", "finding_info.analytic.type_id",
        "vulnerabilities.advisory.uid"}) {
    EXPECT_TRUE(checked.count(path)) << path << " was never written";
  }
}

TEST(OcsfExport, ClassTypeSeverityAndProduct) {
  const Exported e = Export(Examples());
  ASSERT_EQ(e.events.size(), e.rows.size());
  for (size_t i = 0; i < e.events.size(); ++i) {
    const json& ev = e.events[i];
    EXPECT_EQ(ev["class_uid"], 2002);
    EXPECT_EQ(ev["category_uid"], 2);
    EXPECT_EQ(ev["activity_id"], 1);
    EXPECT_EQ(ev["type_uid"], 200201);
    EXPECT_EQ(ev["severity_id"], static_cast<int>(e.rows[i].severity) + 1);
    EXPECT_EQ(ev["metadata"]["version"], "1.8.0");
    EXPECT_EQ(ev["metadata"]["product"]["name"], "Exposure Lens");
    EXPECT_EQ(ev["metadata"]["product"]["version"], kVersion);
    EXPECT_EQ(ev["finding_info"]["uid"], e.rows[i].id);
    EXPECT_EQ(ev["status_detail"], e.rows[i].status);
    if (e.rows[i].status == "open") {
      EXPECT_EQ(ev["status_id"], 1);
      EXPECT_EQ(ev["status"], "New");
    }
    EXPECT_TRUE(ev["unmapped"]["risk"].is_number_integer());
    EXPECT_TRUE(ev["unmapped"]["decision"].is_string());
  }
}

// The expected timestamp_t of an ISO 8601 UTC time or a bare date.
int64_t Millis(const std::string& iso) {
  std::tm tm = {};
  const std::string t = iso.size() == 10 ? iso + "T00:00:00" : iso;
  if (!strptime(t.c_str(), "%Y-%m-%dT%H:%M:%S", &tm))
    return -1;
  return static_cast<int64_t>(timegm(&tm)) * 1000;
}

TEST(OcsfExport, TimesComeFromTheFindingItsScanElseTheReferenceDate) {
  const Exported e = Export(Examples());
  ASSERT_EQ(e.events.size(), e.rows.size());
  size_t from_finding = 0;
  for (size_t i = 0; i < e.events.size(); ++i) {
    const Row& r = e.rows[i];
    const std::string& seen = !r.last_seen.empty() ? r.last_seen : r.first_seen;
    const int64_t t = e.events[i]["time"];
    if (!seen.empty() && seen.size() >= 19 &&
        (seen.size() == 19 || seen[19] == 'Z')) {
      ++from_finding;
      EXPECT_EQ(t, Millis(seen.substr(0, 19))) << seen;
      if (!r.last_seen.empty()) {
        EXPECT_EQ(e.events[i]["finding_info"]["last_seen_time"], t);
      }
    } else if (seen.empty() && r.scanned.size() >= 19) {
      // Undated findings take their asset's scan time (a Trivy report's).
      EXPECT_EQ(t, Millis(r.scanned.substr(0, 19))) << r.scanned;
    } else if (seen.empty()) {
      EXPECT_EQ(t, e.as_of.empty() ? 0 : Millis(e.as_of.substr(0, 10)))
          << e.as_of;
    }
  }
  EXPECT_GT(from_finding, 0u);
  // And the same bytes on every run: no clock.
  EXPECT_EQ(Export(Examples()).text, e.text);
}

TEST(OcsfExport, VulnerabilitiesNameCvesPackagesAndFixes) {
  const Exported e = Export(Examples());
  size_t packages = 0;
  for (size_t i = 0; i < e.events.size(); ++i) {
    const Row& r = e.rows[i];
    const json& vulns = e.events[i]["vulnerabilities"];
    if (!r.cves.empty()) {
      ASSERT_EQ(vulns.size(), r.cves.size());
      for (size_t k = 0; k < r.cves.size(); ++k) {
        EXPECT_EQ(vulns[k]["cve"]["uid"], r.cves[k]);
        EXPECT_FALSE(vulns[k].contains("advisory"));
      }
    } else if (!r.cwes.empty()) {
      ASSERT_EQ(vulns.size(), r.cwes.size());
      EXPECT_EQ(vulns[0]["cwe"]["uid"], r.cwes[0]);
    } else {
      ASSERT_EQ(vulns.size(), 1u);
      EXPECT_TRUE(vulns[0]["advisory"]["uid"].is_string());
    }
    if (!r.component.name.empty() && !r.component.installed.empty()) {
      ++packages;
      const json& p = vulns[0]["affected_packages"][0];
      EXPECT_EQ(p["name"], r.component.name);
      EXPECT_EQ(p["version"], r.component.installed);
      if (!r.component.purl.empty()) {
        EXPECT_EQ(p["purl"], r.component.purl);
      }
      if (!r.component.fixed.empty()) {
        EXPECT_EQ(p["fixed_in_version"], r.component.fixed);
        EXPECT_EQ(vulns[0]["is_fix_available"], true);
      }
    }
  }
  EXPECT_GT(packages, 0u);
}

TEST(OcsfExport, DecisionsSetTheStatus) {
  const Exported e = Export(
      Examples(),
      R"({"decisions":[{"match":{"rule":"nessus:97833"},"status":"accepted",)"
      R"("reason":"x"},{"match":{"rule":"nessus:104743"},)"
      R"("status":"deferred","reason":"next window"}]})");
  size_t accepted = 0;
  size_t deferred = 0;
  for (const json& ev : e.events) {
    if (ev["unmapped"]["rule"] == "nessus:97833") {
      ++accepted;
      EXPECT_EQ(ev["status_id"], 3);
      EXPECT_EQ(ev["status"], "Suppressed");
      EXPECT_EQ(ev["status_detail"], "accepted");
      EXPECT_EQ(ev["unmapped"]["triage"]["reason"], "x");
    } else if (ev["unmapped"]["rule"] == "nessus:104743") {
      ++deferred;
      EXPECT_EQ(ev["status_id"], 2);
      EXPECT_EQ(ev["status"], "In Progress");
    }
  }
  EXPECT_GE(accepted, 1u);
  EXPECT_GE(deferred, 1u);
}

TEST(OcsfExport, NoFindingsIsAnEmptyFile) {
  const Exported e = Export({});
  EXPECT_EQ(e.parts, 1u);
  EXPECT_EQ(e.text, "");
}

}  // namespace
}  // namespace exposure
