#!/usr/bin/env python3
"""Where the bytes of a report go: each top-level section's size, as the
report prints it and without its indentation, per finding, and the members
of a finding by their share. For deciding what a report can stop repeating
(bench/README.md, "Report size").

  bench/report_size.py REPORT.json [--sample N]

REPORT.json is what `exposure analyze` printed. --sample: findings whose
members are measured (default 20000, from the start).
"""
import json
import sys
from collections import Counter


def compact(value):
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())


def main(argv):
    if not argv or argv[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    path = argv[0]
    sample = int(argv[argv.index("--sample") + 1]) if "--sample" in argv else 20000
    with open(path, "rb") as f:
        raw = f.read()
    report = json.loads(raw)
    findings = report.get("findings", [])
    n = max(1, len(findings))
    total = compact(report)
    print(f"{path}: {len(raw) / 1e6:.1f} MB as printed, {total / 1e6:.1f} MB without indentation, "
          f"{len(findings)} findings ({len(raw) / n:.0f} and {total / n:.0f} bytes per finding)")
    print("| section | items | MB (no indentation) | share | bytes per finding |")
    print("|---|--:|--:|--:|--:|")
    rows = sorted(((compact(v), k, len(v) if isinstance(v, (list, dict)) else 1)
                   for k, v in report.items()), reverse=True)
    for size, key, items in rows:
        print(f"| {key} | {items} | {size / 1e6:.2f} | {100 * size / total:.1f} % | {size / n:.0f} |")
    members = Counter()
    measured = findings[:sample]
    for finding in measured:
        for key, value in finding.items():
            members[key] += compact(value) + len(key) + 4  # "key": and ,
    if measured:
        print(f"\nA finding's members (bytes per finding, the first {len(measured)}):")
        print("| member | bytes | share of a finding |")
        print("|---|--:|--:|")
        per = sum(members.values()) / len(measured)
        for key, size in members.most_common():
            print(f"| {key} | {size / len(measured):.0f} | {100 * size / len(measured) / per:.1f} % |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
