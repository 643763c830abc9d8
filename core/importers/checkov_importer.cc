#include "core/importers/checkov_importer.h"

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

class CheckovImporter : public JsonImporter {
 public:
  explicit CheckovImporter(ImportSink* sink) : sink_(sink) {}

 private:
  Status Check() override {
    if (records_.root_type() != '{' && records_.root_type() != '[')
      return Status::Error("not a Checkov report: no JSON object or array");
    return Status::Ok();
  }

  static bool IsReport(const std::string& path) {
    return path == "$" || path == "$[]";
  }

  bool Want(const std::string& path) override {
    return path == "$.check_type" || path == "$[].check_type" ||
           path == "$.results.failed_checks[]" ||
           path == "$[].results.failed_checks[]" ||
           path == "$.results.skipped_checks[]" ||
           path == "$[].results.skipped_checks[]";
  }

  Status OnEnter(const std::string& path) override {
    if (IsReport(path))
      check_type_.clear();
    return Status::Ok();
  }

  Status OnValue(const std::string& path, const JsonValue& v) override {
    if (EndsWith(path, ".check_type")) {
      check_type_ = v.is_string() ? v.get<std::string>() : "";
    } else if (v.is_object()) {
      Add(v, EndsWith(path, ".skipped_checks[]"));
    }
    return Status::Ok();
  }

  void Add(const JsonValue& c, bool skipped) {
    Finding f;
    f.tool = "Checkov";
    f.category = Category::kMisconfiguration;
    f.rule_id = JsonStr(c, "check_id");
    f.title = JsonStr(c, "check_name");
    if (f.title.empty())
      f.title = f.rule_id;
    f.tool_severity = JsonStr(c, "severity");
    Severity sev = Severity::kMedium;
    if (!f.tool_severity.empty() && !ParseSeverity(f.tool_severity, &sev))
      sev = Severity::kMedium;
    f.severity = sev;
    if (skipped)
      f.status = FindingStatus::kSuppressed;
    std::string bc = JsonStr(c, "bc_check_id");
    if (!bc.empty())
      AppendUnique(&f.aliases, bc);
    std::string guideline = JsonStr(c, "guideline");
    if (!guideline.empty())
      f.references.push_back(guideline);
    std::string description = JsonStr(c, "description");
    f.description = sink_->Intern(description);
    std::string file = JsonStr(c, "repo_file_path");
    if (file.empty())
      file = JsonStr(c, "file_path");
    const JsonValue& range = JsonGet(c, "file_line_range");
    f.location = file;
    if (range.is_array() && !range.empty() && range[0].is_number_integer() &&
        range[0].get<int64_t>() > 0) {
      f.location += ":" + std::to_string(range[0].get<int64_t>());
    }
    std::string resource = JsonStr(c, "resource");
    std::string ev;
    if (!check_type_.empty())
      ev = "check type: " + check_type_;
    if (!resource.empty())
      ev += (ev.empty() ? "" : "\n") + std::string("resource: ") + resource;
    const JsonValue& details = JsonGet(c, "details");
    if (details.is_array()) {
      for (const JsonValue& d : details) {
        if (d.is_string())
          ev += (ev.empty() ? "" : "\n") + d.get<std::string>();
      }
    }
    std::string reason =
        JsonStr(JsonGet(c, "check_result"), "suppress_comment");
    if (!reason.empty())
      ev += (ev.empty() ? "" : "\n") + std::string("suppressed: ") + reason;
    f.evidence = Bounded(ev, 4096);
    AddCwesFromText(JsonStr(c, "cwe"), &f.cwes);
    sink_->AddFinding(std::move(f));
  }

  std::string check_type_;

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

bool SniffCheckov(std::string_view head, bool complete) {
  (void)complete;
  std::string_view h = SkipBomAndSpace(head);
  if (h.empty() || (h[0] != '{' && h[0] != '['))
    return false;
  if (Contains(h, "\"check_type\"") &&
      (Contains(h, "\"failed_checks\"") || Contains(h, "\"passed_checks\"")))
    return true;
  // The summary alone (nothing scanned).
  return h[0] == '{' && Contains(h, "\"checkov_version\"") &&
         Contains(h, "\"resourcecount\"");
}

std::unique_ptr<Importer> CreateCheckovImporter(ImportSink* sink) {
  return std::make_unique<CheckovImporter>(sink);
}

}  // namespace exposure
