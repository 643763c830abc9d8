#!/usr/bin/env python3
"""Generates large, realistic scanner exports for benchmarks.

  bench/gen.py FORMAT SIZE_MB OUT [CVES]
      FORMAT: nessus, trivy, grype, sarif, zap, qualys, inventory (a CMDB
      CSV of about 10,000 rows per MB naming the hosts nessus and qualys
      generate: host1, host2, ... with their addresses, one in ten at
      another address than the scans saw, as after a DHCP change)
      CVES (trivy, grype): draw each record's CVE from this many ids, a few
      of them in many records and most in few, as in a scan of many images
      built on shared bases; by default any of 735,000 ids, so that nearly
      every record has a CVE (and an assessment) of its own: the worst case
      for the report, which lists each CVE's rule and explanation once.

The records are built from a small vocabulary of plausible plugins, packages
and rules (written for this project) with per-record variation (hosts, ports,
paths, versions, long plugin output), so parsers see the same shapes and
string lengths as in real exports. Output is deterministic for a given size.
"""
import json
import random
import sys
from xml.sax.saxutils import escape

PLUGINS = [
    (4, "156255", "Apache 2.4.x < 2.4.52 Multiple Vulnerabilities", ["CVE-2021-44790", "CVE-2021-44224"], "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "9.8"),
    (3, "174320", "Google Chrome < 112.0.5615.121 Vulnerability", ["CVE-2023-2033"], "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", "8.8"),
    (2, "104743", "TLS Version 1.0 Protocol Detection", [], "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:L/A:N", "6.5"),
    (2, "57608", "SMB Signing not required", [], "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N", "4.8"),
    (1, "10150", "Windows NetBIOS / SMB Remote Host Information Disclosure", [], "", ""),
    (0, "19506", "Nessus Scan Information", [], "", ""),
    (0, "11219", "Nessus SYN scanner", [], "", ""),
    (0, "22964", "Service Detection", [], "", ""),
    (4, "97833", "MS17-010: Security Update for Microsoft Windows SMB Server (ETERNALBLUE)", ["CVE-2017-0143", "CVE-2017-0144", "CVE-2017-0145"], "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", "8.1"),
    (3, "179072", "OpenSSH < 9.3p2 Remote Code Execution", ["CVE-2023-38408"], "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "9.8"),
]
PORTS = [(22, "ssh"), (80, "www"), (443, "www"), (445, "cifs"), (3389, "msrdp"), (0, "general")]
DESC = ("The remote host is affected by a vulnerability in a network-facing "
        "component. An unauthenticated, remote attacker can exploit this to "
        "execute arbitrary code or disclose sensitive information. ") * 3
PKGS = [("openssl", "1.1.1k-r0", "1.1.1t-r0", "alpine"), ("zlib", "1.2.12-r1", "1.2.12-r2", "alpine"),
        ("lodash", "4.17.15", "4.17.21", "npm"), ("jackson-databind", "2.9.10", "2.12.7.1", "jar"),
        ("requests", "2.25.0", "2.31.0", "pip"), ("curl", "7.83.1-r3", "8.4.0-r0", "alpine")]
SEVS = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"]


def nessus(out, target):
    rnd = random.Random(1)
    w = out.write
    w('<?xml version="1.0" ?>\n<NessusClientData_v2>\n<Report name="bench">\n')
    host = 0
    while out.tell() < target:
        host += 1
        ip = f"10.{host // 65536 % 256}.{host // 256 % 256}.{host % 256}"
        w(f'<ReportHost name="{ip}"><HostProperties>\n'
          f'<tag name="HOST_START_TIMESTAMP">{1700000000 + host}</tag>\n'
          f'<tag name="host-ip">{ip}</tag>\n<tag name="host-fqdn">host{host}.corp.example</tag>\n'
          f'<tag name="operating-system">Microsoft Windows Server 2019</tag>\n</HostProperties>\n')
        for _ in range(rnd.randint(5, 30)):
            sev, pid, name, cves, v3, s3 = rnd.choice(PLUGINS)
            port, svc = rnd.choice(PORTS)
            w(f'<ReportItem port="{port}" svc_name="{svc}" protocol="tcp" severity="{sev}" '
              f'pluginID="{pid}" pluginName="{escape(name)}" pluginFamily="General">\n')
            w(f'<description>{escape(DESC)}</description>\n<solution>Upgrade to the latest version.</solution>\n')
            w(f'<synopsis>The remote host is affected by {escape(name)}.</synopsis>\n')
            for c in cves:
                w(f'<cve>{c}</cve>\n')
            if v3:
                w(f'<cvss3_vector>{v3}</cvss3_vector>\n<cvss3_base_score>{s3}</cvss3_base_score>\n')
            w(f'<plugin_output>Installed version : {rnd.randint(1, 9)}.{rnd.randint(0, 99)}\n'
              f'Path : C:\\Program Files\\App{rnd.randint(1, 500)}\\\n'
              + "x" * rnd.randint(0, 400) + '</plugin_output>\n</ReportItem>\n')
        w('</ReportHost>\n')
    w('</Report>\n</NessusClientData_v2>\n')


def cve_picker(rnd, pool):
    if pool is None:
        return lambda: f"CVE-20{rnd.randint(10, 24)}-{rnd.randint(1000, 49999)}"
    ids = random.Random(7)
    names = sorted({f"CVE-20{ids.randint(10, 24)}-{ids.randint(1000, 49999)}" for _ in range(pool)})
    ids.shuffle(names)
    # Squaring skews the draws towards the first ids of the shuffled list.
    return lambda: names[int(len(names) * rnd.random() ** 2)]


def trivy(out, target, pool=None):
    rnd = random.Random(2)
    cve = cve_picker(rnd, pool)
    out.write('{\n  "SchemaVersion": 2,\n  "ArtifactName": "registry.example.com/bench:1",\n'
              '  "ArtifactType": "container_image",\n  "Results": [\n')
    first = True
    n = 0
    while out.tell() < target:
        if not first:
            out.write(",\n")
        first = False
        out.write('    {"Target": "app/lockfile-%d", "Class": "lang-pkgs", "Type": "npm", "Vulnerabilities": [\n' % n)
        vulns = []
        for _ in range(500):
            n += 1
            name, inst, fixed, typ = rnd.choice(PKGS)
            vulns.append(json.dumps({
                "VulnerabilityID": cve(),
                "PkgName": name, "PkgPath": f"app/node_modules/{name}/package.json",
                "InstalledVersion": inst, "FixedVersion": fixed, "Status": "fixed",
                "SeveritySource": "nvd", "PrimaryURL": "https://avd.aquasec.com/nvd/cve",
                "Title": f"{name}: memory corruption in parser", "Description": DESC,
                "Severity": rnd.choice(SEVS), "CweIDs": ["CWE-787"],
                "CVSS": {"nvd": {"V3Vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "V3Score": 9.8}},
                "References": ["https://nvd.nist.gov/vuln/detail/CVE", "https://github.com/advisories"],
                "PublishedDate": "2022-08-05T07:15:00Z"}, indent=None))
        out.write(",\n".join("      " + v for v in vulns))
        out.write("\n    ]}")
    out.write("\n  ]\n}\n")


def grype(out, target, pool=None):
    rnd = random.Random(3)
    pick = cve_picker(rnd, pool)
    out.write('{"matches": [\n')
    first = True
    while out.tell() < target:
        name, inst, fixed, typ = rnd.choice(PKGS)
        cve = pick()
        m = {"vulnerability": {"id": cve, "dataSource": "https://nvd.nist.gov/vuln/detail/" + cve,
                               "namespace": "nvd:cpe", "severity": rnd.choice(SEVS).title(),
                               "urls": ["https://nvd.nist.gov/vuln/detail/" + cve], "description": DESC,
                               "cvss": [{"version": "3.1", "vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                                         "metrics": {"baseScore": 9.8}}],
                               "fix": {"versions": [fixed], "state": "fixed"}},
             "relatedVulnerabilities": [],
             "matchDetails": [{"type": "exact-direct-match", "matcher": "javascript-matcher"}],
             "artifact": {"name": name, "version": inst, "type": typ,
                          "locations": [{"path": f"/app/node_modules/{name}/package.json"}],
                          "purl": f"pkg:{typ}/{name}@{inst}"}}
        out.write(("" if first else ",\n") + json.dumps(m))
        first = False
    out.write('\n], "source": {"type": "image", "target": {"userInput": "registry.example.com/bench:1"}}}\n')


def sarif(out, target):
    rnd = random.Random(4)
    out.write('{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [{\n'
              ' "tool": {"driver": {"name": "BenchScanner", "rules": [')
    out.write(",".join(json.dumps({"id": f"rule-{i}", "shortDescription": {"text": f"Rule {i}"},
                                   "properties": {"security-severity": str(rnd.randint(1, 10)), "tags": ["external/cwe/cwe-79"]}})
                       for i in range(50)))
    out.write(']}},\n "results": [\n')
    first = True
    while out.tell() < target:
        r = {"ruleId": f"rule-{rnd.randint(0, 49)}", "level": rnd.choice(["error", "warning", "note"]),
             "message": {"text": "Untrusted data flows into a sensitive sink. " * 2},
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": f"src/module{rnd.randint(1, 900)}/file{rnd.randint(1, 50)}.js"},
                                                 "region": {"startLine": rnd.randint(1, 4000), "startColumn": 5}}}]}
        out.write(("" if first else ",\n") + json.dumps(r))
        first = False
    out.write("\n ]}]}\n")


def zap(out, target):
    rnd = random.Random(5)
    out.write('<?xml version="1.0"?>\n<OWASPZAPReport version="2.11.1" generated="Wed, 15 Nov 2023 10:00:00">\n')
    site = 0
    while out.tell() < target:
        site += 1
        out.write(f'<site name="https://app{site}.example.com" host="app{site}.example.com" port="443" ssl="true"><alerts>\n')
        for a in range(20):
            out.write(f'<alertitem><pluginid>{10000 + a}</pluginid><alertRef>{10000 + a}</alertRef>'
                      f'<alert>Cross Site Scripting (Reflected) {a}</alert><name>Cross Site Scripting (Reflected)</name>'
                      f'<riskcode>{rnd.randint(0, 3)}</riskcode><confidence>2</confidence><riskdesc>High (Medium)</riskdesc>'
                      f'<desc>&lt;p&gt;{escape(DESC)}&lt;/p&gt;</desc><instances>\n')
            for i in range(rnd.randint(1, 10)):
                out.write(f'<instance><uri>https://app{site}.example.com/page{i}?q=1</uri><method>GET</method>'
                          f'<param>q</param><attack>&lt;script&gt;alert(1)&lt;/script&gt;</attack><evidence></evidence></instance>\n')
            out.write('</instances><count>1</count><solution>Validate all input.</solution><cweid>79</cweid><wascid>8</wascid></alertitem>\n')
        out.write('</alerts></site>\n')
    out.write('</OWASPZAPReport>\n')


def qualys(out, target):
    rnd = random.Random(6)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<SCAN value="scan/1700000000.12345">\n'
              '<HEADER><KEY value="USERNAME">bench</KEY><KEY value="DATE">2023-11-15T10:00:00Z</KEY></HEADER>\n')
    host = 0
    while out.tell() < target:
        host += 1
        ip = f"10.{host // 65536 % 256}.{host // 256 % 256}.{host % 256}"
        out.write(f'<IP value="{ip}" name="host{host}.corp.example"><OS><![CDATA[Windows 2019]]></OS><VULNS><CAT value="Windows" port="445" protocol="tcp">\n')
        for _ in range(rnd.randint(5, 25)):
            qid = rnd.randint(10000, 380000)
            out.write(f'<VULN number="{qid}" severity="{rnd.randint(1, 5)}"><TITLE><![CDATA[Microsoft Windows Security Update {qid}]]></TITLE>'
                      f'<CVE_ID_LIST><CVE_ID><ID><![CDATA[CVE-2023-{rnd.randint(1000, 49999)}]]></ID></CVE_ID></CVE_ID_LIST>'
                      f'<DIAGNOSIS><![CDATA[{DESC}]]></DIAGNOSIS><SOLUTION><![CDATA[Apply the update.]]></SOLUTION>'
                      f'<RESULT><![CDATA[KB{rnd.randint(100000, 999999)} is not installed]]></RESULT></VULN>\n')
        out.write('</CAT></VULNS></IP>\n')
    out.write('</SCAN>\n')


def inventory(out, target):
    rnd = random.Random(3)
    w = out.write
    w("hostname,fqdn,ip address,mac address,owned by,business unit,environment,site,criticality\n")
    units = ["Payments", "Retail", "Logistics", "Corporate IT", "Research"]
    envs = ["production", "staging", "development"]
    sites = ["Frankfurt DC1", "Dublin DC2", "Paris Office"]
    host = 0
    while out.tell() < target:
        host += 1
        moved = rnd.randrange(10) == 0
        n = host + 7000000 if moved else host
        ip = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        mac = "02:00:%02x:%02x:%02x:%02x" % (host >> 24 & 255, host >> 16 & 255, host >> 8 & 255, host & 255)
        w(f"host{host},host{host}.corp.example,{ip},{mac},team{host % 97},"
          f"{units[host % len(units)]},{envs[host % len(envs)]},{sites[host % len(sites)]},"
          f"{1 + host % 5}\n")


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    fmt, size, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    gen = {"nessus": nessus, "trivy": trivy, "grype": grype, "sarif": sarif, "zap": zap, "qualys": qualys,
           "inventory": inventory}[fmt]
    with open(path, "w") as out:
        if len(sys.argv) == 5:
            if fmt not in ("trivy", "grype"):
                sys.exit("CVES applies to trivy and grype only")
            gen(out, size * 1000 * 1000, int(sys.argv[4]))
        else:
            gen(out, size * 1000 * 1000)


if __name__ == "__main__":
    main()
