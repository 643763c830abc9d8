#include "core/importers/trufflehog_importer.h"

#include <string>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/import/json/json_importer.h"
#include "core/import/json/json_records.h"
#include "core/import/json/json_tokenizer.h"
#include "core/importers/sniff_util.h"

namespace exposure {

namespace {

// "2022-06-16 10:17:40 -0700 -0700" -> "2022-06-16T10:17:40-07:00";
// "2021-01-30 19:50:09" -> "2021-01-30T19:50:09". Other shapes are kept.
std::string IsoTimestamp(const std::string& t) {
  if (t.size() < 19 || t[4] != '-' || t[7] != '-' || t[10] != ' ' ||
      t[13] != ':' || t[16] != ':') {
    return t;
  }
  std::string out = t.substr(0, 10) + "T" + t.substr(11, 8);
  if (t.size() >= 25 && t[19] == ' ' && (t[20] == '+' || t[20] == '-')) {
    out += t.substr(20, 3) + ":" + t.substr(23, 2);
  }
  return out;
}

class TrufflehogImporter : public JsonLinesImporter {
 public:
  explicit TrufflehogImporter(ImportSink* sink)
      : JsonLinesImporter("Trufflehog"), sink_(sink) {}

 private:
  Status OnRecord(const JsonValue& v) override {
    if (v.contains("SourceMetadata") || v.contains("DetectorName")) {
      AddV3(v);
    } else {
      AddV2(v);
    }
    return Status::Ok();
  }

  void AddV3(const JsonValue& r) {
    Finding f;
    f.tool = "Trufflehog";
    f.category = Category::kSecret;
    f.rule_id = JsonStr(r, "DetectorName");
    f.title = f.rule_id.empty() ? std::string("Secret") : f.rule_id + " secret";
    const JsonValue& verified = JsonGet(r, "Verified");
    bool is_verified = verified.is_boolean() && verified.get<bool>();
    f.tool_severity = is_verified ? "verified" : "unverified";
    f.severity = is_verified ? Severity::kHigh : Severity::kMedium;
    // SourceMetadata.Data.<Source>{file, line, commit, repository, ...}
    const JsonValue& data = JsonGet(JsonGet(r, "SourceMetadata"), "Data");
    JsonValue meta;
    std::string source;
    if (data.is_object() && !data.empty()) {
      source = std::string(data.begin().key());
      meta = data.begin().value();
    }
    std::string file = JsonStr(meta, "file");
    if (file.empty())
      file = JsonStr(meta, "path");
    std::string line = JsonStr(meta, "line");
    f.location = file;
    if (!line.empty() && line != "0")
      f.location += ":" + line;
    std::string link = JsonStr(meta, "link");
    if (!link.empty())
      f.references.push_back(link);
    std::string commit = JsonStr(meta, "commit");
    std::string secret = JsonStr(r, "Redacted");
    if (secret.empty())
      secret = JsonStr(r, "Raw");
    std::string ev = "secret: " + MaskSecret(secret);
    if (!commit.empty())
      ev += "\ncommit: " + commit;
    std::string email = JsonStr(meta, "email");
    if (!email.empty())
      ev += "\nauthor: " + email;
    if (!source.empty())
      ev += "\nsource: " + source;
    f.evidence = ev;
    f.first_seen = IsoTimestamp(JsonStr(meta, "timestamp"));
    f.description = sink_->Intern(
        "A " + (f.rule_id.empty() ? std::string("secret") : f.rule_id) +
        " secret was found" + (is_verified ? " and verified as live." : "."));
    f.solution = sink_->Intern(
        "Revoke and rotate the secret, then remove it from the source and "
        "its history.");
    std::string repo = JsonStr(meta, "repository");
    if (!repo.empty())
      f.asset = RepositoryAsset(repo);
    sink_->AddFinding(std::move(f));
  }

  void AddV2(const JsonValue& r) {
    Finding f;
    f.tool = "Trufflehog";
    f.category = Category::kSecret;
    f.rule_id = JsonStr(r, "reason");
    f.title = f.rule_id.empty() ? std::string("Secret") : f.rule_id;
    f.severity = Severity::kMedium;
    f.location = JsonStr(r, "path");
    std::string ev;
    const JsonValue& found = JsonGet(r, "stringsFound");
    if (found.is_array()) {
      for (const JsonValue& s : found) {
        if (!s.is_string())
          continue;
        ev +=
            (ev.empty() ? "secret: " : ", ") + MaskSecret(s.get<std::string>());
      }
    }
    std::string commit = JsonStr(r, "commitHash");
    if (!commit.empty())
      ev += (ev.empty() ? "" : "\n") + std::string("commit: ") + commit;
    std::string branch = JsonStr(r, "branch");
    if (!branch.empty())
      ev += (ev.empty() ? "" : "\n") + std::string("branch: ") + branch;
    f.evidence = ev;
    f.first_seen = IsoTimestamp(JsonStr(r, "date"));
    f.description = sink_->Intern("Trufflehog found " + f.title + " in " +
                                  f.location + ".");
    f.solution = sink_->Intern(
        "Revoke and rotate the secret, then remove it from the source and "
        "its history.");
    sink_->AddFinding(std::move(f));
  }

  size_t RepositoryAsset(std::string repo) {
    if (EndsWith(repo, ".git"))
      repo.resize(repo.size() - 4);
    Asset a;
    a.kind = AssetKind::kRepository;
    a.name = repo;
    a.ids.repository = repo;
    return sink_->AddAsset(a);
  }

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

std::string MaskSecret(std::string_view secret) {
  secret = Trim(secret);
  size_t keep = 0;
  // Keep up to 4 characters, never splitting a UTF-8 sequence, and never
  // more than a third of a short secret.
  size_t limit = secret.size() >= 12 ? 4 : secret.size() / 3;
  while (keep < limit && keep < secret.size()) {
    ++keep;
    while (keep < secret.size() &&
           (static_cast<unsigned char>(secret[keep]) & 0xC0) == 0x80) {
      ++keep;
    }
  }
  if (keep > 4)
    keep = 0;
  return std::string(secret.substr(0, keep)) + "****";
}

bool SniffTrufflehog(std::string_view head, bool complete) {
  (void)complete;
  std::string_view h = SkipBomAndSpace(head);
  if (h.empty() || (h[0] != '{' && h[0] != '['))
    return false;
  if (Contains(h, "\"SourceMetadata\"") && Contains(h, "\"DetectorName\""))
    return true;
  return Contains(h, "\"stringsFound\"") && Contains(h, "\"reason\"") &&
         Contains(h, "\"commitHash\"");
}

std::unique_ptr<Importer> CreateTrufflehogImporter(ImportSink* sink) {
  return std::make_unique<TrufflehogImporter>(sink);
}

}  // namespace exposure
