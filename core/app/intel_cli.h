// `exposure intel ...`: show, build and query threat-intel bundles (KEV,
// EPSS, CISA's SSVC decision points and public exploits, see
// core/intel/intel.h). Runs on a CliHost like the rest of the CLI, so the
// native binary and the wasm build print the same bytes (except that
// `intel build` writes raw bundles in wasm, which cannot compress).
//
//   exposure [--intel BUNDLE] intel
//       Sources, dates, counts, coverage and origin of the bundle in use, as
//       KEY<TAB>VALUE lines (kev.*, epss.*, ssvc.*, exploits.*).
//   exposure intel build [--kev FILE] [--epss FILE] [--epss-date YYYY-MM-DD]
//                        [--epss-partial] [--vulnrichment FILE|DIR]...
//                        [--metasploit FILE] [--exploitdb FILE]
//                        [--nuclei FILE] [--base BUNDLE] [--uncompressed]
//                        -o BUNDLE
//       Writes a bundle from CISA's KEV JSON, an EPSS CSV, Vulnrichment (a
//       TSV or CVE JSON 5 record file, or a directory: every *.json under
//       it, in path order; repeatable, the inputs add up) and the
//       Metasploit, Exploit-DB and Nuclei TSVs (plain, .gz or .zst,
//       detected from content). With --base, every part no file gives is
//       kept from BUNDLE: KEV, EPSS, each exploit source, and its SSVC
//       assessments of CVEs the files do not assess later.
//   exposure [--intel BUNDLE] intel lookup CVE...
//       One line per CVE:
//       CVE<TAB>kev=yes|no<TAB>epss=SCORE|-<TAB>percentile=P|-
//       and, for KEV entries,
//       <TAB>kev_added=DATE<TAB>kev_due=DATE<TAB>ransomware=Known|Unknown;
//       for CVEs CISA assessed,
//       <TAB>ssvc_exploitation=none|poc|active<TAB>ssvc_automatable=yes|no
//       <TAB>ssvc_technical_impact=partial|total<TAB>ssvc_assessed=DATE;
//       for CVEs with public exploits,
//       <TAB>exploits=KIND,...<TAB>first_public=DATE|- (KIND:
//       metasploit_exploit, metasploit_auxiliary, exploitdb, nuclei) and,
//       when known, <TAB>metasploit_module=NAME<TAB>exploitdb_id=N
//       <TAB>nuclei_template=PATH. Scores always have five decimals.
//
// `--intel BUNDLE` is a global option (before the command, parsed by
// RunCli) so that every command that uses intel, later `analyze` too, reads
// the same bundle.
//
// Exit codes: 0 ok, 1 an input or bundle file is missing, unreadable or
// invalid, or the output cannot be written, 2 bad usage.
#ifndef CORE_APP_INTEL_CLI_H_
#define CORE_APP_INTEL_CLI_H_

#include <string>
#include <vector>

#include "core/app/cli.h"
#include "core/intel/intel.h"

namespace exposure {

// `args` are the words after "intel"; `current` is the bundle in use (see
// LoadCliIntel).
int RunIntel(const std::vector<std::string>& args,
             CliHost& host,
             const IntelBundle& current);

// The bundle for a CLI run: the file `path` (read through the host) when not
// empty, else the built-in one. On failure prints "exposure: ..." to stderr;
// for an explicit file it returns false (exit 1). A broken built-in bundle
// only warns and yields an empty bundle, and a build without one (see
// cmake/intel.cmake) silently does, so that `intel build` can always write
// a new one; `intel lookup` refuses to run on an empty bundle.
bool LoadCliIntel(CliHost& host, const std::string& path, IntelBundle* out);

}  // namespace exposure

#endif  // CORE_APP_INTEL_CLI_H_
