#include "core/render/summary_text.h"

#include <algorithm>

#include "core/base/version.h"
#include "core/render/plan_report.h"

namespace exposure {

namespace {

std::string Plural(uint64_t n, const char* one, const char* many) {
  return GroupThousands(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::string Fit(std::string_view text, size_t width, bool pad) {
  std::string out;
  size_t points = 0;
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (points + 1 == width && i + n < text.size()) {
      out += "…";
      ++points;
      break;
    }
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else if (c >= 0x20) {
      out.append(text.substr(i, std::min(n, text.size() - i)));
    } else {
      out += '?';
    }
    i += n;
    if (++points == width)
      break;
  }
  while (pad && points++ < width)
    out += ' ';
  return out;
}

std::string Right(const std::string& text, size_t width) {
  return text.size() >= width ? text
                              : std::string(width - text.size(), ' ') + text;
}

std::string RenderAnalysisText(const ExportView& view,
                               size_t findings,
                               size_t actions) {
  const Store& store = view.store();
  const Assessment& assessment = view.assessment();
  const Plan& plan = view.plan();
  std::string out = "Exposure Lens ";
  out += kVersion;
  out += " — " + Plural(store.inputs().size(), "input", "inputs");
  if (!assessment.as_of.empty())
    out += ", as of " + assessment.as_of;
  out += "\n";
  size_t width = 0;
  for (const Input& in : store.inputs())
    width = std::max(width, std::min<size_t>(in.name.size(), 40));
  for (const Input& in : store.inputs()) {
    out += "  " + Fit(in.name, width, true) + "  " +
           Fit(in.format.empty() ? "(not recognised)" : in.format, 16, true) +
           "  " + Plural(in.findings, "finding", "findings") + "\n";
    for (const InputError& e : in.errors) {
      out += "    error: " + Fit(e.message, 100, false) +
             (e.location.empty() ? "" : " at " + e.location) + "\n";
    }
  }

  const uint64_t* all = view.by_severity();
  uint64_t total = 0;
  for (int s = 0; s < kSeverityCount; ++s)
    total += all[s];
  out += "\n" + Plural(total, "finding", "findings") + " on " +
         Plural(store.assets().size(), "asset", "assets") + ":";
  for (int s = kSeverityCount - 1; s >= 0; --s) {
    out += std::string(s == kSeverityCount - 1 ? " " : ", ") +
           GroupThousands(all[s]) + " " +
           SeverityName(static_cast<Severity>(s));
  }
  out += "\nOpen: " + GroupThousands(plan.open) + " (risk " +
         GroupThousands(plan.open_risk) + "), " +
         GroupThousands(view.open_kev()) + " on CISA KEV";
  size_t decided = 0;
  for (size_t d : plan.decided)
    decided += d;
  if (decided > 0)
    out += "; " + GroupThousands(decided) + " decided";
  if (plan.expired_count > 0)
    out += "; " + GroupThousands(plan.expired_count) + " decisions lapsed";
  out += "\n";

  if (findings > 0 && plan.open > 0) {
    out += "\nFix first:\n";
    out += "  " + Right("risk", 4) + "  " + Fit("severity", 8, true) +
           "  kev  " + Fit("due", 10, true) + "  " + Fit("finding", 48, true) +
           "  asset\n";
    size_t shown = 0;
    Explanation why;
    (void)view.ForEachFinding([&](const ExportFinding& x) {
      if (!x.open)
        return true;
      const Finding& f = *x.finding;
      std::string name = f.cves.empty() ? std::string() : f.cves.front() + " ";
      name += f.title.empty() ? f.rule_id : f.title;
      out += "  " + Right(std::to_string(x.assessment->risk), 4) + "  " +
             Fit(SeverityName(f.severity), 8, true) + "  " +
             (x.assessment->kev ? "yes" : " - ") + "  " +
             Fit(x.due.empty() ? "-" : x.due, 10, true) + "  " +
             Fit(name, 48, true) + "  " +
             Fit(x.asset ? x.asset->name : "-", 40, false) + "\n";
      Explain(assessment, assessment.finding_class[x.index], &why);
      std::string factors;
      for (const RiskFactor& r : why.factors) {
        if (r.points == 0)
          continue;  // what did not raise the score does not explain it
        if (!factors.empty())
          factors += " · ";
        factors +=
            r.name + " " + r.value + " (+" + std::to_string(r.points) + ")";
      }
      out += "        why: " + Fit(factors, 150, false) + "; SSVC " +
             Name(x.assessment->decision) + "\n";
      return ++shown < findings;
    });
  }

  if (actions > 0) {
    out += "\n" + RenderPlanText(view, actions);
  }
  out +=
      "\nThe full report: exposure analyze --format json (or --out FILE); "
      "the plan: exposure plan.\n";
  return out;
}

}  // namespace exposure
