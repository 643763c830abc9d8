#include "core/importers/kics_importer.h"

#include <string>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/import/json/json_importer.h"
#include "core/import/json/json_records.h"
#include "core/import/json/json_tokenizer.h"
#include "core/importers/sniff_util.h"
#include "core/importers/text_util.h"

namespace exposure {

namespace {

// A query is the rule of the files it flags: its scalar members (name, id,
// severity, category, description, URL, CWE) make the rule, each file is a
// finding, emitted as it is read, so a report cut short keeps the files
// read whole. KICS writes a query's members before its files; files that
// come before the query's id wait for the query's end.
class KicsImporter : public JsonImporter {
 public:
  explicit KicsImporter(ImportSink* sink) : sink_(sink) {}

 private:
  Status Check() override {
    if (records_.root_type() != '{' || !seen_queries_)
      return Status::Error("not a KICS report: no \"queries\" list");
    return Status::Ok();
  }

  static bool IsQueryMember(const std::string& path) {
    constexpr std::string_view kQuery = "$.queries[].";
    return StartsWith(path, kQuery) &&
           path.find_first_of(".[", kQuery.size()) == std::string::npos &&
           path != "$.queries[].files";
  }

  bool Want(const std::string& path) override {
    return path == "$.queries[].files[]" || IsQueryMember(path) ||
           path == "$.kics_version";
  }

  Status OnEnter(const std::string& path) override {
    if (path == "$.queries") {
      seen_queries_ = true;
    } else if (path == "$.queries[]") {
      in_query_ = true;
      query_ = Query();
    }
    return Status::Ok();
  }

  Status OnLeave(const std::string& path) override {
    if (path == "$.queries[]")
      EndQuery();
    return Status::Ok();
  }

  void Flush() override {
    if (in_query_)
      EndQuery();
  }

  Status OnValue(const std::string& path, const JsonValue& v) override {
    if (path == "$.kics_version") {
      version_ = v.is_string() ? v.get<std::string>() : "";
    } else if (path == "$.queries[].files[]") {
      if (!v.is_object())
        return Status::Ok();
      Finding f = FileFinding(v);
      if (query_.id.empty()) {
        query_.held.push_back(std::move(f));
      } else {
        f.rule_id = query_.id;
        sink_->AddFinding(std::move(f));
      }
    } else {
      QueryMember(JsonPathKey(path), v);
    }
    return Status::Ok();
  }

  void QueryMember(const std::string& key, const JsonValue& v) {
    if (!v.is_string() && !v.is_number())
      return;
    std::string text = v.is_string() ? v.get<std::string>() : v.dump();
    if (key == "query_name") {
      query_.name = std::move(text);
    } else if (key == "query_id") {
      query_.id = std::move(text);
    } else if (key == "severity") {
      query_.severity = std::move(text);
    } else if (key == "category") {
      query_.category = std::move(text);
    } else if (key == "description") {
      query_.description = std::string(Trim(text));
    } else if (key == "query_url") {
      query_.url = std::move(text);
    } else if (key == "platform") {
      query_.platform = std::move(text);
    } else if (key == "cwe") {
      query_.cwe = std::move(text);
    }
  }

  // What a file says; the rest is its query's.
  Finding FileFinding(const JsonValue& file) {
    Finding f;
    f.tool = "KICS";
    f.severity_from_rule = true;  // TRACE, KICS's lowest, reads as info
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
    // The query's platform comes before its files in what KICS writes.
    add("platform: ", query_.platform);
    add("issue type: ", issue);
    add("search key: ", key);
    add("expected: ", expected);
    add("actual: ", actual);
    f.evidence = Bounded(ev, 4096);
    if (!expected.empty())
      f.solution = sink_->Intern(expected);
    return f;
  }

  Rule QueryRule() {
    Rule r;
    r.rule_id = query_.id;
    r.title = query_.name.empty() ? query_.id : query_.name;
    r.tool_severity = query_.severity;
    Severity sev = Severity::kInfo;
    ParseSeverity(query_.severity, &sev);
    r.severity = sev;
    r.category = query_.category == "Secret Management"
                     ? Category::kSecret
                     : Category::kMisconfiguration;
    r.description = sink_->Intern(query_.description);
    if (!query_.url.empty())
      r.references.push_back(query_.url);
    if (!query_.cwe.empty())
      AddCwe(query_.cwe, &r.cwes);
    return r;
  }

  void EndQuery() {
    in_query_ = false;
    const Rule rule = QueryRule();
    if (!query_.id.empty())
      sink_->AddRule(rule);
    for (Finding& f : query_.held) {
      if (query_.id.empty()) {
        // No id to name a rule by: the query's fields go on the finding.
        f.title = rule.title;
        f.tool_severity = rule.tool_severity;
        f.severity = *rule.severity;
        f.severity_from_rule = false;
        f.category = rule.category;
        f.description = rule.description;
        f.references = rule.references;
        f.cwes = rule.cwes;
      }
      f.rule_id = query_.id;
      sink_->AddFinding(std::move(f));
    }
    query_.held.clear();
  }

  struct Query {
    std::string name;
    std::string id;
    std::string severity;
    std::string category;
    std::string description;
    std::string url;
    std::string platform;
    std::string cwe;
    std::vector<Finding> held;  // files read before the query's id
  };

  bool seen_queries_ = false;
  std::string version_;
  bool in_query_ = false;
  Query query_;

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
