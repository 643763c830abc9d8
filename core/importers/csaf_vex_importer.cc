#include "core/importers/csaf_vex_importer.h"

#include <algorithm>
#include <cstddef>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/import/json/json_importer.h"
#include "core/importers/sniff_util.h"
#include "core/importers/vex_util.h"

namespace exposure {

namespace {

// product_status lists, in the order statements are made, with the status
// each states.
constexpr struct {
  const char* list;
  VexStatus status;
} kStatusLists[] = {
    {"known_not_affected", VexStatus::kNotAffected},
    {"fixed", VexStatus::kFixed},
    {"first_fixed", VexStatus::kFixed},
    {"known_affected", VexStatus::kAffected},
    {"first_affected", VexStatus::kAffected},
    {"last_affected", VexStatus::kAffected},
    {"under_investigation", VexStatus::kUnderInvestigation},
};

// What the branches above a product name.
struct BranchContext {
  std::string name;     // the product_name branch
  std::string version;  // the product_version branch
  std::string range;    // the product_version_range branch
};

constexpr int kMaxDepth = 64;

bool HasLetter(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
}

// One vulnerability as read: the lists name product ids, resolved once the
// document has ended (the product tree may follow the vulnerabilities).
struct Vulnerability {
  size_t index = 0;
  std::string id;
  std::vector<std::string> aliases;
  // By list (kStatusLists' order): its product ids.
  std::vector<std::vector<std::string>> lists;
  // By product id (or group id): flag label, impact details, actions.
  std::unordered_map<std::string, std::string> label;
  std::unordered_map<std::string, std::string> impact;
  std::unordered_map<std::string, std::string> action;
};

std::vector<std::string> Strings(const JsonValue& v) {
  std::vector<std::string> out;
  if (v.is_array()) {
    for (const JsonValue& e : v) {
      const std::string_view t = Trim(e.text());
      if (!t.empty())
        out.emplace_back(t);
    }
  }
  return out;
}

// Adds `text` to what `map` holds for each product and group `e` names.
void AddFor(const JsonValue& e,
            const std::string& text,
            bool first_only,
            std::unordered_map<std::string, std::string>* map) {
  if (text.empty())
    return;
  for (const char* key : {"product_ids", "group_ids"}) {
    for (const std::string& id : Strings(JsonGet(e, key))) {
      std::string& held = (*map)[id];
      if (!first_only || held.empty())
        AppendVexText(&held, text, "\n");
    }
  }
}

Vulnerability ReadVulnerability(const JsonValue& v, size_t index) {
  Vulnerability out;
  out.index = index;
  out.id = std::string(Trim(JsonStr(v, "cve")));
  const JsonValue& ids = JsonGet(v, "ids");
  if (ids.is_array()) {
    for (const JsonValue& i : ids) {
      const std::string text(Trim(JsonStr(i, "text")));
      if (out.id.empty()) {
        out.id = text;
      } else if (text != out.id && HasLetter(text)) {
        AppendUnique(&out.aliases, text);
      }
    }
  }
  const JsonValue& status = JsonGet(v, "product_status");
  for (const auto& l : kStatusLists)
    out.lists.push_back(Strings(JsonGet(status, l.list)));
  const JsonValue& flags = JsonGet(v, "flags");
  if (flags.is_array()) {
    for (const JsonValue& f : flags)
      AddFor(f, std::string(Trim(JsonStr(f, "label"))), true, &out.label);
  }
  const JsonValue& threats = JsonGet(v, "threats");
  if (threats.is_array()) {
    for (const JsonValue& t : threats) {
      if (JsonStr(t, "category") == "impact")
        AddFor(t, std::string(Trim(JsonStr(t, "details"))), false, &out.impact);
    }
  }
  const JsonValue& remediations = JsonGet(v, "remediations");
  if (remediations.is_array()) {
    for (const JsonValue& r : remediations) {
      std::string text;
      AppendVexText(&text, JsonStr(r, "details"), " ");
      const std::string url(Trim(JsonStr(r, "url")));
      if (!url.empty())
        text += text.empty() ? url : " (" + url + ")";
      const std::string category = JsonStr(r, "category");
      if (!text.empty() && !category.empty())
        text = category + ": " + text;
      AddFor(r, text, false, &out.action);
    }
  }
  return out;
}

class CsafVexImporter : public JsonImporter {
 public:
  explicit CsafVexImporter(ImportSink* sink) : sink_(sink) {}

 private:
  bool Want(const std::string& path) override {
    return path == "$.document" || path == "$.product_tree" ||
           path == "$.vulnerabilities[]";
  }

  Status OnValue(const std::string& path, const JsonValue& v) override {
    if (path == "$.document") {
      ReadDocument(v);
    } else if (path == "$.product_tree") {
      ReadProductTree(v);
    } else {
      pending_.push_back(ReadVulnerability(v, next_++));
    }
    return Status::Ok();
  }

  void ReadDocument(const JsonValue& d) {
    csaf_ = !JsonStr(d, "csaf_version").empty();
    author_ = std::string(Trim(JsonStr(JsonGet(d, "publisher"), "name")));
    const JsonValue& tracking = JsonGet(d, "tracking");
    timestamp_ = VexTimestamp(JsonStr(tracking, "current_release_date"));
    const JsonValue& revisions = JsonGet(tracking, "revision_history");
    if (timestamp_.empty() && revisions.is_array() && !revisions.empty())
      timestamp_ =
          VexTimestamp(JsonStr(revisions[revisions.size() - 1], "date"));
    if (timestamp_.empty())
      timestamp_ = VexTimestamp(JsonStr(tracking, "initial_release_date"));
  }

  // A full product (a branch's product, a full_product_names entry, a
  // relationship's full_product_name): its identifiers, else its name.
  std::vector<VexProduct> ProductsOf(const JsonValue& p,
                                     const BranchContext& context) const {
    std::vector<VexProduct> out;
    const JsonValue& helper = JsonGet(p, "product_identification_helper");
    AddVexProduct(&out, VexProductOfId(JsonStr(helper, "purl")));
    for (const std::string& purl : Strings(JsonGet(helper, "purls")))
      AddVexProduct(&out, VexProductOfId(purl));
    const std::string cpe(Trim(JsonStr(helper, "cpe")));
    if (!cpe.empty()) {
      VexProduct c;
      c.cpe = cpe;
      AddVexProduct(&out, std::move(c));
    }
    if (!out.empty())
      return out;
    // Under a product_name branch, that name with the version or range of
    // the branches between; else the product's own (full) name.
    VexProduct named;
    if (context.name.empty()) {
      named.name = std::string(Trim(JsonStr(p, "name")));
    } else {
      named.name = context.name;
      named.version = context.version;
      named.range = context.range;
    }
    AddVexProduct(&out, std::move(named));
    return out;
  }

  void Define(const JsonValue& p, const BranchContext& context) {
    const std::string id(Trim(JsonStr(p, "product_id")));
    if (id.empty())
      return;
    std::vector<VexProduct>& list = products_[id];
    for (VexProduct& product : ProductsOf(p, context))
      AddVexProduct(&list, std::move(product));
  }

  void WalkBranches(const JsonValue& branches,
                    const BranchContext& context,
                    int depth) {
    if (!branches.is_array() || depth > kMaxDepth)
      return;
    for (const JsonValue& b : branches) {
      BranchContext here = context;
      const std::string category = JsonStr(b, "category");
      const std::string name(Trim(JsonStr(b, "name")));
      if (category == "product_name") {
        here.name = name;
      } else if (category == "product_version") {
        here.version = name;
      } else if (category == "product_version_range") {
        here.range = name;
      }
      const JsonValue& product = JsonGet(b, "product");
      if (product.is_object())
        Define(product, here);
      WalkBranches(JsonGet(b, "branches"), here, depth + 1);
    }
  }

  void ReadProductTree(const JsonValue& tree) {
    WalkBranches(JsonGet(tree, "branches"), BranchContext{}, 0);
    const JsonValue& full = JsonGet(tree, "full_product_names");
    if (full.is_array()) {
      for (const JsonValue& p : full)
        Define(p, BranchContext{});
    }
    // A relationship's composite product is the component it names, unless
    // it identifies itself.
    const JsonValue& relationships = JsonGet(tree, "relationships");
    if (relationships.is_array()) {
      for (const JsonValue& r : relationships) {
        const JsonValue& p = JsonGet(r, "full_product_name");
        const std::string id(Trim(JsonStr(p, "product_id")));
        if (id.empty())
          continue;
        const JsonValue& helper = JsonGet(p, "product_identification_helper");
        if (helper.is_object() && !helper.empty()) {
          Define(p, BranchContext{});
          continue;
        }
        auto it =
            products_.find(std::string(Trim(JsonStr(r, "product_reference"))));
        if (it == products_.end())
          continue;
        const std::vector<VexProduct> component = it->second;
        std::vector<VexProduct>& list = products_[id];
        for (const VexProduct& c : component)
          AddVexProduct(&list, c);
      }
    }
    const JsonValue& groups = JsonGet(tree, "product_groups");
    if (groups.is_array()) {
      for (const JsonValue& g : groups) {
        const std::string id(Trim(JsonStr(g, "group_id")));
        if (!id.empty())
          groups_[id] = Strings(JsonGet(g, "product_ids"));
      }
    }
  }

  // What `map` holds for product `id` and for the groups holding it.
  std::string For(const std::unordered_map<std::string, std::string>& map,
                  const std::string& id) const {
    std::string out;
    auto it = map.find(id);
    if (it != map.end())
      out = it->second;
    for (const auto& [group, ids] : groups_) {
      auto g = map.find(group);
      if (g != map.end() && std::find(ids.begin(), ids.end(), id) != ids.end())
        AppendVexText(&out, g->second, "\n");
    }
    return out;
  }

  void Emit(const Vulnerability& v) {
    const std::string where =
        "vulnerabilities[" + std::to_string(v.index) + "]";
    if (v.id.empty()) {
      sink_->AddRecordError(Status::Error(
          where + ": no cve or ids; the vulnerability is skipped"));
      return;
    }
    for (size_t l = 0; l < v.lists.size(); ++l) {
      // Statements of this list, by what they say, in first-seen order.
      using Key = std::tuple<std::string, std::string, std::string>;
      std::map<Key, size_t> index;
      std::vector<VexStatement> statements;
      size_t unknown = 0;
      std::string first_unknown;
      for (const std::string& id : v.lists[l]) {
        auto product = products_.find(id);
        if (product == products_.end() || product->second.empty()) {
          if (unknown++ == 0)
            first_unknown = id;
          continue;
        }
        std::string label = For(v.label, id);
        label = label.substr(0, label.find('\n'));  // the first flag
        Key key{label, For(v.impact, id), For(v.action, id)};
        auto [it, added] = index.emplace(key, statements.size());
        if (added) {
          VexStatement st;
          st.vulnerability = v.id;
          st.aliases = v.aliases;
          st.status = kStatusLists[l].status;
          std::tie(st.justification, st.statement, st.action) = key;
          st.author = author_;
          st.timestamp = timestamp_;
          st.location = where + ".product_status." + kStatusLists[l].list;
          statements.push_back(std::move(st));
        }
        for (const VexProduct& p : product->second)
          AddVexProduct(&statements[it->second].products, p);
      }
      if (unknown > 0) {
        sink_->AddRecordError(Status::Error(
            where + ".product_status." + kStatusLists[l].list +
            ": product id \"" + first_unknown + "\"" +
            (unknown > 1 ? " and " + std::to_string(unknown - 1) + " more"
                         : std::string()) +
            " not in the product tree; skipped"));
      }
      for (VexStatement& st : statements)
        sink_->AddVexStatement(std::move(st));
    }
  }

  // The product tree may follow the vulnerabilities.
  void Flush() override {
    for (const Vulnerability& v : pending_)
      Emit(v);
    pending_.clear();
  }

  Status Check() override {
    if (!csaf_)
      return Status::Error("not a CSAF document: no document.csaf_version");
    return Status::Ok();
  }

  ImportSink* sink_;  // outlives the importer
  bool csaf_ = false;
  std::string author_;
  std::string timestamp_;
  std::unordered_map<std::string, std::vector<VexProduct>> products_;
  std::map<std::string, std::vector<std::string>> groups_;
  size_t next_ = 0;  // the index of the next vulnerability
  std::vector<Vulnerability> pending_;
};

}  // namespace

bool SniffCsafVex(std::string_view head, bool complete) {
  (void)complete;
  const std::string_view h = SkipBomAndSpace(head);
  return !h.empty() && h[0] == '{' && Contains(h, "\"document\"") &&
         Contains(h, "\"csaf_version\"");
}

std::unique_ptr<Importer> CreateCsafVexImporter(ImportSink* sink) {
  return std::make_unique<CsafVexImporter>(sink);
}

}  // namespace exposure
