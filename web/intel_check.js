// What applying a previewed threat-intel bundle would change, and what in it
// looks wrong enough to ask before applying: the threat-intel panel shows
// both (app.js). Pure functions of the descriptions the worker sends in
// 'intel-proposal' (wasm/API.md: kev, epss, ssvc, exploits), so that they
// can be tested without a browser.
//
// A bundle replaces the one in use for every later analysis and is kept
// across visits, so a file that only looks like intel (a one-entry KEV
// catalog, a few EPSS rows, a date in the future) would quietly drop KEV
// marks or EPSS scores from every finding. The thresholds below flag such
// files; they do not refuse them (a user may mean it, e.g. to test).

// A KEV catalog with fewer CVEs than this share of the built-in one's.
export const KEV_SHARE_MIN = 0.5;
// An EPSS file scoring fewer CVEs than this, where the bundle in use or the
// built-in one scores more: FIRST's daily file scores over 250,000.
export const EPSS_ROWS_MIN = 1000;

const number = new Intl.NumberFormat('en-US');
const count = (n) => number.format(Number(n) || 0);
const str = (v) => (v == null ? '' : String(v));
// "2025-08-25T17:04:19.9796Z" -> "2025-08-25"; '' when absent.
const day = (v) => str(v).slice(0, 10);

// The first of `names` and how many more: "a.json", "a.json and 2 more".
function named(names) {
  return names.length <= 1 ? str(names[0]) : `${names[0]} and ${names.length - 1} more`;
}

// YYYY-MM-DD of the day after `now` (UTC): a date later than that is in
// the future wherever the user is.
function tomorrow(now) {
  return new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
}

// One part of the bundle as the panel describes it: {cves, date} of the
// description `bundle` (null when it has none).
const PARTS = {
  kev: {
    label: 'KEV catalog',
    of: (b) => b && b.kev && {cves: Number(b.kev.cves) || 0, date: day(b.kev.date_released)},
    unit: 'known exploited CVEs',
    dated: 'released',
  },
  epss: {
    label: 'EPSS scores',
    of: (b) => b && b.epss && {cves: Number(b.epss.cves) || 0, date: day(b.epss.score_date)},
    unit: 'CVEs scored',
    dated: 'scores of',
  },
  vulnrichment: {
    label: 'SSVC assessments',
    of: (b) => b && b.ssvc && {cves: Number(b.ssvc.cves) || 0, date: day(b.ssvc.latest_assessed)},
    unit: 'CVEs assessed',
    dated: 'assessed up to',
  },
  // The three exploit tables share one CVE count in a description (the
  // core does not expose one per table); each has its own date.
  metasploit: {
    label: 'Metasploit table',
    of: (b) => b && b.exploits && b.exploits.metasploit_date != null
      && {cves: Number(b.exploits.cves) || 0, date: day(b.exploits.metasploit_date)},
    unit: 'CVEs with public exploit code (all exploit tables)',
    dated: 'dated',
  },
  exploitdb: {
    label: 'Exploit-DB table',
    of: (b) => b && b.exploits && b.exploits.exploitdb_date != null
      && {cves: Number(b.exploits.cves) || 0, date: day(b.exploits.exploitdb_date)},
    unit: 'CVEs with public exploit code (all exploit tables)',
    dated: 'dated',
  },
  nuclei: {
    label: 'Nuclei table',
    of: (b) => b && b.exploits && b.exploits.nuclei_date != null
      && {cves: Number(b.exploits.cves) || 0, date: day(b.exploits.nuclei_date)},
    unit: 'CVEs with public exploit code (all exploit tables)',
    dated: 'dated',
  },
};

function describePart(part, value) {
  if (!value) return 'none';
  const date = value.date ? `, ${part.dated} ${value.date}` : ', undated';
  return `${count(value.cves)} ${part.unit}${date}`;
}

/**
 * @param {{files: {name: string, kind: string}[], current: object|null,
 *          builtIn: object|null, proposed: object|null}} proposal
 *   the worker's 'intel-proposal' (descriptions as in wasm/API.md)
 * @param {Date} now
 * @returns {{changes: {kind, label, files: string[], before: {cves, date}|null,
 *            after: {cves, date}|null, text: string}[], warnings: string[]}}
 *   one change per kind of file given, in the order of PARTS; warnings in
 *   words, each naming its file(s)
 */
export function intelChanges(proposal, now = new Date()) {
  const {files, current, builtIn, proposed} = proposal;
  const changes = [];
  const warnings = [];
  const future = tomorrow(now);
  for (const [kind, part] of Object.entries(PARTS)) {
    const names = files.filter((f) => f.kind === kind).map((f) => f.name);
    if (!names.length) continue;
    const before = part.of(current) || null;
    const after = part.of(proposed) || null;
    const who = named(names);
    changes.push({kind, label: part.label, files: names, before, after,
      text: `${part.label} from ${who}: ${describePart(part, after)} (in use: ${describePart(part, before)})`});
    if (!after) continue;
    if (after.date && after.date > future) {
      warnings.push(`${who}: dated ${after.date}, in the future. A genuine ${part.label} is never dated later than today.`);
    }
    if (before && before.date && after.date && after.date < before.date) {
      warnings.push(`${who}: dated ${after.date}, older than the ${part.label} in use (${before.date}).`);
    }
    if (kind === 'kev') {
      const reference = part.of(builtIn);
      if (reference && after.cves < reference.cves * KEV_SHARE_MIN) {
        warnings.push(`${who} lists only ${count(after.cves)} known exploited CVEs, under half of the built-in `
          + `catalog's ${count(reference.cves)}: every finding of a CVE it leaves out would lose its KEV mark.`);
      }
    }
    if (kind === 'epss') {
      const reference = Math.max(before ? before.cves : 0, (part.of(builtIn) || {cves: 0}).cves);
      if (after.cves < EPSS_ROWS_MIN && reference > after.cves) {
        warnings.push(`${who} scores only ${count(after.cves)} CVEs where the bundle in use scores `
          + `${count(reference)}: every other CVE would lose its EPSS score.`);
      }
    }
  }
  return {changes, warnings};
}
