#include "core/model/record_sink.h"

#include <algorithm>

namespace exposure {

namespace {

// What a finding's own strings take, roughly: enough to bound a sink that
// holds millions of them.
uint64_t FindingBytes(const Finding& f) {
  uint64_t n = sizeof(Finding) + f.rule_id.size() + f.title.size() +
               f.location.size() + f.evidence.size() + f.component.name.size() +
               f.component.path.size();
  for (const std::string& s : f.cves)
    n += s.size() + sizeof(std::string);
  for (const std::string& s : f.references)
    n += s.size() + sizeof(std::string);
  for (const CvssVector& v : f.cvss)
    n += v.vector.size() + sizeof(CvssVector);
  return n;
}

}  // namespace

size_t RecordSink::AddAsset(const Asset& asset) {
  order_.emplace_back(Kind::kAsset, assets_.size());
  assets_.push_back(asset);
  bytes_ += sizeof(Asset) + asset.name.size();
  return assets_.size() - 1;
}

void RecordSink::AddService(const Service& service) {
  order_.emplace_back(Kind::kService, services_.size());
  services_.push_back(service);
  bytes_ += sizeof(Service);
}

void RecordSink::AddFinding(Finding&& finding) {
  order_.emplace_back(Kind::kFinding, findings_.size());
  bytes_ += FindingBytes(finding);
  findings_.push_back(std::move(finding));
}

void RecordSink::AddRule(const Rule& rule) {
  order_.emplace_back(Kind::kRule, rules_.size());
  rules_.push_back(rule);
  bytes_ += sizeof(Rule) + rule.title.size();
}

void RecordSink::AddAssetScan(const AssetScan& scan) {
  order_.emplace_back(Kind::kScan, scans_.size());
  scans_.push_back(scan);
}

void RecordSink::AddVexStatement(VexStatement&& statement) {
  bytes_ += sizeof(VexStatement) + statement.vulnerability.size() +
            statement.statement.size() + statement.justification.size();
  for (const VexProduct& p : statement.products)
    bytes_ += sizeof(VexProduct) + p.purl.size() + p.cpe.size() +
              p.name.size() + p.version.size() + p.range.size();
  order_.emplace_back(Kind::kVex, vex_.size());
  vex_.push_back(std::move(statement));
}

void RecordSink::AddRecordError(const Status& error) {
  bytes_ += sizeof(Status) + error.message().size();
  order_.emplace_back(Kind::kError, errors_.size());
  errors_.push_back(error);
}

void RecordSink::AddPrincipal(Principal&& principal) {
  bytes_ += sizeof(Principal) + principal.id.size() + principal.name.size() +
            principal.domain.size();
  order_.emplace_back(Kind::kPrincipal, principals_.size());
  principals_.push_back(std::move(principal));
}

void RecordSink::AddRelation(const Relation& relation) {
  bytes_ += sizeof(Relation) + relation.from.size() + relation.to.size();
  order_.emplace_back(Kind::kRelation, relations_.size());
  relations_.push_back(relation);
}

std::string_view RecordSink::Intern(std::string_view text) {
  if (text.empty())
    return {};
  auto [it, added] = texts_.emplace(text);
  if (added)
    bytes_ += text.size() + 32;
  return *it;
}

void RecordSink::SetFindingAsset(size_t first, size_t end, size_t asset) {
  order_.emplace_back(Kind::kFindingAsset, finding_assets_.size());
  finding_assets_.push_back({first, end, asset});
  for (size_t i = first; i < end && i < findings_.size(); ++i) {
    if (findings_[i].asset == Finding::kNoAsset) {
      findings_[i].asset = asset;
      completed_.push_back(i);
    }
  }
}

void RecordSink::Replay(ImportSink* sink) const {
  ReplayTo(*this, sink);
}

void RecordSink::Drain(ImportSink* sink) {
  ReplayTo(*this, sink);
}

namespace {

// A record to replay: a copy from a RecordSink that stays, the record
// itself from one that is drained.
template <typename T>
T Take(const T& record) {
  return record;
}
template <typename T>
T Take(T& record) {
  return std::move(record);
}

}  // namespace

template <typename Self>
void RecordSink::ReplayTo(Self& self, ImportSink* sink) {
  std::vector<size_t> asset_index(self.assets_.size(), Finding::kNoAsset);
  auto mapped = [&](size_t a) {
    return a < asset_index.size() ? asset_index[a] : Finding::kNoAsset;
  };
  std::vector<bool> completed(self.findings_.size());
  for (size_t i : self.completed_)
    completed[i] = true;
  const size_t base = sink->next_finding();
  for (const auto& [kind, i] : self.order_) {
    switch (kind) {
      case Kind::kAsset:
        asset_index[i] = sink->AddAsset(self.assets_[i]);
        break;
      case Kind::kService: {
        Service s = self.services_[i];
        s.asset = mapped(s.asset);
        sink->AddService(s);
        break;
      }
      case Kind::kFinding: {
        Finding f = Take(self.findings_[i]);
        f.asset = completed[i] ? Finding::kNoAsset : mapped(f.asset);
        f.description = sink->Intern(f.description);
        f.solution = sink->Intern(f.solution);
        sink->AddFinding(std::move(f));
        break;
      }
      case Kind::kScan: {
        AssetScan scan = self.scans_[i];
        scan.asset = mapped(scan.asset);
        if (scan.asset != Finding::kNoAsset)
          sink->AddAssetScan(scan);
        break;
      }
      case Kind::kVex: {
        VexStatement v = Take(self.vex_[i]);
        sink->AddVexStatement(std::move(v));
        break;
      }
      case Kind::kError:
        sink->AddRecordError(self.errors_[i]);
        break;
      case Kind::kPrincipal: {
        Principal p = Take(self.principals_[i]);
        p.asset = mapped(p.asset);
        sink->AddPrincipal(std::move(p));
        break;
      }
      case Kind::kRelation:
        sink->AddRelation(self.relations_[i]);
        break;
      case Kind::kFindingAsset: {
        const FindingAsset& a = self.finding_assets_[i];
        const size_t end = std::min(a.end, self.findings_.size());
        if (a.first < end)
          sink->SetFindingAsset(base + a.first, base + end, mapped(a.asset));
        break;
      }
      case Kind::kRule: {
        Rule r = Take(self.rules_[i]);
        r.description = sink->Intern(r.description);
        r.solution = sink->Intern(r.solution);
        sink->AddRule(r);
        break;
      }
    }
  }
  if (self.has_scope_)
    sink->SetScanScope(self.scope_);
}

}  // namespace exposure
