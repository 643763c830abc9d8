// Text helpers shared by importers: HTML fragments to plain text, CWE and
// CVE ids found in free text, severities from CVSS-like scores, and bounded
// evidence.
#ifndef CORE_IMPORTERS_TEXT_UTIL_H_
#define CORE_IMPORTERS_TEXT_UTIL_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/model.h"

namespace exposure {

// Plain text of an HTML fragment as scanners write them (Qualys, Burp):
// the start and end tags of block elements (<p>, <br>, <div>, <li>, <ul>,
// <ol>, <dl>, <dt>, <dd>, <tr>, <table>, <pre>, <hr>, <h1>..<h6>,
// <blockquote>) end a line and other tags are dropped; XML's entities,
// character references and &nbsp; are decoded; tabs and carriage returns
// become spaces, lines are trimmed and each run of blank lines is kept as
// one empty line (a paragraph break). Text after an unclosed '<' is
// dropped.
std::string HtmlToText(std::string_view html);

// Adds every CWE id named in `text` ("CWE-79: ...", "external/cwe/cwe-079",
// "cwe_89") to `out` as "CWE-<n>" (leading zeros dropped).
void AddCwesFromText(std::string_view text, std::vector<std::string>* out);
// Adds a bare CWE number or an id as above ("79", "CWE-79") to `out`.
void AddCwe(std::string_view id, std::vector<std::string>* out);
// Adds every "CVE-YYYY-NNNN" found in `text` to `out` (upper case).
void AddCvesFromText(std::string_view text, std::vector<std::string>* out);

// A host scanner's check (a Nessus plugin, an OpenVAS NVT, a Nexpose test):
// an informational one that names no CVE reports what is there rather than
// what is wrong.
Category CheckCategory(Severity severity, const std::vector<std::string>& cves);

// Severity from a CVSS-like score in tenths: >= 90 critical, >= 70 high,
// >= 40 medium, > 0 low, else info.
Severity SeverityFromTenths(int tenths);
// The same from a score's text ("7.5"); false if `text` is not a number.
bool SeverityFromScore(std::string_view text, Severity* out);

// `text` cut to at most `max` bytes (on a UTF-8 boundary) with a marker.
std::string Bounded(std::string_view text, size_t max);

}  // namespace exposure

#endif  // CORE_IMPORTERS_TEXT_UTIL_H_
