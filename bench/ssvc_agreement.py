#!/usr/bin/env python3
"""How often Exposure Lens's SSVC decision points agree with CISA's own.

  bench/ssvc_agreement.py [--cli PATH] [--data DIR] [--corpus DIR]

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

For each CVE CISA assessed that a corpus finding carries as its only CVE
(the first such finding counts), it compares Exploitation, Automatable and
Technical Impact with CISA's, and prints the agreement of each and the
confusion of Exploitation. Numbers, not a test.
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
    for f in report.get("findings", []):
        cves = f.get("cves") or []
        if len(cves) != 1 or cves[0].upper() in points:
            continue
        ssvc = priorities.get(f.get("priority"), {}).get("ssvc")
        if not ssvc:
            continue
        points[cves[0].upper()] = (
            EXPLOITATION.get(ssvc["exploitation"]["value"], "?"),
            ssvc["automatable"]["value"],
            ssvc["technical_impact"]["value"],
        )
    return points


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default=os.path.join(ROOT, "build/bin/exposure"))
    ap.add_argument("--data", default=os.path.join(ROOT, "../shared/data"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "../shared/corpus"))
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
        for path in corpus_files(args.corpus):
            for name, intel in (("with CISA", None), ("derived", derived)):
                for cve, p in decision_points(args.cli, intel, path).items():
                    runs[name].setdefault(cve, p)

    print(f"CISA Vulnrichment: {len(cisa)} CVEs assessed")
    for name, points in runs.items():
        assessed = {c: p for c, p in points.items() if c in cisa}
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
        print(f"\n{name}: {n} CVEs CISA assessed ({len(points)} single-CVE findings' CVEs in all)")
        print(f"  Exploitation {pct[0]}, Automatable {pct[1]}, Technical Impact {pct[2]}")
        print("  Exploitation, CISA -> ours: " + ", ".join(
            f"{t}->{o} {c}" for (t, o), c in sorted(confusion.items())))


if __name__ == "__main__":
    main()
