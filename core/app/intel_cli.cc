#include "core/app/intel_cli.h"

#include <memory>
#include <utility>

#include "core/base/strings.h"
#include "core/intel/intel_builder.h"

namespace exposure {

namespace {

constexpr const char* kIntelUsage =
    "Usage:\n"
    "  exposure [--intel BUNDLE] intel\n"
    "      Show the threat-intel bundle in use: sources, dates, counts,\n"
    "      EPSS coverage. Without --intel, the built-in bundle.\n"
    "  exposure intel build [--kev FILE] [--epss FILE]\n"
    "                       [--epss-date YYYY-MM-DD] [--epss-partial]\n"
    "                       [--uncompressed] -o BUNDLE\n"
    "      Build a bundle from CISA's KEV catalog JSON and a FIRST EPSS\n"
    "      CSV (plain, .gz or .zst). --epss-date dates an EPSS file that\n"
    "      does not state its date; --epss-partial marks a file that scores\n"
    "      only some CVEs.\n"
    "  exposure [--intel BUNDLE] intel lookup CVE...\n"
    "      Print CVE<TAB>kev=yes|no<TAB>epss=SCORE<TAB>percentile=P, plus\n"
    "      kev_added, kev_due and ransomware for KEV entries.\n";

int Usage(CliHost& host, const std::string& problem) {
  host.Err("exposure: intel: " + problem + "\n");
  host.Err("Run 'exposure intel --help' for usage.\n");
  return 2;
}

// "FILE: message at line 3, column 1 (byte 40)", or without " at ..." when
// the error has no location.
std::string Describe(const std::string& path, const Status& s) {
  const Location& at = s.location();
  if (!at.known())
    return path + ": " + s.message();
  return path + ": " + s.message() + " at " + at.ToString();
}

// Streams the file at `path` into `input`. On failure prints why and
// returns false.
bool ReadInto(CliHost& host, const std::string& path, IntelInput* input) {
  Result<std::unique_ptr<InputStream>> in = host.Open(path);
  if (!in.ok()) {
    host.Err("exposure: cannot open " + path + ": " + in.status().message() +
             "\n");
    return false;
  }
  std::vector<char> buffer(kCliChunkBytes);
  while (true) {
    Result<size_t> n = (*in)->Read(buffer.data(), buffer.size());
    if (!n.ok()) {
      host.Err("exposure: cannot read " + path + ": " + n.status().message() +
               "\n");
      return false;
    }
    Status s = *n == 0 ? input->Finish()
                       : input->Feed(std::string_view(buffer.data(), *n));
    if (!s.ok()) {
      host.Err("exposure: " + Describe(path, s) + "\n");
      return false;
    }
    if (*n == 0)
      return true;
  }
}

// Reads a whole (bundle) file, refusing more than any valid bundle holds.
Status ReadAll(CliHost& host, const std::string& path, std::string* out) {
  Result<std::unique_ptr<InputStream>> in = host.Open(path);
  if (!in.ok())
    return Status::Error("cannot open: " + in.status().message());
  std::vector<char> buffer(kCliChunkBytes);
  while (true) {
    Result<size_t> n = (*in)->Read(buffer.data(), buffer.size());
    if (!n.ok())
      return Status::Error("cannot read: " + n.status().message());
    if (*n == 0)
      return Status::Ok();
    out->append(buffer.data(), *n);
    if (out->size() > kMaxIntelPayloadBytes + kIntelHeaderBytes)
      return Status::Error("too large for an intel bundle");
  }
}

std::string OrDash(const std::string& s) {
  return s.empty() ? "-" : s;
}

int Info(CliHost& host, const IntelBundle& b) {
  std::string out;
  auto line = [&out](const char* key, const std::string& value) {
    out += key;
    out += '\t';
    out += value;
    out += '\n';
  };
  bool loaded = b.stored_bytes() != 0;
  line("bundle", loaded ? b.origin() : "none");
  if (loaded) {
    line("bundle.format", "exposure-intel/" +
                              std::to_string(kIntelFormatVersion) +
                              (b.compressed() ? " zstd" : " uncompressed"));
    line("bundle.bytes", std::to_string(b.stored_bytes()));
  }
  const KevSourceInfo& kev = b.kev_source();
  if (kev.present) {
    line("kev.source", "CISA Known Exploited Vulnerabilities catalog");
    line("kev.catalog_version", kev.catalog_version);
    line("kev.date_released", kev.date_released);
    line("kev.cves", std::to_string(b.kev_size()));
    line("kev.ransomware_known", std::to_string(b.kev_ransomware_known()));
  } else {
    line("kev.source", "none");
  }
  const EpssSourceInfo& epss = b.epss_source();
  if (epss.present) {
    line("epss.source", "FIRST EPSS");
    line("epss.model_version", OrDash(epss.model_version));
    line("epss.score_date", epss.score_date);
    line("epss.cves", std::to_string(b.epss_size()));
    line("epss.coverage", epss.partial ? "partial" : "full");
  } else {
    line("epss.source", "none");
  }
  host.Out(out);
  return 0;
}

// Takes the value of option `name` from args[*i] ("--name V" or
// "--name=V"); false if args[*i] is not that option. A missing value is
// reported through `missing`.
bool TakeValue(const std::vector<std::string>& args,
               size_t* i,
               const std::string& name,
               std::string* value,
               bool* missing) {
  const std::string& a = args[*i];
  if (a == name) {
    if (*i + 1 >= args.size()) {
      *missing = true;
      return true;
    }
    *value = args[++*i];
    return true;
  }
  if (StartsWith(a, name + "=")) {
    *value = a.substr(name.size() + 1);
    return true;
  }
  return false;
}

int Build(const std::vector<std::string>& args, CliHost& host) {
  std::string kev_path, epss_path, out_path;
  EpssInputOptions epss_options;
  bool compress = IntelBuilder::CanCompress();
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    bool missing = false;
    if (TakeValue(args, &i, "--kev", &kev_path, &missing) ||
        TakeValue(args, &i, "--epss", &epss_path, &missing) ||
        TakeValue(args, &i, "--epss-date", &epss_options.score_date,
                  &missing) ||
        TakeValue(args, &i, "--out", &out_path, &missing) ||
        TakeValue(args, &i, "-o", &out_path, &missing)) {
      if (missing)
        return Usage(host, a + " needs a value");
    } else if (a == "--epss-partial") {
      epss_options.partial = true;
    } else if (a == "--uncompressed") {
      compress = false;
    } else if (StartsWith(a, "-")) {
      return Usage(host, "unknown build option: " + a);
    } else {
      return Usage(host, "unexpected argument: " + a);
    }
  }
  if (kev_path.empty() && epss_path.empty())
    return Usage(host, "build needs --kev FILE and/or --epss FILE");
  if (out_path.empty())
    return Usage(host, "build needs -o BUNDLE");
  if (epss_path.empty() &&
      (!epss_options.score_date.empty() || epss_options.partial)) {
    return Usage(host, "--epss-date and --epss-partial need --epss FILE");
  }
  uint32_t ymd;
  if (!epss_options.score_date.empty() &&
      !ParseIsoDate(epss_options.score_date, &ymd)) {
    return Usage(host, "--epss-date " + epss_options.score_date +
                           " is not a YYYY-MM-DD date");
  }

  IntelBuilder builder;
  if (!kev_path.empty() && !ReadInto(host, kev_path, builder.KevInput().get()))
    return 1;
  if (!epss_path.empty() &&
      !ReadInto(host, epss_path,
                builder.EpssInput(std::move(epss_options)).get())) {
    return 1;
  }
  Result<std::string> bytes = builder.Build(compress);
  if (!bytes.ok()) {
    host.Err("exposure: " + bytes.status().message() + "\n");
    return 1;
  }
  // Reading it back proves the bundle loads before anyone relies on it.
  Result<IntelBundle> check = IntelBundle::Parse(*bytes, out_path);
  if (!check.ok()) {
    host.Err("exposure: internal error: the new bundle does not load: " +
             check.status().message() + "\n");
    return 1;
  }
  Status s = host.WriteFile(out_path, *bytes);
  if (!s.ok()) {
    host.Err("exposure: cannot write " + out_path + ": " + s.message() + "\n");
    return 1;
  }
  std::string summary = "wrote " + out_path + " (" +
                        std::to_string(bytes->size()) + " bytes" +
                        (compress ? ", zstd" : ", uncompressed") + "):";
  if (check->kev_source().present) {
    summary += " KEV " + check->kev_source().catalog_version + ", " +
               std::to_string(check->kev_size()) + " CVEs;";
  }
  if (check->epss_source().present) {
    summary += " EPSS " + check->epss_source().score_date + ", " +
               std::to_string(check->epss_size()) + " CVEs, " +
               (check->epss_source().partial ? "partial" : "full") +
               " coverage;";
  }
  summary.back() = '\n';
  host.Out(summary);
  return 0;
}

int Lookup(const std::vector<std::string>& args,
           CliHost& host,
           const IntelBundle& b) {
  if (args.empty())
    return Usage(host, "lookup needs at least one CVE id");
  std::vector<CveKey> keys(args.size());
  for (size_t i = 0; i < args.size(); ++i) {
    if (!ParseCveKey(args[i], &keys[i]))
      return Usage(host, "not a CVE id: " + args[i]);
  }
  if (!b.kev_source().present && !b.epss_source().present) {
    host.Err("exposure: intel: no threat-intel bundle to look up in\n");
    return 1;
  }
  std::string out;
  for (CveKey key : keys) {
    std::optional<KevEntry> kev = b.FindKev(key);
    std::optional<EpssScore> epss = b.FindEpss(key);
    out += FormatCveKey(key);
    out += kev ? "\tkev=yes" : "\tkev=no";
    if (epss) {
      out += "\tepss=" + FormatEpssFixed(epss->epss);
      out += "\tpercentile=" + FormatEpssFixed(epss->percentile);
    } else {
      out += "\tepss=-\tpercentile=-";
    }
    if (kev) {
      out += "\tkev_added=" + FormatIsoDate(kev->date_added);
      out += "\tkev_due=" + OrDash(FormatIsoDate(kev->due_date));
      out += "\transomware=";
      out += RansomwareUseName(kev->ransomware);
    }
    out += '\n';
  }
  host.Out(out);
  return 0;
}

}  // namespace

bool LoadCliIntel(CliHost& host, const std::string& path, IntelBundle* out) {
  if (path.empty()) {
    *out = IntelBundle();
    if (DefaultIntelBundleBytes().empty())
      return true;  // a build without one (see cmake/intel.cmake)
    Result<IntelBundle> b = IntelBundle::LoadDefault();
    if (!b.ok()) {
      host.Err("exposure: warning: built-in " + b.status().message() +
               "; continuing without threat intel\n");
      return true;
    }
    *out = std::move(*b);
    return true;
  }
  std::string bytes;
  Status s = ReadAll(host, path, &bytes);
  if (!s.ok()) {
    host.Err("exposure: " + Describe(path, s) + "\n");
    return false;
  }
  Result<IntelBundle> b = IntelBundle::Parse(bytes, path);
  if (!b.ok()) {
    host.Err("exposure: " + Describe(path, b.status()) + "\n");
    return false;
  }
  *out = std::move(*b);
  return true;
}

int RunIntel(const std::vector<std::string>& args,
             CliHost& host,
             const IntelBundle& current) {
  if (args.empty())
    return Info(host, current);
  const std::string& cmd = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    host.Out(kIntelUsage);
    return 0;
  }
  if (cmd == "build")
    return Build(rest, host);
  if (cmd == "lookup")
    return Lookup(rest, host, current);
  return Usage(host, "unknown intel command: " + cmd);
}

}  // namespace exposure
