#!/usr/bin/env python3
"""Times `exposure diff` of two large Nessus scans against two analyses.

  bench/diff.py [--size MB] [--runs N] [--cli PATH]

Generates (once, into build/bench/) a Nessus export of SIZE MB with
bench/gen.py and a later scan of the same estate with known churn: a policy
stating the port range 1-65535 in both, one host in twenty absent from the
later scan (its findings are not re-assessed), plugin 97833 (MS17-010)
patched everywhere (fixed), different plugin output and timestamps 30 days
later (neither is a change). Then, each --runs times:

  analyze OLD, analyze NEW           the work a diff cannot avoid
  diff OLD NEW                       raw exports on both sides
  snapshot OLD, snapshot NEW         the files a CI job would keep
  diff OLD.snap NEW.snap             the diff of two kept snapshots

and prints min/median/max seconds and peak RSS (from /usr/bin/time) of
each, with the diff's class counts. Numbers, not a test.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POLICY = ('<Policy><policyName>Bench</policyName><Preferences><ServerPreferences>'
          '<preference><name>port_range</name><value>1-65535</value></preference>'
          '</ServerPreferences></Preferences></Policy>\n')
DAY = 86400


def generate(size, out_dir):
    raw = os.path.join(out_dir, f"nessus-{size}.raw.nessus")
    old = os.path.join(out_dir, f"diff-old-{size}.nessus")
    new = os.path.join(out_dir, f"diff-new-{size}.nessus")
    if os.path.exists(old) and os.path.exists(new):
        return old, new
    if not os.path.exists(raw):
        subprocess.run([sys.executable, os.path.join(ROOT, "bench/gen.py"), "nessus",
                        str(size), raw], check=True)
    host_re = re.compile(r'<ReportHost name="10\.(\d+)\.(\d+)\.(\d+)">')
    stamp_re = re.compile(r'(HOST_START_TIMESTAMP">)(\d+)')
    with open(raw, encoding="utf-8") as src, \
            open(old, "w", encoding="utf-8") as a, \
            open(new, "w", encoding="utf-8") as b:
        skip_host = False
        skip_item = False
        for line in src:
            if line.startswith("<NessusClientData_v2>"):
                a.write(line + POLICY)
                b.write(line + POLICY)
                continue
            a.write(line)
            m = host_re.match(line)
            if m:
                host = int(m.group(1)) * 65536 + int(m.group(2)) * 256 + int(m.group(3))
                skip_host = host % 20 == 0
            if skip_host:
                if line.startswith("</ReportHost>"):
                    skip_host = False
                continue
            if line.startswith("<ReportItem ") and 'pluginID="97833"' in line:
                skip_item = True
            if skip_item:
                if line.startswith("</ReportItem>") or line.endswith("</ReportItem>\n"):
                    skip_item = False
                continue
            line = stamp_re.sub(lambda s: s.group(1) + str(int(s.group(2)) + 30 * DAY), line)
            if line.startswith("<plugin_output>Installed version"):
                line = line.replace("Installed version", "Installed  version")
            b.write(line)
    return old, new


def timed(cmd):
    """Seconds and peak RSS (MB) of one run; stdout discarded."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    if out.returncode not in (0, 3):
        sys.exit(f"failed ({out.returncode}): {' '.join(cmd)}\n{out.stderr}")
    secs, rss = out.stderr.strip().splitlines()[-1].split()
    return float(secs), int(rss) / 1024


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--size", type=int, default=100)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--cli", default=os.path.join(ROOT, "build/bin/exposure"))
    args = p.parse_args()
    out_dir = os.path.join(ROOT, "build/bench")
    os.makedirs(out_dir, exist_ok=True)
    old, new = generate(args.size, out_dir)
    snap_old = os.path.join(out_dir, "diff-old.snap")
    snap_new = os.path.join(out_dir, "diff-new.snap")
    cli = args.cli
    steps = {
        "analyze OLD": [cli, "analyze", "--format", "json", old],
        "analyze NEW": [cli, "analyze", "--format", "json", new],
        "diff OLD NEW (exports)": [cli, "diff", "--format", "json", old, new],
        "snapshot OLD": [cli, "snapshot", "--out", snap_old, old],
        "snapshot NEW": [cli, "snapshot", "--out", snap_new, new],
        "diff OLD.snap NEW.snap": [cli, "diff", "--format", "json", snap_old, snap_new],
    }
    results = {name: [] for name in steps}
    for _ in range(args.runs):
        for name, cmd in steps.items():
            results[name].append(timed(cmd))
    diff = subprocess.run([cli, "diff", "--format", "json", snap_old, snap_new],
                          capture_output=True, text=True, check=True)
    summary = json.loads(diff.stdout)["summary"]
    mb = os.path.getsize(old) / 1e6
    print(f"OLD {mb:.0f} MB, NEW {os.path.getsize(new) / 1e6:.0f} MB; "
          f"snapshots {os.path.getsize(snap_old) / 1e6:.1f} MB and "
          f"{os.path.getsize(snap_new) / 1e6:.1f} MB")
    print("classes: " + ", ".join(f"{k} {summary[k]:,}" for k in
                                  ("new", "persisting", "changed", "fixed", "not_reassessed",
                                   "reopened")))
    print(f"{'step':26} {'min s':>7} {'median s':>9} {'max s':>7} {'peak RSS MB':>12}")
    for name, runs in results.items():
        secs = [s for s, _ in runs]
        rss = max(r for _, r in runs)
        print(f"{name:26} {min(secs):7.2f} {statistics.median(secs):9.2f} "
              f"{max(secs):7.2f} {rss:12.0f}")


if __name__ == "__main__":
    main()
