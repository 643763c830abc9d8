// Reconciles our counts with the shared corpus (../shared/corpus): 308 real
// exports with the finding counts DefectDojo's tests expect.
//
// For every scanner folder that has tests/corpus/reasons/<scanner>.tsv, each
// file of that folder must import with no error and either
// - give exactly the manifest's count, or
// - where DefectDojo merges records into one finding, give as many distinct
//   values of DefectDojo's merge key (computed from our report) as the
//   manifest's count: a row "file<TAB>merge<TAB>key spec" (file may be a
//   pattern with '*', matching every file of the folder with a count and no
//   row of its own; an optional fourth column says more), or
// - be listed with our count (or "error" for a file we must reject,
//   "unsupported" for a variant we do not read yet) and the reason for a
//   difference that is not a merge (passed checks skipped, empty files).
// Folders without a reasons file are formats not implemented yet and are
// listed as such.
//
// A key spec is one or more terms joined by " + ", whose distinct values are
// added up. A term is "findings:", "assets:" or "services:" and then the
// report members (dotted paths; for findings "asset." and "rule." follow the
// finding's asset and rule) whose values together make the key, separated by
// commas, or one 'quoted text' (every element gives the same key: one value
// if there is any element). E.g. Grype's default mode:
//   findings:rule_id,component.name,component.installed
//
// tests/corpus/RECONCILE.md is generated from the same data; with
// EXPOSURE_UPDATE_GOLDEN=1 it is rewritten, otherwise it must be current.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/app/analyzer.h"
#include "core/base/strings.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;
using testing::ReadFile;
using testing::SourceDir;

struct ManifestRow {
  std::string scanner;
  std::string file;
  std::string expected;  // "" when DefectDojo asserts no exact count
};

struct Reason {
  std::string ours;  // a count, "error", "unsupported" or "merge"
  std::string text;  // the reason, or for "merge" the key spec
  std::string note;  // "merge" only: optional
};

// One scanner's rows: by file name, and the patterns in file order.
struct Reasons {
  std::map<std::string, Reason> files;
  std::vector<std::pair<std::string, Reason>> patterns;
};

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    out.push_back(line.substr(start, tab - start));
    if (tab == std::string::npos)
      break;
    start = tab + 1;
  }
  return out;
}

std::vector<ManifestRow> LoadManifest() {
  std::vector<ManifestRow> rows;
  std::ifstream in(CorpusDir() + "/MANIFEST.tsv");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> f = SplitTabs(line);
    if (f.size() < 5)
      continue;
    rows.push_back({f[0], f[1], f[4]});
  }
  return rows;
}

// `name` matches `pattern`, where '*' stands for any run of characters.
bool Matches(std::string_view pattern, std::string_view name) {
  const size_t star = pattern.find('*');
  if (star == std::string_view::npos)
    return pattern == name;
  if (name.substr(0, star) != pattern.substr(0, star))
    return false;
  const std::string_view rest = pattern.substr(star + 1);
  for (size_t i = star; i <= name.size(); ++i) {
    if (Matches(rest, name.substr(i)))
      return true;
  }
  return false;
}

// scanner -> its rows
std::map<std::string, Reasons> LoadReasons(
    const std::set<std::string>& scanners) {
  std::map<std::string, Reasons> out;
  for (const std::string& scanner : scanners) {
    std::ifstream in(SourceDir() + "/tests/corpus/reasons/" + scanner + ".tsv");
    if (!in)
      continue;
    Reasons& m = out[scanner];
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#')
        continue;
      std::vector<std::string> f = SplitTabs(line);
      const bool merge = f.size() >= 2 && f[1] == "merge";
      if (f.size() != 3 && !(merge && f.size() == 4)) {
        ADD_FAILURE() << scanner
                      << ".tsv: expected 3 columns (4 for merge): " << line;
        continue;
      }
      Reason r{f[1], f[2], f.size() == 4 ? f[3] : ""};
      if (f[0].find('*') != std::string::npos) {
        EXPECT_TRUE(merge) << scanner
                           << ".tsv: a pattern needs a merge key: " << line;
        m.patterns.emplace_back(f[0], r);
      } else {
        m.files[f[0]] = r;
      }
    }
  }
  return out;
}

// The row for `file`: its own, else the first pattern that matches it when
// the manifest has a count for it, else null.
const Reason* FindReason(const Reasons& reasons,
                         const ManifestRow& row,
                         std::string* pattern) {
  auto it = reasons.files.find(row.file);
  if (it != reasons.files.end())
    return &it->second;
  if (row.expected.empty())
    return nullptr;
  for (const auto& [p, r] : reasons.patterns) {
    if (Matches(p, row.file)) {
      *pattern = p;
      return &r;
    }
  }
  return nullptr;
}

using Json = nlohmann::json;

// The value at dotted `path` in `from` as text ("" when absent or null).
std::string Member(const Json& from, std::string_view path) {
  const Json* at = &from;
  while (!path.empty()) {
    const size_t dot = path.find('.');
    const std::string key(path.substr(0, dot));
    if (!at->is_object() || !at->contains(key))
      return "";
    at = &(*at)[key];
    path = dot == std::string_view::npos ? "" : path.substr(dot + 1);
  }
  return at->is_null()     ? ""
         : at->is_string() ? at->get<std::string>()
                           : at->dump();
}

// How many distinct keys of `spec` the report `report` has, or an error
// for a malformed spec. The fields some element has a value for are added
// to `*present` (one that no file has is most likely misspelt).
Result<size_t> CountKeys(const Json& report,
                         const std::string& spec,
                         std::set<std::string>* present) {
  std::map<std::string, const Json*> assets, rules;
  for (const Json& a : report["assets"])
    assets[a["id"].get<std::string>()] = &a;
  for (const Json& r : report["rules"])
    rules[r["id"].get<std::string>()] = &r;
  size_t total = 0;
  size_t start = 0;
  while (start <= spec.size()) {
    size_t end = spec.find(" + ", start);
    const std::string term = spec.substr(start, end - start);
    start = end == std::string::npos ? spec.size() + 1 : end + 3;
    const size_t colon = term.find(':');
    if (colon == std::string::npos || colon + 1 == term.size())
      return Status::Error("not list:fields: \"" + term + "\"");
    const std::string list = term.substr(0, colon);
    const std::string rest = term.substr(colon + 1);
    // The elements, each with the objects "asset." and "rule." reach.
    struct Element {
      const Json* self;
      const Json* asset;
      const Json* rule;
    };
    std::vector<Element> elements;
    static const Json kNull;
    if (list == "findings") {
      for (const Json& f : report["findings"]) {
        auto a = assets.find(f.value("asset", Json()).is_string()
                                 ? f["asset"].get<std::string>()
                                 : "");
        auto r = rules.find(f.value("rule", ""));
        elements.push_back({&f, a == assets.end() ? &kNull : a->second,
                            r == rules.end() ? &kNull : r->second});
      }
    } else if (list == "assets") {
      for (const Json& a : report["assets"])
        elements.push_back({&a, &kNull, &kNull});
    } else if (list == "services") {
      for (const Json& a : report["assets"]) {
        for (const Json& svc : a["services"])
          elements.push_back({&svc, &kNull, &kNull});
      }
    } else {
      return Status::Error("no list \"" + list + "\"");
    }
    std::set<std::string> keys;
    if (rest.front() == '\'') {
      if (rest.size() < 2 || rest.back() != '\'')
        return Status::Error("unclosed quote in \"" + term + "\"");
      if (!elements.empty())
        keys.insert(rest);
    } else {
      std::vector<std::string> fields;
      for (size_t at = 0; at <= rest.size();) {
        size_t comma = rest.find(',', at);
        fields.push_back(rest.substr(at, comma - at));
        at = comma == std::string::npos ? rest.size() + 1 : comma + 1;
      }
      for (const Element& e : elements) {
        std::string key;
        for (size_t i = 0; i < fields.size(); ++i) {
          std::string_view path = fields[i];
          const Json* from = e.self;
          if (path.substr(0, 6) == "asset.") {
            from = e.asset;
            path.remove_prefix(6);
          } else if (path.substr(0, 5) == "rule.") {
            from = e.rule;
            path.remove_prefix(5);
          }
          std::string value = Member(*from, path);
          if (!value.empty())
            present->insert(list + ":" + fields[i]);
          key += value;
          key += '\x1f';
        }
        keys.insert(std::move(key));
      }
    }
    total += keys.size();
  }
  return total;
}

struct Outcome {
  std::string format;
  uint64_t findings = 0;
  std::vector<InputError> errors;
  Json report;  // only when asked for
};

// `name` (relative to the corpus) is how messages refer to the file, so
// RECONCILE.md does not depend on where the checkout lives.
Outcome Analyze(const std::string& name, bool want_report) {
  Outcome o;
  std::string data;
  Analyzer a;
  if (!ReadFile(CorpusDir() + "/" + name, &data)) {
    a.AddUnreadable(name, "cannot read");
  } else {
    testing::FeedInChunks(&a, name, data, 256 * 1024);
  }
  const Input& in = a.store().inputs().back();
  o.format = in.format;
  o.findings = in.findings;
  o.errors = in.errors;
  if (want_report)
    o.report = Json::parse(a.ReportJson());
  return o;
}

std::string EscapeCell(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

// The whole corpus in one analysis, every file read ahead of its turn (the
// CLI's read-ahead, core/app/read_ahead.h) in 64 KB chunks and adopted in
// turn: the same report as read in turn.
TEST(Corpus, ReadingAheadGivesTheSameReport) {
  std::vector<ManifestRow> rows = LoadManifest();
  ASSERT_EQ(rows.size(), 308u) << "MANIFEST.tsv not found or changed";
  Analyzer direct;
  Analyzer ahead;
  for (const ManifestRow& r : rows) {
    const std::string name = r.scanner + "/" + r.file;
    std::string data;
    ASSERT_TRUE(ReadFile(CorpusDir() + "/" + name, &data));
    testing::FeedInChunks(&direct, name, data, 64 * 1024);
    auto read = std::make_unique<ReadAhead>(name);
    for (size_t at = 0; at < data.size(); at += 64 * 1024)
      read->Feed(std::string_view(data).substr(at, 64 * 1024));
    ahead.Adopt(std::move(read));
  }
  EXPECT_TRUE(ahead.ReportJson() == direct.ReportJson());
}

TEST(Corpus, ReconcileWithManifest) {
  std::vector<ManifestRow> rows = LoadManifest();
  ASSERT_EQ(rows.size(), 308u) << "MANIFEST.tsv not found or changed";
  std::set<std::string> scanners;
  for (const ManifestRow& r : rows)
    scanners.insert(r.scanner);
  auto reasons = LoadReasons(scanners);

  std::ostringstream md;
  md << "# Reconciliation with the shared corpus\n\n"
     << "Generated by `tests/corpus_test.cc` from "
        "`../shared/corpus/MANIFEST.tsv`"
        " and `tests/corpus/reasons/*.tsv`\n"
     << "(regenerate: `EXPOSURE_UPDATE_GOLDEN=1 build/native/tests/"
        "exposure_tests --gtest_filter=Corpus.*`).\n\n"
     << "*Ours* is the number of findings Exposure Lens reports for the file"
        " on its own; *DefectDojo* is the count its parser tests expect (after"
        " its own merging, see `../shared/corpus/NOTES.md`). A finding here is"
        " one record as the tool reports it, so where DefectDojo merges"
        " records (across hosts, paths or endpoints) our count is higher.\n\n"
     << "Where DefectDojo merges records, the scanner's reasons file names"
        " DefectDojo's merge key and the test checks that our findings have"
        " exactly DefectDojo's count of distinct keys (\"key: N\" marks a file"
        " whose counts agree and whose key was checked too); other"
        " differences have a reason.\n\n";

  size_t supported_files = 0, equal = 0, differing = 0, merged = 0,
         rejected = 0, pending = 0, key_checked = 0;
  std::set<std::string> used_specs, present;
  std::string current;
  std::ostringstream body;
  for (const ManifestRow& r : rows) {
    if (r.scanner != current) {
      current = r.scanner;
      body << "\n## " << r.scanner << "\n\n";
      if (reasons.count(r.scanner) == 0) {
        body << "Not supported yet.\n";
      } else {
        for (const auto& [pattern, reason] : reasons[r.scanner].patterns) {
          body << "DefectDojo's merge key for `" << pattern << "`: `"
               << reason.text << "`"
               << (reason.note.empty() ? "" : " (" + reason.note + ")")
               << ".\n\n";
        }
        body << "| file | ours | DefectDojo | why they differ |\n"
             << "| --- | ---: | ---: | --- |\n";
      }
    }
    if (reasons.count(r.scanner) == 0) {
      ++pending;
      continue;
    }
    std::string pattern;
    const Reason* reason = FindReason(reasons[r.scanner], r, &pattern);
    const bool merge = reason != nullptr && reason->ours == "merge";
    Outcome o = Analyze(r.scanner + "/" + r.file, merge);
    std::string ours = o.errors.empty() ? std::to_string(o.findings) : "error";
    std::string where = r.scanner + "/" + r.file;
    const std::string expected = r.expected.empty() ? "–" : r.expected;
    if (reason == nullptr) {
      EXPECT_TRUE(o.errors.empty()) << where << ": " << o.errors[0].message;
      EXPECT_FALSE(r.expected.empty())
          << where << ": no count in the manifest; add a reason row";
      EXPECT_EQ(ours, r.expected) << where << " (add a reason row?)";
      ++supported_files;
      ++equal;
      body << "| " << EscapeCell(r.file) << " | " << ours << " | " << expected
           << " | |\n";
      continue;
    }
    if (merge) {
      ++supported_files;
      ++key_checked;
      EXPECT_TRUE(o.errors.empty()) << where << ": " << o.errors[0].message;
      EXPECT_FALSE(r.expected.empty())
          << where << ": a merge key needs a count in the manifest";
      used_specs.insert(reason->text);
      Result<size_t> keys = CountKeys(o.report, reason->text, &present);
      ASSERT_TRUE(keys.ok()) << where << ": key \"" << reason->text
                             << "\": " << keys.status().message();
      EXPECT_EQ(std::to_string(*keys), r.expected)
          << where << ": distinct values of DefectDojo's key \"" << reason->text
          << "\" in our " << ours << " findings";
      std::string why;
      if (ours == r.expected) {
        ++equal;
        why = "key: " + std::to_string(*keys);
      } else {
        ++differing;
        ++merged;
        why = "DefectDojo merges by " +
              (pattern.empty() ? "`" + reason->text + "`" : "its key") + ": " +
              ours + " findings, " + std::to_string(*keys) + " distinct keys";
        if (pattern.empty() && !reason->note.empty())
          why += " (" + reason->note + ")";
      }
      body << "| " << EscapeCell(r.file) << " | " << ours << " | " << expected
           << " | " << EscapeCell(why) << " |\n";
      continue;
    }
    if (reason->ours == "unsupported") {
      ++pending;
      body << "| " << EscapeCell(r.file) << " | – | " << expected << " | "
           << EscapeCell(reason->text) << " |\n";
      continue;
    }
    ++supported_files;
    if (reason->ours == "error") {
      ++rejected;
      EXPECT_FALSE(o.errors.empty()) << where << " should be rejected";
      std::string msg = o.errors.empty() ? "" : o.errors[0].message;
      body << "| " << EscapeCell(r.file) << " | error | " << expected << " | "
           << EscapeCell(reason->text) << " (our message: `" << EscapeCell(msg)
           << "`) |\n";
      continue;
    }
    EXPECT_TRUE(o.errors.empty()) << where << ": " << o.errors[0].message;
    EXPECT_EQ(ours, reason->ours) << where;
    if (ours == r.expected) {
      ADD_FAILURE() << where << ": counts agree; drop the reason row";
    }
    ++differing;
    body << "| " << EscapeCell(r.file) << " | " << ours << " | " << expected
         << " | " << EscapeCell(reason->text) << " |\n";
  }
  // Every field a key names has a value in some file it was used on.
  for (const std::string& spec : used_specs) {
    size_t start = 0;
    while (start <= spec.size()) {
      const size_t end = spec.find(" + ", start);
      const std::string term = spec.substr(start, end - start);
      start = end == std::string::npos ? spec.size() + 1 : end + 3;
      const size_t colon = term.find(':');
      if (term[colon + 1] == '\'')
        continue;
      for (size_t at = colon + 1; at <= term.size();) {
        const size_t comma = term.find(',', at);
        const std::string field = term.substr(at, comma - at);
        at = comma == std::string::npos ? term.size() + 1 : comma + 1;
        EXPECT_EQ(present.count(term.substr(0, colon) + ":" + field), 1u)
            << "no file has a value for \"" << field << "\" of key \"" << spec
            << "\" (misspelt?)";
      }
    }
  }
  md << "Files of supported formats: " << supported_files
     << " (same count: " << equal << ", different count: " << differing
     << ", of which DefectDojo's merge explains " << merged
     << " and a reason the others, rejected on purpose: " << rejected
     << "). DefectDojo's merge key is checked on " << key_checked
     << " files. Files of formats not supported yet: " << pending << ".\n"
     << body.str();

  std::string path = SourceDir() + "/tests/corpus/RECONCILE.md";
  const char* update = std::getenv("EXPOSURE_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    ASSERT_TRUE(testing::WriteFile(path, md.str()));
  } else {
    std::string current_md;
    ASSERT_TRUE(ReadFile(path, &current_md)) << path;
    EXPECT_EQ(current_md, md.str())
        << "RECONCILE.md is stale (EXPOSURE_UPDATE_GOLDEN=1 rewrites it)";
  }
}

}  // namespace
}  // namespace exposure
