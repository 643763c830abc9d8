#!/usr/bin/env python3
"""Mobilization benchmark: `exposure plan` and every export next to
`exposure analyze` of the same file, with the native CLI.

  bench/mobilize.py [--size MB] [--runs N] [--formats nessus,trivy,...]
                    [--exports sarif,csv,...] [--wasm]

Inputs are bench/gen.py's, generated into build/bench/ (kept between runs,
shared with run.py). For each input, analyze (report to /dev/null), plan
(JSON) and each export (to a temporary directory: a split export writes
several files) run N times, taking turns; min / median / max wall seconds,
peak RSS and the output's size are printed, and each command's median as
a multiple of analyze's. Every command applies decisions for 500
findings of the top actions (so the VEX exports have statements). --wasm
runs the Node CLI instead. Numbers, not
pass/fail.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NATIVE = os.path.join(ROOT, "build/bin/exposure")
WASM = os.path.join(ROOT, "build/wasm/exposure.mjs")
EXT = {"nessus": "nessus", "trivy": "json", "grype": "json", "sarif": "sarif",
       "zap": "xml", "qualys": "xml"}
EXPORTS = ["sarif", "ocsf", "jira-csv", "csv", "openvex", "cyclonedx-vex",
           "html", "markdown"]


def timed(cmd):
    """(wall seconds, peak RSS MB) of cmd, stdout discarded."""
    r = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True)
    if r.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), r.stderr[-2000:]))
    secs, kb = r.stderr.strip().splitlines()[-1].split()
    return float(secs), int(kb) / 1024


def dir_mb(path):
    total = 0
    for name in os.listdir(path):
        total += os.path.getsize(os.path.join(path, name))
    return total / 1e6


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=100)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--formats", default="nessus,trivy")
    ap.add_argument("--exports", default=",".join(EXPORTS))
    ap.add_argument("--wasm", action="store_true")
    args = ap.parse_args()
    cli = ["node", WASM] if args.wasm else [NATIVE]
    bench_dir = os.path.join(ROOT, "build/bench")
    os.makedirs(bench_dir, exist_ok=True)
    out_dir = tempfile.mkdtemp(prefix="exposure-mobilize-")
    try:
        for fmt in args.formats.split(","):
            path = os.path.join(bench_dir, "%s%d.%s" % (fmt, args.size,
                                                        EXT[fmt]))
            if not os.path.exists(path):
                subprocess.run([sys.executable,
                                os.path.join(ROOT, "bench/gen.py"), fmt,
                                str(args.size), path], check=True)
            # Decisions for 500 findings of the top actions, so the VEX
            # exports have statements and decisions are matched on every
            # command (OpenVEX refuses a document without one).
            decisions = os.path.join(out_dir, "decisions.json")
            plan = json.loads(subprocess.run(
                [NATIVE, "plan", "--format", "json", path],
                stdout=subprocess.PIPE, check=True).stdout)
            ids = [f for a in plan["actions"][:50] for f in a["findings"]][:500]
            statuses = ["not_affected", "accepted", "false_positive",
                        "deferred"]
            with open(decisions, "w") as out:
                json.dump({"decisions": [
                    {"match": {"finding": f}, "status": statuses[i % 4],
                     "justification": "vulnerable_code_not_in_execute_path",
                     "reason": "benchmark"} for i, f in enumerate(ids)]},
                    out)
            commands = [("analyze", cli + ["analyze", "--decisions",
                                           decisions, path], None),
                        ("plan json", cli + ["plan", "--decisions", decisions,
                                             "--format", "json",
                                             "--out",
                                             os.path.join(out_dir, "plan"),
                                             path], "plan")]
            for e in args.exports.split(","):
                sub = os.path.join(out_dir, e)
                commands.append(("export " + e, cli + [
                    "export", "--to", e, "--decisions", decisions, "--out",
                    os.path.join(sub, "out"), path], e))
            times = {name: [] for name, _, _ in commands}
            rss = {name: 0.0 for name, _, _ in commands}
            sizes = {}
            for _ in range(args.runs):
                for name, cmd, sub in commands:
                    if sub and sub != "plan":
                        d = os.path.join(out_dir, sub)
                        shutil.rmtree(d, ignore_errors=True)
                        os.makedirs(d)
                    secs, mb = timed(cmd)
                    times[name].append(secs)
                    rss[name] = max(rss[name], mb)
                    if sub == "plan":
                        sizes[name] = os.path.getsize(
                            os.path.join(out_dir, "plan")) / 1e6
                    elif sub:
                        sizes[name] = dir_mb(os.path.join(out_dir, sub))
            base = statistics.median(times["analyze"])
            print("%s %d MB (%s)" % (fmt, args.size,
                                     "wasm" if args.wasm else "native"))
            print("  %-22s %7s %7s %7s %8s %9s %8s" % (
                "command", "min s", "med s", "max s", "x analyze", "peak MB",
                "out MB"))
            for name, _, _ in commands:
                t = times[name]
                med = statistics.median(t)
                print("  %-22s %7.2f %7.2f %7.2f %8.2f %9.0f %8s" % (
                    name, min(t), med, max(t), med / base, rss[name],
                    "%.1f" % sizes[name] if name in sizes else "-"))
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
