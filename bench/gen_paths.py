#!/usr/bin/env python3
"""Writes a generated estate for the attack-path benchmark (bench/paths.py).

    bench/gen_paths.py OUT_DIR [--hosts 50000] [--users 200000] [--groups 2000]

OUT_DIR gets:
  hosts.nessus     every host (zones of 2,500 addresses, 10.Z.x.y), 40 % with
                   one network weakness on 445/tcp or 443/tcp (CVSS v3.1
                   AV:N, a tenth with an exploit flag)
  computers.json   BloodHound (v5 layout) computers, one per host, joined by
                   FQDN: 10 sessions (--sessions) and 4 local-admin groups
                   each
  users.json       the users (a few disabled)
  groups.json      the groups: each user in 5 of them, DOMAIN ADMINS (-512)
                   with 20 members
  policy.json      20 zones (zone 0 faces the internet), each zone reaching
                   the next on 445, crown jewels: the db* hosts (100) and
                   DOMAIN ADMINS

Deterministic (a fixed linear congruential generator), so every run and
every machine analyzes the same bytes. Just over 2 million graph edges with
the defaults. Numbers, not tests: see bench/README.md.
"""
import argparse
import json
import os


class Lcg:
    def __init__(self, seed):
        self.s = seed

    def next(self, n):
        self.s = (self.s * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        return (self.s >> 33) % n


DOMAIN = "CORP.LOCAL"
SID = "S-1-5-21-1000-2000-3000-"
ZONE_SIZE = 2500
VECTOR = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"


def host_name(i, db_hosts):
    return ("db%05d" % i) if i < db_hosts else ("host%05d" % i)


def host_ip(i):
    zone, n = divmod(i, ZONE_SIZE)
    return "10.%d.%d.%d" % (zone, n // 250, n % 250 + 1)


def write_nessus(path, hosts, db_hosts, rng):
    with open(path, "w") as f:
        f.write('<?xml version="1.0" ?>\n<NessusClientData_v2><Report name="paths bench">\n')
        for i in range(hosts):
            name = host_name(i, db_hosts)
            f.write('<ReportHost name="%s"><HostProperties>'
                    '<tag name="host-ip">%s</tag><tag name="host-fqdn">%s.corp.local</tag>'
                    '<tag name="HOST_END">Mon Dec  7 10:00:00 2026</tag>'
                    '</HostProperties>' % (host_ip(i), host_ip(i), name))
            if i < db_hosts or rng.next(10) < 4:
                port = 445 if rng.next(2) == 0 else 443
                plugin = 20000 + rng.next(200)
                exploit = "true" if rng.next(10) == 0 else "false"
                f.write('<ReportItem port="%d" svc_name="%s" protocol="tcp" severity="3" '
                        'pluginID="%d" pluginName="Remote service flaw %d" pluginFamily="Misc.">'
                        '<cvss3_vector>%s</cvss3_vector><cvss3_base_score>9.8</cvss3_base_score>'
                        '<exploit_available>%s</exploit_available>'
                        '<solution>Upgrade.</solution></ReportItem>'
                        % (port, "cifs" if port == 445 else "www", plugin, plugin, VECTOR, exploit))
            f.write("</ReportHost>\n")
        f.write("</Report></NessusClientData_v2>\n")


def computer_sid(i):
    return SID + str(100000 + i)


def user_sid(u):
    return SID + str(1000000 + u)


def group_sid(g):
    return SID + str(5000 + g)


def write_computers(path, hosts, users, groups, db_hosts, sessions_per_host, rng):
    with open(path, "w") as f:
        f.write('{"data":[')
        for i in range(hosts):
            if i:
                f.write(",")
            sessions = ",".join(
                '{"UserSID":"%s","ComputerSID":"%s"}' % (user_sid(rng.next(users)), computer_sid(i))
                for _ in range(sessions_per_host))
            admins = ",".join(
                '{"ObjectIdentifier":"%s","ObjectType":"Group"}' % group_sid(rng.next(groups))
                for _ in range(4))
            f.write('{"ObjectIdentifier":"%s","PrimaryGroupSID":"%s515",'
                    '"Properties":{"name":"%s.%s","domain":"%s","enabled":true},'
                    '"Sessions":{"Results":[%s],"Collected":true},'
                    '"LocalAdmins":{"Results":[%s],"Collected":true},"Aces":[]}'
                    % (computer_sid(i), SID, host_name(i, db_hosts).upper(), DOMAIN, DOMAIN,
                       sessions, admins))
        f.write('],"meta":{"methods":0,"type":"computers","count":%d,"version":5}}' % hosts)


def write_users(path, users):
    with open(path, "w") as f:
        f.write('{"data":[')
        for u in range(users):
            if u:
                f.write(",")
            f.write('{"ObjectIdentifier":"%s","PrimaryGroupSID":"%s513",'
                    '"Properties":{"name":"USER%06d@%s","domain":"%s","enabled":%s},"Aces":[]}'
                    % (user_sid(u), SID, u, DOMAIN, DOMAIN, "false" if u % 97 == 0 else "true"))
        f.write('],"meta":{"methods":0,"type":"users","count":%d,"version":5}}' % users)


def write_groups(path, users, groups, rng):
    members = [[] for _ in range(groups)]
    for u in range(users):
        for _ in range(5):
            members[rng.next(groups)].append(u)
    with open(path, "w") as f:
        f.write('{"data":[')
        for g in range(groups):
            if g:
                f.write(",")
            listed = ",".join('{"ObjectIdentifier":"%s","ObjectType":"User"}' % user_sid(u)
                              for u in members[g])
            f.write('{"ObjectIdentifier":"%s","Properties":{"name":"GROUP%04d@%s","domain":"%s"},'
                    '"Members":[%s],"Aces":[]}' % (group_sid(g), g, DOMAIN, DOMAIN, listed))
        admins = ",".join('{"ObjectIdentifier":"%s","ObjectType":"User"}' % user_sid(rng.next(users))
                          for _ in range(20))
        f.write(',{"ObjectIdentifier":"%s512","Properties":{"name":"DOMAIN ADMINS@%s",'
                '"domain":"%s","highvalue":true},"Members":[%s],"Aces":[]}'
                % (SID, DOMAIN, DOMAIN, admins))
        f.write('],"meta":{"methods":0,"type":"groups","count":%d,"version":5}}' % (groups + 1))


def write_policy(path, hosts):
    zones = (hosts + ZONE_SIZE - 1) // ZONE_SIZE
    policy = {
        "zones": [{"name": "z%d" % z, "cidrs": ["10.%d.0.0/16" % z], "internet": z == 0}
                  for z in range(zones)],
        "reach": [{"from": "z%d" % z, "to": "z%d" % (z + 1), "ports": "445"}
                  for z in range(zones - 1)],
        "crown_jewels": [{"match": {"asset": "db*"}},
                         {"match": {"identity": "DOMAIN ADMINS@*"}}],
    }
    with open(path, "w") as f:
        json.dump(policy, f, indent=1)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("out")
    p.add_argument("--hosts", type=int, default=50000)
    p.add_argument("--users", type=int, default=200000)
    p.add_argument("--groups", type=int, default=2000)
    p.add_argument("--db-hosts", type=int, default=100)
    p.add_argument("--sessions", type=int, default=10, help="sessions per computer")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rng = Lcg(20261207)
    write_nessus(os.path.join(a.out, "hosts.nessus"), a.hosts, a.db_hosts, rng)
    write_computers(os.path.join(a.out, "computers.json"), a.hosts, a.users, a.groups,
                    a.db_hosts, a.sessions, rng)
    write_users(os.path.join(a.out, "users.json"), a.users)
    write_groups(os.path.join(a.out, "groups.json"), a.users, a.groups, rng)
    write_policy(os.path.join(a.out, "policy.json"), a.hosts)


if __name__ == "__main__":
    main()
