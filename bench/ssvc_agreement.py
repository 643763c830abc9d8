#!/usr/bin/env python3
"""How often Exposure Lens's SSVC decision points agree with CISA's own.

  bench/ssvc_agreement.py [--cli PATH] [--data DIR] [--corpus DIR]
                          [--records GITDIR]

CISA publishes SSVC assessments of CVEs (Vulnrichment; the extract in
../shared/data/ssvc/vulnrichment.tsv). This analyzes every file of the
corpus twice:

  with CISA      the built-in intel bundle, which holds Vulnrichment: where
                 CISA assessed a CVE its values are used, and only newer
                 evidence (KEV, a public exploit) may raise Exploitation;
  derived        a bundle built without the Vulnrichment section (KEV, EPSS
                 and the exploit catalogues kept): the values come from the
                 CVSS vector and the evidence alone, as for a CVE CISA never
                 assessed.

For each CVE CISA assessed that a corpus finding carries (the first such
finding counts; a finding with that CVE alone is preferred), it compares
Exploitation, Automatable and Technical Impact with CISA's, and prints the
agreement of each and the confusion of Exploitation: once over CVEs that a
finding carries alone (its decision points are that CVE's), once over all
(a finding with several CVEs takes the strongest verdict of them, so its
Exploitation may differ from one CVE's).

With --records (a clone of github.com/cisagov/vulnrichment; `git` reads its
HEAD, so a bare mirror works), the same comparison runs on every CVE record
with CISA's SSVC entry and a CVSS v3.x vector (CISA's own or the CNA's): one
Trivy-format finding per CVE carrying that vector, analyzed with both
bundles. Numbers, not a test.
"""
import argparse
import collections
import csv
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXPLOITATION = {"none": "none", "public poc": "poc", "active": "active"}


def read_cisa(path):
    with open(path, newline="") as f:
        return {r["cve"].upper(): r for r in csv.DictReader(f, delimiter="\t")}


def corpus_files(corpus):
    for dirpath, _, names in sorted(os.walk(corpus)):
        for name in sorted(names):
            if name in ("MANIFEST.tsv", "NOTES.md", "README.md"):
                continue
            yield os.path.join(dirpath, name)


def decision_points(cli, intel, path):
    """{cve: (exploitation, automatable, technical_impact)} of one file."""
    cmd = [cli]
    if intel:
        cmd += ["--intel", intel]
    cmd += ["analyze", "--format", "json", path]
    out = subprocess.run(cmd, capture_output=True)
    if out.returncode not in (0, 1):
        return {}
    try:
        report = json.loads(out.stdout)
    except ValueError:
        return {}
    priorities = {p["id"]: p for p in report.get("priorities", [])}
    points = {}
    # Single-CVE findings first: their decision points are that CVE's.
    for single in (True, False):
        for f in report.get("findings", []):
            cves = [c.upper() for c in f.get("cves") or []]
            if (len(cves) == 1) != single:
                continue
            ssvc = priorities.get(f.get("priority"), {}).get("ssvc")
            if not ssvc:
                continue
            p = (EXPLOITATION.get(ssvc["exploitation"]["value"], "?"),
                 ssvc["automatable"]["value"],
                 ssvc["technical_impact"]["value"], single)
            for cve in cves:
                points.setdefault(cve, p)
    return points


def records_points(gitdir):
    """{cve: (vector, (exploitation, automatable, technical_impact))}."""
    names = subprocess.run(["git", "-C", gitdir, "ls-tree", "-r", "--name-only", "HEAD"],
                           capture_output=True, text=True, check=True).stdout.split()
    names = [n for n in names if n.endswith(".json") and "/CVE-" in n]
    cat = subprocess.Popen(["git", "-C", gitdir, "cat-file", "--batch"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    out = {}
    for name in names:
        cat.stdin.write(f"HEAD:{name}\n".encode())
        cat.stdin.flush()
        header = cat.stdout.readline().split()
        body = cat.stdout.read(int(header[2]))
        cat.stdout.read(1)
        try:
            record = json.loads(body)
        except ValueError:
            continue
        cve = record.get("cveMetadata", {}).get("cveId", "").upper()
        containers = record.get("containers", {})
        ssvc, vector = None, None
        for c in [containers.get("cna", {})] + containers.get("adp", []):
            for m in c.get("metrics", []) or []:
                for key in ("cvssV3_1", "cvssV3_0"):
                    if key in m and vector is None:
                        vector = m[key].get("vectorString")
                other = m.get("other", {})
                if other.get("type") == "ssvc":
                    opts = {}
                    for o in other.get("content", {}).get("options", []):
                        opts.update({k.lower(): str(v).lower() for k, v in o.items()})
                    ssvc = (opts.get("exploitation"), opts.get("automatable"),
                            opts.get("technical impact"))
        if cve and ssvc and vector:
            out[cve] = (vector, ssvc)
    cat.stdin.close()
    cat.wait()
    return out


def trivy_of(cves):
    vulns = [{"VulnerabilityID": cve, "PkgName": f"pkg{i}", "InstalledVersion": "1.0",
              "Severity": "HIGH", "CVSS": {"nvd": {"V3Vector": vector}}}
             for i, (cve, (vector, _)) in enumerate(sorted(cves.items()))]
    return {"SchemaVersion": 2, "ArtifactName": "vulnrichment", "ArtifactType": "container_image",
            "Results": [{"Target": "vulnrichment", "Class": "os-pkgs", "Type": "debian",
                         "Vulnerabilities": vulns}]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default=os.path.join(ROOT, "build/bin/exposure"))
    ap.add_argument("--data", default=os.path.join(ROOT, "../shared/data"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "../shared/corpus"))
    ap.add_argument("--records", help="a clone of cisagov/vulnrichment")
    args = ap.parse_args()
    cisa = read_cisa(os.path.join(args.data, "ssvc/vulnrichment.tsv"))

    with tempfile.TemporaryDirectory() as tmp:
        derived = os.path.join(tmp, "no-vulnrichment.intel")
        e = os.path.join(args.data, "exploits")
        build = [args.cli, "intel", "build", "--out", derived,
                 "--kev", os.path.join(args.data, "kev/known_exploited_vulnerabilities.json"),
                 "--epss", os.path.join(args.data, "epss/kev_epss_subset_jgamblin_epss_kev_nvd.csv"),
                 "--epss-date", "2026-08-21",
                 "--metasploit", os.path.join(e, "metasploit.tsv"),
                 "--exploitdb", os.path.join(e, "exploitdb.tsv"),
                 "--nuclei", os.path.join(e, "nuclei.tsv")]
        r = subprocess.run(build, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("intel build failed: " + r.stderr)
        runs = {"with CISA": {}, "derived": {}}
        files = list(corpus_files(args.corpus))
        if args.records:
            records = records_points(args.records)
            print(f"{len(records)} CVE records with CISA's SSVC and a CVSS v3 vector")
            path = os.path.join(tmp, "records.trivy.json")
            with open(path, "w") as f:
                json.dump(trivy_of(records), f)
            files = [path]
        for path in files:
            for name, intel in (("with CISA", None), ("derived", derived)):
                for cve, p in decision_points(args.cli, intel, path).items():
                    runs[name].setdefault(cve, p)

    print(f"CISA Vulnrichment: {len(cisa)} CVEs assessed")
    for (name, points), scope in [(r, s) for r in runs.items()
                                  for s in ("single-CVE findings", "all findings")]:
        assessed = {c: p for c, p in points.items() if c in cisa
                    and (p[3] or scope == "all findings")}
        n = len(assessed)
        if n == 0:
            print(f"{name}: no corpus CVE was assessed by CISA")
            continue
        agree = [0, 0, 0]
        confusion = collections.Counter()
        for cve, p in assessed.items():
            want = cisa[cve]
            truth = (want["exploitation"], want["automatable"], want["technical_impact"])
            for i in range(3):
                agree[i] += p[i] == truth[i]
            confusion[(truth[0], p[0])] += 1
        pct = [f"{100.0 * a / n:.1f} %" for a in agree]
        print(f"\n{name}, {scope}: {n} CVEs CISA assessed (of {len(points)} corpus CVEs)")
        print(f"  Exploitation {pct[0]}, Automatable {pct[1]}, Technical Impact {pct[2]}")
        print("  Exploitation, CISA -> ours: " + ", ".join(
            f"{t}->{o} {c}" for (t, o), c in sorted(confusion.items())))


if __name__ == "__main__":
    main()
