#include "core/app/intel_cli.h"

#include <memory>
#include <tuple>
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
    "                       [--vulnrichment FILE|DIR]... [--metasploit FILE]\n"
    "                       [--exploitdb FILE] [--nuclei FILE]\n"
    "                       [--base BUNDLE] [--uncompressed] -o BUNDLE\n"
    "      Build a bundle from CISA's KEV catalog JSON, a FIRST EPSS CSV,\n"
    "      CISA's SSVC decision points (Vulnrichment: a TSV, a CVE JSON 5\n"
    "      record, or a directory of records, every *.json under it) and\n"
    "      the exploit catalogues' TSVs (Metasploit modules, Exploit-DB\n"
    "      entries, Nuclei templates); plain, .gz or .zst. --epss-date\n"
    "      dates an EPSS file that does not state its date; --epss-partial\n"
    "      marks a file that scores only some CVEs. --base keeps every part\n"
    "      no file gives from BUNDLE (its SSVC assessments stay unless a\n"
    "      Vulnrichment file assesses the CVE again, later).\n"
    "  exposure [--intel BUNDLE] intel lookup CVE...\n"
    "      Print CVE<TAB>kev=yes|no<TAB>epss=SCORE<TAB>percentile=P, plus\n"
    "      kev_added, kev_due and ransomware for KEV entries, the SSVC\n"
    "      decision points and the public exploits the bundle knows of.\n";

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

// Streams the file at `path` into `input`, reading through `buffer`
// (kCliChunkBytes, reused from file to file). On failure prints why and
// returns false.
bool ReadInto(CliHost& host,
              const std::string& path,
              IntelInput* input,
              std::vector<char>* buffer) {
  Result<std::unique_ptr<InputStream>> in = host.Open(path);
  if (!in.ok()) {
    host.Err("exposure: cannot open " + path + ": " + in.status().message() +
             "\n");
    return false;
  }
  buffer->resize(kCliChunkBytes);
  while (true) {
    Result<size_t> n = (*in)->Read(buffer->data(), buffer->size());
    if (!n.ok()) {
      host.Err("exposure: cannot read " + path + ": " + n.status().message() +
               "\n");
      return false;
    }
    Status s = *n == 0 ? input->Finish()
                       : input->Feed(std::string_view(buffer->data(), *n));
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
  const SsvcSourceInfo& ssvc = b.ssvc_source();
  if (ssvc.present) {
    size_t by_exploitation[3] = {0, 0, 0};
    for (size_t i = 0; i < b.ssvc_size(); ++i)
      ++by_exploitation[b.ssvc_at(i).exploitation];
    line("ssvc.source", ssvc.label);
    line("ssvc.latest_assessed", OrDash(ssvc.latest_assessed));
    line("ssvc.cves", std::to_string(b.ssvc_size()));
    line("ssvc.exploitation_poc", std::to_string(by_exploitation[1]));
    line("ssvc.exploitation_active", std::to_string(by_exploitation[2]));
  } else {
    line("ssvc.source", "none");
  }
  const ExploitSourceInfo& ex = b.exploit_source();
  if (ex.present) {
    std::string sources;
    for (const auto& [has, name] :
         {std::pair<bool, const char*>{ex.metasploit, "Metasploit"},
          {ex.exploitdb, "Exploit-DB"},
          {ex.nuclei, "Nuclei"}}) {
      if (has)
        sources += std::string(sources.empty() ? "" : ", ") + name;
    }
    line("exploits.source", sources);
    if (ex.metasploit) {
      line("exploits.metasploit_date", OrDash(ex.metasploit_date));
      line("exploits.metasploit_cves",
           std::to_string(b.exploit_metasploit_cves()));
      line("exploits.metasploit_exploit_module_cves",
           std::to_string(b.exploit_metasploit_module_cves()));
    }
    if (ex.exploitdb) {
      line("exploits.exploitdb_date", OrDash(ex.exploitdb_date));
      line("exploits.exploitdb_cves",
           std::to_string(b.exploit_exploitdb_cves()));
    }
    if (ex.nuclei) {
      line("exploits.nuclei_date", OrDash(ex.nuclei_date));
      line("exploits.nuclei_cves", std::to_string(b.exploit_nuclei_cves()));
    }
    line("exploits.cves", std::to_string(b.exploit_size()));
  } else {
    line("exploits.source", "none");
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

// Loads the bundle file `path`; prints why not and returns false.
bool LoadBundleFile(CliHost& host, const std::string& path, IntelBundle* out);

// Reads one --vulnrichment argument: a file, or every *.json record under
// a directory.
bool ReadVulnrichment(CliHost& host,
                      const std::string& path,
                      IntelBuilder* builder,
                      std::vector<char>* buffer) {
  if (!host.IsDirectory(path))
    return ReadInto(host, path, builder->VulnrichmentInput().get(), buffer);
  Result<std::vector<std::string>> files = host.ListFiles(path, ".json");
  if (!files.ok()) {
    host.Err("exposure: cannot list " + files.status().message() + "\n");
    return false;
  }
  if (files->empty()) {
    host.Err("exposure: " + path + ": no *.json CVE records under it\n");
    return false;
  }
  for (const std::string& file : *files) {
    if (!ReadInto(host, file, builder->VulnrichmentInput().get(), buffer))
      return false;
  }
  return true;
}

int Build(const std::vector<std::string>& args, CliHost& host) {
  std::string kev_path, epss_path, out_path, base_path;
  std::string metasploit_path, exploitdb_path, nuclei_path;
  std::vector<std::string> vulnrichment_paths;
  EpssInputOptions epss_options;
  bool compress = IntelBuilder::CanCompress();
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    bool missing = false;
    std::string vulnrichment;
    if (TakeValue(args, &i, "--kev", &kev_path, &missing) ||
        TakeValue(args, &i, "--epss", &epss_path, &missing) ||
        TakeValue(args, &i, "--epss-date", &epss_options.score_date,
                  &missing) ||
        TakeValue(args, &i, "--metasploit", &metasploit_path, &missing) ||
        TakeValue(args, &i, "--exploitdb", &exploitdb_path, &missing) ||
        TakeValue(args, &i, "--nuclei", &nuclei_path, &missing) ||
        TakeValue(args, &i, "--base", &base_path, &missing) ||
        TakeValue(args, &i, "--out", &out_path, &missing) ||
        TakeValue(args, &i, "-o", &out_path, &missing)) {
      if (missing)
        return Usage(host, a + " needs a value");
    } else if (TakeValue(args, &i, "--vulnrichment", &vulnrichment, &missing)) {
      if (missing)
        return Usage(host, a + " needs a value");
      vulnrichment_paths.push_back(vulnrichment);
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
  if (kev_path.empty() && epss_path.empty() && vulnrichment_paths.empty() &&
      metasploit_path.empty() && exploitdb_path.empty() &&
      nuclei_path.empty()) {
    return Usage(host,
                 "build needs at least one input: --kev, --epss, "
                 "--vulnrichment, --metasploit, --exploitdb or --nuclei");
  }
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

  IntelBundle base;
  if (!base_path.empty() && !LoadBundleFile(host, base_path, &base))
    return 1;
  IntelBuilder builder;
  std::vector<char> buffer;
  if (!kev_path.empty() &&
      !ReadInto(host, kev_path, builder.KevInput().get(), &buffer)) {
    return 1;
  }
  if (!epss_path.empty() &&
      !ReadInto(host, epss_path,
                builder.EpssInput(std::move(epss_options)).get(), &buffer)) {
    return 1;
  }
  for (const std::string& path : vulnrichment_paths) {
    if (!ReadVulnrichment(host, path, &builder, &buffer))
      return 1;
  }
  if (!metasploit_path.empty() &&
      !ReadInto(host, metasploit_path, builder.MetasploitInput().get(),
                &buffer)) {
    return 1;
  }
  if (!exploitdb_path.empty() &&
      !ReadInto(host, exploitdb_path, builder.ExploitDbInput().get(),
                &buffer)) {
    return 1;
  }
  if (!nuclei_path.empty() &&
      !ReadInto(host, nuclei_path, builder.NucleiInput().get(), &buffer)) {
    return 1;
  }
  // The parts no file gave, from the base.
  if (!builder.has_kev())
    builder.CopyKev(base);
  if (!builder.has_epss())
    builder.CopyEpss(base);
  if (builder.has_ssvc())
    builder.MergeSsvc(base);
  else
    builder.CopySsvc(base);
  if (!builder.has_metasploit())
    builder.CopyMetasploit(base);
  if (!builder.has_exploitdb())
    builder.CopyExploitDb(base);
  if (!builder.has_nuclei())
    builder.CopyNuclei(base);

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
  if (check->ssvc_source().present) {
    summary += " Vulnrichment " + OrDash(check->ssvc_source().latest_assessed) +
               ", " + std::to_string(check->ssvc_size()) + " CVEs;";
  }
  const ExploitSourceInfo& ex = check->exploit_source();
  if (ex.present) {
    std::string sources;
    for (const auto& [has, name, date] :
         {std::tuple<bool, const char*, const std::string*>{
              ex.metasploit, "Metasploit", &ex.metasploit_date},
          {ex.exploitdb, "Exploit-DB", &ex.exploitdb_date},
          {ex.nuclei, "Nuclei", &ex.nuclei_date}}) {
      if (has) {
        sources += std::string(sources.empty() ? "" : ", ") + name + " " +
                   OrDash(*date);
      }
    }
    summary += " exploits (" + sources + "), " +
               std::to_string(check->exploit_size()) + " CVEs;";
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
  if (!b.kev_source().present && !b.epss_source().present &&
      !b.ssvc_source().present && !b.exploit_source().present) {
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
    if (std::optional<SsvcEntry> ssvc = b.FindSsvc(key)) {
      out += "\tssvc_exploitation=";
      out += SsvcExploitationName(ssvc->exploitation);
      out += ssvc->automatable ? "\tssvc_automatable=yes"
                               : "\tssvc_automatable=no";
      out += ssvc->technical_impact_total ? "\tssvc_technical_impact=total"
                                          : "\tssvc_technical_impact=partial";
      out += "\tssvc_assessed=" + FormatIsoDate(ssvc->assessed);
    }
    if (std::optional<ExploitEntry> ex = b.FindExploits(key)) {
      std::string kinds;
      for (const auto& [flag, name] :
           {std::pair<uint8_t, const char*>{kExploitMetasploitModule,
                                            "metasploit_exploit"},
            {kExploitMetasploitAux, "metasploit_auxiliary"},
            {kExploitDb, "exploitdb"},
            {kExploitNuclei, "nuclei"}}) {
        if ((ex->flags & flag) != 0)
          kinds += std::string(kinds.empty() ? "" : ",") + name;
      }
      out += "\texploits=" + kinds;
      out += "\tfirst_public=" + OrDash(FormatIsoDate(ex->first_public));
      if (!ex->metasploit_module.empty())
        out += "\tmetasploit_module=" + std::string(ex->metasploit_module);
      if (ex->exploitdb_id != 0)
        out += "\texploitdb_id=" + std::to_string(ex->exploitdb_id);
      if (!ex->nuclei_template.empty())
        out += "\tnuclei_template=" + std::string(ex->nuclei_template);
    }
    out += '\n';
  }
  host.Out(out);
  return 0;
}

bool LoadBundleFile(CliHost& host, const std::string& path, IntelBundle* out) {
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
  return LoadBundleFile(host, path, out);
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
