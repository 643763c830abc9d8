#include "core/importers/kics_importer.h"

#include <string>
#include <utility>

#include "core/base/strings.h"
#include "core/import/json/json_importer.h"
#include "core/import/json/json_records.h"
#include "core/import/json/json_tokenizer.h"
#include "core/importers/sniff_util.h"
#include "core/importers/text_util.h"

namespace exposure {

namespace {

class KicsImporter : public JsonImporter {
 public:
  explicit KicsImporter(ImportSink* sink) : sink_(sink) {}

 private:
  Status Check() override {
    if (records_.root_type() != '{' || !seen_queries_)
      return Status::Error("not a KICS report: no \"queries\" list");
    return Status::Ok();
  }

  bool Want(const std::string& path) override {
    return path == "$.queries[]" || path == "$.kics_version";
  }

  Status OnEnter(const std::string& path) override {
    if (path == "$.queries")
      seen_queries_ = true;
    return Status::Ok();
  }

  Status OnValue(const std::string& path, const JsonValue& v) override {
    if (path == "$.kics_version") {
      version_ = v.is_string() ? v.get<std::string>() : "";
    } else if (v.is_object()) {
      AddQuery(v);
    }
    return Status::Ok();
  }

  void AddQuery(const JsonValue& q) {
    const JsonValue& files = JsonGet(q, "files");
    if (!files.is_array())
      return;
    std::string name = JsonStr(q, "query_name");
    std::string id = JsonStr(q, "query_id");
    std::string severity = JsonStr(q, "severity");
    std::string category = JsonStr(q, "category");
    std::string_view description =
        sink_->Intern(Trim(JsonStr(q, "description")));
    std::string url = JsonStr(q, "query_url");
    std::string platform = JsonStr(q, "platform");
    std::string cwe = JsonStr(q, "cwe");
    for (const JsonValue& file : files) {
      Finding f;
      f.tool = "KICS";
      f.category = category == "Secret Management"
                       ? Category::kSecret
                       : Category::kMisconfiguration;
      f.rule_id = id;
      f.title = name.empty() ? id : name;
      f.tool_severity = severity;
      Severity sev = Severity::kInfo;
      // KICS's lowest level is TRACE.
      if (ParseSeverity(severity, &sev))
        f.severity = sev;
      f.description = description;
      if (!url.empty())
        f.references.push_back(url);
      if (!cwe.empty())
        AddCwe(cwe, &f.cwes);
      std::string path = JsonStr(file, "file_name");
      std::string line = JsonStr(file, "line");
      f.location = line.empty() ? path : path + ":" + line;
      std::string expected = JsonStr(file, "expected_value");
      std::string actual = JsonStr(file, "actual_value");
      std::string key = JsonStr(file, "search_key");
      std::string issue = JsonStr(file, "issue_type");
      std::string ev;
      auto add = [&ev](const char* label, const std::string& value) {
        if (value.empty())
          return;
        if (!ev.empty())
          ev += '\n';
        ev += label;
        ev += value;
      };
      add("platform: ", platform);
      add("issue type: ", issue);
      add("search key: ", key);
      add("expected: ", expected);
      add("actual: ", actual);
      f.evidence = Bounded(ev, 4096);
      if (!expected.empty())
        f.solution = sink_->Intern(expected);
      sink_->AddFinding(std::move(f));
    }
  }

  bool seen_queries_ = false;
  std::string version_;

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

bool SniffKics(std::string_view head, bool complete) {
  (void)complete;
  std::string_view h = SkipBomAndSpace(head);
  if (h.empty() || h[0] != '{' || !Contains(h, "\"queries\""))
    return false;
  return Contains(h, "\"kics_version\"") ||
         (Contains(h, "\"queries_total\"") && Contains(h, "\"files_scanned\""));
}

std::unique_ptr<Importer> CreateKicsImporter(ImportSink* sink) {
  return std::make_unique<KicsImporter>(sink);
}

}  // namespace exposure
