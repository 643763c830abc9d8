#include "core/importers/openvex_importer.h"

#include <string>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/import/json/json_importer.h"
#include "core/importers/sniff_util.h"
#include "core/importers/vex_util.h"

namespace exposure {

namespace {

// The products one entry of `products` (or of `subcomponents`) names: its
// @id and identifiers, or the entry itself when it is a string (v0.0.x).
void AddIdentified(const JsonValue& p, std::vector<VexProduct>* out) {
  if (p.is_string()) {
    AddVexProduct(out, VexProductOfId(p.text()));
    return;
  }
  AddVexProduct(out, VexProductOfId(JsonStr(p, "@id")));
  const JsonValue& ids = JsonGet(p, "identifiers");
  for (const char* key : {"purl", "cpe23", "cpe22"})
    AddVexProduct(out, VexProductOfId(JsonStr(ids, key)));
}

class OpenVexImporter : public JsonImporter {
 public:
  explicit OpenVexImporter(ImportSink* sink) : sink_(sink) {}

 private:
  bool Want(const std::string& path) override {
    return path == "$.@context" || path == "$.author" ||
           path == "$.timestamp" || path == "$.last_updated" ||
           path == "$.statements[]";
  }

  Status OnValue(const std::string& path, const JsonValue& v) override {
    if (path == "$.@context") {
      if (v.is_string()) {
        context_ = context_ || Contains(v.text(), "openvex.dev/ns");
      } else if (v.is_array()) {
        for (const JsonValue& c : v)
          context_ = context_ || Contains(c.text(), "openvex.dev/ns");
      }
    } else if (path == "$.author") {
      author_ = v.is_string() ? std::string(v.text()) : std::string();
    } else if (path == "$.timestamp") {
      timestamp_ = VexTimestamp(v.text());
    } else if (path == "$.last_updated") {
      last_updated_ = VexTimestamp(v.text());
    } else {
      ReadStatement(v, next_++);
    }
    return Status::Ok();
  }

  void Skip(const std::string& location, const std::string& why) {
    sink_->AddRecordError(
        Status::Error(location + ": " + why + "; the statement is skipped"));
  }

  void ReadStatement(const JsonValue& s, size_t index) {
    VexStatement st;
    st.location = "statements[" + std::to_string(index) + "]";
    if (!s.is_object()) {
      Skip(st.location, "not an object");
      return;
    }
    const JsonValue& vuln = JsonGet(s, "vulnerability");
    if (vuln.is_string()) {
      st.vulnerability = std::string(Trim(vuln.text()));
    } else {
      st.vulnerability = std::string(Trim(JsonStr(vuln, "name")));
      const std::string id(Trim(JsonStr(vuln, "@id")));
      if (st.vulnerability.empty()) {
        st.vulnerability = id;
      } else if (!id.empty() && id != st.vulnerability &&
                 !Contains(id, "://")) {
        AppendUnique(&st.aliases, id);
      }
      const JsonValue& aliases = JsonGet(vuln, "aliases");
      if (aliases.is_array()) {
        for (const JsonValue& a : aliases) {
          const std::string_view alias = Trim(a.text());
          if (!alias.empty() && alias != st.vulnerability)
            AppendUnique(&st.aliases, std::string(alias));
        }
      }
    }
    if (st.vulnerability.empty()) {
      Skip(st.location, "no vulnerability name or @id");
      return;
    }
    const std::string status = JsonStr(s, "status");
    if (!ParseVexStatus(status, &st.status)) {
      Skip(st.location, "status \"" + status +
                            "\" is not one of not_affected, affected, fixed, "
                            "under_investigation");
      return;
    }
    // Subcomponents beside the products (v0.0.x) or inside each product
    // (v0.2.0) name the vulnerable component: they are what is matched.
    const JsonValue& products = JsonGet(s, "products");
    const JsonValue& outer_subs = JsonGet(s, "subcomponents");
    const bool listed = (products.is_array() && !products.empty()) ||
                        (outer_subs.is_array() && !outer_subs.empty());
    if (outer_subs.is_array() && !outer_subs.empty()) {
      for (const JsonValue& sub : outer_subs)
        AddIdentified(sub, &st.products);
    } else if (products.is_array()) {
      for (const JsonValue& p : products) {
        const JsonValue& subs = JsonGet(p, "subcomponents");
        if (subs.is_array() && !subs.empty()) {
          for (const JsonValue& sub : subs)
            AddIdentified(sub, &st.products);
        } else {
          AddIdentified(p, &st.products);
        }
      }
    }
    if (listed && st.products.empty()) {
      Skip(st.location, "no product has an @id or identifiers");
      return;
    }
    st.justification = JsonStr(s, "justification");
    AppendVexText(&st.statement, JsonStr(s, "impact_statement"), "\n");
    AppendVexText(&st.statement, JsonStr(s, "statement"), "\n");
    AppendVexText(&st.statement, JsonStr(s, "status_notes"), "\n");
    st.action = std::string(Trim(JsonStr(s, "action_statement")));
    st.timestamp = VexTimestamp(JsonStr(s, "last_updated"));
    if (st.timestamp.empty())
      st.timestamp = VexTimestamp(JsonStr(s, "timestamp"));
    pending_.push_back(std::move(st));
  }

  // The document's author and timestamp may follow its statements.
  void Flush() override {
    for (VexStatement& st : pending_) {
      st.author = author_;
      if (st.timestamp.empty())
        st.timestamp = !last_updated_.empty() ? last_updated_ : timestamp_;
      sink_->AddVexStatement(std::move(st));
    }
    pending_.clear();
  }

  Status Check() override {
    if (!context_) {
      return Status::Error(
          "not an OpenVEX document: no \"@context\" naming openvex.dev/ns");
    }
    return Status::Ok();
  }

  ImportSink* sink_;  // outlives the importer
  bool context_ = false;
  std::string author_;
  std::string timestamp_;
  std::string last_updated_;
  size_t next_ = 0;  // the index of the next statement
  std::vector<VexStatement> pending_;
};

}  // namespace

bool SniffOpenVex(std::string_view head, bool complete) {
  (void)complete;
  const std::string_view h = SkipBomAndSpace(head);
  return !h.empty() && h[0] == '{' && Contains(h, "\"@context\"") &&
         Contains(h, "openvex.dev/ns");
}

std::unique_ptr<Importer> CreateOpenVexImporter(ImportSink* sink) {
  return std::make_unique<OpenVexImporter>(sink);
}

}  // namespace exposure
